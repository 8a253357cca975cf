// RS132 (rule book G6): bpf_ringbuf_output returns -EINVAL at run time for flag bits outside
// BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP; the verifier does not check them.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { BPF_RB_WAKEUP_FLAGS } from '../consts';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding, flagText } from './util';

export const outputFlagsRule: Rule = {
  code: lintMessages.outputFlags.code,
  rows: ['G6'],
  summary: 'bpf_ringbuf_output flags with unknown bits: -EINVAL at run time.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_output' || c.flags === undefined) continue;
      const f = c.args[3]; // read after the name test: a remembered call's arguments are looked up in the tree
      if (!f) continue;
      if ((c.flags & ~BPF_RB_WAKEUP_FLAGS) !== 0) {
        out.push(finding(lintMessages.outputFlags, 'warning', c.file, f, [flagText(f, c.flags)]));
      }
    }
    return out;
  },
};
