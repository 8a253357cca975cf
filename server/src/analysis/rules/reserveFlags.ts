// RS124 (rule book C5): bpf_ringbuf_reserve returns NULL at run time for any non-zero flags;
// the verifier does not check them (ARG_ANYTHING).
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { rangeOf, type ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding, flagText } from './util';

export const reserveFlagsRule: Rule = {
  code: lintMessages.reserveFlags.code,
  rows: ['C5'],
  summary: 'bpf_ringbuf_reserve with non-zero flags always returns NULL.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_reserve' || c.flags === undefined || c.flags === 0) continue;
      const f = c.args[2]; // read after the name test: a remembered call's arguments are looked up in the tree
      if (!f) continue;
      out.push(finding(lintMessages.reserveFlags, 'warning', c.file, f, [flagText(f, c.flags)], [
        { title: lintMessages.fixZeroFlags.text(), edits: [{ file: c.file, range: rangeOf(f), newText: '0' }], preferred: true },
      ]));
    }
    return out;
  },
};
