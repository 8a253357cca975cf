// RS143 (rule book J1): a bpf_user_ringbuf_drain callback must return 0 or 1; a constant return
// outside that range is rejected at the callback's exit.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding } from './util';

export const drainCallbackReturnRule: Rule = {
  code: lintMessages.drainCallbackReturn.code,
  rows: ['J1'],
  summary: 'bpf_user_ringbuf_drain callback returning a constant other than 0 or 1.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const c of model.calls) {
      if (c.name !== 'bpf_user_ringbuf_drain') continue; // before the search: it is per call
      const cbName = c.args[1]?.text.replace(/[&()\s]/g, '');
      const cb = model.functions.find((f) => f.name === cbName);
      if (!cb || seen.has(cb.name)) continue;
      seen.add(cb.name);
      for (const r of cb.body.descendantsOfType('return_statement')) {
        const v = r?.namedChildren[0];
        const n = v ? model.fold(v, cb) : undefined;
        if (r && v && n !== undefined && n !== 0 && n !== 1) {
          out.push(finding(lintMessages.drainCallbackReturn, 'error', cb.file, v, [cb.name, n]));
        }
      }
    }
    return out;
  },
};
