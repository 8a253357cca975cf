// Test support for the row rules RS201–RS209: lints a snippet (the body of a tracepoint program after the
// rule book's prelude, plus optional top-level text) with only those rules; keys are `CODE@line:severity`.
import { getProgramModel } from '../../server/src/analysis/analyze';
import type { AnalysisSettings, Finding } from '../../server/src/analysis/findings';
import { innerMapNullRule } from '../../server/src/analysis/rules/innerMapNull';
import { recordVarIndexRule } from '../../server/src/analysis/rules/recordVarIndex';
import { globalArgSizeRule } from '../../server/src/analysis/rules/globalArgSize';
import { reserveLoopBoundRule } from '../../server/src/analysis/rules/reserveLoopBound';
import { recordPtrStoreRule } from '../../server/src/analysis/rules/recordPtrStore';
import { outputSizeUnboundedRule } from '../../server/src/analysis/rules/outputSizeUnbounded';
import { outputSizeSignedRule } from '../../server/src/analysis/rules/outputSizeSigned';
import { dynptrSlotRule } from '../../server/src/analysis/rules/dynptrSlot';
import { targetKernelRule } from '../../server/src/analysis/rules/targetKernel';
import { wrapBody } from './lint-path-support';

export const ROW_RULES = [
  innerMapNullRule,
  recordVarIndexRule,
  globalArgSizeRule,
  reserveLoopBoundRule,
  recordPtrStoreRule,
  outputSizeUnboundedRule,
  outputSizeSignedRule,
  dynptrSlotRule,
  targetKernelRule,
];

export const OUTER = `struct rbm { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); };
struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 1); __type(key, int); __array(values, struct rbm); } outer SEC(".maps");
`;

export function lintRows(text: string, settings: Partial<AnalysisSettings> = {}): Finding[] {
  const model = getProgramModel('/t/rows.bpf.c', text, { pageSize: 4096, includePaths: [], ...settings }, { read: () => undefined });
  if (model === undefined) throw new Error('no model');
  try {
    return ROW_RULES.flatMap((r) => r.check(model));
  } finally {
    model.dispose();
  }
}

/** Lints `body` inside `prog`; lines are snippet-relative (body line 1 = 1, `extra` lines are negative or 0). */
export function rowKeys(body: string, extra = '', settings: Partial<AnalysisSettings> = {}): { keys: string[]; findings: Finding[] } {
  const { text, offset } = wrapBody(body, extra);
  const findings = lintRows(text, settings);
  return { keys: findings.map((f) => `${f.code}@${f.range.start.line + 1 - offset}:${f.severity}`).sort(), findings };
}
