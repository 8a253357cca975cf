// Compares two SyntaxTrees node by node (the raw reader against the API): what raw.ts must agree on.
import type { SyntaxNode, SyntaxTree } from './node';

const FIELDS = ['type', 'isNamed', 'startIndex', 'endIndex', 'field', 'hasError', 'isMissing', 'isExtra', 'id'] as const;

/** The first difference between the two trees, described; undefined when they agree everywhere. */
export function treeDifference(a: SyntaxTree, b: SyntaxTree, ignore: readonly string[] = []): string | undefined {
  const fields = FIELDS.filter((f) => !ignore.includes(f));
  const stack: [SyntaxNode, SyntaxNode][] = [[a.rootNode, b.rootNode]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [x, y] = top;
    for (const f of fields) {
      if (x[f] !== y[f]) return `${String(f)} of ${x.toString()}: ${String(x[f])} against ${String(y[f])}`;
    }
    const xs = x.children;
    const ys = y.children;
    if (xs.length !== ys.length) return `children of ${x.toString()}: ${xs.length} against ${ys.length}`;
    for (let i = xs.length - 1; i >= 0; i--) {
      const xc = xs[i];
      const yc = ys[i];
      if (xc !== undefined && yc !== undefined) stack.push([xc, yc]);
    }
  }
  return undefined;
}
