// RS122 (rule book C3): a zero-size reservation loads, but every access to the record then fails.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import type { ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding } from './util';

export const reserveSizeZeroRule: Rule = {
  code: lintMessages.sizeZero.code,
  rows: ['C3'],
  summary: 'bpf_ringbuf_reserve of 0 bytes.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_reserve' || c.size !== 0) continue; // before reading arguments (wasm)
      const size = c.args[1];
      if (size) out.push(finding(lintMessages.sizeZero, 'warning', c.file, size, []));
    }
    return out;
  },
};
