// Builds the CFG of one function body from tree-sitter nodes: if/else, switch (fallthrough, default),
// for/while/do, break/continue, goto/labels, return, bpf_for/bpf_repeat blocks, #if blocks. Never throws.
import type { SyntaxNode } from '../syntax/node';
import { clip, lowerExpr, type Expr } from './expr';
import type { Cfg, CfgNode } from './graph';
import { lowerCondition } from './conditions';

/** Open-coded iterator macros of bpf_helpers.h: `bpf_for(i, a, b) { ... }` parses as a call then a block. */
const ITER_MACROS = new Set(['bpf_for', 'bpf_repeat', 'bpf_for_each']);

interface Jumps {
  readonly brk: number | undefined;
  readonly cont: number | undefined;
}

export class CfgBuilder {
  readonly nodes: CfgNode[] = [];
  private readonly labels = new Map<string, number>();
  unsupported = 0;

  add(n: CfgNode): number {
    this.nodes.push(n);
    return this.nodes.length - 1;
  }

  /** The join node of label `name`, created on first mention. */
  private label(name: string): number {
    let id = this.labels.get(name);
    if (id === undefined) this.labels.set(name, (id = this.nop()));
    return id;
  }

  nop(): number {
    return this.add({ kind: 'nop', next: -1 });
  }

  setNext(id: number, next: number): void {
    const n = this.nodes[id];
    if (n !== undefined && (n.kind === 'nop' || n.kind === 'entry' || n.kind === 'eval' || n.kind === 'decl')) n.next = next;
  }

  branch(cond: Expr | undefined, label: string, onTrue: string, onFalse: string, t: number, f: number, loop = false): number {
    return this.add({ kind: 'branch', cond, label, onTrue, onFalse, loop, t, f });
  }

  build(name: string, body: SyntaxNode): Cfg {
    const entry = this.add({ kind: 'entry', next: -1 });
    const closing = body.lastChild;
    const end = this.add({ kind: 'end', range: (closing ?? body).range });
    this.setNext(entry, this.stmt(body, end, { brk: undefined, cont: undefined }));
    // A label never reached by its statement (half-typed code) falls to the end.
    for (const id of this.labels.values()) {
      const n = this.nodes[id];
      if (n !== undefined && n.kind === 'nop' && n.next < 0) n.next = end;
    }
    return { name, nodes: this.nodes, entry, unsupported: this.unsupported };
  }

  /** Builds statement `n` so that it continues at `next`; returns its entry node. */
  stmt(n: SyntaxNode | null, next: number, j: Jumps): number {
    if (n === null) return next;
    switch (n.type) {
      case 'compound_statement':
        return this.seq(n.namedChildren, next, j);
      case 'expression_statement': {
        const e = n.namedChild(0);
        return e === null ? next : this.evalOrCond(e, next);
      }
      case 'declaration':
        return this.decl(n, next);
      case 'if_statement':
        return this.ifStmt(n, next, j);
      case 'while_statement':
        return this.whileStmt(n, next);
      case 'do_statement':
        return this.doStmt(n, next);
      case 'for_statement':
        return this.forStmt(n, next);
      case 'switch_statement':
        return this.switchStmt(n, next, j);
      case 'break_statement':
        return j.brk ?? next;
      case 'continue_statement':
        return j.cont ?? next;
      case 'return_statement': {
        const v = n.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
        return this.add({ kind: 'return', value: v === null ? undefined : lowerExpr(v), range: n.range });
      }
      case 'goto_statement':
        return this.label(n.childForFieldName('label')?.text ?? '');
      case 'labeled_statement': {
        // Statements are built last to first, so a goto may meet its label before or after this point.
        const id = this.label(n.childForFieldName('label')?.text ?? '');
        const inner = n.namedChildren.filter((c) => c !== null && c.type !== 'statement_identifier');
        this.setNext(id, this.seq(inner, next, j));
        return id;
      }
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_else':
      case 'preproc_elif':
      case 'preproc_elifdef':
        return this.preproc(n, next, j);
      case 'comment':
      case 'preproc_call':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_include':
      case 'type_definition':
        return next;
      case 'attributed_statement':
        return this.seq(n.namedChildren.filter((c) => c !== null && c.type !== 'attribute_declaration'), next, j);
      default:
        // ERROR and anything unknown: skipped, but counted so the engine knows the graph is partial.
        this.unsupported++;
        return next;
    }
  }

  private seq(children: readonly (SyntaxNode | null)[], next: number, j: Jumps): number {
    const list = children.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
    let cur = next;
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i];
      if (c === undefined) continue;
      const prev = list[i - 1];
      const macro = prev !== undefined && c.type === 'compound_statement' ? iterMacro(prev) : undefined;
      if (macro !== undefined) {
        cur = this.iterLoop(macro, c, cur);
        i--; // the macro call statement is part of the loop
        continue;
      }
      cur = this.stmt(c, cur, j);
    }
    return cur;
  }

  private evalOrCond(e: SyntaxNode, next: number): number {
    return this.add({ kind: 'eval', expr: lowerExpr(e), next });
  }

  private decl(n: SyntaxNode, next: number): number {
    const type = n.childForFieldName('type');
    const isDynptrType = type !== null && type.type === 'struct_specifier' && type.childForFieldName('name')?.text === 'bpf_dynptr';
    const decls = n.childrenForFieldName('declarator');
    let cur = next;
    for (let i = decls.length - 1; i >= 0; i--) {
      const d = decls[i];
      if (d === undefined) continue;
      const target = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
      const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
      const name = declaredName(target);
      if (name === undefined) continue;
      const isPointer = target !== null && target.type === 'pointer_declarator';
      cur = this.add({
        kind: 'decl',
        name,
        init: value === null ? undefined : lowerExpr(value),
        isDynptr: isDynptrType && !isPointer,
        range: d.range,
        next: cur,
      });
    }
    return cur;
  }

  private ifStmt(n: SyntaxNode, next: number, j: Jumps): number {
    const cond = n.childForFieldName('condition');
    const then = this.stmt(n.childForFieldName('consequence'), next, j);
    const alt = n.childForFieldName('alternative');
    const elseBody = alt === null ? null : alt.type === 'else_clause' ? alt.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null : alt;
    const otherwise = this.stmt(elseBody, next, j);
    if (cond === null) return this.branch(undefined, 'if', '', '', then, otherwise);
    const label = `if ${clipCond(cond.text)}`;
    return lowerCondition(this, cond, then, otherwise, label, false);
  }

  private whileStmt(n: SyntaxNode, next: number): number {
    const head = this.nop();
    const body = this.stmt(n.childForFieldName('body'), head, { brk: next, cont: head });
    const cond = n.childForFieldName('condition');
    const test = cond === null ? body : lowerCondition(this, cond, body, next, `while ${clipCond(cond.text)}`, true);
    this.setNext(head, test);
    return head;
  }

  private doStmt(n: SyntaxNode, next: number): number {
    const condHead = this.nop();
    const bodyHead = this.nop();
    const body = this.stmt(n.childForFieldName('body'), condHead, { brk: next, cont: condHead });
    this.setNext(bodyHead, body);
    const cond = n.childForFieldName('condition');
    const test = cond === null ? next : lowerCondition(this, cond, bodyHead, next, `do ... while ${clipCond(cond.text)}`, true);
    this.setNext(condHead, test);
    return bodyHead;
  }

  private forStmt(n: SyntaxNode, next: number): number {
    const head = this.nop();
    const updNode = n.childForFieldName('update');
    const upd = updNode === null ? head : this.add({ kind: 'eval', expr: lowerExpr(updNode), next: head });
    const body = this.stmt(n.childForFieldName('body'), upd, { brk: next, cont: upd });
    const cond = n.childForFieldName('condition');
    const test =
      cond === null
        ? this.branch(undefined, 'for (;;)', '', '', body, next, true)
        : lowerCondition(this, cond, body, next, `for (...; ${clipCond(cond.text, false)}; ...)`, true);
    this.setNext(head, test);
    const init = n.childForFieldName('initializer');
    if (init === null) return head;
    if (init.type === 'declaration') return this.decl(init, head);
    return this.add({ kind: 'eval', expr: lowerExpr(init), next: head });
  }

  private switchStmt(n: SyntaxNode, next: number, j: Jumps): number {
    const value = n.childForFieldName('condition');
    const body = n.childForFieldName('body');
    const cases = (body?.namedChildren ?? []).filter((c): c is SyntaxNode => c !== null && c.type === 'case_statement');
    const label = `switch ${clipCond(value?.text ?? '()')}`;
    const inner: Jumps = { brk: next, cont: j.cont };
    // Bodies are built last to first so each falls through into the following one.
    const entries: number[] = [];
    let fall = next;
    for (let i = cases.length - 1; i >= 0; i--) {
      const c = cases[i];
      if (c === undefined) continue;
      const stmts = c.namedChildren.filter((x) => x !== null && !c.childForFieldName('value')?.equals(x));
      fall = this.seq(stmts, fall, inner);
      entries[i] = fall;
    }
    let dispatch = next;
    const defIdx = cases.findIndex((c) => c.childForFieldName('value') === null);
    if (defIdx >= 0) dispatch = entries[defIdx] ?? next;
    for (let i = cases.length - 1; i >= 0; i--) {
      const c = cases[i];
      const v = c?.childForFieldName('value');
      if (c === undefined || v === null || v === undefined) continue;
      dispatch = this.branch(undefined, label, `${label} case ${v.text}`, '', entries[i] ?? next, dispatch);
    }
    if (defIdx >= 0) {
      // Name the default edge too, so paths through it read well.
      const d = dispatch;
      dispatch = this.branch(undefined, label, '', `${label} default`, d, d);
    }
    if (value === null) return dispatch;
    return this.add({ kind: 'eval', expr: lowerExpr(value), next: dispatch });
  }

  private iterLoop(macro: { name: string; text: string }, block: SyntaxNode, next: number): number {
    const head = this.nop();
    const body = this.stmt(block, head, { brk: next, cont: head });
    // The verifier explores the zero-iteration exit too: the body may never run.
    const test = this.branch(undefined, macro.text, `${macro.text} body runs`, `${macro.text} loop ends`, body, next, true);
    this.setNext(head, test);
    return head;
  }

  private preproc(n: SyntaxNode, next: number, j: Jumps): number {
    const alt = n.childForFieldName('alternative');
    const skip = new Set(['identifier', 'preproc_defined', 'preproc_arg', 'binary_expression', 'unary_expression', 'parenthesized_expression', 'number_literal', 'call_expression']);
    const cond = n.childForFieldName('condition') ?? n.childForFieldName('name');
    const body = n.namedChildren.filter(
      (c): c is SyntaxNode => c !== null && !skip.has(c.type) && !(alt !== null && c.equals(alt)) && !(cond !== null && c.equals(cond)),
    );
    const yes = this.seq(body, next, j);
    const no = alt === null ? next : this.stmt(alt, next, j);
    if (n.type === 'preproc_else') return yes;
    return this.branch(undefined, '#if', '', '', yes, no);
  }
}

function iterMacro(stmt: SyntaxNode): { name: string; text: string } | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const call = stmt.namedChild(0);
  if (call === null || call.type !== 'call_expression') return undefined;
  const name = call.childForFieldName('function')?.text ?? '';
  return ITER_MACROS.has(name) ? { name, text: call.text.replace(/\s+/g, ' ') } : undefined;
}

/**
 * Does `body` contain a real syntax error? The `;` tree-sitter finds missing after `bpf_for(i, 0, n)`
 * (a macro followed by a block) is not one.
 */
export function hasSyntaxErrors(body: SyntaxNode): boolean {
  if (!body.hasError) return false;
  const visit = (n: SyntaxNode): boolean => {
    if (n.isError) return true;
    if (n.isMissing) return !(n.type === ';' && n.parent !== null && iterMacro(n.parent) !== undefined);
    if (!n.hasError) return false;
    return n.children.some((c) => c !== null && visit(c));
  };
  return visit(body);
}

/** Name declared by a declarator (`*e`, `d[2]`, `x`), if any. */
export function declaredName(d: SyntaxNode | null): string | undefined {
  let cur = d;
  while (cur !== null) {
    if (cur.type === 'identifier') return cur.text;
    cur = cur.childForFieldName('declarator');
  }
  return undefined;
}

function clipCond(text: string, parens = true): string {
  const s = clip(text, 60);
  return parens && !s.startsWith('(') ? `(${s})` : s;
}

/** The CFG of a function body (`compound_statement`). */
export function buildCfg(name: string, body: SyntaxNode): Cfg {
  return new CfgBuilder().build(name, body);
}
