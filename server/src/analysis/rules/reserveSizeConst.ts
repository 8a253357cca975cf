// RS121 (rule book C1, C2): the reserve size must be a constant the verifier knows (tnum_is_const):
// an ICE, sizeof, enum, or a `const volatile` global; a run-time value gives "R2 is not a known constant'".
import type { Finding, Fix } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { rangeOf, type HelperCall, type ProgramModel } from '../model';
import { outputFormFix } from './reserveOutputFix';
import type { Rule } from './rule';
import { finding } from './util';

function fixes(c: HelperCall): Fix[] {
  const size = c.args[1];
  if (!size || c.target === undefined || c.recordSize === undefined) return [];
  return [
    {
      title: lintMessages.fixSizeofRecord.text(c.target),
      edits: [{ file: c.file, range: rangeOf(size), newText: `sizeof(*${c.target})` }],
      preferred: true,
    },
  ];
}

export const reserveSizeConstRule: Rule = {
  code: lintMessages.sizeNotConstant.code,
  rows: ['C1', 'C2'],
  summary: 'bpf_ringbuf_reserve size not a verifier-known constant.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_reserve' || c.sizeKind !== 'variable') continue;
      const size = c.args[1]; // read after the name test: a remembered call's arguments are looked up in the tree
      if (!size) continue;
      out.push(finding(lintMessages.sizeNotConstant, 'error', c.file, size, [size.text], [...outputFormFix(model, c), ...fixes(c)]));
    }
    return out;
  },
};
