// Value ranges of integer expressions as the verifier would bound them (rule book D4, E11, G1, G2): masks,
// modulo, casts to a width, bpf_get_prandom_u32(), and a local's initialiser narrowed by exiting guards.
// Undefined means "not understood": rules then stay silent rather than guess (a false error costs more).
import type { SyntaxNode } from '../syntax/node';
import type { FunctionDef, ProgramModel } from '../model';
import { calleeName, declaratorOf, exitsBefore, localDecls, strip, within } from './syntax';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
  /** An `if (...) return` guard narrowed it: clang may compare a copy the verifier does not link (measured). */
  readonly guarded: boolean;
}

const U32 = 2 ** 32 - 1;

/** Width and signedness of an integer type name; undefined for anything else (pointers, structs, char). */
export function intType(t: string): { signed: boolean; bits: number } | undefined {
  const s = t.replace(/\b(const|volatile|static|register)\b/g, '').replace(/\s+/g, ' ').trim();
  if (/^(__u64|u64|uint64_t|size_t|unsigned long( long)?( int)?|long unsigned( int)?)$/.test(s)) return { signed: false, bits: 64 };
  if (/^(__s64|s64|int64_t|long( long)?( int)?|signed long( long)?)$/.test(s)) return { signed: true, bits: 64 };
  if (/^(__u32|u32|uint32_t|unsigned( int)?)$/.test(s)) return { signed: false, bits: 32 };
  if (/^(__s32|s32|int32_t|int|signed( int)?)$/.test(s)) return { signed: true, bits: 32 };
  if (/^(__u16|u16|uint16_t|unsigned short( int)?)$/.test(s)) return { signed: false, bits: 16 };
  if (/^(__s16|s16|int16_t|short( int)?)$/.test(s)) return { signed: true, bits: 16 };
  if (/^(__u8|u8|uint8_t|unsigned char)$/.test(s)) return { signed: false, bits: 8 };
  return undefined;
}

function typeRange(t: { signed: boolean; bits: number }): Interval {
  return t.signed
    ? { lo: -(2 ** (t.bits - 1)), hi: 2 ** (t.bits - 1) - 1, guarded: false }
    : { lo: 0, hi: 2 ** t.bits - 1, guarded: false };
}

/** A value converted to an integer type: kept when it fits, else the whole range of the type. */
function convert(v: Interval, t: { signed: boolean; bits: number }): Interval {
  const r = typeRange(t);
  return v.lo >= r.lo && v.hi <= r.hi ? v : { ...r, guarded: v.guarded };
}

const both = (a: Interval, b: Interval, lo: number, hi: number): Interval => ({ lo, hi, guarded: a.guarded || b.guarded });

export class Ranges {
  constructor(
    private readonly model: ProgramModel,
    private readonly fn: FunctionDef,
  ) {}

  /** Range of `expr` evaluated at its own position. */
  of(expr: SyntaxNode): Interval | undefined {
    const n = expr.type === 'parenthesized_expression' ? strip(expr) : expr;
    const c = this.model.fold(n, this.fn);
    if (c !== undefined) return { lo: c, hi: c, guarded: false };
    switch (n.type) {
      case 'parenthesized_expression':
        return n.namedChildren[0] ? this.of(n.namedChildren[0]) : undefined;
      case 'cast_expression': {
        const v = n.childForFieldName('value');
        const t = intType(n.childForFieldName('type')?.text ?? '');
        const r = v ? this.of(v) : undefined;
        return r && t ? convert(r, t) : undefined;
      }
      case 'call_expression':
        return calleeName(n) === 'bpf_get_prandom_u32' ? { lo: 0, hi: U32, guarded: false } : undefined;
      case 'identifier':
        return this.local(n.text, n);
      case 'binary_expression':
        return this.binary(n);
      default:
        return undefined;
    }
  }

  private binary(n: SyntaxNode): Interval | undefined {
    const op = n.childForFieldName('operator')?.text;
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    if (!l || !r) return undefined;
    const a = this.of(l);
    const b = this.of(r);
    if (op === '&') {
      // a non-negative constant mask bounds the result whatever the other side is
      const k = b && b.lo === b.hi && b.lo >= 0 ? b : a && a.lo === a.hi && a.lo >= 0 ? a : undefined;
      return k ? { lo: 0, hi: k.lo, guarded: false } : undefined;
    }
    if (!a || !b) return undefined;
    switch (op) {
      case '%':
        return a.lo >= 0 && b.lo === b.hi && b.lo > 0 ? both(a, b, 0, Math.min(a.hi, b.lo - 1)) : undefined;
      case '>>':
        return a.lo >= 0 && b.lo === b.hi && b.lo >= 0 && b.lo < 64 ? both(a, b, Math.floor(a.lo / 2 ** b.lo), Math.floor(a.hi / 2 ** b.lo)) : undefined;
      case '+':
        return both(a, b, a.lo + b.lo, a.hi + b.hi);
      case '-':
        return both(a, b, a.lo - b.hi, a.hi - b.lo);
      case '*':
        if (a.lo < 0 || b.lo < 0) return undefined;
        return both(a, b, a.lo * b.lo, a.hi * b.hi);
      default:
        return undefined;
    }
  }

  /**
   * A local's range at `at`: its declaration's initialiser converted to its type, narrowed by `&= K` and by
   * `if (x > K) return ...;` guards that dominate `at`. Any other write, `&x`, or a declaration not found: undefined.
   */
  local(name: string, at: SyntaxNode): Interval | undefined {
    const decls = localDecls(this.fn, name);
    const decl = decls[0];
    if (decls.length !== 1 || !decl || decl.startIndex > at.startIndex) return undefined;
    const t = intType(decl.childForFieldName('type')?.text ?? '');
    const d = declaratorOf(decl, name);
    if (!t || d?.type !== 'init_declarator') return undefined;
    const init = d.childForFieldName('value');
    const start = init ? this.of(init) : undefined;
    if (!start) return undefined;
    let v = convert(start, t);
    const ids = this.fn.body.descendantsOfType('identifier');
    for (const id of ids) {
      if (!id || id.text !== name || id.startIndex <= d.endIndex || id.startIndex >= at.startIndex || within(at, id)) continue;
      const use = this.useOf(id, at, t);
      if (use === 'bad') return undefined;
      if (use !== 'read') v = { lo: Math.max(v.lo, use.lo), hi: Math.min(v.hi, use.hi), guarded: v.guarded || use.guarded };
    }
    // inside a loop that writes it, the initialiser no longer holds: writes were rejected above only before `at`
    for (const id of ids) {
      if (id && id.text === name && id.startIndex > at.startIndex && this.isWrite(id) && this.inLoopAround(id, at)) return undefined;
    }
    return v;
  }

  private isWrite(id: SyntaxNode): boolean {
    const p = id.parent;
    if (!p) return false;
    if (p.type === 'update_expression') return true;
    if (p.type === 'pointer_expression' && p.child(0)?.text === '&') return true;
    return p.type === 'assignment_expression' && p.childForFieldName('left')?.id === id.id;
  }

  private inLoopAround(id: SyntaxNode, at: SyntaxNode): boolean {
    for (let p = at.parent; p; p = p.parent) {
      if (/^(for|while|do)_statement$/.test(p.type) && within(id, p)) return true;
      if (p.id === this.fn.body.id) break;
    }
    return false;
  }

  /** What one earlier occurrence of the local does to its range at `at`. */
  private useOf(id: SyntaxNode, at: SyntaxNode, t: { signed: boolean; bits: number }): Interval | 'read' | 'bad' {
    const p = id.parent;
    if (!p) return 'bad';
    if (p.type === 'assignment_expression' && p.childForFieldName('left')?.id === id.id) {
      const op = p.childForFieldName('operator')?.text;
      const k = p.childForFieldName('right');
      const kv = k ? this.model.fold(k, this.fn) : undefined;
      if (op === '&=' && kv !== undefined && kv >= 0 && !this.inLoopAround(p, at)) return { lo: 0, hi: kv, guarded: false };
      return 'bad';
    }
    if (this.isWrite(id)) return 'bad';
    const g = this.guard(id, at, t);
    return g ?? 'read';
  }

  /** `if (x > K) return ...;` (also `||`-joined, `>=`, `<`, `<=`, reversed operands) before `at` in an enclosing block. */
  private guard(id: SyntaxNode, at: SyntaxNode, t: { signed: boolean; bits: number }): Interval | undefined {
    const cmp = id.parent;
    if (cmp?.type !== 'binary_expression') return undefined;
    let top: SyntaxNode = cmp;
    while (top.parent && (top.parent.type === 'parenthesized_expression' || (top.parent.type === 'binary_expression' && top.parent.childForFieldName('operator')?.text === '||'))) top = top.parent;
    const stmt = top.parent;
    if (stmt?.type !== 'if_statement' || stmt.childForFieldName('alternative')) return undefined;
    if (!exitsBefore(stmt, at)) return undefined;
    const op = cmp.childForFieldName('operator')?.text ?? '';
    const left = cmp.childForFieldName('left')?.id === id.id;
    const other = left ? cmp.childForFieldName('right') : cmp.childForFieldName('left');
    const k = other ? this.model.fold(other, this.fn) : undefined;
    if (k === undefined) return undefined;
    // normalise to `x OP k` exiting; what survives is the negation
    const flip: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=' };
    const o = left ? op : flip[op];
    const all = typeRange(t);
    // an unsigned compare with a negative constant, or a signed one clang may widen, is left alone
    if (!t.signed && k < 0) return undefined;
    switch (o) {
      case '>':
        return { lo: all.lo, hi: k, guarded: true };
      case '>=':
        return { lo: all.lo, hi: k - 1, guarded: true };
      case '<':
        return { lo: k, hi: all.hi, guarded: true };
      case '<=':
        return { lo: k + 1, hi: all.hi, guarded: true };
      default:
        return undefined;
    }
  }
}
