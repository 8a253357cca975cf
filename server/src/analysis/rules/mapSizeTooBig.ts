// RS105 (rule book A5): a max_entries that no power-of-2 page multiple up to 2 GiB covers; libbpf
// leaves it unchanged and ringbuf_map_alloc() rejects it.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { btfRingMaps, libbpfRoundedSize } from './mapMembers';
import { finding } from './util';

export const mapSizeTooBigRule: Rule = {
  code: lintMessages.mapSizeTooBig.code,
  rows: ['A5'],
  summary: 'Ring size above 2 GiB that libbpf cannot round: map creation fails.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const m of btfRingMaps(model)) {
      const f = m.fields.get('max_entries');
      if (f?.value === undefined || f.value <= 0) continue;
      const r = libbpfRoundedSize(f.value, model.settings.pageSize);
      if (r === undefined || r > 0x80000000) {
        out.push(finding(lintMessages.mapSizeTooBig, 'error', m.file, f.range, [m.name, f.value]));
      }
    }
    return out;
  },
};
