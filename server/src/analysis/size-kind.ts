// Decides whether a non-constant size argument is one the verifier cannot know (rule book C1) or
// one it may still see as a constant (C2: pinned by a compare, static-function parameter, ?:).
// Answers 'variable' only when sure; undefined means "cannot tell", which never yields an error.
import type { SyntaxNode } from './syntax/node';
import type { Folder, Scope } from './fold';
import type { FunctionDef } from './model';
import { strip } from './ranges/syntax';

/** `x == C`, `x != C` or `switch (x)` anywhere in the function: the verifier may see x pinned (C2). */
function isPinned(name: string, body: SyntaxNode): boolean {
  for (const b of body.descendantsOfType('binary_expression')) {
    const op = b?.childForFieldName('operator')?.text;
    if (op !== '==' && op !== '!=') continue;
    const l = b?.childForFieldName('left');
    const r = b?.childForFieldName('right');
    if ((l && strip(l).text === name) || (r && strip(r).text === name)) return true;
  }
  return body.descendantsOfType('switch_statement').some((s) => s?.childForFieldName('condition')?.text.includes(name));
}

/**
 * Right-hand sides of every plain assignment to `name`; undefined if it is updated in ways not followed.
 * Compound assignments (`len &= 63`, `n += 8`) and `++`/`--` keep a run-time value run-time, so they
 * add no source; only `&= 0`/`*= 0`, which could make it constant, give up.
 */
function assignments(name: string, body: SyntaxNode, fold: (n: SyntaxNode) => number | undefined): SyntaxNode[] | undefined {
  const rhs: SyntaxNode[] = [];
  for (const a of body.descendantsOfType('assignment_expression')) {
    const l = a?.childForFieldName('left');
    if (!a || !l || strip(l).text !== name) continue;
    const r = a.childForFieldName('right');
    const op = a.childForFieldName('operator')?.text;
    if (!r) return undefined;
    if (op === '=') rhs.push(r);
    else if ((op === '&=' || op === '*=') && fold(r) === 0) return undefined;
  }
  for (const u of body.descendantsOfType('pointer_expression')) {
    const arg = u?.childForFieldName('argument');
    if (arg && strip(arg).text === name && u?.child(0)?.text === '&') return undefined; // address taken: written elsewhere
  }
  return rhs;
}

/** What classification needs from the model under construction. */
export interface SizeContext {
  readonly folder: Folder;
  scopeFor(fn: FunctionDef): Scope;
  /** Calls of a user function by name, with the function each call is in. */
  callers(name: string): readonly { readonly args: readonly SyntaxNode[]; readonly fn: FunctionDef | undefined }[];
}

/** 'constant': a local the compiler propagates (`__u32 sz = 48;` never reassigned). */
export function classifySize(n: SyntaxNode, fn: FunctionDef, ctx: SizeContext): 'variable' | 'constant' | undefined {
  const k = classify(n, fn, ctx, 0);
  return k === 'const' ? 'constant' : k;
}

/**
 * A parameter of a static function is verified in the caller's state (rule book E7, C2): it is as
 * constant as the arguments of all its calls. A global function's parameter is always unknown (C1).
 */
function param(index: number, fn: FunctionDef, ctx: SizeContext, depth: number): 'variable' | 'const' | undefined {
  if (!fn.isStatic) return 'variable';
  const sites = ctx.callers(fn.name);
  if (sites.length === 0) return undefined;
  const kinds = sites.map((s) => {
    const a = s.args[index];
    return a && s.fn ? classify(a, s.fn, ctx, depth + 1) : undefined;
  });
  if (kinds.some((k) => k === 'variable')) return 'variable';
  return kinds.every((k) => k === 'const') ? 'const' : undefined;
}

function classify(n0: SyntaxNode, fn: FunctionDef, ctx: SizeContext, depth: number): 'variable' | 'const' | undefined {
  if (depth > 8) return undefined;
  const n = strip(n0);
  const folder = ctx.folder;
  const scope = ctx.scopeFor(fn);
  if (folder.eval(n, scope) !== undefined) return 'const';
  const sub = (x: SyntaxNode | null | undefined): 'variable' | 'const' | undefined =>
    x ? classify(x, fn, ctx, depth + 1) : undefined;
  switch (n.type) {
    case 'identifier': {
      const v = scope.get(n.text);
      if (v?.kind === 'param') return param(fn.params.findIndex((p) => p.name === n.text), fn, ctx, depth);
      if (v?.kind === 'local') {
        if (isPinned(n.text, fn.body)) return undefined;
        const rhs = assignments(n.text, fn.body, (x) => folder.fold(x, scope));
        if (rhs === undefined) return undefined;
        const sources = [...(v.init ? [v.init] : []), ...rhs];
        if (sources.length === 0) return undefined;
        const kinds = sources.map((s) => sub(s));
        if (kinds.every((k) => k === 'const')) return sources.length === 1 ? 'const' : undefined;
        return kinds.every((k) => k === 'variable') ? 'variable' : undefined;
      }
      const g = folder.globals.get(n.text);
      return g && !g.constness ? 'variable' : undefined; // .data/.bss: writable, so unknown to the verifier
    }
    case 'call_expression': {
      const name = n.childForFieldName('function')?.text ?? '';
      // CO-RE size relocations and builtins become constants at load or compile time.
      return /^(bpf_core_|__builtin_|bpf_ktime|sizeof)/.test(name) && !name.startsWith('bpf_ktime') ? undefined : 'variable';
    }
    case 'binary_expression': {
      const l = sub(n.childForFieldName('left'));
      const r = sub(n.childForFieldName('right'));
      return l === 'variable' || r === 'variable' ? 'variable' : undefined;
    }
    case 'unary_expression':
      return sub(n.childForFieldName('argument'));
    case 'conditional_expression': {
      const a = sub(n.childForFieldName('consequence'));
      const b = sub(n.childForFieldName('alternative'));
      return a === 'variable' || b === 'variable' ? 'variable' : undefined;
    }
    case 'field_expression': {
      if (n.childForFieldName('operator')?.text !== '->') return undefined;
      const base = n.childForFieldName('argument');
      const v = base ? scope.get(strip(base).text) : undefined;
      return v ? 'variable' : undefined; // loaded through a pointer at run time
    }
    default:
      return undefined;
  }
}
