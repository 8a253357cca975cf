// RS133 (rule book H1): bpf_ringbuf_query knows four flags (0-3); any other value returns 0.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding, flagText } from './util';

export const queryFlagsRule: Rule = {
  code: lintMessages.queryFlags.code,
  rows: ['H1'],
  summary: 'bpf_ringbuf_query with an unknown flag returns 0.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_query' || c.flags === undefined || (c.flags >= 0 && c.flags <= 3)) continue;
      const f = c.args[1]; // read only for a finding: a remembered call's arguments are looked up in the tree
      if (f) out.push(finding(lintMessages.queryFlags, 'warning', c.file, f, [flagText(f, c.flags)]));
    }
    return out;
  },
};
