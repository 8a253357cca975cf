// RS151 (rule book D1, D2, I7): a bpf_ringbuf_reserve result (or a dynptr slice) used, released or passed to
// a helper before its NULL check (or on the branch where it is NULL). Path-sensitive, through aliases and static calls.
import type { Finding } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import { lineOf } from '../paths/describe';
import { nullCheckFix } from '../paths/fixes';
import type { Rule } from './rule';

export const nullCheckRule: Rule = {
  code: lintPathMessages.nullUse.code,
  rows: ['D1', 'D2', 'I7'],
  summary: 'Ring-buffer record used before its NULL check.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind === 'sliceNullUse') {
        out.push({
          code: lintPathMessages.nullUse.code,
          severity: 'error',
          file: e.site.file,
          range: e.site.range,
          message: lintPathMessages.sliceNullUse.text(e.site.src),
        });
        continue;
      }
      if (e.kind !== 'nullUse') continue;
      const v = e.res.holder;
      const message = e.isNull ? lintPathMessages.nullDeref.text(v) : lintPathMessages.nullUse.text(v, lineOf(e.res.site), e.how);
      const fix = e.isNull ? undefined : nullCheckFix(model, e.res.site.file, e.res.site.range, v, lintPathMessages.fixNullCheck.text(v));
      out.push({
        code: lintPathMessages.nullUse.code,
        severity: 'error',
        file: e.site.file,
        range: e.site.range,
        message,
        related: [{ file: e.res.site.file, range: e.res.site.range, message: `reserved here; may be NULL` }],
        ...(fix === undefined ? {} : { fixes: [fix] }),
      });
    }
    return out;
  },
};
