// RS205 (rule book F6): the address of a reserved record stored through a pointer (a map value, another record)
// or into a global (a .bss/.data map value). A privileged loader accepts it; it is a warning: the stored number
// can never be released, and unprivileged loaders reject it. Spilling into a local struct is fine (silent).
import type { SyntaxNode } from '../syntax/node';
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import type { FunctionDef, ProgramModel } from '../model';
import { isLocal, strip } from '../ranges/syntax';
import type { Rule } from './rule';
import { finding } from './util';
import { registerCache, trimOldest } from '../caches';
import { ownCopy } from '../text-memo';

/** Does writing to `lhs` write memory outside the stack: through `->`, `*p`, or into a global? */
function outsideStack(fn: FunctionDef, lhs: SyntaxNode): boolean {
  let n: SyntaxNode | null = lhs;
  while (n) {
    if (n.type === 'field_expression') {
      if (n.child(1)?.text === '->') return true;
      n = n.childForFieldName('argument');
    } else if (n.type === 'pointer_expression') {
      return n.child(0)?.text === '*';
    } else if (n.type === 'subscript_expression') {
      n = n.childForFieldName('argument');
    } else if (n.type === 'parenthesized_expression') {
      n = n.namedChildren[0] ?? null;
    } else {
      return n.type === 'identifier' && !isLocal(fn, n.text);
    }
  }
  return false;
}

/** Names holding a reserved record, per function. */
function holders(model: ProgramModel): Map<FunctionDef, Set<string>> {
  // one pass over the calls for all functions (a filter per function is quadratic in a big file)
  const out = new Map<FunctionDef, Set<string>>();
  for (const c of model.calls) {
    if (c.fn === undefined || c.name !== 'bpf_ringbuf_reserve' || c.target === undefined) continue;
    const set = out.get(c.fn);
    if (set === undefined) out.set(c.fn, new Set([c.target]));
    else set.add(c.target);
  }
  return out;
}

/**
 * Text pre-check (no tree walk): can some holder occurrence be the whole right side of an assignment? Its
 * previous token must be `=` (not `==`, `<=`, `>=`, `!=`), a cast's `)` or a grouping `(`, and no operator,
 * `->`, `.`, `[` or `(` may follow it. Comments and line continuations next to it keep the function.
 */
function mayStore(body: string, names: ReadonlySet<string>): boolean {
  const words = [...names];
  if (!words.every((w) => /^\w+$/.test(w))) return true;
  for (const m of body.matchAll(new RegExp(`\\b(?:${words.join('|')})\\b`, 'g'))) {
    const next = /^\s*([^\s]?)/.exec(body.slice(m.index + m[0].length, m.index + m[0].length + 64))?.[1] ?? '';
    if (next !== '' && '-.[(+*%<>&|^=!'.includes(next)) continue;
    const before = body.slice(0, m.index).trimEnd();
    const lastLine = before.slice(before.lastIndexOf('\n') + 1);
    if (lastLine.includes('//') || /^\s*#/.test(lastLine)) return true;
    const prev = before.slice(-1);
    if (prev === '' || prev === ')' || prev === '/' || prev === '\\') return true;
    if (prev === '=' && !/[=<>!]$/.test(before.slice(0, -1))) return true;
    if (prev === '(' && !/\w/.test(before.slice(0, -1).trimEnd().slice(-1))) return true;
  }
  return false;
}

// mayStore is a pure function of (body text, names): an edit elsewhere re-asks the same question of every function.
const MAX_MEMO = 4096;
const memo = new Map<string, boolean>();
registerCache(() => memo.clear());

function mayStoreCached(body: string, names: ReadonlySet<string>): boolean {
  const key = `${[...names].join(',')}\0${body}`;
  let v = memo.get(key);
  if (v === undefined) {
    v = mayStore(body, names);
    memo.set(ownCopy(key), v); // a copy: the key holds the body's text, a view into the whole file's
    trimOldest(memo, MAX_MEMO);
  }
  return v;
}

export const recordPtrStoreRule: Rule = {
  code: lintRowMessages.recordPtrStored.code,
  rows: ['F6'],
  summary: 'Address of a reserved record stored into a map value, a global or another record.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    const byFn = holders(model);
    for (const fn of model.functions) {
      const names = byFn.get(fn);
      if (names === undefined || (!fn.body.hasError && !mayStoreCached(fn.body.text, names))) continue;
      for (const a of fn.body.descendantsOfType('assignment_expression')) {
        // the right side first: most assignments do not store a holder
        const right = a?.childForFieldName('right');
        const v = right ? strip(right) : undefined;
        if (!a || !v || v.type !== 'identifier' || !names.has(v.text)) continue;
        const left = a.childForFieldName('left');
        if (!left || a.childForFieldName('operator')?.text !== '=' || !outsideStack(fn, left)) continue;
        out.push(finding(lintRowMessages.recordPtrStored, 'warning', fn.file, a, [v.text]));
      }
    }
    return out;
  },
};
