// RS173 (rule book F3, F4, I5, I8, E8): submit/discard of something that is not the reserved pointer at
// offset 0: a field address, NULL or the NULL branch, stack, map value, dynptr slice, a global function's argument.
import type { Finding } from '../findings';
import { lintPathMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import { pathReport } from '../paths/engine';
import type { PathEvent } from '../paths/events';
import type { Rule } from './rule';

type Bad = Extract<PathEvent, { kind: 'badRelease' }>;

function text(e: Bad): string | undefined {
  const m = lintPathMessages;
  switch (e.what) {
    case 'offset':
      return m.releaseOffset.text(e.helper);
    case 'null':
      return m.releaseNotReserved.text(e.helper, e.res === undefined ? 'NULL' : `'${e.res.holder}' on its NULL branch`, 'R1 type=scalar expected=ringbuf_mem');
    case 'stack':
      return m.releaseNotReserved.text(e.helper, 'a stack object', 'R1 type=fp expected=ringbuf_mem');
    case 'mapval':
      return m.releaseNotReserved.text(e.helper, 'a map value', 'R1 type=map_value expected=ringbuf_mem');
    case 'global':
      return m.releaseNotReserved.text(e.helper, 'a global variable', 'R1 type=map_value expected=ringbuf_mem');
    case 'slice':
      return m.releaseSlice.text(e.helper);
    case 'param':
      return m.releaseParam.text(e.helper);
    case 'uninitDyn':
      return m.releaseUnacquiredDynptr.text(e.helper, 'a dynptr that holds no reservation');
    case 'localDyn':
      return m.releaseUnacquiredDynptr.text(e.helper, 'a bpf_dynptr_from_mem dynptr');
    case 'constDyn':
      return undefined; // userRingbuf.ts (RS191)
  }
}

export const releaseProvenanceRule: Rule = {
  code: lintPathMessages.releaseOffset.code,
  rows: ['F3', 'F4', 'I5', 'I8', 'E8'],
  summary: 'Submit/discard of a pointer that is not the reserved record at offset 0.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const e of pathReport(model).events) {
      if (e.kind !== 'badRelease') continue;
      const message = text(e);
      if (message === undefined) continue;
      out.push({ code: lintPathMessages.releaseOffset.code, severity: 'error', file: e.site.file, range: e.site.range, message });
    }
    return out;
  },
};
