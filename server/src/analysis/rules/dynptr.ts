// RS182 (rule book I4): bpf_ringbuf_reserve_dynptr into a dynptr that still holds a live reservation.
import type { Finding } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import { lineOf } from '../paths/describe';
import type { Rule } from './rule';

export const dynptrRule: Rule = {
  code: lintPathMessages.dynptrOverwrite.code,
  rows: ['I4'],
  summary: 'Ring-buffer dynptr re-initialised while it holds a reservation.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind !== 'dynOverwrite') continue;
      out.push({
        code: lintPathMessages.dynptrOverwrite.code,
        severity: 'error',
        file: e.site.file,
        range: e.site.range,
        message: lintPathMessages.dynptrOverwrite.text(e.res.holder, lineOf(e.res.site)),
        related: [{ file: e.res.site.file, range: e.res.site.range, message: 'reserved here' }],
      });
    }
    return out;
  },
};
