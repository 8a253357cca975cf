// RS181 (rule book E10): no helper call (reserve, submit, anything) while a bpf_spin_lock is held;
// keeping a reservation across lock/unlock is fine.
import type { Finding } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import { lineOf } from '../paths/describe';
import type { Rule } from './rule';

export const spinLockRule: Rule = {
  code: lintPathMessages.lockedCall.code,
  rows: ['E10'],
  summary: 'Helper call while holding a bpf_spin_lock.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind !== 'lockedCall') continue;
      out.push({
        code: lintPathMessages.lockedCall.code,
        severity: 'error',
        file: e.site.file,
        range: e.site.range,
        message: lintPathMessages.lockedCall.text(e.callee, lineOf(e.lock)),
        related: [{ file: e.lock.file, range: e.lock.range, message: 'lock taken here' }],
      });
    }
    return out;
  },
};
