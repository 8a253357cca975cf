// RS161 (rule book E1–E8, I1): a reservation (record or ringbuf dynptr) not submitted or discarded on
// some path to an exit: return, end of function, tail call, bpf_throw, LD_ABS, or the next loop iteration.
import type { Finding, Fix, RelatedLocation } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import { pathText } from '../paths/describe';
import type { LeakExit, UnitKind } from '../paths/events';
import { discardBeforeFix } from '../paths/fixes';
import type { Rule } from './rule';

function exitMessage(x: LeakExit): string {
  const p = pathText(x.trail);
  switch (x.kind) {
    case 'return':
      return lintPathMessages.leakExitReturn.text(p);
    case 'end':
      return lintPathMessages.leakExitEnd.text(p);
    case 'tail_call':
      return lintPathMessages.leakExitTailCall.text(p);
    case 'throw':
      return lintPathMessages.leakExitThrow.text(p);
    case 'ld_abs':
      return lintPathMessages.leakExitLdAbs.text(p);
    case 'again':
      return lintPathMessages.leakExitAgain.text(p);
  }
}

function unitText(unit: UnitKind, name: string): string {
  if (unit === 'global') return ` of global function '${name}' (verified on its own)`;
  if (unit === 'callback') return ` of callback '${name}'`;
  return '';
}

export const leakRule: Rule = {
  code: lintPathMessages.leak.code,
  rows: ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'I1'],
  summary: 'Ring-buffer reservation not submitted or discarded on every path.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind !== 'leak') continue;
      const dyn = e.res.kind === 'dyn';
      const v = e.res.holder;
      const unit = unitText(e.unit, e.unitName);
      const message = dyn ? lintPathMessages.leakDynptr.text(v, unit) : lintPathMessages.leak.text(v, unit);
      const related: RelatedLocation[] = e.exits.map((x) => ({ file: x.site.file, range: x.site.range, message: exitMessage(x) }));
      const fixes: Fix[] = [];
      const call = dyn ? `bpf_ringbuf_discard_dynptr(${v}, 0);` : `bpf_ringbuf_discard(${v}, 0);`;
      const named = dyn ? /^&\w+$/.test(v) : /^\w+$/.test(v);
      for (const x of e.exits) {
        if (x.kind !== 'return' || !named || (!dyn && !x.checked)) continue;
        const fix = discardBeforeFix(model, x.site.file, x.site.range, call, lintPathMessages.fixDiscard.text(call));
        if (fix !== undefined) fixes.push(fix);
      }
      out.push({
        code: lintPathMessages.leak.code,
        severity: 'error',
        file: e.res.site.file,
        range: e.res.site.range,
        message,
        related,
        ...(fixes.length === 0 ? {} : { fixes }),
      });
    }
    return out;
  },
};
