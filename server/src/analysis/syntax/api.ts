// Children through web-tree-sitter's Node API: the slow, layout-independent way, used when raw.ts does not
// recognise the wasm memory layout (a web-tree-sitter or grammar ABI it was not checked against).
import type { Node, Tree } from 'web-tree-sitter';
import type { ChildSource, SyntaxTree } from './node';
import { flagsOf, SyntaxNode } from './node';

export class ApiChildren implements ChildSource {
  private readonly nodes = new Map<SyntaxNode, Node>();

  constructor(
    private readonly tree: SyntaxTree,
    private readonly raw: Tree,
  ) {}

  /** Registers the web-tree-sitter node behind `node` (the root). */
  bind(node: SyntaxNode, raw: Node): void {
    this.nodes.set(node, raw);
  }

  childrenOf(node: SyntaxNode): SyntaxNode[] {
    const raw = this.nodes.get(node);
    const out: SyntaxNode[] = [];
    if (raw === undefined) return out;
    const kids = raw.children;
    // as ts_node_child_by_field_id (not fieldNameForChild, which looks into hidden children): no field under an ERROR
    const fields = raw.type !== 'ERROR';
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      if (c === null || c === undefined) continue;
      const child = new SyntaxNode(this.tree, c.id, c.type, flagsOf(c), c.startIndex, c.endIndex, fields ? raw.fieldNameForChild(i) : null, node, out.length);
      this.nodes.set(child, c);
      out.push(child);
    }
    return out;
  }

  delete(): void {
    this.nodes.clear();
    this.raw.delete();
  }
}
