// Finds, in one parsed file, the top-level nodes and the nodes of the kinds the model needs (includes, macros,
// records, enums, calls, declarations). A top-level node whose text was walked before and defines nothing inside
// (a function holding only calls and declarations, a struct, a map) is not walked again: its call sites come from
// memory and their nodes are found when asked. Walking every body on every keystroke was a fifth of a re-analysis.
import type { SyntaxNode } from './syntax/node';
import { registerCache } from './caches';
import { ownCopy, TextMemo } from './text-memo';

/** A top-level node with what every pass reads of it. */
export interface Top {
  readonly node: SyntaxNode;
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** A call whose callee is a plain name. */
export interface CallSite {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** The `call_expression` node (found in the tree on first use for a body that was not walked). */
  node(): SyntaxNode;
}

export interface Collected {
  readonly tops: readonly Top[];
  /** Nodes of the wanted kinds, in tree order, outside the function bodies that were not walked. */
  readonly nodes: ReadonlyMap<string, readonly SyntaxNode[]>;
  /** Every call site with a plain callee name, in source order. */
  readonly calls: readonly CallSite[];
  /** Start offsets of the function definitions whose bodies were not walked. */
  readonly unwalked: ReadonlySet<number>;
  /** Start offsets of the top-level nodes known to define nothing inside them (see TopMemo.skippable). */
  readonly plain: ReadonlySet<number>;
  /** The (parsed) text of each function definition by start offset: one string object for every memo. */
  readonly functionTexts: ReadonlyMap<number, string>;
}

// `declaration`: the locals of every function body come from this one walk too (model-build's scopeOf).
const WANTED = ['preproc_include', 'preproc_def', 'struct_specifier', 'union_specifier', 'enumerator_list', 'call_expression', 'declaration'];

/** What a walk found inside one top-level node, by its kind and (parsed) text: same text, same subtree. */
interface TopMemo {
  /** Calls relative to the node's start: [start, end, callee]. */
  readonly calls: readonly (readonly [number, number, string])[];
  /**
   * Nothing inside but calls, records without a name or body (`struct event *e`, a map's anonymous struct)
   * and, in a function, declarations (read from the body when asked): the walk may be skipped.
   */
  readonly skippable: boolean;
}

const memo = new TextMemo<TopMemo>(4096);
registerCache(() => memo.clear());

/** Top-level nodes, looking through `#ifdef`/`#if` blocks. */
function topLevel(root: SyntaxNode): Top[] {
  const out: Top[] = [];
  const walk = (n: SyntaxNode): void => {
    for (const c of n.namedChildren) {
      if (c === null) continue;
      const type = c.type;
      if (/^preproc_(if|ifdef|else|elif|elifdef)$/.test(type)) walk(c);
      else out.push({ node: c, type, start: c.startIndex, end: c.endIndex });
    }
  };
  walk(root);
  return out;
}

const CALLEE = /[A-Za-z_]\w*(?=\s*\()/y;

/** The identifier callee of the call starting at `start`, read from the text; undefined when it is not that simple. */
function calleeAt(text: string, start: number): string | undefined {
  CALLEE.lastIndex = start;
  return CALLEE.exec(text)?.[0];
}

/** A remembered walk disagrees with the tree: analyze.ts forgets every cache and analyses again. */
export class StaleMemo extends Error {}

/** Finds the call node [start, end) in the tree: a short descent instead of a walk. */
function findCall(root: SyntaxNode, top: SyntaxNode, start: number, end: number): SyntaxNode {
  let n: SyntaxNode | null = root.descendantForIndex(start, end);
  // the smallest node spanning the call is the call, unless another node has exactly its span
  while (n !== null && n.type !== 'call_expression' && n.startIndex === start && n.endIndex === end) n = n.parent;
  if (n !== null && n.type === 'call_expression' && n.startIndex === start && n.endIndex === end) return n;
  // not where the memo says (never seen): look through the top-level node, then the whole tree
  for (const scope of [top, root]) {
    const found = scope.descendantsOfType('call_expression').find((c) => c !== null && c.startIndex === start && c.endIndex === end);
    if (found) return found;
  }
  throw new StaleMemo(`call at ${start} not found`);
}

export function collect(root: SyntaxNode, masked: string): Collected {
  const tops = topLevel(root);
  const texts: (string | undefined)[] = [];
  const known: (TopMemo | undefined)[] = [];
  let skipping = false;
  for (const t of tops) {
    const text = EMPTY.has(t.type) || LEAVES.has(t.type) ? undefined : masked.slice(t.start, t.end);
    const m = text === undefined ? undefined : memo.get(text, t.type);
    texts.push(text);
    known.push(m?.skippable ? m : undefined);
    if (m?.skippable) skipping = true;
  }
  // nothing known (a first analysis): one walk of the whole tree; else one walk per top not known
  const whole = skipping ? undefined : root.descendantsOfType(WANTED);
  let w = 0; // next node of `whole`
  const nodes = new Map<string, SyntaxNode[]>(WANTED.map((t) => [t, []]));
  const calls: CallSite[] = [];
  const unwalked = new Set<number>();
  const plain = new Set<number>();
  for (let i = 0; i < tops.length; i++) {
    const t = tops[i];
    if (t === undefined) continue;
    const m = known[i];
    if (m !== undefined) {
      plain.add(t.start);
      if (WANTED.includes(t.type)) nodes.get(t.type)?.push(t.node);
      if (t.type === 'function_definition') unwalked.add(t.start);
      for (const [s, e, name] of m.calls) {
        const start = t.start + s;
        const end = t.start + e;
        let node: SyntaxNode | undefined;
        calls.push({ start, end, name, node: () => (node ??= findCall(root, t.node, start, end)) });
      }
      continue;
    }
    let found: SyntaxNode[];
    if (whole === undefined) {
      if (EMPTY.has(t.type)) continue;
      found = LEAVES.has(t.type) ? [t.node] : t.node.descendantsOfType(WANTED);
    } else {
      // this top's share of the whole walk (tree order: its nodes start inside it, before the next top)
      found = [];
      for (; w < whole.length; w++) {
        const n = whole[w];
        if (n === null || n === undefined) continue;
        if (n.startIndex >= t.end) break;
        found.push(n);
      }
    }
    const own: { node: SyntaxNode; type: string }[] = [];
    const runCalls: SyntaxNode[] = [];
    for (const n of found) {
      const type = n.type;
      nodes.get(type)?.push(n);
      if (type === 'call_expression') runCalls.push(n);
      else own.push({ node: n, type });
    }
    const first = calls.length;
    addCalls(runCalls, masked, calls);
    const text = texts[i];
    if (text !== undefined && memo.get(text, t.type) === undefined) {
      const rel: [number, number, string][] = calls.slice(first).map((c) => [c.start - t.start, c.end - t.start, ownCopy(c.name)]);
      const skippable = own.every((o) => o.node === t.node || o.node.id === t.node.id || skippableInside(o, t.type));
      memo.set(text, t.type, { calls: rel, skippable });
      if (skippable) plain.add(t.start);
    }
  }
  const functionTexts = new Map<number, string>();
  for (let i = 0; i < tops.length; i++) {
    const t = tops[i];
    const text = texts[i];
    if (t?.type === 'function_definition' && text !== undefined) functionTexts.set(t.start, text);
  }
  return { tops, nodes, calls, unwalked, plain, functionTexts };
}

/** Whether a node found inside a top of kind `top` may be left unwalked (see TopMemo.skippable). */
function skippableInside(o: { node: SyntaxNode; type: string }, top: string): boolean {
  if (o.type === 'declaration') return top === 'function_definition';
  if (o.type !== 'struct_specifier' && o.type !== 'union_specifier') return false;
  // a record with a name and a body is a file-wide definition (model-build's pass 1)
  return o.node.childForFieldName('name') === null || o.node.childForFieldName('body') === null;
}

/** Top-level kinds that are themselves wanted and hold nothing wanted: no walk needed. */
const LEAVES = new Set(['preproc_def', 'preproc_include']);
/** Top-level kinds that hold nothing wanted. */
const EMPTY = new Set(['comment', 'preproc_function_def', 'preproc_call', 'identifier', 'number_literal']);

/** Call sites of walked call nodes (in tree order): the callee read from the text when it is a plain name. */
function addCalls(list: readonly SyntaxNode[], masked: string, out: CallSite[]): void {
  const starts = list.map((c) => c.startIndex);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    const start = starts[i];
    if (c === undefined || start === undefined) continue;
    // `name (` at the call's start is its callee, unless another call starts there too (`f(a)(b)`)
    let name = starts[i - 1] === start || starts[i + 1] === start ? undefined : calleeAt(masked, start);
    if (name === undefined) {
      const callee = c.childForFieldName('function');
      if (callee?.type !== 'identifier') continue;
      name = callee.text;
    }
    const end = c.endIndex;
    out.push({ start, end, name, node: () => c });
  }
}
