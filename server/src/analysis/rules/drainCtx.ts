// RS142 (rule book J2): the ctx argument of bpf_user_ringbuf_drain is ARG_PTR_TO_STACK_OR_NULL;
// the address of a global (a map value to the verifier) is rejected.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { bodyDeclarations } from '../fn-decls';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding } from './util';

export const drainCtxRule: Rule = {
  code: lintMessages.drainCtx.code,
  rows: ['J2'],
  summary: 'bpf_user_ringbuf_drain context that is not on the stack.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_user_ringbuf_drain') continue;
      const ctx = c.args[2]; // read after the name test: a remembered call's arguments are looked up in the tree
      if (!ctx) continue;
      const m = /^&\s*(\w+)$/.exec(ctx.text.trim());
      const name = m?.[1];
      const param = c.fn?.params.some((p) => p.name === name);
      if (!name || param || model.maps.has(name)) continue;
      // the body's declarations only when needed (a NULL ctx needs none): read once per function
      const named = new RegExp(`\\b${name}\\b`);
      const local = c.fn !== undefined && bodyDeclarations(c.fn).some((d) => named.test(d.text));
      if (!local) out.push(finding(lintMessages.drainCtx, 'error', c.file, ctx, [ctx.text]));
    }
    return out;
  },
};
