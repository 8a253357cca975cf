// RS171 (rule book F1, I6): a record (any alias of it) or a ringbuf dynptr (or its slice) used after
// bpf_ringbuf_submit/discard(_dynptr): the verifier has invalidated every copy.
import type { Finding } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import { lineOf } from '../paths/describe';
import type { Rule } from './rule';

export const useAfterReleaseRule: Rule = {
  code: lintPathMessages.useAfterRelease.code,
  rows: ['F1', 'I6', 'E7'],
  summary: 'Ring-buffer record or dynptr used after submit/discard.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind !== 'useAfterRelease') continue;
      const rel = e.res.releasedAt;
      const line = rel === undefined ? lineOf(e.res.site) : lineOf(rel);
      const msg = e.res.kind === 'dyn' ? lintPathMessages.useAfterReleaseDynptr : lintPathMessages.useAfterRelease;
      out.push({
        code: msg.code,
        severity: 'error',
        file: e.site.file,
        range: e.site.range,
        message: msg.text(e.res.holder, line),
        ...(rel === undefined ? {} : { related: [{ file: rel.file, range: rel.range, message: 'released here' }] }),
      });
    }
    return out;
  },
};
