// RS172 (rule book F2, I5 "already released"): the same reservation submitted or discarded twice on a path.
import type { Finding } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import { lineOf } from '../paths/describe';
import type { Rule } from './rule';

export const doubleReleaseRule: Rule = {
  code: lintPathMessages.doubleRelease.code,
  rows: ['F2'],
  summary: 'Ring-buffer record or dynptr released twice.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind !== 'doubleRelease') continue;
      const rel = e.res.releasedAt;
      out.push({
        code: lintPathMessages.doubleRelease.code,
        severity: 'error',
        file: e.site.file,
        range: e.site.range,
        message: lintPathMessages.doubleRelease.text(e.res.holder, rel === undefined ? lineOf(e.res.site) : lineOf(rel)),
        ...(rel === undefined ? {} : { related: [{ file: rel.file, range: rel.range, message: 'first released here' }] }),
      });
    }
    return out;
  },
};
