// RS141 (rule book G4): bpf_ringbuf_output data must be memory; NULL (even with size 0) and the
// program's context pointer are rejected by check_reg_type().
import type { SyntaxNode } from '../syntax/node';
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { HelperCall, ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding } from './util';

function bad(c: HelperCall, data: SyntaxNode): string | undefined {
  // `NULL`, `0`, `(void *)0`, `((void *)0)`: drop blanks, casts to void *, then parentheses
  const t = data.text.replace(/\s/g, '').replace(/\(void\*\)/g, '').replace(/[()]/g, '');
  if (t === 'NULL' || t === '0') return 'NULL';
  const ctx = c.fn?.section !== undefined ? c.fn.params[0]?.name : undefined;
  return ctx && t === ctx ? `the program context '${ctx}'` : undefined;
}

export const outputDataRule: Rule = {
  code: lintMessages.outputData.code,
  rows: ['G4'],
  summary: 'bpf_ringbuf_output data that is NULL or the context pointer.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_output') continue; // before reading arguments (wasm)
      const data = c.args[1];
      const what = data ? bad(c, data) : undefined;
      if (what && data) out.push(finding(lintMessages.outputData, 'error', c.file, data, [what]));
    }
    return out;
  },
};
