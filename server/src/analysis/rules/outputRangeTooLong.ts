// RS210 (rule book G3, variable case): a bounded variable bpf_ringbuf_output size whose upper bound (ranges/)
// exceeds what the data pointer may read: the stack frame above a local buffer, or a map value's size.
// Silent when the size is tested anywhere the range analysis does not model (a branch may narrow it).
import type { SyntaxNode } from '../syntax/node';
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import { bodyDeclarations, declarationsOf, declaratorsOf, declaresArray } from '../fn-decls';
import type { FunctionDef, HelperCall, ProgramModel } from '../model';
import { strip, within } from '../ranges/syntax';
import { MAX_VAR_SIZ, outputSizes } from './outputSizeUnbounded';
import type { Rule } from './rule';
import { finding } from './util';

/** Map types whose lookup returns a plain map value of `value` bytes (hash, array and their per-CPU/LRU kinds). */
const VALUE_MAPS = new Set([1, 2, 5, 6, 9, 10]);
const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** `T name[..]` / `struct S name` of one declarator text: its size, undefined for pointers or unknown types. */
function declaredSize(model: ProgramModel, declText: string, declarator: string): number | undefined {
  const head = declText.replace(/=.*$/s, '').replace(/;$/, '').trim();
  const type = /^(.*?)\b\w+\s*(?:\[|,|$)/.exec(head)?.[1]?.trim() ?? '';
  const dims = /^\s*(\w+)\s*((?:\[[^\]]*\])*)/.exec(declarator.replace(/=.*$/s, ''));
  if (!type || !dims || /\*/.test(type) || declarator.trim().startsWith('*')) return undefined;
  return model.sizeOfType(`${type.replace(/\b(const|volatile|static|register)\b/g, '').trim()}${(dims[2] ?? '').replace(/\s/g, '')}`);
}

/** Locals of fn by name with their sizes (pointers excluded), and the 8-aligned sum: the most stack they take. */
function stackObjects(model: ProgramModel, fn: FunctionDef): { sizes: Map<string, number | undefined>; total: number } {
  const sizes = new Map<string, number | undefined>();
  let total = 0;
  for (const d of bodyDeclarations(fn)) {
    for (const x of d.declarators) {
      const name = /^[\s*]*(\w+)/.exec(x)?.[1];
      if (!name) continue;
      if (/^\s*\*/.test(x)) {
        total += 8; // a pointer: at most a spill slot
        continue;
      }
      const size = declaredSize(model, d.text, x);
      sizes.set(name, sizes.has(name) ? undefined : size); // shadowed names: not understood
      total += align8(size ?? 8);
    }
  }
  return { sizes, total };
}

/** Whether `id` is written (assignment target, ++/--, address taken). */
function written(id: SyntaxNode): boolean {
  const p = id.parent;
  if (!p) return false;
  if (p.type === 'update_expression') return true;
  if (p.type === 'pointer_expression' && p.child(0)?.text === '&') return true;
  return p.type === 'assignment_expression' && p.childForFieldName('left')?.id === id.id;
}

/** What `data` may read: a local array/object on the stack, or a map value from a lookup; undefined otherwise. */
function readable(model: ProgramModel, c: HelperCall, fn: FunctionDef): { kind: 'stack' | 'map'; size: number; frame: number } | undefined {
  const dataNode = c.args[1];
  if (!dataNode) return undefined;
  const data = strip(dataNode);
  const m = /^(&)?\s*(\w+)$/.exec(data.text.trim());
  const name = m?.[2];
  if (!name) return undefined;
  const { sizes, total } = stackObjects(model, fn);
  if (sizes.has(name)) {
    const size = sizes.get(name);
    const isArray = declaratorsOf(fn, name).some((x) => declaresArray(x, name));
    if (size === undefined || (m?.[1] !== '&' && !isArray)) return undefined;
    return { kind: 'stack', size, frame: total };
  }
  if (m?.[1] === '&') return undefined;
  // a pointer local assigned once, by a lookup into a map whose value size is known
  const lookups = model.calls.filter((l) => l.fn === fn && l.name === 'bpf_map_lookup_elem' && l.target === name);
  const lk = lookups[0];
  const value = lk?.map?.fields.get('value')?.value ?? lk?.map?.fields.get('value_size')?.value;
  if (lookups.length !== 1 || !lk || value === undefined || !VALUE_MAPS.has(lk.map?.type ?? -1)) return undefined;
  const decl = declarationsOf(fn, name);
  if (decl.length !== 1 || !within(lk.node, decl[0]?.node ?? lk.node)) return undefined;
  for (const id of fn.body.descendantsOfType('identifier')) if (id && id.text === name && written(id)) return undefined;
  return { kind: 'map', size: value, frame: 0 };
}

export const outputRangeTooLongRule: Rule = {
  code: lintRowMessages.outputRangeStack.code,
  rows: ['G3'],
  summary: 'bpf_ringbuf_output variable size whose bound exceeds the buffer it reads.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const { call, range } of outputSizes(model)) {
      const size = call.args[2];
      const fn = call.fn;
      // negative or unbounded sizes are RS207/RS206, reported first by the verifier
      if (!size || !fn || range.lo < 0 || range.hi >= MAX_VAR_SIZ) continue;
      const r = readable(model, call, fn);
      if (!r || range.hi <= r.size) continue;
      // a stack over-read is rejected only past the frame's top; other locals may sit above the buffer
      if (r.kind === 'stack' && range.hi <= r.frame) continue;
      // a static subprogram may be inlined into its caller's frame, whose locals then sit above the buffer
      if (r.kind === 'stack' && fn.isStatic && fn.section === undefined) continue;
      const data = call.args[1]?.text ?? '';
      const msg = r.kind === 'stack' ? lintRowMessages.outputRangeStack : lintRowMessages.outputRangeMap;
      out.push(finding(msg, 'error', call.file, size, [size.text, range.hi, data, r.size]));
    }
    return out;
  },
};
