// RS209 (rule book K3): features newer than the `ringscope.lint.targetKernel` setting (ring buffer 5.8,
// bpf_loop 5.17, dynptr helpers 5.19, user ring buffer 6.1, bpf_for/bpf_iter_num 6.4, bpf_throw 6.7).
// No setting, no check: the kernel here is 6.18 and everything loads on it.
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import { MAP_TYPE_RINGBUF, MAP_TYPE_USER_RINGBUF, type ProgramModel } from '../model';
import { calleeName } from '../ranges/syntax';
import type { Rule } from './rule';
import { finding } from './util';

const SINCE: ReadonlyMap<string, string> = new Map([
  ['bpf_ringbuf_output', '5.8'],
  ['bpf_ringbuf_reserve', '5.8'],
  ['bpf_ringbuf_submit', '5.8'],
  ['bpf_ringbuf_discard', '5.8'],
  ['bpf_ringbuf_query', '5.8'],
  ['bpf_loop', '5.17'],
  ['bpf_ringbuf_reserve_dynptr', '5.19'],
  ['bpf_ringbuf_submit_dynptr', '5.19'],
  ['bpf_ringbuf_discard_dynptr', '5.19'],
  ['bpf_user_ringbuf_drain', '6.1'],
  ['bpf_for', '6.4'],
  ['bpf_repeat', '6.4'],
  ['bpf_for_each', '6.4'],
  ['bpf_iter_num_new', '6.4'],
  ['bpf_throw', '6.7'],
]);

/** `5.15`, `v6.1`, `6.1.0-rc2` → comparable [major, minor]; undefined when unparseable. */
export function kernelVersion(text: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(text?.trim() ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const older = (a: [number, number], b: [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

export const targetKernelRule: Rule = {
  code: lintRowMessages.needsKernel.code,
  rows: ['K3'],
  summary: 'Ring-buffer feature newer than the configured target kernel.',
  check(model: ProgramModel): Finding[] {
    const targetText = model.settings.targetKernel;
    const target = kernelVersion(targetText);
    if (!target || targetText === undefined) return [];
    const out: Finding[] = [];
    for (const m of model.maps.values()) {
      const since = m.type === MAP_TYPE_RINGBUF ? '5.8' : m.type === MAP_TYPE_USER_RINGBUF ? '6.1' : undefined;
      const v = kernelVersion(since);
      if (since && v && older(target, v)) {
        const what = m.type === MAP_TYPE_RINGBUF ? `BPF_MAP_TYPE_RINGBUF ('${m.name}')` : `BPF_MAP_TYPE_USER_RINGBUF ('${m.name}')`;
        out.push(finding(lintRowMessages.needsKernel, 'warning', m.file, m.nameRange, [what, since, targetText.trim()]));
      }
    }
    const names = [...SINCE].filter(([, since]) => older(target, kernelVersion(since) ?? [0, 0])).map(([n]) => n);
    if (names.length === 0) return out;
    const re = new RegExp(`\\b(${names.join('|')})\\s*\\(`, 'g');
    for (const unit of model.units) {
      // candidates from the text, confirmed in the tree (a word in a comment or a string is no call)
      for (const m of unit.masked.matchAll(re)) {
        const name = m[1] ?? '';
        const at = unit.tree.rootNode.descendantForIndex(m.index, m.index + name.length);
        const since = SINCE.get(name);
        if (!since || at?.type !== 'identifier' || at.parent?.type !== 'call_expression' || calleeName(at.parent) !== name) continue;
        out.push(finding(lintRowMessages.needsKernel, 'warning', unit.file, at, [`${name}()`, since, targetText.trim()]));
      }
    }
    return out;
  },
};
