// The control-flow graph of one C function: statement-level nodes with explicit successors, where every
// branch tests one atomic condition (&&, ||, ?: and ! are already lowered into branch chains).
import type { Range } from '../findings';
import type { Expr } from './expr';

export type CfgNode =
  | { readonly kind: 'entry'; next: number }
  /** Evaluate an expression for its effects (expression statement, loop update, switch value). */
  | { readonly kind: 'eval'; readonly expr: Expr; next: number }
  /** Declare a local, with its initialiser. `isDynptr`: `struct bpf_dynptr` storage (a stack slot). */
  | {
      readonly kind: 'decl';
      readonly name: string;
      readonly init: Expr | undefined;
      readonly isDynptr: boolean;
      readonly range: Range;
      next: number;
    }
  /**
   * Two-way branch on `cond` (an atom). `label` names the decision for path descriptions
   * (`if (pid != target)`), `onTrue`/`onFalse` what taking each edge means.
   */
  | {
      readonly kind: 'branch';
      readonly cond: Expr | undefined;
      readonly label: string;
      readonly onTrue: string;
      readonly onFalse: string;
      /** Loop head: the engine widens states here after one iteration. */
      readonly loop: boolean;
      t: number;
      f: number;
    }
  /** `return [value];`: leaves the function. */
  | { readonly kind: 'return'; readonly value: Expr | undefined; readonly range: Range }
  /** Falling off the closing brace. */
  | { readonly kind: 'end'; readonly range: Range }
  /** Join point, label or placeholder. */
  | { readonly kind: 'nop'; next: number };

export interface Cfg {
  readonly name: string;
  readonly nodes: readonly CfgNode[];
  /** Always 0. */
  readonly entry: number;
  /** Number of statements the builder could not model (ERROR nodes): the engine stays quiet on those paths. */
  readonly unsupported: number;
}

/** Successor ids of a node, for graph walks and tests. */
export function successors(n: CfgNode): number[] {
  switch (n.kind) {
    case 'entry':
    case 'eval':
    case 'decl':
    case 'nop':
      return [n.next];
    case 'branch':
      return [n.t, n.f];
    case 'return':
    case 'end':
      return [];
  }
}
