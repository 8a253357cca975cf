// RS207 (rule book G2): a bpf_ringbuf_output size that may be negative (a signed value bounded only from
// above): check_mem_size_reg() rejects 'min value is negative'.
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { outputSizes } from './outputSizeUnbounded';
import type { Rule } from './rule';
import { finding } from './util';

export const outputSizeSignedRule: Rule = {
  code: lintRowMessages.outputNegative.code,
  rows: ['G2'],
  summary: 'bpf_ringbuf_output size that may be negative.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const { call, range } of outputSizes(model)) {
      const size = call.args[2];
      if (!size || range.lo >= 0) continue;
      out.push(finding(lintRowMessages.outputNegative, 'error', call.file, size, [size.text]));
    }
    return out;
  },
};
