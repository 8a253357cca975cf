// RS103 (rule book A3, A7): max_entries not a power-of-2 multiple of the page size. The kernel
// rejects it, but libbpf rounds it up first, so this is a warning naming the size libbpf will use.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { btfRingMaps, isPow2PageMultiple, libbpfRoundedSize } from './mapMembers';
import { finding } from './util';

export const mapSizeRoundedRule: Rule = {
  code: lintMessages.mapSizeRounded.code,
  rows: ['A3', 'A7'],
  summary: 'Ring size not a power-of-2 page multiple: only libbpf rounds it up.',
  check(model: ProgramModel): Finding[] {
    const page = model.settings.pageSize;
    const out: Finding[] = [];
    for (const m of btfRingMaps(model)) {
      const f = m.fields.get('max_entries');
      if (f?.value === undefined || f.value <= 0 || isPow2PageMultiple(f.value, page)) continue;
      const rounded = libbpfRoundedSize(f.value, page);
      if (rounded === undefined) continue; // RS105
      out.push(finding(lintMessages.mapSizeRounded, 'warning', m.file, f.range, [m.name, f.value, page, rounded], [
        {
          title: lintMessages.fixRoundedSize.text(rounded),
          edits: [{ file: m.file, range: f.range, newText: `__uint(max_entries, ${rounded})` }],
          preferred: true,
        },
      ]));
    }
    return out;
  },
};
