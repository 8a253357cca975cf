// RS123 (rule book C4): the verifier does not compare the size with the ring; at run time a record
// needs round_up(size + 8, 8) <= ring - 8 (and size <= UINT_MAX/4), else reserve always returns NULL.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { libbpfRoundedSize } from './mapMembers';
import { finding, isRingMap } from './util';

export function neverFits(size: number, ring: number): boolean {
  // the helper takes a u64: a negative size is huge
  return size < 0 || size > Math.floor(0xffffffff / 4) || Math.ceil((size + 8) / 8) * 8 > ring - 8;
}

export const reserveNeverFitsRule: Rule = {
  code: lintMessages.sizeNeverFits.code,
  rows: ['C4'],
  summary: 'bpf_ringbuf_reserve size larger than the ring can ever hold.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_reserve' || c.size === undefined || !c.map || !isRingMap(c.map)) continue;
      const entries = c.map.fields.get('max_entries')?.value;
      const ring = entries === undefined ? undefined : libbpfRoundedSize(entries, model.settings.pageSize);
      if (ring !== undefined && neverFits(c.size, ring)) {
        const sizeNode = c.args[1]; // read only for a finding: a remembered call's arguments are looked up in the tree
        if (!sizeNode) continue;
        out.push(finding(lintMessages.sizeNeverFits, 'warning', c.file, sizeNode, [c.size, c.map.name, ring]));
      }
    }
    return out;
  },
};
