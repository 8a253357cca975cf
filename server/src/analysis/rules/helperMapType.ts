// RS111 (rule book B1, B2, H2): reserve/output/query/reserve_dynptr take only BPF_MAP_TYPE_RINGBUF;
// check_map_func_compatibility() rejects any other map, a user ring buffer included.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { mapTypeName } from '../consts';
import { MAP_TYPE_RINGBUF, type HelperCall, type ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding } from './util';

const WRITERS = new Set(['bpf_ringbuf_reserve', 'bpf_ringbuf_output', 'bpf_ringbuf_query', 'bpf_ringbuf_reserve_dynptr']);

export function mapArgNode(c: HelperCall): HelperCall['args'][number] | undefined {
  return c.args.find((a) => c.map !== undefined && a.text.replace(/[&()\s]/g, '').endsWith(c.map.name)) ?? c.args[0];
}

export const helperMapTypeRule: Rule = {
  code: lintMessages.helperNeedsRingbuf.code,
  rows: ['B1', 'B2', 'H2'],
  summary: 'Ring-buffer helper called on a map that is not BPF_MAP_TYPE_RINGBUF.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      const t = c.map?.type;
      if (!WRITERS.has(c.name) || !c.map || t === undefined || t === MAP_TYPE_RINGBUF) continue;
      const at = mapArgNode(c) ?? c.node;
      out.push(finding(lintMessages.helperNeedsRingbuf, 'error', c.file, at, [c.name, c.map.name, mapTypeName(t), t]));
    }
    return out;
  },
};
