// RS203 (rule book E9): a reserved record passed to a global (non-static) function whose parameter is
// `struct T *` with sizeof(T) larger than the bytes reserved: the call site check (btf_check_subprog_call) fails.
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import type { FunctionDef, ProgramModel } from '../model';
import { callArgs, calleeName, callsIn, reservedSizes, strip } from '../ranges/syntax';
import type { Rule } from './rule';
import { finding } from './util';

/** A function the verifier checks on its own: not static, not a program, not one clang may inline. */
function isGlobal(fn: FunctionDef): boolean {
  const head = fn.node.text.slice(0, Math.max(0, fn.body.startIndex - fn.node.startIndex));
  return !fn.isStatic && fn.section === undefined && !/\b(inline|__always_inline)\b/.test(head.replace(/__noinline/g, ''));
}

/** Pointee type of a `struct T *name` / `T *name` parameter; undefined for anything else. */
function pointee(param: string): string | undefined {
  const m = /^(?:const\s+)?((?:struct|union)\s+\w+|\w+)\s*\*\s*(?:const\s+)?(?:\w+)?$/.exec(param.trim());
  return m?.[1];
}

function checkFunction(model: ProgramModel, fn: FunctionDef, globals: ReadonlyMap<string, FunctionDef>, out: Finding[]): void {
  const records = reservedSizes(model, fn);
  if (records.size === 0) return;
  for (const call of callsIn(fn)) {
    const callee = globals.get(calleeName(call) ?? '');
    if (!callee) continue;
    callArgs(call).forEach((arg, i) => {
      const v = strip(arg);
      const rec = v.type === 'identifier' ? records.get(v.text) : undefined;
      const param = callee.params[i];
      const t = param ? pointee(param.type) : undefined;
      const need = t === undefined || t === 'void' ? undefined : model.sizeOfType(t);
      if (!rec || t === undefined || need === undefined || rec.site.startIndex > call.startIndex || need <= rec.size) return;
      out.push(finding(lintRowMessages.globalArgTooSmall, 'error', fn.file, arg, [v.text, callee.name, t, need, rec.size]));
    });
  }
}

export const globalArgSizeRule: Rule = {
  code: lintRowMessages.globalArgTooSmall.code,
  rows: ['E9'],
  summary: 'Reserved record smaller than the struct a global function takes.',
  check(model: ProgramModel): Finding[] {
    const globals = new Map(model.functions.filter(isGlobal).map((f) => [f.name, f] as const));
    if (globals.size === 0) return [];
    const out: Finding[] = [];
    for (const fn of model.functions) checkFunction(model, fn, globals, out);
    return out;
  },
};
