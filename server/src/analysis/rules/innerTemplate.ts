// RS107 (rule book A8): the inner-map template of an ARRAY_OF_MAPS/HASH_OF_MAPS holding ring
// buffers is created by libbpf first, so it must itself pass A1-A6 (size set, no key/value/flags).
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { BPF_F_NUMA_NODE } from '../consts';
import type { MapDef, ProgramModel } from '../model';
import type { Rule } from './rule';
import { libbpfRoundedSize } from './mapMembers';
import { finding, isRingMap } from './util';

function problem(t: MapDef, page: number): string | undefined {
  const size = t.fields.get('max_entries')?.value;
  if (!t.fields.has('max_entries') || size === 0) return 'has no max_entries';
  if (t.fields.has('key') || (t.fields.get('key_size')?.value ?? 0) !== 0) return 'has a key';
  if (t.fields.has('value') || (t.fields.get('value_size')?.value ?? 0) !== 0) return 'has a value';
  const flags = t.fields.get('map_flags')?.value;
  if (flags !== undefined && (flags & ~BPF_F_NUMA_NODE) !== 0) return `has map_flags 0x${flags.toString(16)}`;
  if (size !== undefined && libbpfRoundedSize(size, page) === undefined) return `has an impossible max_entries ${size}`;
  return undefined;
}

export const innerTemplateRule: Rule = {
  code: lintMessages.innerTemplate.code,
  rows: ['A8'],
  summary: 'Invalid ring-buffer inner-map template: the outer map cannot be created.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const m of model.maps.values()) {
      if (!m.inner || !isRingMap(m.inner)) continue;
      const p = problem(m.inner, model.settings.pageSize);
      const where = m.fields.get('values')?.range ?? m.nameRange;
      if (p) out.push(finding(lintMessages.innerTemplate, 'error', m.file, where, [m.name, p]));
    }
    return out;
  },
};
