// RS108: a legacy `struct bpf_map_def SEC("maps")` definition. libbpf v1.0+ refuses to open the
// object at all, so nothing in it loads (the rule book's tests all use BTF maps for this reason).
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding } from './util';

export const legacyMapsRule: Rule = {
  code: lintMessages.legacyMaps.code,
  rows: ['A'],
  summary: 'Legacy SEC("maps") definition: libbpf 1.0+ refuses the object.',
  check(model: ProgramModel): Finding[] {
    return [...model.maps.values()]
      .filter((m) => m.legacy)
      .map((m) => finding(lintMessages.legacyMaps, 'error', m.file, m.nameRange, [m.name]));
  },
};
