// Shared logic of the map-definition rules (rule book A1-A8): which BTF ring-buffer maps to check,
// and how libbpf rounds max_entries (adjust_ringbuf_sz()).
import type { MapDef, ProgramModel } from '../model';
import { isRingMap } from './util';

/** BTF-defined ring buffers (legacy definitions fail earlier: RS108). */
export function btfRingMaps(model: ProgramModel): MapDef[] {
  return [...model.maps.values()].filter((m) => !m.legacy && isRingMap(m));
}

/** What libbpf's adjust_ringbuf_sz() makes of max_entries, or undefined when it cannot fix it. */
export function libbpfRoundedSize(size: number, page: number): number | undefined {
  if (size <= 0) return undefined;
  if (isPow2PageMultiple(size, page)) return size;
  for (let mul = 1; mul <= Math.floor(0xffffffff / page); mul *= 2) if (mul * page > size) return mul * page;
  return undefined;
}

export const isPow2PageMultiple = (size: number, page: number): boolean =>
  size > 0 && size % page === 0 && Number.isInteger(Math.log2(size)) && size <= 0x80000000;
