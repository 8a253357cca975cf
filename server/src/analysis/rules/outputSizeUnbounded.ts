// RS206 (rule book G1): a variable bpf_ringbuf_output size whose known range reaches BPF_MAX_VAR_SIZ (1 << 29):
// check_mem_size_reg() rejects it as unbounded. Sizes whose range is not understood give nothing.
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import { registerModelMemo } from '../caches';
import type { HelperCall, ProgramModel } from '../model';
import { rangeIsComplete } from '../ranges/guards';
import { Ranges, type Interval } from '../ranges/interval';
import type { Rule } from './rule';
import { finding } from './util';

/** BPF_MAX_VAR_SIZ: a size whose maximum reaches this is unbounded for check_mem_size_reg(). */
export const MAX_VAR_SIZ = 1 << 29;

type OutputSize = { call: HelperCall; range: Interval };

// RS206, RS207 and RS210 all ask for these: the range analysis runs once per model, not once per rule.
const cache = new WeakMap<ProgramModel, readonly OutputSize[]>();
registerModelMemo((model) => cache.delete(model as ProgramModel));

/** Variable-size bpf_ringbuf_output calls with the range of their size argument, when it is understood. */
export function outputSizes(model: ProgramModel): readonly OutputSize[] {
  let out = cache.get(model);
  if (out === undefined) {
    out = computeOutputSizes(model);
    cache.set(model, out);
  }
  return out;
}

function computeOutputSizes(model: ProgramModel): OutputSize[] {
  const out: OutputSize[] = [];
  for (const c of model.calls) {
    if (c.name !== 'bpf_ringbuf_output' || !c.fn || c.sizeKind !== 'variable') continue;
    const size = c.args[2]; // read after the name test: a remembered call's arguments are looked up in the tree
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
