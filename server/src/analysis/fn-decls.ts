// The declarations of a function body with their texts and declarator texts, read from the tree once per
// function text: several rules look a local up by name, and walking the body is what costs. The texts
// are remembered across analyses by the function's text (an unchanged function needs no walk); a node is
// read only when a rule asks for it, from model-build's single walk of the tree when it registered them.
import type { SyntaxNode } from './syntax/node';
import { registerCache, registerModelMemo, trimOldest } from './caches';
import { StaleMemo } from './collect';
import type { FunctionDef, ProgramModel } from './model';
import { ownCopy } from './text-memo';

export interface BodyDecl {
  /** Read on demand (a tree walk for a function whose texts came from the memo). */
  readonly node: SyntaxNode;
  readonly text: string;
  /** Texts of the `declarator` fields (`*e = ...`, `buf[16]`), in order. */
  readonly declarators: readonly string[];
  /** The names they declare (`e`, `buf`), in the same order; undefined where a declarator has no name. */
  readonly names: readonly (string | undefined)[];
}

/** The body's declarations that declare `name` (one, unless the name is declared again in an inner block). */
export function declarationsOf(fn: FunctionDef, name: string): BodyDecl[] {
  return bodyDeclarations(fn).filter((d) => d.names.includes(name));
}

/** The texts of the declarators in `fn`'s body that declare `name` (`*e = ...`, `buf[16]`). */
export function declaratorsOf(fn: FunctionDef, name: string): string[] {
  return bodyDeclarations(fn).flatMap((d) => d.declarators.filter((_, i) => d.names[i] === name));
}

/** Whether a declarator of `name` makes it an array (`buf[16]`; not `*p[4]` or `(*p)[4]`). */
export function declaresArray(declarator: string, name: string): boolean {
  const rest = declarator.trimStart();
  return rest.startsWith(name) && rest.slice(name.length).trimStart().startsWith('[');
}

/** The declarator's name of `T *x = ...`, `T x[4]`, `T x`. */
export function declaratorName(d: SyntaxNode | null): string | undefined {
  let n = d;
  while (n && n.type !== 'identifier') n = n.childForFieldName('declarator') ?? null;
  return n?.text;
}

const memo = new WeakMap<FunctionDef, BodyDecl[]>();
/** model-build.ts registers each function's declarations from its one walk of the whole tree. */
const registered = new WeakMap<FunctionDef, () => readonly SyntaxNode[]>();
/** The parsed text of each registered function (the key of `byText`). */
const texts = new WeakMap<FunctionDef, () => string>();

registerModelMemo((model) => {
  for (const fn of (model as ProgramModel).functions) {
    memo.delete(fn);
    registered.delete(fn);
    texts.delete(fn);
  }
});

type DeclTexts = readonly Omit<BodyDecl, 'node'>[];
const MAX_TEXTS = 4096;
const byText = new Map<string, DeclTexts>();
registerCache(() => byText.clear());

export function registerDeclarations(fn: FunctionDef, nodes: () => readonly SyntaxNode[], text?: () => string): void {
  registered.set(fn, nodes);
  if (text !== undefined) texts.set(fn, text);
}

/** The `declaration` nodes inside fn's body, in tree order (no walk when model-build registered them). */
export function declarationNodes(fn: FunctionDef): readonly SyntaxNode[] {
  const r = registered.get(fn);
  if (r !== undefined) return r();
  return fn.body.descendantsOfType('declaration');
}

export function bodyDeclarations(fn: FunctionDef): readonly BodyDecl[] {
  let list = memo.get(fn);
  if (list !== undefined) return list;
  const text = texts.get(fn)?.();
  const known = text === undefined ? undefined : byText.get(text);
  if (known !== undefined) {
    list = known.map((d, i) => ({
      get node(): SyntaxNode {
        const n = declarationNodes(fn)[i];
        // the tree parsed this text differently: analyze.ts forgets every cache and analyses again
        if (n === undefined) throw new StaleMemo(`declaration ${i} of ${fn.name} not in the tree`);
        return n;
      },
      text: d.text,
      declarators: d.declarators,
      names: d.names,
    }));
  } else {
    list = [];
    for (const node of declarationNodes(fn)) {
      const fields = node.childrenForFieldName('declarator');
      const declarators = fields.map((x) => ownCopy(x.text));
      const names = fields.map((x) => {
        const name = declaratorName(x);
        return name === undefined ? undefined : ownCopy(name);
      });
      list.push({ node, text: ownCopy(node.text), declarators, names });
    }
    if (text !== undefined) {
      byText.set(ownCopy(text), list.map((d) => ({ text: d.text, declarators: d.declarators, names: d.names })));
      trimOldest(byText, MAX_TEXTS);
    }
  }
  memo.set(fn, list);
  return list;
}
