// RS202 (rule book D4): a variable index into a reserved record (`e[i]`, `e->comm[i]`) whose value range,
// as far as it can be known (masks, modulo, types, exiting guards), reaches outside the reserved bytes.
// Ranges not understood give nothing: loop counters and the like stay silent.
import type { SyntaxNode } from '../syntax/node';
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import type { FunctionDef, ProgramModel } from '../model';
import { parseC } from '../parser';
import { rangeIsComplete } from '../ranges/guards';
import { Ranges } from '../ranges/interval';
import { reservedSizes, strip } from '../ranges/syntax';
import type { Rule } from './rule';
import { finding } from './util';

/** BPF_MAX_VAR_OFF: a variable offset whose maximum reaches this is "unbounded" for the verifier. */
const MAX_VAR_OFF = 1 << 29;

/** Offset of `field` in `type` and the size of one element of it, from the model's own folder. */
function fieldElement(model: ProgramModel, type: string, field: string): { off: number; elt: number } | undefined {
  if (!/^[\w\s]+$/.test(type) || !/^\w+$/.test(field)) return undefined;
  const tree = parseC(`long __rs_q[] = { offsetof(${type}, ${field}), sizeof(((${type} *)0)->${field}[0]) };`);
  if (tree === undefined) return undefined;
  try {
    const list = tree.rootNode.descendantsOfType('initializer_list')[0];
    const [a, b] = (list?.namedChildren ?? []).filter((n) => n !== null);
    const off = a ? model.fold(a) : undefined;
    const elt = b ? model.fold(b) : undefined;
    return off === undefined || elt === undefined || elt <= 0 ? undefined : { off, elt };
  } finally {
    tree.delete();
  }
}

function checkFunction(model: ProgramModel, fn: FunctionDef, out: Finding[]): void {
  if (!fn.body.text.includes('[')) return; // no `[`: no subscript to walk to (tested first: cheaper than reservedSizes)
  const records = reservedSizes(model, fn);
  if (records.size === 0) return;
  const ranges = new Ranges(model, fn);
  for (const sub of fn.body.descendantsOfType('subscript_expression')) {
    if (!sub) continue;
    const base = sub.childForFieldName('argument');
    const index = sub.childForFieldName('index') ?? sub.namedChildren[1];
    if (!base || !index || model.fold(index, fn) !== undefined) continue;
    const at = locate(model, base, records);
    if (!at) continue;
    // a test the range analysis does not follow (a branch around the access) may bound the index
    if (!rangeIsComplete(model, fn, index, sub)) continue;
    const r = ranges.of(index);
    if (!r) continue;
    const first = at.off + r.lo * at.elt;
    const last = at.off + r.hi * at.elt + at.elt - 1;
    if (r.hi * at.elt >= MAX_VAR_OFF && !r.guarded) {
      out.push(finding(lintRowMessages.indexUnbounded, 'error', fn.file, sub, [sub.text, index.text]));
    } else if (first < 0 || last >= at.mem) {
      out.push(finding(lintRowMessages.indexOutside, 'error', fn.file, sub, [sub.text, index.text, r.lo, r.hi, first, last, at.mem]));
    }
  }
}

/** The record a subscript base points into: `e` (a byte-sized pointee) or `e->field`. */
function locate(
  model: ProgramModel,
  base: SyntaxNode,
  records: ReadonlyMap<string, { size: number; type: string | undefined }>,
): { off: number; elt: number; mem: number } | undefined {
  const b = strip(base);
  if (b.type === 'identifier') {
    const rec = records.get(b.text);
    const elt = rec?.type === undefined ? undefined : model.sizeOfType(rec.type);
    return rec && elt !== undefined && elt > 0 && base.type === 'identifier' ? { off: 0, elt, mem: rec.size } : undefined;
  }
  if (b.type === 'field_expression' && b.child(1)?.text === '->') {
    const obj = b.childForFieldName('argument');
    const field = b.childForFieldName('field');
    const rec = obj?.type === 'identifier' ? records.get(obj.text) : undefined;
    if (!rec || rec.type === undefined || !field) return undefined;
    const f = fieldElement(model, rec.type, field.text);
    return f ? { ...f, mem: rec.size } : undefined;
  }
  return undefined;
}

export const recordVarIndexRule: Rule = {
  code: lintRowMessages.indexUnbounded.code,
  rows: ['D4'],
  summary: 'Variable index into a reserved record that is unbounded or reaches past it.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    for (const fn of model.functions) checkFunction(model, fn, out);
    return out;
  },
};
