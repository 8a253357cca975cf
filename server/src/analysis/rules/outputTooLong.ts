// RS144 (rule book G3, constant case): bpf_ringbuf_output must be able to read [data, data + size);
// a constant size larger than the local (stack) object passed as data is rejected.
import type { Finding } from '../findings';
import { lintMessages } from '../../../../common/messages';
import { declarationsOf } from '../fn-decls';
import type { HelperCall, ProgramModel } from '../model';
import type { Rule } from './rule';
import { finding } from './util';

/** Size of a local array `buf` or local object `&x` passed as data; undefined for anything else. */
function localObjectSize(model: ProgramModel, c: HelperCall): number | undefined {
  const data = c.args[1];
  const fn = c.fn;
  if (!data || !fn) return undefined;
  const m = /^(&)?\s*(\w+)$/.exec(data.text.trim());
  const name = m?.[2];
  if (!name) return undefined;
  // only locals declared in this function (stack); globals are map values with their own checks
  const decl = declarationsOf(fn, name)[0];
  if (!decl) return undefined;
  const typed = declSize(model, decl.text, name);
  if (typed === undefined) return undefined;
  if (m?.[1] !== '&' && !/\[/.test(decl.text)) return undefined; // a pointer variable: unknown object
  return typed;
}

/** sizeof of a declared local, from its declaration text: `char buf[64]`, `struct event ev = {}`. */
function declSize(model: ProgramModel, declText: string, name: string): number | undefined {
  const head = declText.replace(/=.*$/s, '').replace(/;$/, '').trim();
  const m = new RegExp(`^(.*?)\\b${name}\\s*((?:\\[[^\\]]*\\])*)\\s*$`).exec(head.split(',')[0] ?? '');
  if (!m || /\*/.test(m[1] ?? '')) return undefined;
  return model.sizeOfType(`${(m[1] ?? '').trim()}${(m[2] ?? '').replace(/\s/g, '')}`);
}

export const outputTooLongRule: Rule = {
  code: lintMessages.outputTooLong.code,
  rows: ['G3'],
  summary: 'bpf_ringbuf_output size larger than the local object it reads.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_output' || c.size === undefined || c.sizeKind !== 'constant') continue;
      const obj = localObjectSize(model, c);
      const sizeNode = c.args[2];
      if (obj !== undefined && sizeNode && c.size > obj) {
        out.push(finding(lintMessages.outputTooLong, 'error', c.file, sizeNode, [c.size, c.args[1]?.text ?? '', obj]));
      }
    }
    return out;
  },
};
