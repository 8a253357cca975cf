// RS101 (rule book A1, A7): a ring buffer (or user ring buffer) with a key fails map creation,
// because ringbuf_map_alloc() demands key_size 0 and libbpf does not strip __type(key, ...).
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { btfRingMaps } from './mapMembers';
import { finding } from './util';

export const mapKeyRule: Rule = {
  code: lintMessages.mapKey.code,
  rows: ['A1', 'A7'],
  summary: 'Ring buffer map with a key: map creation fails with EINVAL.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const m of btfRingMaps(model)) {
      for (const name of ['key', 'key_size']) {
        const f = m.fields.get(name);
        if (f && (name === 'key' || f.value !== 0)) {
          out.push(finding(lintMessages.mapKey, 'error', m.file, f.range, [m.name], [
            { title: lintMessages.fixRemoveMember.text('the key'), edits: [{ file: m.file, range: f.range, newText: '' }], preferred: true },
          ]));
        }
      }
    }
    return out;
  },
};
