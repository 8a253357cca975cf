// A syntax tree as one Int32Array, to cross from the parse worker (parseWorker.ts) to the main thread, where
// FlatChildren turns it back into SyntaxNodes on demand. Nodes are in breadth-first order so that the children
// of a node are consecutive; each takes FLAT_INTS ints: type index (into the language's `types`), flags and
// field id, start and end (UTF-16 offsets in the parsed text), first child and child count.
import type { ChildSource } from './node';
import { flagsOf, NO_NODES, SyntaxNode, SyntaxTree } from './node';

export const FLAT_INTS = 6;
/** The field id's place in the flags int. */
export const FLAT_FIELD_SHIFT = 8;

/** Index of each type name in `types` (the first index of a name). */
export function typeIndex(types: readonly (string | undefined)[]): Map<string, number> {
  const out = new Map<string, number>();
  types.forEach((t, i) => {
    if (t !== undefined && !out.has(t)) out.set(t, i);
  });
  return out;
}

/** The tree below `root` (root included, first), breadth-first. */
export function flatten(root: SyntaxNode, types: ReadonlyMap<string, number>, fields: ReadonlyMap<string, number>): Int32Array {
  const order: SyntaxNode[] = [root];
  for (let i = 0; i < order.length; i++) for (const c of order[i]?.children ?? []) order.push(c);
  const out = new Int32Array(order.length * FLAT_INTS);
  let next = 1;
  for (let i = 0; i < order.length; i++) {
    const n = order[i];
    if (n === undefined) continue;
    const o = i * FLAT_INTS;
    const count = n.children.length;
    out[o] = types.get(n.type) ?? -1;
    out[o + 1] = flagsOf(n) | ((n.field === null ? 0 : (fields.get(n.field) ?? 0)) << FLAT_FIELD_SHIFT);
    out[o + 2] = n.startIndex;
    out[o + 3] = n.endIndex;
    out[o + 4] = next;
    out[o + 5] = count;
    next += count;
  }
  return out;
}

/**
 * Children of the nodes of one flat tree placed at `base` in the text of `tree`. Node ids are negative
 * (-1 - index), so that they never equal the id (a wasm address) of a node parsed on this thread.
 */
export class FlatChildren implements TailChildren, ChildSource {
  constructor(
    private readonly tree: SyntaxTree,
    private readonly flat: Int32Array,
    private readonly base: number,
    private readonly types: readonly (string | undefined)[],
    private readonly fields: readonly (string | null)[],
  ) {}

  /** Whether `node` belongs to this flat tree. */
  owns(node: SyntaxNode): boolean {
    return node.id < 0;
  }

  /** The flat root's children, as children of `parent` from index `first` on. */
  rootChildren(parent: SyntaxNode, first: number): SyntaxNode[] {
    return this.make(0, parent, first);
  }

  childrenOf(node: SyntaxNode): SyntaxNode[] {
    return this.make(-1 - node.id, node, 0);
  }

  delete(): void {
    // an array: nothing to free
  }

  private make(index: number, parent: SyntaxNode, first: number): SyntaxNode[] {
    const f = this.flat;
    const o = index * FLAT_INTS;
    const from = f[o + 4] ?? 0;
    const count = f[o + 5] ?? 0;
    if (count === 0) return NO_NODES;
    // sized once: a list grown by push reserves 16 slots at least, and lists live as long as their tree
    const out = new Array<SyntaxNode>(count);
    for (let i = 0; i < count; i++) {
      const c = from + i;
      const p = c * FLAT_INTS;
      const bits = f[p + 1] ?? 0;
      out[i] = new SyntaxNode(
        this.tree,
        -1 - c,
        this.types[f[p] ?? -1] ?? 'ERROR',
        bits & 0xff,
        (f[p + 2] ?? 0) + this.base,
        (f[p + 3] ?? 0) + this.base,
        this.fields[bits >> FLAT_FIELD_SHIFT] ?? null,
        parent,
        first + i,
      );
    }
    return out;
  }
}

/** A SyntaxTree of `text` read from a flat tree of all of it (tests; the split parse uses FlatChildren directly). */
export function flatTree(text: string, flat: Int32Array, types: readonly (string | undefined)[], fields: readonly (string | null)[]): SyntaxTree {
  const tree = new SyntaxTree(text);
  const bits = flat[1] ?? 0;
  const root = new SyntaxNode(tree, -1, types[flat[0] ?? -1] ?? 'ERROR', bits & 0xff, flat[2] ?? 0, flat[3] ?? 0, null, null, 0);
  tree.attach(root, new FlatChildren(tree, flat, 0, types, fields));
  return tree;
}

/** The second part of a split parse: the root's children there, and the children of its nodes. */
export interface TailChildren {
  /** Whether `node` belongs to the second part. */
  owns(node: SyntaxNode): boolean;
  rootChildren(parent: SyntaxNode, first: number): SyntaxNode[];
  childrenOf(node: SyntaxNode): SyntaxNode[];
  /** Frees its tree, when it has one on this thread. */
  delete(): void;
}

/** Children from this thread's raw tree for the first part and the second part's for the rest (split parses). */
export class SplitChildren implements ChildSource {
  constructor(
    private readonly root: SyntaxNode,
    /** The root's children from the head (read already). */
    private readonly rootHead: readonly SyntaxNode[],
    private readonly head: ChildSource,
    private readonly tail: TailChildren,
  ) {}

  childrenOf(node: SyntaxNode): SyntaxNode[] {
    if (node === this.root) return this.rootHead.concat(this.tail.rootChildren(node, this.rootHead.length));
    return this.tail.owns(node) ? this.tail.childrenOf(node) : this.head.childrenOf(node);
  }

  delete(): void {
    this.head.delete();
    this.tail.delete();
  }
}
