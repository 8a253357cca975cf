// RS112 (rule book B3): bpf_user_ringbuf_drain takes only BPF_MAP_TYPE_USER_RINGBUF.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { mapTypeName } from '../consts';
import { MAP_TYPE_USER_RINGBUF, type ProgramModel } from '../model';
import type { Rule } from './rule';
import { mapArgNode } from './helperMapType';
import { finding } from './util';

export const drainMapTypeRule: Rule = {
  code: lintMessages.drainNeedsUserRingbuf.code,
  rows: ['B3'],
  summary: 'bpf_user_ringbuf_drain called on a map that is not a user ring buffer.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      const t = c.map?.type;
      if (c.name !== 'bpf_user_ringbuf_drain' || !c.map || t === undefined || t === MAP_TYPE_USER_RINGBUF) continue;
      out.push(finding(lintMessages.drainNeedsUserRingbuf, 'error', c.file, mapArgNode(c) ?? c.node, [c.map.name, mapTypeName(t), t]));
    }
    return out;
  },
};
