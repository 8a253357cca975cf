// RS143 (rule book J1): a bpf_user_ringbuf_drain callback must return 0 or 1; a constant return
// outside that range is rejected at the callback's exit.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { registerCache, trimOldest } from '../caches';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding } from './util';

// Across analyses: the callback each drain call names (by the call's callKey), and the callbacks (by their
// functionKey) found to return no bad constant, so unchanged code needs no argument or body walk.
const MAX = 4096;
const callbackOf = new Map<string, string>();
const cleanCallbacks = new Set<number>();
registerCache(() => {
  callbackOf.clear();
  cleanCallbacks.clear();
});

export const drainCallbackReturnRule: Rule = {
  code: lintMessages.drainCallbackReturn.code,
  rows: ['J1'],
  summary: 'bpf_user_ringbuf_drain callback returning a constant other than 0 or 1.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const c of model.calls) {
      if (c.name !== 'bpf_user_ringbuf_drain') continue; // before the search: it is per call
      const key = model.callKey(c);
      let cbName = key === undefined ? undefined : callbackOf.get(key);
      if (cbName === undefined) {
        cbName = c.args[1]?.text.replace(/[&()\s]/g, '') ?? '';
        if (key !== undefined) {
          callbackOf.set(key, cbName);
          trimOldest(callbackOf, MAX);
        }
      }
      const cb = model.functions.find((f) => f.name === cbName);
      if (!cb || seen.has(cb.name)) continue;
      seen.add(cb.name);
      const cbKey = model.functionKey(cb);
      if (cleanCallbacks.has(cbKey)) continue;
      const before = out.length;
      for (const r of cb.body.descendantsOfType('return_statement')) {
        const v = r?.namedChildren[0];
        const n = v ? model.fold(v, cb) : undefined;
        if (r && v && n !== undefined && n !== 0 && n !== 1) {
          out.push(finding(lintMessages.drainCallbackReturn, 'error', cb.file, v, [cb.name, n]));
        }
      }
      if (out.length === before) {
        cleanCallbacks.add(cbKey);
        trimOldest(cleanCallbacks, MAX);
      }
    }
    return out;
  },
};
