// Which tests of a variable ranges/interval.ts models. The range analysis follows only exiting guards
// (`if (n OP K) return ...;` before the use); any other test of the variable (a branch around the use,
// `!=`, a loop condition, switch, ?:) may narrow it on the use's path, so range-based rules stay silent.
import type { SyntaxNode } from '../syntax/node';
import type { FunctionDef, ProgramModel } from '../model';
import { exitsBefore, within } from './syntax';

function identifiers(n: SyntaxNode): SyntaxNode[] {
  return n.type === 'identifier' ? [n] : n.descendantsOfType('identifier');
}

/**
 * Whether every test of `name` in fn is a guard ranges/interval.ts models: `if (name OP K) return ...;`
 * (OP relational, K constant, `||`-joined) ending before the call in a block around it. Any other test
 * (`!=`, `goto`, a branch around the call, a loop condition) may narrow the value on the call's path.
 */
export function onlyModelledTests(model: ProgramModel, fn: FunctionDef, name: string, call: SyntaxNode, ignore?: SyntaxNode): boolean {
  for (const id of fn.body.descendantsOfType('identifier')) {
    if (!id || id.text !== name) continue;
    if (ignore && within(id, ignore)) continue;
    let top: SyntaxNode = id;
    let cmp: SyntaxNode | undefined;
    let plain = true;
    while (top.parent && /^(parenthesized_expression|binary_expression|unary_expression|cast_expression)$/.test(top.parent.type)) {
      const p: SyntaxNode = top.parent;
      if (p.type === 'binary_expression') {
        const op = p.childForFieldName('operator')?.text ?? '';
        if (cmp === undefined && /^[<>]=?$/.test(op)) cmp = p;
        else if (op !== '||' || cmp === undefined) plain = false;
      } else if (p.type !== 'parenthesized_expression') plain = false;
      top = p;
    }
    const stmt = top.parent;
    if (!stmt || stmt.childForFieldName('condition')?.id !== top.id) {
      if (stmt?.type === 'switch_statement' || stmt?.type === 'conditional_expression') return false;
      continue; // not a test
    }
    if (!plain || !cmp || stmt.type !== 'if_statement' || stmt.childForFieldName('alternative')) return false;
    const other = cmp.childForFieldName('left')?.id === id.id ? cmp.childForFieldName('right') : cmp.childForFieldName('left');
    if (!other || model.fold(other, fn) === undefined || !exitsBefore(stmt, call)) return false;
  }
  return true;
}


/**
 * Whether every variable in `expr` is tested only by guards the range analysis models, before `use`.
 * Tests inside `ignore` (e.g. the loop condition whose bound is being judged) do not count.
 */
export function rangeIsComplete(model: ProgramModel, fn: FunctionDef, expr: SyntaxNode, use: SyntaxNode, ignore?: SyntaxNode): boolean {
  return identifiers(expr).every((id) => onlyModelledTests(model, fn, id.text, use, ignore));
}
