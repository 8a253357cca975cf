// RS121's second quick fix: a variable-size reserve that only copies a local object into the record
// (`T *e = bpf_ringbuf_reserve(&rb, n, 0); if (!e) return X; copy(e, n, src); bpf_ringbuf_submit(e, F);`)
// becomes `if (bpf_ringbuf_output(&rb, src, n, F)) return X;`. Offered only for exactly that shape.
import type { SyntaxNode } from '../syntax/node';
import { lintRowMessages } from '../../../../common/messages';
import { declaratorsOf, declaresArray } from '../fn-decls';
import type { Fix } from '../findings';
import { rangeOf, type FunctionDef, type HelperCall, type ProgramModel } from '../model';
import { callArgs, calleeName, strip } from '../ranges/syntax';

/** Copies into the record: callee → [index of the destination, of the size, of the source]. */
const COPIES: Readonly<Record<string, readonly [number, number, number]>> = {
  bpf_probe_read_kernel: [0, 1, 2],
  bpf_probe_read: [0, 1, 2],
  __builtin_memcpy: [0, 2, 1],
};

/** The call of an expression statement `f(...);`, else undefined. */
function statementCall(s: SyntaxNode | null): SyntaxNode | undefined {
  const e = s?.type === 'expression_statement' ? s.namedChildren[0] : undefined;
  return e?.type === 'call_expression' ? e : undefined;
}

/** `if (!e) return X;` (also `e == NULL`/`e == 0`, braces) without else: the consequence, else undefined. */
function nullExit(s: SyntaxNode | null, e: string): SyntaxNode | undefined {
  if (s?.type !== 'if_statement' || s.childForFieldName('alternative')) return undefined;
  const cond = s.childForFieldName('condition');
  const body = s.childForFieldName('consequence');
  const c = cond ? strip(cond) : undefined;
  const test = c?.text.replace(/\s+/g, '') ?? '';
  if (test !== `!${e}` && test !== `${e}==NULL` && test !== `${e}==0` && test !== `NULL==${e}` && test !== `0==${e}`) return undefined;
  return body && /^\s*(\{\s*)?return\b[^;]*;\s*(\}\s*)?$/.test(body.text) ? body : undefined;
}

/** Whether `src` is a local object on this function's stack (`buf` array, `&ev`), so output may read it. */
function localObject(fn: FunctionDef, src: string): boolean {
  const m = /^(&)?\s*(\w+)$/.exec(src.trim());
  const name = m?.[2];
  if (!name) return false;
  const decls = declaratorsOf(fn, name);
  const d = decls[0];
  if (decls.length !== 1 || !d || /^\s*\*/.test(d)) return false;
  return m?.[1] === '&' || declaresArray(d, name);
}

export function outputFormFix(model: ProgramModel, c: HelperCall): Fix[] {
  const fn = c.fn;
  const [mapArg, sizeArg, flagsArg] = c.args;
  const e = c.target;
  if (!fn || !mapArg || !sizeArg || !flagsArg || e === undefined || model.fold(flagsArg, fn) !== 0) return [];
  // the size is evaluated once instead of twice: it must have no effects
  const effects = ['call_expression', 'assignment_expression', 'update_expression'];
  if (effects.includes(sizeArg.type) || sizeArg.descendantsOfType(effects).length > 0) return [];
  let init: SyntaxNode = c.node;
  while (init.parent && /^(cast_expression|parenthesized_expression)$/.test(init.parent.type)) init = init.parent;
  const decl = init.parent?.type === 'init_declarator' ? init.parent.parent : null;
  if (decl?.type !== 'declaration' || decl.childrenForFieldName('declarator').length !== 1) return [];
  const check = decl.nextNamedSibling;
  const exit = nullExit(check, e);
  const copy = statementCall(check?.nextNamedSibling ?? null);
  const submitStmt = check?.nextNamedSibling?.nextNamedSibling ?? null;
  const submit = statementCall(submitStmt);
  const roles = copy ? COPIES[calleeName(copy) ?? ''] : undefined;
  if (!check || !exit || !copy || !roles || !submit || !submitStmt || calleeName(submit) !== 'bpf_ringbuf_submit') return [];
  const cargs = callArgs(copy);
  const [dst, size, src] = roles.map((i) => cargs[i]);
  const sargs = callArgs(submit);
  if (cargs.length !== 3 || !dst || !size || !src || strip(dst).text !== e || size.text !== sizeArg.text) return [];
  if (sargs.length !== 2 || sargs[0]?.text !== e || !sargs[1] || !localObject(fn, strip(src).text)) return [];
  // the record must be used by these four statements only
  const uses = fn.body.descendantsOfType('identifier').filter((id) => id?.text === e);
  if (uses.length !== 4 || uses.some((id) => !id || id.startIndex < decl.startIndex || id.endIndex > submitStmt.endIndex)) return [];
  const cond = check.childForFieldName('condition');
  if (!cond) return [];
  const between = check.text.slice(cond.endIndex - check.startIndex, exit.startIndex - check.startIndex);
  const newText = `if (bpf_ringbuf_output(${mapArg.text}, ${src.text}, ${sizeArg.text}, ${sargs[1].text}))${between}${exit.text}`;
  const range = { start: rangeOf(decl).start, end: rangeOf(submitStmt).end };
  return [{ title: lintRowMessages.fixOutputForm.text(src.text), edits: [{ file: c.file, range, newText }], preferred: true }];
}
