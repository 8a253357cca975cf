// Evaluates one expression on one abstract state: values, lvalues, dereference checks, NULL tests that
// refine the state, and call dispatch (effects.ts; static calls inlined by the host). One outcome per path.
import type { FunctionDef, HelperCall } from '../model';
import { calleeName, unwrap, type Expr } from '../cfg/expr';
import type { EventLog, UnitKind } from './events';
import { CALLBACK_HELPERS, MEMORY_ARGS, SIZED_ARGS, isHelperCall } from './helpers';
import type { LayoutQuery } from './layoutQuery';
import { Effects } from './effects';
import { State, UNKNOWN, type Site, type Val } from './values';

export interface Frame {
  readonly fn: FunctionDef;
  /** Prefix of this frame's storage keys (`2:`): inlined frames never clash with their callers. */
  readonly prefix: string;
  readonly locals: ReadonlySet<string>;
  readonly depth: number;
  /** Call sites from the root: distinguishes reservations made by one static helper called twice. */
  readonly callPath: string;
  readonly unit: UnitKind;
  readonly unitName: string;
}

export interface Out {
  readonly st: State;
  readonly v: Val;
}

export interface Split {
  readonly t: State | undefined;
  readonly f: State | undefined;
  /** The atom tested a reservation's NULL-ness (such decisions are left out of path descriptions). */
  readonly nullTest: boolean;
}

export interface Host {
  readonly events: EventLog;
  readonly layout: LayoutQuery;
  readonly functions: ReadonlyMap<string, FunctionDef>;
  readonly helperCalls: ReadonlyMap<string, HelperCall>;
  /** Function-like macros of the translation unit: name → replacement text. */
  readonly macros: ReadonlyMap<string, string>;
  /** A call hides control flow or releases we cannot see: no leak verdicts for this unit. */
  markOpaque(): void;
  /** Runs a static function inlined on `st` with bound arguments; undefined when it cannot (depth). */
  inline(fn: FunctionDef, st: State, args: readonly Val[], caller: Frame, site: Site): Out[] | undefined;
  /** Leak check at a tail call or bpf_throw (every frame: the verifier checks the whole state). */
  exitLeak(st: State, fr: Frame, kind: 'tail_call' | 'throw' | 'ld_abs', site: Site): void;
}

function numberOf(text: string): number | undefined {
  const t = text.replace(/[uUlL]+$/, '');
  const n = /^0[xX]/.test(t) ? Number.parseInt(t, 16) : /^0[0-7]+$/.test(t) ? Number.parseInt(t, 8) : Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function arith(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : Math.trunc(a / b);
    case '%': return b === 0 ? undefined : a % b;
    case '&': return Number(BigInt(Math.trunc(a)) & BigInt(Math.trunc(b)));
    case '|': return Number(BigInt(Math.trunc(a)) | BigInt(Math.trunc(b)));
    case '^': return Number(BigInt(Math.trunc(a)) ^ BigInt(Math.trunc(b)));
    case '<<': return b >= 0 && b < 53 ? a * 2 ** b : undefined;
    case '>>': return b >= 0 && b < 53 ? Math.floor(a / 2 ** b) : undefined;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    default: return undefined;
  }
}

const EXPECT = new Set(['likely', 'unlikely', '__builtin_expect']);

export class Evaluator {
  private readonly fx: Effects;

  constructor(private readonly host: Host) {
    this.fx = new Effects(host, this);
  }

  site(fr: Frame, e: Expr): Site {
    return { file: fr.fn.file, range: e.range, start: e.start, src: e.src };
  }

  /** Storage keys by frame prefix and name: made once, not at every read of a variable. */
  private readonly keys = new Map<string, Map<string, string>>();

  /** The storage key of `name` in `fr`; global: not one of the frame's locals. */
  private locOf(fr: Frame, name: string): string {
    const global = !fr.locals.has(name);
    const prefix = global ? 'g:' : fr.prefix;
    let byName = this.keys.get(prefix);
    if (byName === undefined) this.keys.set(prefix, (byName = new Map()));
    let key = byName.get(name);
    if (key === undefined) byName.set(name, (key = `${prefix}${name}`));
    return key;
  }

  /** Evaluates `e` on `st` (owned: may be mutated). */
  eval(e: Expr, st: State, fr: Frame): Out[] {
    switch (e.type) {
      case 'identifier': {
        if (e.text === 'NULL') return [{ st, v: { k: 'null' } }];
        if (e.text === 'true') return [{ st, v: { k: 'num', n: 1 } }];
        if (e.text === 'false') return [{ st, v: { k: 'num', n: 0 } }];
        if (!fr.locals.has(e.text)) return [{ st, v: UNKNOWN }];
        return [{ st, v: st.vars.get(this.locOf(fr, e.text)) ?? UNKNOWN }];
      }
      case 'null':
        return [{ st, v: { k: 'null' } }];
      case 'true':
        return [{ st, v: { k: 'num', n: 1 } }];
      case 'false':
        return [{ st, v: { k: 'num', n: 0 } }];
      case 'number_literal': {
        const n = numberOf(e.text);
        return [{ st, v: n === undefined ? UNKNOWN : { k: 'num', n } }];
      }
      case 'parenthesized_expression':
      case 'cast_expression': {
        const inner = e.kids[e.kids.length - 1];
        return inner === undefined ? [{ st, v: UNKNOWN }] : this.eval(inner, st, fr);
      }
      case 'field_expression':
      case 'subscript_expression':
        return this.load(e, st, fr);
      case 'pointer_expression':
        return e.op === '&' ? this.addressOf(e, st, fr) : this.load(e, st, fr);
      case 'assignment_expression':
        return this.assign(e, st, fr);
      case 'update_expression':
        return this.update(e, st, fr);
      case 'unary_expression':
        return this.unary(e, st, fr);
      case 'binary_expression':
        return this.binary(e, st, fr);
      case 'conditional_expression':
        return this.ternary(e, st, fr);
      case 'comma_expression': {
        const [l, r] = e.kids;
        if (l === undefined || r === undefined) return [{ st, v: UNKNOWN }];
        return this.eval(l, st, fr).flatMap((o) => this.eval(r, o.st, fr));
      }
      case 'call_expression':
        return this.call(e, st, fr);
      case 'initializer_list':
        return this.evalAll(e.kids, st, fr).map((o) => ({ st: o.st, v: UNKNOWN }));
      default:
        // Literals, sizeof, compound literals, half-typed code: evaluate children for their effects.
        return this.evalAll(e.kids, st, fr).map((o) => ({ st: o.st, v: UNKNOWN }));
    }
  }

  /** Evaluates expressions left to right; one result per path, with all their values. */
  evalAll(list: readonly Expr[], st: State, fr: Frame): { st: State; vs: Val[] }[] {
    let acc: { st: State; vs: Val[] }[] = [{ st, vs: [] }];
    for (const x of list) {
      const only = acc.length === 1 ? acc[0] : undefined;
      if (only !== undefined) {
        // one path so far (the common case): extend it in place; its list is this call's own
        const outs = this.eval(x, only.st, fr);
        const o = outs.length === 1 ? outs[0] : undefined;
        if (o !== undefined) {
          only.st = o.st;
          only.vs.push(o.v);
        } else acc = outs.map((p) => ({ st: p.st, vs: [...only.vs, p.v] }));
        continue;
      }
      const next: { st: State; vs: Val[] }[] = [];
      for (const a of acc) for (const o of this.eval(x, a.st, fr)) next.push({ st: o.st, vs: [...a.vs, o.v] });
      acc = next;
    }
    return acc;
  }

  /** A dereference of pointer value `v` at `site`: NULL and use-after-release checks. */
  use(v: Val, st: State, site: Site, how: 'deref' | 'helper'): void {
    if (v.k === 'rec') {
      const r = st.res.get(v.rid);
      if (r === undefined) return;
      if (r.status === 'maybe' || r.status === 'null') {
        this.host.events.add(`nullUse@${site.file}:${site.start}`, { kind: 'nullUse', res: r, site, how, isNull: r.status === 'null' });
        // Report once per path: the verifier stops at the first error too.
        if (r.status === 'maybe') st.setStatus(v.rid, 'live');
      } else if (r.status === 'released') {
        this.host.events.add(`uar@${site.file}:${site.start}`, { kind: 'useAfterRelease', res: r, site });
      }
    } else if (v.k === 'slice') {
      const r = st.res.get(v.rid);
      if (r?.status === 'released') this.host.events.add(`uar@${site.file}:${site.start}`, { kind: 'useAfterRelease', res: r, site });
      else if (r !== undefined && v.nullable && how === 'deref') {
        this.host.events.add(`sliceNull@${site.file}:${site.start}`, { kind: 'sliceNullUse', res: r, site });
      }
    }
  }

  /**
   * Resolves an lvalue: its storage key when it is tracked storage (locals, fields of local structs,
   * what an `&local` points to), after checking the pointer it goes through.
   */
  lvalue(e: Expr, st: State, fr: Frame): { st: State; loc: string | undefined; global: boolean; through: Val | undefined }[] {
    const x = e.type === 'parenthesized_expression' ? unwrap(e) : e;
    if (x.type === 'identifier') {
      return [{ st, loc: this.locOf(fr, x.text), global: !fr.locals.has(x.text), through: undefined }];
    }
    if (x.type === 'field_expression') {
      const [base, field] = x.kids;
      if (base === undefined) return [{ st, loc: undefined, global: false, through: undefined }];
      const name = field?.text ?? '?';
      if (x.op === '.') {
        return this.lvalue(base, st, fr).map((l) => ({ ...l, loc: l.loc === undefined ? undefined : `${l.loc}.${name}` }));
      }
      return this.eval(base, st, fr).map((o) => {
        this.use(o.v, o.st, this.site(fr, x), 'deref');
        this.fx.fieldBounds(o.v, name, o.st, fr, x);
        if (o.v.k === 'addr') return { st: o.st, loc: `${o.v.loc}.${name}`, global: o.v.global, through: o.v };
        return { st: o.st, loc: undefined, global: false, through: o.v };
      });
    }
    if (x.type === 'pointer_expression' && x.op === '*') {
      const base = x.kids[0];
      if (base === undefined) return [{ st, loc: undefined, global: false, through: undefined }];
      return this.eval(base, st, fr).map((o) => {
        this.use(o.v, o.st, this.site(fr, x), 'deref');
        if (o.v.k === 'addr') return { st: o.st, loc: o.v.loc, global: o.v.global, through: o.v };
        return { st: o.st, loc: undefined, global: false, through: o.v };
      });
    }
    if (x.type === 'subscript_expression') {
      const [base, index] = x.kids;
      if (base === undefined) return [{ st, loc: undefined, global: false, through: undefined }];
      const outs: { st: State; loc: string | undefined; global: boolean; through: Val | undefined }[] = [];
      for (const o of this.evalAll(index === undefined ? [base] : [base, index], st, fr)) {
        const [bv, iv] = o.vs;
        const idx = iv !== undefined && iv.k === 'num' ? String(iv.n) : '?';
        if (bv === undefined || bv.k === 'unknown') {
          // A local array indexed in place (`vals[2]`), or an untracked pointer.
          const plain = unwrap(base);
          if (plain.type === 'identifier' && fr.locals.has(plain.text)) {
            outs.push({ st: o.st, loc: `${fr.prefix}${plain.text}[${idx}]`, global: false, through: undefined });
            continue;
          }
          outs.push({ st: o.st, loc: undefined, global: false, through: bv });
          continue;
        }
        this.use(bv, o.st, this.site(fr, x), 'deref');
        if (bv.k === 'rec' && iv?.k === 'num') this.fx.indexBounds(bv, iv.n, o.st, fr, x);
        const loc = bv.k === 'addr' ? `${bv.loc}[${idx}]` : undefined;
        outs.push({ st: o.st, loc, global: bv.k === 'addr' && bv.global, through: bv });
      }
      return outs;
    }
    return this.eval(x, st, fr).map((o) => ({ st: o.st, loc: undefined, global: false, through: o.v }));
  }

  private load(e: Expr, st: State, fr: Frame): Out[] {
    return this.lvalue(e, st, fr).map((l) => ({ st: l.st, v: this.read(l) }));
  }

  /** The value held at a resolved lvalue: only locals are tracked. */
  private read(l: { st: State; loc: string | undefined; global: boolean }): Val {
    return l.loc !== undefined && !l.global ? l.st.vars.get(l.loc) ?? UNKNOWN : UNKNOWN;
  }

  private addressOf(e: Expr, st: State, fr: Frame): Out[] {
    const inner = e.kids[0];
    if (inner === undefined) return [{ st, v: UNKNOWN }];
    const target = unwrap(inner);
    // `&e->f` / `&e[i]`: pointer arithmetic on the record, not a load.
    if (target.type === 'field_expression' && target.op === '->') {
      const base = target.kids[0];
      const field = target.kids[1]?.text;
      if (base !== undefined) {
        return this.eval(base, st, fr).map((o) => ({ st: o.st, v: this.fieldAddress(o.v, field, o.st) }));
      }
    }
    if (target.type === 'subscript_expression') {
      const [base, index] = target.kids;
      if (base !== undefined && index !== undefined) {
        return this.evalAll([base, index], st, fr).map((o) => {
          const [bv, iv] = o.vs;
          if (bv !== undefined && bv.k === 'rec') {
            const elem = this.elemSize(bv, o.st);
            const off = iv?.k === 'num' && elem !== undefined && bv.off !== undefined ? bv.off + iv.n * elem : undefined;
            return { st: o.st, v: { k: 'rec', rid: bv.rid, off } };
          }
          if (bv !== undefined && bv.k === 'addr') return { st: o.st, v: bv };
          return { st: o.st, v: UNKNOWN };
        });
      }
    }
    return this.lvalue(target, st, fr).map((l) => {
      if (l.loc === undefined) return { st: l.st, v: l.through !== undefined && l.through.k === 'rec' ? this.offsetInto(l.through, undefined) : UNKNOWN };
      // Its address escapes: whatever we learnt about the scalar there may change behind our back.
      const cur = l.st.vars.get(l.loc);
      if (cur !== undefined && (cur.k === 'num' || cur.k === 'nz' || cur.k === 'ne')) l.st.vars.set(l.loc, UNKNOWN);
      return { st: l.st, v: { k: 'addr', loc: l.loc, global: l.global } };
    });
  }

  /** `&e->f`: a pointer into the record at the field's offset, when the layout is known (rule book F3). */
  private fieldAddress(v: Val, field: string | undefined, st: State): Val {
    if (v.k !== 'rec') return v.k === 'addr' ? v : UNKNOWN;
    const type = st.res.get(v.rid)?.recordType;
    const span = type === undefined || field === undefined ? undefined : this.host.layout.field(type, field);
    return { k: 'rec', rid: v.rid, off: span === undefined || v.off === undefined ? undefined : v.off + span.off };
  }

  private offsetInto(v: Val, off: number | undefined): Val {
    if (v.k !== 'rec') return v.k === 'addr' ? v : UNKNOWN;
    return { k: 'rec', rid: v.rid, off: off === 0 ? v.off : undefined };
  }

  private elemSize(v: Val, st: State): number | undefined {
    return v.k === 'rec' ? st.res.get(v.rid)?.recordSize : undefined;
  }

  private assign(e: Expr, st: State, fr: Frame): Out[] {
    const [lhs, rhs] = e.kids;
    if (lhs === undefined || rhs === undefined) return this.evalAll(e.kids, st, fr).map((o) => ({ st: o.st, v: UNKNOWN }));
    const outs: Out[] = [];
    for (const r of this.eval(rhs, st, fr)) {
      for (const l of this.lvalue(lhs, r.st, fr)) {
        let v = r.v;
        if (e.op !== '=') {
          const old = this.read(l);
          v = this.combine(e.op.slice(0, -1), old, r.v, l.st);
        }
        this.store(l.st, l.loc, l.global, v);
        outs.push({ st: l.st, v });
      }
    }
    return outs;
  }

  /** Writes `v` to storage; a reservation stored where we cannot follow it becomes untracked (silent). */
  store(st: State, loc: string | undefined, global: boolean, v: Val): void {
    if (loc !== undefined && !global) {
      st.vars.set(loc, v);
      for (const k of [...st.vars.keys()]) if (k.startsWith(`${loc}.`) || k.startsWith(`${loc}[`)) st.vars.delete(k);
      return;
    }
    st.lose(v);
  }

  private combine(op: string, a: Val, b: Val, st: State): Val {
    if (a.k === 'num' && b.k === 'num') {
      const n = arith(op, a.n, b.n);
      return n === undefined ? UNKNOWN : { k: 'num', n };
    }
    if (a.k === 'rec' && b.k === 'num' && (op === '+' || op === '-')) {
      const elem = this.elemSize(a, st);
      const delta = elem === undefined ? undefined : (op === '+' ? 1 : -1) * b.n * elem;
      return { k: 'rec', rid: a.rid, off: a.off === undefined || delta === undefined ? undefined : a.off + delta };
    }
    if (a.k === 'rec' && (op === '+' || op === '-')) return { k: 'rec', rid: a.rid, off: undefined };
    return UNKNOWN;
  }

  private update(e: Expr, st: State, fr: Frame): Out[] {
    const target = e.kids[0];
    if (target === undefined) return [{ st, v: UNKNOWN }];
    return this.lvalue(target, st, fr).map((l) => {
      const old = this.read(l);
      const v = this.combine(e.op === '++' ? '+' : '-', old, { k: 'num', n: 1 }, l.st);
      this.store(l.st, l.loc, l.global, v);
      return { st: l.st, v };
    });
  }

  private unary(e: Expr, st: State, fr: Frame): Out[] {
    const arg = e.kids[0];
    if (arg === undefined) return [{ st, v: UNKNOWN }];
    if (e.op === '!') {
      return this.split(arg, st, fr).flatMap((s) => [
        ...(s.t !== undefined ? [{ st: s.t, v: { k: 'num', n: 0 } as Val }] : []),
        ...(s.f !== undefined ? [{ st: s.f, v: { k: 'num', n: 1 } as Val }] : []),
      ]);
    }
    return this.eval(arg, st, fr).map((o) => {
      if (o.v.k !== 'num') return { st: o.st, v: UNKNOWN };
      const n = e.op === '-' ? -o.v.n : e.op === '~' ? Number(~BigInt(Math.trunc(o.v.n))) : o.v.n;
      return { st: o.st, v: { k: 'num', n } };
    });
  }

  private binary(e: Expr, st: State, fr: Frame): Out[] {
    // split() handles only two-operand &&/||; a half-typed one with another arity would recurse back here
    if ((e.op === '&&' || e.op === '||') && e.kids.length === 2) {
      // Short-circuit in value position: the right side only runs where the left allows it.
      return this.split(e, st, fr).flatMap((s) => [
        ...(s.t !== undefined ? [{ st: s.t, v: { k: 'num', n: 1 } as Val }] : []),
        ...(s.f !== undefined ? [{ st: s.f, v: { k: 'num', n: 0 } as Val }] : []),
      ]);
    }
    const [l, r] = e.kids;
    if (l === undefined || r === undefined) return [{ st, v: UNKNOWN }];
    return this.evalAll([l, r], st, fr).map((o) => {
      const [a, b] = o.vs;
      if (a === undefined || b === undefined) return { st: o.st, v: UNKNOWN };
      return { st: o.st, v: this.compare(e.op, a, b) ?? this.combine(e.op, a, b, o.st) };
    });
  }

  /** Equality tests decided by learnt facts (`x != 3` after `if (x == 3)` failed). */
  private compare(op: string, a: Val, b: Val): Val | undefined {
    if (op !== '==' && op !== '!=') return undefined;
    const decided = (eq: boolean): Val => ({ k: 'num', n: (op === '==') === eq ? 1 : 0 });
    if (a.k === 'num' && b.k === 'num') return decided(a.n === b.n);
    const [x, c] = b.k === 'num' ? [a, b.n] : a.k === 'num' ? [b, a.n] : [a, undefined];
    if (c === undefined) {
      if (a.k === 'null' && b.k === 'null') return decided(true);
      return undefined;
    }
    if (x.k === 'nz' && c === 0) return decided(false);
    if (x.k === 'ne' && c === x.n) return decided(false);
    if (x.k === 'null') return decided(c === 0);
    return undefined;
  }

  private ternary(e: Expr, st: State, fr: Frame): Out[] {
    const [c, y, n] = e.kids;
    if (c === undefined || y === undefined || n === undefined) return [{ st, v: UNKNOWN }];
    return this.split(c, st, fr).flatMap((s) => [
      ...(s.t !== undefined ? this.eval(y, s.t, fr) : []),
      ...(s.f !== undefined ? this.eval(n, s.f, fr) : []),
    ]);
  }

  /**
   * Splits a state on condition `e`: the state where it holds and where it does not (undefined when
   * infeasible). A NULL test on a reservation refines it (maybe → live / NULL) for every alias.
   */
  split(e: Expr, st: State, fr: Frame): Split[] {
    const x = unwrap(e);
    const hint = calleeName(x);
    // likely()/unlikely()/__builtin_expect() only annotate the condition they wrap.
    if (hint !== undefined && EXPECT.has(hint) && x.kids[1] !== undefined) return this.split(x.kids[1], st, fr);
    if (x.type === 'unary_expression' && x.op === '!' && x.kids[0] !== undefined) {
      return this.split(x.kids[0], st, fr).map((s) => ({ t: s.f, f: s.t, nullTest: s.nullTest }));
    }
    if (x.type === 'binary_expression' && (x.op === '&&' || x.op === '||') && x.kids.length === 2) {
      const [l, r] = x.kids as [Expr, Expr];
      const out: Split[] = [];
      for (const s of this.split(l, st, fr)) {
        const decided = x.op === '&&' ? s.f : s.t;
        const cont = x.op === '&&' ? s.t : s.f;
        if (decided !== undefined) out.push(x.op === '&&' ? { t: undefined, f: decided, nullTest: s.nullTest } : { t: decided, f: undefined, nullTest: s.nullTest });
        if (cont !== undefined) out.push(...this.split(r, cont, fr));
      }
      return out;
    }
    if (x.type === 'binary_expression' && (x.op === '==' || x.op === '!=') && x.kids.length === 2) {
      const [l, r] = x.kids as [Expr, Expr];
      const zeroR = this.isZeroLiteral(r);
      const zeroL = this.isZeroLiteral(l);
      if (zeroR || zeroL) {
        const inner = this.split(zeroR ? l : r, st, fr);
        return x.op === '==' ? inner.map((s) => ({ t: s.f, f: s.t, nullTest: s.nullTest })) : inner;
      }
      const lit = this.literal(r) ?? this.literal(l);
      const other = this.literal(r) !== undefined ? l : r;
      const plain = unwrap(other);
      if (lit !== undefined && plain.type === 'identifier' && fr.locals.has(plain.text)) {
        return this.eval(other, st, fr).flatMap((o) => this.factSplit(o, `${fr.prefix}${plain.text}`, lit, x.op === '=='));
      }
    }
    const outs = this.eval(x, st, fr);
    return outs.map((o) => this.truth(o, x, fr));
  }

  private isZeroLiteral(e: Expr): boolean {
    const x = unwrap(e);
    return x.type === 'null' || (x.type === 'identifier' && x.text === 'NULL') || (x.type === 'number_literal' && numberOf(x.text) === 0);
  }

  private literal(e: Expr): number | undefined {
    const x = unwrap(e);
    return x.type === 'number_literal' ? numberOf(x.text) : undefined;
  }

  /** `x == lit` on a local scalar: decided by what is known, else both ways with the fact learnt. */
  private factSplit(o: Out, loc: string, lit: number, eq: boolean): Split[] {
    const v = o.v;
    let holds: boolean | undefined;
    if (v.k === 'num') holds = v.n === lit;
    else if (v.k === 'nz' && lit === 0) holds = false;
    else if (v.k === 'ne' && v.n === lit) holds = false;
    if (holds !== undefined) {
      const yes = holds === eq;
      return [{ t: yes ? o.st : undefined, f: yes ? undefined : o.st, nullTest: false }];
    }
    if (v.k !== 'unknown' && v.k !== 'nz' && v.k !== 'ne') return [{ t: o.st, f: o.st.clone(), nullTest: false }];
    const isEq = o.st;
    const isNe = o.st.clone();
    isEq.vars.set(loc, { k: 'num', n: lit });
    isNe.vars.set(loc, lit === 0 ? { k: 'nz' } : { k: 'ne', n: lit });
    return [{ t: eq ? isEq : isNe, f: eq ? isNe : isEq, nullTest: false }];
  }

  private truth(o: Out, x: Expr, fr: Frame): Split {
    const v = o.v;
    if (v.k === 'rec') {
      const r = o.st.res.get(v.rid);
      if (r === undefined || r.status === 'released' || r.status === 'lost') return { t: o.st, f: o.st.clone(), nullTest: false };
      if (r.status === 'live') return { t: o.st, f: undefined, nullTest: true };
      if (r.status === 'null') return { t: undefined, f: o.st, nullTest: true };
      const t = o.st;
      const f = o.st.clone();
      t.setStatus(v.rid, 'live');
      // On the NULL branch the verifier drops the reference: nothing left to release.
      f.setStatus(v.rid, 'null');
      return { t, f, nullTest: true };
    }
    if (v.k === 'slice' && v.nullable) {
      const t = o.st;
      const f = o.st.clone();
      // The tested variable: `p`, or `p` in `(p = bpf_dynptr_data(...))`.
      const lhs = x.type === 'assignment_expression' && x.op === '=' && x.kids[0] !== undefined ? unwrap(x.kids[0]) : x;
      if (lhs.type === 'identifier' && fr.locals.has(lhs.text)) {
        t.vars.set(`${fr.prefix}${lhs.text}`, { k: 'slice', rid: v.rid, nullable: false });
        f.vars.set(`${fr.prefix}${lhs.text}`, { k: 'null' });
      } else {
        // Tested where we cannot follow it: stop treating copies as maybe-NULL rather than guess.
        for (const [k, w] of t.vars) if (w.k === 'slice' && w.rid === v.rid && w.nullable) t.vars.set(k, { ...w, nullable: false });
      }
      return { t, f, nullTest: true };
    }
    if (v.k === 'null') return { t: undefined, f: o.st, nullTest: false };
    if (v.k === 'num') return v.n !== 0 ? { t: o.st, f: undefined, nullTest: false } : { t: undefined, f: o.st, nullTest: false };
    if (v.k === 'nz' || v.k === 'addr') return { t: o.st, f: undefined, nullTest: false };
    if (v.k === 'unknown' && x.type === 'identifier' && fr.locals.has(x.text)) {
      const t = o.st;
      const f = o.st.clone();
      t.vars.set(`${fr.prefix}${x.text}`, { k: 'nz' });
      f.vars.set(`${fr.prefix}${x.text}`, { k: 'num', n: 0 });
      return { t, f, nullTest: false };
    }
    return { t: o.st, f: o.st.clone(), nullTest: false };
  }

  private call(e: Expr, st: State, fr: Frame): Out[] {
    const name = calleeName(e);
    const args = e.kids.slice(1);
    const site = this.site(fr, e);
    if (name === undefined) return this.evalAll(e.kids, st, fr).map((o) => ({ st: o.st, v: UNKNOWN }));
    const outs: Out[] = [];
    for (const o of this.evalAll(args, st, fr)) {
      const r = this.callWith(name, e, args, o.vs, o.st, fr, site);
      if (r !== undefined) outs.push(...r);
    }
    return outs;
  }

  /** One call with evaluated arguments. Returns the outcomes (empty: the path ends, as after bpf_throw). */
  private callWith(name: string, e: Expr, args: readonly Expr[], vs: Val[], st: State, fr: Frame, site: Site): Out[] | undefined {
    if (EXPECT.has(name)) return [{ st, v: vs[0] ?? UNKNOWN }];
    const macro = this.host.macros.get(name);
    if (macro !== undefined && !this.host.functions.has(name)) return [{ st, v: this.fx.opaqueMacro(name, macro, vs, st) }];
    if (st.lock !== undefined && isHelperCall(name) && !this.host.functions.has(name)) {
      this.host.events.add(`lock@${site.file}:${site.start}`, { kind: 'lockedCall', site, callee: name, lock: st.lock });
    }
    const memArgs = MEMORY_ARGS.get(name);
    if (memArgs !== undefined) {
      for (const i of memArgs) {
        const v = vs[i];
        const a = args[i];
        if (v !== undefined && a !== undefined) this.use(v, st, this.site(fr, a), 'helper');
      }
    }
    const sized = SIZED_ARGS.get(name);
    if (sized !== undefined) this.fx.helperBounds(name, args[sized.ptr], vs[sized.size], st, fr);
    switch (name) {
      case 'bpf_ringbuf_reserve':
        return [{ st, v: this.fx.reserve(st, fr, site, e) }];
      case 'bpf_ringbuf_submit':
      case 'bpf_ringbuf_discard':
        this.fx.releaseRec(name, vs[0], st, fr, args[0] === undefined ? site : this.site(fr, args[0]));
        return [{ st, v: UNKNOWN }];
      case 'bpf_ringbuf_reserve_dynptr':
        this.fx.reserveDyn(vs[3], st, fr, site);
        return [{ st, v: UNKNOWN }];
      case 'bpf_ringbuf_submit_dynptr':
      case 'bpf_ringbuf_discard_dynptr':
        this.fx.releaseDyn(name, vs[0], st, args[0] === undefined ? site : this.site(fr, args[0]));
        return [{ st, v: UNKNOWN }];
      case 'bpf_dynptr_from_mem': {
        const d = vs[3];
        if (d !== undefined && d.k === 'addr') st.dyn.set(d.loc, 'local');
        return [{ st, v: UNKNOWN }];
      }
      case 'bpf_dynptr_clone': {
        const [src, dst] = vs;
        if (src?.k === 'addr' && dst?.k === 'addr') {
          const rid = st.dyn.get(src.loc);
          if (rid !== undefined) st.dyn.set(dst.loc, rid);
        }
        return [{ st, v: UNKNOWN }];
      }
      case 'bpf_spin_lock':
        st.lock = site;
        return [{ st, v: UNKNOWN }];
      case 'bpf_spin_unlock':
        st.lock = undefined;
        return [{ st, v: UNKNOWN }];
      case 'bpf_tail_call':
        this.host.exitLeak(st, fr, 'tail_call', site);
        return [{ st, v: UNKNOWN }];
      case 'bpf_throw':
        this.host.exitLeak(st, fr, 'throw', site);
        return [];
      case 'load_byte':
      case 'load_half':
      case 'load_word':
        // LD_ABS/LD_IND may exit the program (rule book E5): the verifier checks held references there.
        this.host.exitLeak(st, fr, 'ld_abs', site);
        return [{ st, v: UNKNOWN }];
      case 'bpf_map_lookup_elem':
        return [{ st, v: { k: 'mapval' } }];
      default:
        break;
    }
    if (name.startsWith('bpf_dynptr_')) return [{ st, v: this.fx.dynptrUse(name, vs, st, fr, args) }];
    const cb = CALLBACK_HELPERS.get(name);
    if (cb !== undefined && name === 'bpf_user_ringbuf_drain') {
      const ctx = vs[cb.ctx];
      const a = args[cb.ctx];
      if (a !== undefined && ctx !== undefined && ((ctx.k === 'addr' && ctx.global) || ctx.k === 'mapval')) {
        const s = this.site(fr, a);
        this.host.events.add(`drainctx@${s.file}:${s.start}`, { kind: 'drainCtx', site: s, what: ctx.k === 'mapval' ? 'mapval' : 'global' });
      }
    }
    const callee = this.host.functions.get(name);
    if (callee !== undefined && callee.isStatic) {
      const r = this.host.inline(callee, st, vs, fr, site);
      if (r !== undefined) return r;
    }
    return [{ st, v: UNKNOWN }];
  }
}
