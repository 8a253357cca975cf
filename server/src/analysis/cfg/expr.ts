// Lowers tree-sitter C expressions into a small plain-JS tree, once per function, so the path engine
// can evaluate the same expression on many abstract states from a tree of only what it evaluates.
import type { Range } from '../findings';
import type { SyntaxNode, SyntaxTree } from '../syntax/node';

export interface Expr {
  /** tree-sitter node type (`call_expression`, `identifier`, ...). */
  readonly type: string;
  /** Operator text of unary/binary/assignment/update/pointer/field expressions; '' otherwise. */
  readonly op: string;
  /** Source text of leaves (identifiers, literals, field names); '' for inner nodes. */
  readonly text: string;
  /** Evaluated children in order. Calls: [callee, ...arguments]. Unevaluated operands (sizeof) are dropped. */
  readonly kids: readonly Expr[];
  readonly range: Range;
  /** Byte offset of the node: its identity within one file. */
  readonly start: number;
  /** Full source text, kept short, for messages and path labels. */
  readonly src: string;
}

const LEAVES = new Set([
  'identifier', 'number_literal', 'field_identifier', 'string_literal', 'char_literal', 'true', 'false', 'null',
  'concatenated_string', 'statement_identifier', 'type_identifier',
]);
// Operands the compiler never evaluates: no dereference, no call happens there.
const UNEVALUATED = new Set(['sizeof_expression', 'alignof_expression', 'offsetof_expression', 'type_descriptor']);

function operatorOf(n: SyntaxNode): string {
  const op = n.childForFieldName('operator');
  if (op !== null) return op.type;
  if (n.type === 'pointer_expression' || n.type === 'unary_expression') return n.child(0)?.type ?? '';
  return '';
}

/** `s` on one line, cut to `max` characters with an ellipsis. */
export function clip(s: string, max = 80): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

/**
 * Range and source text are computed on first use only: most nodes never appear in a message. Kept from the
 * node: its tree (text and line starts) and offsets, not the node itself, so that a remembered expression
 * (paths/unitCache.ts) does not hold the rest of its syntax tree.
 */
class Lowered implements Expr {
  private r: Range | undefined;
  private s: string | undefined;
  private readonly tree: SyntaxTree;
  private readonly end: number;
  constructor(
    node: SyntaxNode,
    readonly type: string,
    readonly op: string,
    readonly text: string,
    readonly kids: readonly Expr[],
    readonly start: number,
  ) {
    this.tree = node.tree;
    this.end = node.endIndex;
  }

  get range(): Range {
    return (this.r ??= { start: this.tree.position(this.start), end: this.tree.position(this.end) });
  }

  get src(): string {
    return (this.s ??= clip(this.tree.text.slice(this.start, this.end)));
  }
}

/** The children of every leaf: one shared empty list. */
const NO_KIDS: readonly Expr[] = Object.freeze([]);

/** Lowers an expression node (never throws; ERROR nodes become opaque leaves with their children). */
export function lowerExpr(n: SyntaxNode): Expr {
  const type = n.type;
  if (LEAVES.has(type) || n.namedChildCount === 0) return new Lowered(n, type, '', n.text, NO_KIDS, n.startIndex);
  if (UNEVALUATED.has(type)) return new Lowered(n, type, '', '', NO_KIDS, n.startIndex);
  const kids: Expr[] = [];
  if (type === 'call_expression') {
    const fn = n.childForFieldName('function');
    if (fn !== null) kids.push(lowerExpr(fn));
    const args = n.childForFieldName('arguments');
    for (const a of args?.namedChildren ?? []) if (a !== null && a.type !== 'comment') kids.push(lowerExpr(a));
    return new Lowered(n, type, '', '', kids, n.startIndex);
  }
  for (const c of n.namedChildren) {
    if (c === null || c.type === 'comment' || UNEVALUATED.has(c.type)) continue;
    kids.push(lowerExpr(c));
  }
  return new Lowered(n, type, operatorOf(n), '', kids, n.startIndex);
}

/** Strips parentheses and casts: the value of `(struct event *)(e)` is that of `e`. */
export function unwrap(e: Expr): Expr {
  let x = e;
  while ((x.type === 'parenthesized_expression' || x.type === 'cast_expression') && x.kids.length >= 1) {
    const inner = x.kids[x.kids.length - 1];
    if (inner === undefined) break;
    x = inner;
  }
  return x;
}

/** The callee name of a call expression whose callee is a plain identifier. */
export function calleeName(e: Expr): string | undefined {
  if (e.type !== 'call_expression') return undefined;
  const f = e.kids[0];
  return f !== undefined && f.type === 'identifier' ? f.text : undefined;
}
