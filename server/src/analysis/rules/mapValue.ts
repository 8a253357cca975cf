// RS102 (rule book A2, A7): a ring buffer (or user ring buffer) with a value fails map creation,
// because ringbuf_map_alloc() demands value_size 0; libbpf passes __type(value, ...) on.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { btfRingMaps } from './mapMembers';
import { finding } from './util';

export const mapValueRule: Rule = {
  code: lintMessages.mapValue.code,
  rows: ['A2', 'A7'],
  summary: 'Ring buffer map with a value: map creation fails with EINVAL.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const m of btfRingMaps(model)) {
      for (const name of ['value', 'value_size']) {
        const f = m.fields.get(name);
        if (f && (name === 'value' || f.value !== 0)) {
          out.push(finding(lintMessages.mapValue, 'error', m.file, f.range, [m.name], [
            { title: lintMessages.fixRemoveMember.text('the value'), edits: [{ file: m.file, range: f.range, newText: '' }], preferred: true },
          ]));
        }
      }
    }
    return out;
  },
};
