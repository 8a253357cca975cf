// RS191 (rule book J3, I9): releasing a const dynptr the program does not own: the sample dynptr of a
// bpf_user_ringbuf_drain callback, or a dynptr argument of a global function.
import type { Finding } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import type { Rule } from './rule';

export const userRingbufRule: Rule = {
  code: lintPathMessages.constDynptrRelease.code,
  rows: ['J3', 'I9'],
  summary: 'Release of a const dynptr (user ring buffer sample, global function argument).',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind !== 'badRelease' || e.what !== 'constDyn') continue;
      out.push({
        code: lintPathMessages.constDynptrRelease.code,
        severity: 'error',
        file: e.site.file,
        range: e.site.range,
        message: lintPathMessages.constDynptrRelease.text(e.helper, `'${e.site.src}'`),
      });
    }
    return out;
  },
};
