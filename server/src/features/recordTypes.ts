// Derives the `ringscope/recordTypes` payload from a program model: for each ring buffer, the record
// type of its first reservation that has one (the pointee type of the variable that receives it).
import type { RingRecordType } from '../../../common/lspProtocol';
import { MAP_TYPE_RINGBUF, type ProgramModel } from '../analysis/model';

export function ringRecordTypes(model: ProgramModel): RingRecordType[] {
  const out = new Map<string, string>();
  for (const c of model.calls) {
    if (c.name !== 'bpf_ringbuf_reserve' || c.map === undefined || c.recordType === undefined) continue;
    if (c.map.type !== MAP_TYPE_RINGBUF || out.has(c.map.name)) continue;
    out.set(c.map.name, c.recordType);
  }
  return [...out].map(([map, recordType]) => ({ map, recordType }));
}
