// A readable one-line-per-node rendering of a CFG, for golden tests and debugging: reachable nodes
// only, renumbered in depth-first order so the text does not depend on construction order.
import type { Cfg, CfgNode } from './graph';
import { successors } from './graph';

function body(n: CfgNode, id: (x: number) => string): string {
  switch (n.kind) {
    case 'entry':
      return `entry -> ${id(n.next)}`;
    case 'eval':
      return `eval ${n.expr.src} -> ${id(n.next)}`;
    case 'decl':
      return `decl ${n.isDynptr ? 'dynptr ' : ''}${n.name}${n.init === undefined ? '' : ` = ${n.init.src}`} -> ${id(n.next)}`;
    case 'branch':
      return `${n.loop ? 'loop ' : ''}branch ${n.cond?.src ?? '?'} T:${id(n.t)} F:${id(n.f)}`;
    case 'return':
      return `return${n.value === undefined ? '' : ` ${n.value.src}`}`;
    case 'end':
      return 'end';
    case 'nop':
      return `nop -> ${id(n.next)}`;
  }
}

export function dumpCfg(cfg: Cfg): string[] {
  const order: number[] = [];
  const seen = new Set<number>();
  const stack = [cfg.entry];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === undefined || seen.has(x)) continue;
    seen.add(x);
    order.push(x);
    const n = cfg.nodes[x];
    if (n !== undefined) stack.push(...successors(n).reverse());
  }
  const num = new Map(order.map((x, i) => [x, i]));
  const id = (x: number): string => String(num.get(x) ?? '?');
  return order.map((x, i) => {
    const n = cfg.nodes[x];
    return `${i} ${n === undefined ? '?' : body(n, id)}`;
  });
}
