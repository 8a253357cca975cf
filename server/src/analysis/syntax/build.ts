// Turns a web-tree-sitter Tree into a SyntaxTree: children read from wasm memory when the layout was verified
// (raw.ts), through the API otherwise (api.ts). The SyntaxTree owns the web-tree-sitter tree.
import type { Node, Tree } from 'web-tree-sitter';
import { ApiChildren } from './api';
import type { ChildSource } from './node';
import { flagsOf, SyntaxNode, SyntaxTree } from './node';
import type { RawLanguage } from './raw';
import { RawChildren } from './raw';

function rootOf(tree: SyntaxTree, raw: Node): SyntaxNode {
  return new SyntaxNode(tree, raw.id, raw.type, flagsOf(raw), raw.startIndex, raw.endIndex, null, null, 0);
}

/** Where `root`'s tree (`raw`, owned from now on) reads its children: wasm memory with `lang`, else the API. */
export function childSource(raw: Tree, tree: SyntaxTree, root: SyntaxNode, lang: RawLanguage | undefined): ChildSource {
  if (lang !== undefined) return new RawChildren(lang, tree, () => raw.delete());
  const api = new ApiChildren(tree, raw);
  api.bind(root, raw.rootNode);
  return api;
}

/** Wraps `raw` (parsed from `text`); `lang` undefined: through the API. */
export function syntaxTree(raw: Tree, text: string, lang: RawLanguage | undefined): SyntaxTree {
  const tree = new SyntaxTree(text);
  const root = rootOf(tree, raw.rootNode);
  tree.attach(root, childSource(raw, tree, root, lang));
  return tree;
}
