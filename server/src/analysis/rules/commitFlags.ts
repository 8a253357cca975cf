// RS131 (rule book F5): submit/discard (and their dynptr forms) accept any flags, but only one of
// BPF_RB_NO_WAKEUP / BPF_RB_FORCE_WAKEUP means something; other bits are ignored at run time.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { BPF_RB_WAKEUP_FLAGS } from '../consts';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding, flagText } from './util';

const COMMITS = new Set(['bpf_ringbuf_submit', 'bpf_ringbuf_discard', 'bpf_ringbuf_submit_dynptr', 'bpf_ringbuf_discard_dynptr']);

export const commitFlagsRule: Rule = {
  code: lintMessages.commitFlags.code,
  rows: ['F5', 'I10'],
  summary: 'submit/discard flags outside BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP, or both set.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (!COMMITS.has(c.name) || c.flags === undefined) continue;
      if ((c.flags & ~BPF_RB_WAKEUP_FLAGS) !== 0 || (c.flags & BPF_RB_WAKEUP_FLAGS) === BPF_RB_WAKEUP_FLAGS) {
        const f = c.args[1]; // read only for a finding: a remembered call's arguments are looked up in the tree
        if (!f) continue;
        out.push(finding(lintMessages.commitFlags, 'warning', c.file, f, [c.name, flagText(f, c.flags)]));
      }
    }
    return out;
  },
};
