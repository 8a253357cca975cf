// RS113 (rule book B4): a ring buffer given to a non-ringbuf map helper (lookup/update, perf output,
// for_each_map_elem, ...) is rejected by check_map_func_compatibility() or the zero-size key/value checks.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { RING_HELPERS, type ProgramModel } from '../model';
import type { Rule } from './rule';
import { mapArgNode } from './helperMapType';
import { finding, isRingMap } from './util';

export const ringbufOtherHelperRule: Rule = {
  code: lintMessages.ringbufToOtherHelper.code,
  rows: ['B4'],
  summary: 'Ring buffer passed to a map helper that is not a bpf_ringbuf_* helper.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      // Only kernel helpers: a user function taking the map may well pass it on to bpf_ringbuf_*.
      if (RING_HELPERS.has(c.name) || !c.name.startsWith('bpf_') || !c.map || !isRingMap(c.map)) continue;
      out.push(finding(lintMessages.ringbufToOtherHelper, 'error', c.file, mapArgNode(c) ?? c.node, [c.name, c.map.name]));
    }
    return out;
  },
};
