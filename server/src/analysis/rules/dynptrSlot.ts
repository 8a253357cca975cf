// RS208 (rule book I3): the dynptr of bpf_ringbuf_reserve_dynptr must be a stack slot at a constant offset:
// not `&d[i]` with a variable i ('dynptr has to be at a constant offset'), not a global or a map value
// ('R4 type=map_value expected=fp, dynptr_ptr'). Indices whose range is not understood only warn.
import type { SyntaxNode } from '../syntax/node';
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import type { FunctionDef, ProgramModel } from '../model';
import { rangeIsComplete } from '../ranges/guards';
import { Ranges } from '../ranges/interval';
import { calleeName, declaratorOf, isLocal, localDecls, strip } from '../ranges/syntax';
import type { Rule } from './rule';
import { SiteMemo } from './siteMemo';
import { finding } from './util';

/** The base variable of `x`, `x.f`, `x[i]`, `p->f` and whether a `->` was crossed. */
function baseOf(n: SyntaxNode): { id: SyntaxNode | undefined; arrow: boolean; index: SyntaxNode | undefined } {
  let arrow = false;
  let index: SyntaxNode | undefined;
  let cur: SyntaxNode | null = n;
  while (cur && cur.type !== 'identifier') {
    if (cur.type === 'field_expression') {
      if (cur.child(1)?.text === '->') arrow = true;
      cur = cur.childForFieldName('argument');
    } else if (cur.type === 'subscript_expression') {
      index = cur.childForFieldName('index') ?? cur.namedChildren[1] ?? undefined;
      cur = cur.childForFieldName('argument');
    } else if (cur.type === 'parenthesized_expression') {
      cur = cur.namedChildren[0] ?? null;
    } else return { id: undefined, arrow, index };
  }
  return { id: cur ?? undefined, arrow, index };
}

/** Is the local pointer `name` initialised from bpf_map_lookup_elem (and never reassigned)? */
function isMapValuePtr(fn: FunctionDef, name: string): boolean {
  const decls = localDecls(fn, name);
  const d = decls[0] ? declaratorOf(decls[0], name) : undefined;
  const init = d?.type === 'init_declarator' ? d.childForFieldName('value') : undefined;
  if (decls.length !== 1 || !init) return false;
  const call = strip(init);
  if (call.type !== 'call_expression' || calleeName(call) !== 'bpf_map_lookup_elem') return false;
  return !fn.body
    .descendantsOfType('assignment_expression')
    .some((a) => a?.childForFieldName('left')?.text === name);
}

function checkCall(model: ProgramModel, fn: FunctionDef, arg: SyntaxNode, out: Finding[]): void {
  const a = strip(arg);
  if (a.type === 'pointer_expression' && a.child(0)?.text === '&') {
    const target = a.childForFieldName('argument');
    if (!target) return;
    const { id, arrow, index } = baseOf(target);
    if (!id) return;
    if (arrow) {
      if (isMapValuePtr(fn, id.text)) out.push(finding(lintRowMessages.dynptrNotStack, 'error', fn.file, arg, [arg.text, 'inside a map value']));
      return;
    }
    if (!isLocal(fn, id.text)) {
      if (!model.maps.has(id.text)) out.push(finding(lintRowMessages.dynptrNotStack, 'error', fn.file, arg, [arg.text, 'a global variable (a map value)']));
      return;
    }
    if (index && model.fold(index, fn) === undefined) {
      const r = rangeIsComplete(model, fn, index, arg) ? new Ranges(model, fn).of(index) : undefined;
      if (r === undefined) out.push(finding(lintRowMessages.dynptrMaybeVariableSlot, 'warning', fn.file, arg, [arg.text]));
      else if (r.lo !== r.hi) out.push(finding(lintRowMessages.dynptrVariableSlot, 'error', fn.file, arg, [arg.text]));
    }
    return;
  }
  if (a.type === 'identifier' && isMapValuePtr(fn, a.text)) {
    out.push(finding(lintRowMessages.dynptrNotStack, 'error', fn.file, arg, [arg.text, 'a map value']));
  }
}

const clean = new SiteMemo();

export const dynptrSlotRule: Rule = {
  code: lintRowMessages.dynptrVariableSlot.code,
  rows: ['I3'],
  summary: 'Ring-buffer dynptr not in a fixed stack slot.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const c of model.calls) {
      if (c.name !== 'bpf_ringbuf_reserve_dynptr' || !c.fn || clean.isClean(model, c)) continue;
      const arg = c.args[3]; // read after the name test: a remembered call's arguments are looked up in the tree
      const before = out.length;
      if (arg) checkCall(model, c.fn, arg, out);
      // the verdict reads only the function and the declarations its words reach (its callKey)
      if (out.length === before) clean.markClean(model, c);
    }
    return out;
  },
};
