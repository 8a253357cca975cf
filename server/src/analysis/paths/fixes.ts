// Quick-fix edits for the lifetime rules: insert a NULL check after a reserve statement, insert a
// discard before a leaking return (wrapping an unbraced `if (...) return 0;` in braces).
import type { SyntaxNode } from '../syntax/node';
import type { Fix, Range } from '../findings';
import type { ProgramModel } from '../model';
import { rangeOf } from '../model';

function nodeAt(model: ProgramModel, file: string, range: Range): SyntaxNode | undefined {
  const unit = model.units.find((u) => u.file === file);
  if (unit === undefined) return undefined;
  const n = unit.tree.rootNode.descendantForPosition(
    { row: range.start.line, column: range.start.character },
    { row: range.end.line, column: range.end.character },
  );
  return n ?? undefined;
}

/** Leading whitespace of the line a node starts on. */
function indentOf(model: ProgramModel, file: string, n: SyntaxNode): string {
  const text = model.units.find((u) => u.file === file)?.masked ?? '';
  const lines = text.split('\n');
  return /^[ \t]*/.exec(lines[n.startPosition.row] ?? '')?.[0] ?? '';
}

function unitIndent(indent: string): string {
  return indent.includes('\t') ? '\t' : '  ';
}

function enclosing(n: SyntaxNode | undefined, types: readonly string[]): SyntaxNode | undefined {
  let cur: SyntaxNode | null | undefined = n;
  while (cur !== null && cur !== undefined && !types.includes(cur.type)) cur = cur.parent;
  return cur ?? undefined;
}

/** `if (!v) return 0;` inserted after the statement holding the reserve call at `reserve`. */
export function nullCheckFix(model: ProgramModel, file: string, reserve: Range, v: string, title: string): Fix | undefined {
  if (!/^\w+$/.test(v)) return undefined;
  const stmt = enclosing(nodeAt(model, file, reserve), ['declaration', 'expression_statement']);
  if (stmt === undefined || stmt.parent?.type !== 'compound_statement') return undefined;
  const fn = enclosing(stmt, ['function_definition']);
  const isVoid = fn?.childForFieldName('type')?.text === 'void' && fn.childForFieldName('declarator')?.type !== 'pointer_declarator';
  const indent = indentOf(model, file, stmt);
  const end = rangeOf(stmt).end;
  const text = `\n${indent}if (!${v})\n${indent}${unitIndent(indent)}return${isVoid ? '' : ' 0'};`;
  return { title, preferred: true, edits: [{ file, range: { start: end, end }, newText: text }] };
}

/** `call` inserted before the return statement at `exit` (braces added when it is an unbraced body). */
export function discardBeforeFix(model: ProgramModel, file: string, exit: Range, call: string, title: string): Fix | undefined {
  const ret = enclosing(nodeAt(model, file, exit), ['return_statement']);
  if (ret === undefined) return undefined;
  const r = rangeOf(ret);
  if (ret.parent?.type === 'compound_statement') {
    const indent = indentOf(model, file, ret);
    return { title, preferred: true, edits: [{ file, range: { start: r.start, end: r.start }, newText: `${call}\n${indent}` }] };
  }
  return { title, preferred: true, edits: [{ file, range: r, newText: `{ ${call} ${ret.text} }` }] };
}
