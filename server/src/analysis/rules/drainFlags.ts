// RS134 (rule book J4): bpf_user_ringbuf_drain returns -EINVAL at run time unless its flags are a
// subset of BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { BPF_RB_WAKEUP_FLAGS } from '../consts';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding, flagText } from './util';

export const drainFlagsRule: Rule = {
  code: lintMessages.drainFlags.code,
  rows: ['J4'],
  summary: 'bpf_user_ringbuf_drain flags with unknown bits: -EINVAL at run time.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_user_ringbuf_drain' || c.flags === undefined) continue;
      const f = c.args[3]; // read after the name test: a remembered call's arguments are looked up in the tree
      if (!f) continue;
      if ((c.flags & ~BPF_RB_WAKEUP_FLAGS) !== 0) {
        out.push(finding(lintMessages.drainFlags, 'warning', c.file, f, [flagText(f, c.flags)]));
      }
    }
    return out;
  },
};
