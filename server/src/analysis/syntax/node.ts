// Plain JavaScript syntax nodes over one tree-sitter parse: the subset of web-tree-sitter's Node API that the
// analysis reads, with every property a field. web-tree-sitter's own Node crosses into wasm and allocates for each
// property read and each child (~550 ns per node visited); these read the tree's memory once per node, when its
// parent's children are first asked for (see raw.ts), or through the API when the memory layout is not the one
// raw.ts knows (api.ts). Nodes are valid until their tree is deleted; using one afterwards throws.
import type { Position, Range } from '../findings';
import { lineStarts, positionAt } from '../lines';

/** tree-sitter's point: zero-based row, column in UTF-16 code units (what JavaScript strings count). */
export interface Point {
  readonly row: number;
  readonly column: number;
}

/** Where the children of a node come from: the tree's wasm memory or web-tree-sitter's API. */
export interface ChildSource {
  /** The visible children of `node`, in order, with their field names. */
  childrenOf(node: SyntaxNode): SyntaxNode[];
  /** Frees the underlying tree. */
  delete(): void;
}

/** One parse: its text, its root, and the source of its nodes' children. */
export class SyntaxTree {
  private starts: readonly number[] | undefined;
  private deleted = false;
  private source: ChildSource | undefined;
  rootNode!: SyntaxNode;

  /** `text`: the text that was parsed. Unusable until `attach()`. */
  constructor(readonly text: string) {}

  attach(root: SyntaxNode, source: ChildSource): void {
    this.rootNode = root;
    this.source = source;
  }

  /** The offsets at which the text's lines start (computed once, shared with whoever needs them). */
  lineStarts(): readonly number[] {
    return (this.starts ??= lineStarts(this.text));
  }

  /** Position of a UTF-16 offset of the text. */
  position(offset: number): Position {
    return positionAt(this.lineStarts(), offset);
  }

  /** UTF-16 offset of a point (clamped to its line's end). */
  offsetAt(p: Point): number {
    const starts = this.lineStarts();
    const line = starts[p.row];
    if (line === undefined) return this.text.length;
    const next = starts[p.row + 1] ?? this.text.length + 1;
    return Math.min(line + p.column, next - 1);
  }

  childrenOf(node: SyntaxNode): SyntaxNode[] {
    if (this.deleted) throw new Error('ringscope: syntax node used after its tree was deleted');
    return this.source?.childrenOf(node) ?? [];
  }

  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    this.source?.delete();
    this.source = undefined;
    // a node something still holds must not hold the rest of the tree through its children: V8's young
    // collector cannot tell such a holder from a dead one until the next full collection
    if (this.rootNode !== undefined) this.rootNode.release();
  }
}

/** The children of every leaf: one shared list (half of a tree's nodes are leaves). Never modified. */
export const NO_NODES: SyntaxNode[] = [];

/** SyntaxNode flags. */
export const NAMED = 1;
export const HAS_ERROR = 2;
export const MISSING = 4;
export const EXTRA = 8;

/** The flags of a web-tree-sitter node (four reads through the API). */
export function flagsOf(n: { isNamed: boolean; hasError: boolean; isMissing: boolean; isExtra: boolean }): number {
  return (n.isNamed ? NAMED : 0) | (n.hasError ? HAS_ERROR : 0) | (n.isMissing ? MISSING : 0) | (n.isExtra ? EXTRA : 0);
}

export class SyntaxNode {
  private kids: SyntaxNode[] | undefined;
  private namedKids: SyntaxNode[] | undefined;

  constructor(
    readonly tree: SyntaxTree,
    /** tree-sitter's node id (the address of its subtree slot): equal for the same node of the same tree. */
    readonly id: number,
    readonly type: string,
    /** NAMED | HAS_ERROR | MISSING | EXTRA: one field rather than four (a 2,000-line file has 16,000 nodes). */
    private readonly flags: number,
    readonly startIndex: number,
    readonly endIndex: number,
    /** Field name of this node in its parent (`condition`, `body`, ...). */
    readonly field: string | null,
    readonly parent: SyntaxNode | null,
    /** Index in the parent's children. */
    readonly index: number,
  ) {}

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  /** Drops the children lists of this node and of every materialized node below it (its tree was deleted). */
  release(): void {
    const stack: SyntaxNode[] = [this];
    for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
      const kids = n.kids;
      if (kids === undefined) continue;
      for (let i = 0; i < kids.length; i++) {
        const c = kids[i];
        if (c !== undefined && c.kids !== undefined) stack.push(c);
      }
      n.kids = undefined;
      n.namedKids = undefined;
    }
  }

  /** Contains an ERROR or MISSING node (or is one). */
  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  get isExtra(): boolean {
    return (this.flags & EXTRA) !== 0;
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    const p = this.tree.position(this.startIndex);
    return { row: p.line, column: p.character };
  }

  get endPosition(): Point {
    const p = this.tree.position(this.endIndex);
    return { row: p.line, column: p.character };
  }

  get range(): Range {
    return { start: this.tree.position(this.startIndex), end: this.tree.position(this.endIndex) };
  }

  get children(): SyntaxNode[] {
    return (this.kids ??= this.tree.childrenOf(this));
  }

  get namedChildren(): SyntaxNode[] {
    let named = this.namedKids;
    if (named === undefined) {
      const kids = this.children;
      let count = 0;
      for (let i = 0; i < kids.length; i++) if (((kids[i] as SyntaxNode).flags & NAMED) !== 0) count++;
      if (count === kids.length) named = kids; // all named (no punctuation): the same list serves both
      else {
        // sized once (see FlatChildren.make)
        named = new Array<SyntaxNode>(count);
        for (let i = 0, j = 0; i < kids.length; i++) {
          const c = kids[i] as SyntaxNode;
          if ((c.flags & NAMED) !== 0) named[j++] = c;
        }
      }
      this.namedKids = named;
    }
    return named;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): SyntaxNode | null {
    return this.children[i] ?? null;
  }

  namedChild(i: number): SyntaxNode | null {
    return this.namedChildren[i] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    const kids = this.children;
    return kids[kids.length - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const sibs = this.parent?.children ?? [];
    for (let i = this.index + 1; i < sibs.length; i++) {
      const s = sibs[i];
      if (s?.isNamed === true) return s;
    }
    return null;
  }

  fieldNameForChild(i: number): string | null {
    return this.children[i]?.field ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === name);
  }

  /** This node and its descendants of the given types, in document order. */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: SyntaxNode[] = [];
    // depth-first, children pushed last to first: document order without recursion
    const stack: SyntaxNode[] = [this];
    for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
      if (wanted.includes(n.type)) out.push(n);
      const kids = n.children;
      for (let i = kids.length - 1; i >= 0; i--) {
        const c = kids[i];
        if (c !== undefined) stack.push(c);
      }
    }
    return out;
  }

  /** The smallest node (named or not) within this one that spans [start, end]; this node when none is smaller. */
  descendantForIndex(start: number, end: number = start): SyntaxNode {
    return smallestSpanning(this, start, end);
  }

  descendantForPosition(start: Point, end: Point = start): SyntaxNode {
    return this.descendantForIndex(this.tree.offsetAt(start), this.tree.offsetAt(end));
  }

  equals(other: SyntaxNode): boolean {
    return other.id === this.id && other.tree === this.tree;
  }

  toString(): string {
    return `(${this.type} ${this.startIndex}-${this.endIndex})`;
  }
}

function smallestSpanning(from: SyntaxNode, start: number, end: number): SyntaxNode {
  let node = from;
  for (;;) {
    let next: SyntaxNode | undefined;
    for (const c of node.children) {
      // as tree-sitter: reach the range's end, pass its start (or touch it, when empty), begin at or before it
      if (c.endIndex < end) continue;
      if (c.startIndex === c.endIndex ? c.endIndex < start : c.endIndex <= start) continue;
      if (start < c.startIndex) break;
      next = c;
      break;
    }
    if (next === undefined) return node;
    node = next;
  }
}
