// The declarations of a function body with their texts and declarator texts, read from the tree once per
// function of a model: several rules look a local up by name, and every walk or node read is a wasm call.
// The nodes come from model-build's single walk of the tree when it registered them.
import type { Node } from 'web-tree-sitter';
import type { FunctionDef } from './model';

export interface BodyDecl {
  readonly node: Node;
  readonly text: string;
  /** Texts of the `declarator` fields (`*e = ...`, `buf[16]`), in order. */
  readonly declarators: readonly string[];
}

const memo = new WeakMap<FunctionDef, BodyDecl[]>();
/** model-build.ts registers each function's declarations from its one walk of the whole tree. */
const registered = new WeakMap<FunctionDef, () => readonly Node[]>();

export function registerDeclarations(fn: FunctionDef, nodes: () => readonly Node[]): void {
  registered.set(fn, nodes);
}

/** The `declaration` nodes inside fn's body, in tree order (no walk when model-build registered them). */
export function declarationNodes(fn: FunctionDef): readonly Node[] {
  const r = registered.get(fn);
  if (r !== undefined) return r();
  return fn.body.descendantsOfType('declaration').filter((n): n is Node => n !== null);
}

export function bodyDeclarations(fn: FunctionDef): readonly BodyDecl[] {
  let list = memo.get(fn);
  if (list === undefined) {
    list = [];
    for (const node of declarationNodes(fn)) {
      const declarators = node.childrenForFieldName('declarator').flatMap((x) => (x === null ? [] : [x.text]));
      list.push({ node, text: node.text, declarators });
    }
    memo.set(fn, list);
  }
  return list;
}
