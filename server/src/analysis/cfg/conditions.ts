// Lowers a C condition into a chain of branch nodes on atoms: `!` swaps the targets, `&&`/`||`
// short-circuit, `?:` picks a sub-condition, `,` evaluates its left side first. Labels name each edge.
import type { SyntaxNode } from '../syntax/node';
import { lowerExpr } from './expr';
import type { CfgBuilder } from './build';

interface Ctx {
  readonly label: string;
  readonly loop: boolean;
  /** Where the whole condition goes when it holds / fails: only edges reaching these are named. */
  readonly finalT: number;
  readonly finalF: number;
}

function strip(n: SyntaxNode): SyntaxNode {
  let cur = n;
  while (cur.type === 'parenthesized_expression') {
    const inner = cur.namedChildren.find((c) => c !== null && c.type !== 'comment');
    if (inner === undefined || inner === null) break;
    cur = inner;
  }
  return cur;
}

function isNot(n: SyntaxNode): SyntaxNode | undefined {
  if (n.type !== 'unary_expression' || n.childForFieldName('operator')?.type !== '!') return undefined;
  return n.childForFieldName('argument') ?? undefined;
}

/**
 * Builds the branch chain for condition `cond`, continuing at `t` when it holds and `f` otherwise.
 * `label` is the statement header (`if (pid != target)`); returns the chain's entry node.
 */
export function lowerCondition(b: CfgBuilder, cond: SyntaxNode, t: number, f: number, label: string, loop: boolean): number {
  return lower(b, cond, t, f, { label, loop, finalT: t, finalF: f });
}

function lower(b: CfgBuilder, n: SyntaxNode, t: number, f: number, ctx: Ctx): number {
  const s = strip(n);
  const inner = isNot(s);
  if (inner !== undefined) return lower(b, inner, f, t, ctx);
  if (s.type === 'binary_expression') {
    const op = s.childForFieldName('operator')?.type;
    const left = s.childForFieldName('left');
    const right = s.childForFieldName('right');
    if ((op === '&&' || op === '||') && left !== null && right !== null) {
      const mid = lower(b, right, t, f, ctx);
      return op === '&&' ? lower(b, left, mid, f, ctx) : lower(b, left, t, mid, ctx);
    }
  }
  if (s.type === 'conditional_expression') {
    const c = s.childForFieldName('condition');
    const yes = s.childForFieldName('consequence');
    const no = s.childForFieldName('alternative');
    if (c !== null && yes !== null && no !== null) {
      const y = lower(b, yes, t, f, ctx);
      const x = lower(b, no, t, f, ctx);
      return lower(b, c, y, x, ctx);
    }
  }
  if (s.type === 'comma_expression') {
    const left = s.childForFieldName('left');
    const right = s.childForFieldName('right');
    if (left !== null && right !== null) {
      const r = lower(b, right, t, f, ctx);
      return b.add({ kind: 'eval', expr: lowerExpr(left), next: r });
    }
  }
  const [yes, no] = ctx.loop ? ['iterates', 'exits'] : ['taken', 'not taken'];
  // Edges inside a && / || chain are not decisions of their own; the ones leaving it are.
  const name = (target: number): string => (target === ctx.finalT ? `${ctx.label} ${yes}` : target === ctx.finalF ? `${ctx.label} ${no}` : '');
  const onTrue = name(t);
  const onFalse = name(f);
  return b.branch(lowerExpr(s), ctx.label, onTrue, onFalse, t, f, ctx.loop);
}
