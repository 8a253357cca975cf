// Turns a web-tree-sitter Tree into a SyntaxTree: children read from wasm memory when the layout was verified
// (raw.ts), through the API otherwise (api.ts). The SyntaxTree owns the web-tree-sitter tree.
import type { Node, Tree } from 'web-tree-sitter';
import { ApiChildren } from './api';
import { flagsOf, SyntaxNode, SyntaxTree } from './node';
import type { RawLanguage } from './raw';
import { RawChildren } from './raw';

function rootOf(tree: SyntaxTree, raw: Node): SyntaxNode {
  return new SyntaxNode(tree, raw.id, raw.type, flagsOf(raw), raw.startIndex, raw.endIndex, null, null, 0);
}

/** Wraps `raw` (parsed from `text`); `lang` undefined: through the API. */
export function syntaxTree(raw: Tree, text: string, lang: RawLanguage | undefined): SyntaxTree {
  const tree = new SyntaxTree(text);
  const rawRoot = raw.rootNode;
  const root = rootOf(tree, rawRoot);
  if (lang !== undefined) {
    tree.attach(root, new RawChildren(lang, tree, () => raw.delete()));
  } else {
    const api = new ApiChildren(tree, raw);
    api.bind(root, rawRoot);
    tree.attach(root, api);
  }
  return tree;
}
