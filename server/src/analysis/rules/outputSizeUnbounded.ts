// RS206 (rule book G1): a variable bpf_ringbuf_output size whose known range reaches BPF_MAX_VAR_SIZ (1 << 29):
// check_mem_size_reg() rejects it as unbounded. Sizes whose range is not understood give nothing.
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import type { HelperCall, ProgramModel } from '../model';
import { rangeIsComplete } from '../ranges/guards';
import { Ranges, type Interval } from '../ranges/interval';
import type { Rule } from './rule';
import { finding } from './util';

const MAX_VAR_SIZ = 1 << 29;

/** Variable-size bpf_ringbuf_output calls with the range of their size argument, when it is understood. */
export function outputSizes(model: ProgramModel): { call: HelperCall; range: Interval }[] {
  const out: { call: HelperCall; range: Interval }[] = [];
  for (const c of model.calls) {
    if (c.name !== 'bpf_ringbuf_output' || !c.fn || c.sizeKind !== 'variable') continue;
    const size = c.args[2]; // read after the name test: each argument read crosses into wasm
    if (!size) continue;
    // a test the range analysis does not follow may bound the size on the call's path: no verdict
    if (!rangeIsComplete(model, c.fn, size, c.node)) continue;
    const range = new Ranges(model, c.fn).of(size);
    if (range) out.push({ call: c, range });
  }
  return out;
}

export const outputSizeUnboundedRule: Rule = {
  code: lintRowMessages.outputUnbounded.code,
  rows: ['G1'],
  summary: 'bpf_ringbuf_output size with no upper bound the verifier can see.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const { call, range } of outputSizes(model)) {
      const size = call.args[2];
      // a possibly negative size is reported first by the verifier (RS207)
      if (!size || range.lo < 0 || range.hi < MAX_VAR_SIZ) continue;
      out.push(finding(lintRowMessages.outputUnbounded, 'error', call.file, size, [size.text, range.hi]));
    }
    return out;
  },
};
