// RS104 (rule book A4): a ring buffer without max_entries (or 0) fails map creation even through
// libbpf (adjust_ringbuf_sz(0) is 0), unless user space sets the size before load.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { btfRingMaps } from './mapMembers';
import { finding } from './util';

export const mapSizeMissingRule: Rule = {
  code: lintMessages.mapSizeMissing.code,
  rows: ['A4'],
  summary: 'Ring buffer without max_entries: map creation fails with EINVAL.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const m of btfRingMaps(model)) {
      const f = m.fields.get('max_entries');
      if (f === undefined) out.push(finding(lintMessages.mapSizeMissing, 'error', m.file, m.nameRange, [m.name]));
      else if (f.value === 0) out.push(finding(lintMessages.mapSizeMissing, 'error', m.file, f.range, [m.name]));
    }
    return out;
  },
};
