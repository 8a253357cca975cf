// RS152 (rule book D3, D5): a constant-offset access to the reserved record, or a helper given part of
// it with a constant size, that falls outside the reserved bytes (including the 8-byte header in front).
import type { Finding } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import { lineOf } from '../paths/describe';
import type { Rule } from './rule';

export const boundsRule: Rule = {
  code: lintPathMessages.outOfBounds.code,
  rows: ['D3', 'D5'],
  summary: 'Constant access outside the reserved ring-buffer record.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind !== 'bounds') continue;
      const v = e.res.holder;
      const line = lineOf(e.res.site);
      const message =
        e.helper === undefined
          ? lintPathMessages.outOfBounds.text(v, e.off, e.size, e.memSize, line)
          : lintPathMessages.helperOutOfBounds.text(e.helper, v, e.off, e.size, e.memSize, line);
      out.push({
        code: lintPathMessages.outOfBounds.code,
        severity: 'error',
        file: e.site.file,
        range: e.site.range,
        message,
        related: [{ file: e.res.site.file, range: e.res.site.range, message: `${e.memSize} bytes reserved here` }],
      });
    }
    return out;
  },
};
