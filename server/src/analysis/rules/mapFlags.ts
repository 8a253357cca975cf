// RS106 (rule book A6, A7): ring buffers accept only BPF_F_NUMA_NODE in map_flags
// (RINGBUF_CREATE_FLAG_MASK); anything else fails map creation.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { BPF_F_NUMA_NODE } from '../consts';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { btfRingMaps } from './mapMembers';
import { finding } from './util';

export const mapFlagsRule: Rule = {
  code: lintMessages.mapFlags.code,
  rows: ['A6', 'A7'],
  summary: 'Ring buffer map_flags other than BPF_F_NUMA_NODE: map creation fails.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const m of btfRingMaps(model)) {
      const f = m.fields.get('map_flags');
      if (f?.value !== undefined && (f.value & ~BPF_F_NUMA_NODE) !== 0) {
        out.push(finding(lintMessages.mapFlags, 'error', m.file, f.range, [m.name, f.value]));
      }
    }
    return out;
  },
};
