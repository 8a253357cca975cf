// Small tree-sitter helpers of the value-range rules (rule book rows B5, D4, E9, E11, F6, G1, G2, I3):
// casts/parentheses stripped, calls and loops of a function body listed, locals told from globals.
import type { SyntaxNode } from '../syntax/node';
import { bodyDeclarations, declaratorName } from '../fn-decls';
import type { FunctionDef, ProgramModel } from '../model';

/** The expression under any parentheses and casts. */
export function strip(n: SyntaxNode): SyntaxNode {
  for (;;) {
    const next =
      n.type === 'cast_expression' ? n.childForFieldName('value') : n.type === 'parenthesized_expression' ? n.namedChildren[0] : null;
    if (!next) return n;
    n = next;
  }
}

export function calleeName(call: SyntaxNode): string | undefined {
  const f = call.childForFieldName('function');
  return f?.type === 'identifier' ? f.text : undefined;
}

export function callArgs(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => a !== null && a.type !== 'comment');
}

/** Calls inside a function body, in source order. */
export function callsIn(fn: FunctionDef): SyntaxNode[] {
  return fn.body.descendantsOfType('call_expression');
}

/** Declarations in the body that declare `name` (local variables, not parameters). */
export function localDecls(fn: FunctionDef, name: string): SyntaxNode[] {
  return bodyDeclarations(fn)
    .filter((d) => d.names.includes(name))
    .map((d) => d.node);
}

/** Whether `name` is a local or parameter of `fn` (everything else a function uses is global: a map value). */
export function isLocal(fn: FunctionDef, name: string): boolean {
  return fn.params.some((p) => p.name === name) || bodyDeclarations(fn).some((d) => d.names.includes(name));
}

/** The declarator node (`init_declarator` or plain) of `name` in a declaration. */
export function declaratorOf(decl: SyntaxNode, name: string): SyntaxNode | undefined {
  return decl.childrenForFieldName('declarator').find((x): x is SyntaxNode => x !== null && declaratorName(x) === name);
}

/** Is `inner` inside `outer` (or the same node)? */
export function within(inner: SyntaxNode, outer: SyntaxNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * Whether `if (...) <consequence>` is an exiting guard of `at`: its consequence is only `return ...;`
 * and it ends before `at` in a block that encloses `at`.
 */
export function exitsBefore(stmt: SyntaxNode, at: SyntaxNode): boolean {
  const body = stmt.childForFieldName('consequence');
  const block = stmt.parent;
  if (!body || !/^\s*(\{\s*)?return\b[^;]*;\s*(\}\s*)?$/.test(body.text)) return false;
  return !!block && block.type === 'compound_statement' && within(at, block) && stmt.endIndex <= at.startIndex;
}

/**
 * The `identifier` nodes under `root` whose text is one of `names`: found from the text, one lookup per
 * occurrence, instead of bringing every identifier of the body out of wasm.
 */
export function identifiersNamed(
  root: SyntaxNode,
  names: ReadonlyMap<string, unknown> | ReadonlySet<string>,
  /** Optional text test of an occurrence (`text`: root's text, [at, end) in it) before any tree lookup. */
  keep?: (text: string, at: number, end: number) => boolean,
): SyntaxNode[] {
  const words = [...names.keys()];
  // a name that is not a plain word (the '' of a MISSING identifier in half-typed code): walk them all
  if (!words.every((n) => /^\w+$/.test(n))) return root.descendantsOfType('identifier').filter((n): n is SyntaxNode => n !== null && names.has(n.text));
  if (words.length === 0) return [];
  const start = root.startIndex;
  const out: SyntaxNode[] = [];
  const text = root.text;
  for (const m of text.matchAll(new RegExp(`\\b(?:${words.join('|')})\\b`, 'g'))) {
    if (keep !== undefined && !keep(text, m.index, m.index + m[0].length)) continue;
    const at = start + m.index;
    const n = root.descendantForIndex(at, at + m[0].length);
    if (n !== null && n.type === 'identifier' && n.startIndex === at && n.endIndex === at + m[0].length) out.push(n);
  }
  return out;
}

/**
 * Whether an identifier at [at, end) of `text` can be the left side of an assignment or the operand of ++/--,
 * judged from its neighbours; a comment next to it (a `/`) keeps it, to be decided from the tree.
 */
function maybeWritten(text: string, at: number, end: number): boolean {
  // long blank runs and line continuations are left to the tree as well
  const after = /^\s*(\/|\\|[-+*%&|^]?=(?!=)|<<=|>>=|\+\+|--|$)/.test(text.slice(end, end + 64));
  return after || /(\+\+|--|\/|\\|^)\s*$/.test(text.slice(Math.max(0, at - 64), at));
}

/** Reservations of a function: record variable → constant bytes reserved (only when every reserve agrees). */
export function reservedSizes(model: ProgramModel, fn: FunctionDef): Map<string, { size: number; type: string | undefined; site: SyntaxNode }> {
  const out = new Map<string, { size: number; type: string | undefined; site: SyntaxNode }>();
  const bad = new Set<string>();
  for (const c of model.calls) {
    // identity, not node offsets: a remembered call's node is looked up in the tree, and this runs for every call of every function
    if (c.fn !== fn || c.name !== 'bpf_ringbuf_reserve' || c.target === undefined) continue;
    const prev = out.get(c.target);
    if (c.size === undefined || c.sizeKind === 'variable' || (prev !== undefined && prev.size !== c.size)) bad.add(c.target);
    else out.set(c.target, { size: c.size, type: c.recordType, site: c.node });
  }
  if (out.size === 0) return out; // nothing reserved here: no walk of the body
  // a holder that is moved or reassigned (`e += 4`, `e = other`) no longer points at the record's start
  // in half-typed code (error recovery) the text test is not trusted
  for (const id of identifiersNamed(fn.body, out, fn.body.hasError ? undefined : maybeWritten)) {
    const p = id.parent;
    const assigned = p?.type === 'assignment_expression' && p.childForFieldName('left')?.id === id.id;
    const right = assigned ? p.childForFieldName('right') : undefined;
    const fromReserve = right !== undefined && right !== null && strip(right).type === 'call_expression' && calleeName(strip(right)) === 'bpf_ringbuf_reserve';
    if ((assigned && !fromReserve) || p?.type === 'update_expression') bad.add(id.text);
  }
  for (const b of bad) out.delete(b);
  return out;
}

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
