// RS201 (rule book B5): an inner map from bpf_map_lookup_elem(&outer, ...) used as the map argument of a
// ring-buffer helper with no NULL check in between. Silent as soon as the variable is mentioned at all in between.
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import type { FunctionDef, HelperCall, ProgramModel } from '../model';
import { callArgs, calleeName, callsIn, strip } from '../ranges/syntax';
import type { Rule } from './rule';
import { finding } from './util';

const OUTER_TYPES = new Set([12, 13]); // BPF_MAP_TYPE_ARRAY_OF_MAPS, BPF_MAP_TYPE_HASH_OF_MAPS
const MAP_FIRST = new Set([
  'bpf_ringbuf_reserve',
  'bpf_ringbuf_output',
  'bpf_ringbuf_query',
  'bpf_ringbuf_reserve_dynptr',
  'bpf_user_ringbuf_drain',
]);

function checkFunction(fn: FunctionDef, lookups: readonly HelperCall[], out: Finding[]): void {
  const ids = fn.body.descendantsOfType('identifier');
  for (const call of callsIn(fn)) {
    const name = calleeName(call);
    const arg = callArgs(call)[0];
    if (!name || !MAP_FIRST.has(name) || !arg) continue;
    const v = strip(arg);
    if (v.type !== 'identifier') continue;
    // the nearest lookup into this variable before the use
    const lk = lookups.filter((l) => l.target === v.text && l.node.endIndex <= call.startIndex).pop();
    if (!lk) continue;
    const between = ids.filter((i) => i !== null && i.text === v.text && i.startIndex > lk.node.endIndex && i.startIndex < v.startIndex);
    if (between.length > 0) continue;
    out.push(finding(lintRowMessages.innerMapUnchecked, 'error', fn.file, arg, [v.text, name, lk.node.startPosition.row + 1]));
  }
}

export const innerMapNullRule: Rule = {
  code: lintRowMessages.innerMapUnchecked.code,
  rows: ['B5'],
  summary: 'Inner ring buffer from a map-in-map lookup used without a NULL check.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    // the lookups into an outer map, per function: one pass over the calls (identity, no node offsets)
    const lookups = new Map<FunctionDef, HelperCall[]>();
    for (const c of model.calls) {
      if (c.fn === undefined || c.name !== 'bpf_map_lookup_elem' || c.target === undefined || !OUTER_TYPES.has(c.map?.type ?? -1)) continue;
      const list = lookups.get(c.fn);
      if (list === undefined) lookups.set(c.fn, [c]);
      else list.push(c);
    }
    for (const fn of model.functions) {
      const list = lookups.get(fn);
      if (list !== undefined) checkFunction(fn, list, out);
    }
    return out;
  },
};
