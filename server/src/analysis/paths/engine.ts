// The path engine: walks each verification unit's CFG (programs, global functions, callbacks) with a
// path-sensitive state, inlines static functions (bounded depth), prunes repeated states, caps work.
import type { FunctionDef, HelperCall, ProgramModel } from '../model';
import { buildCfg, hasSyntaxErrors } from '../cfg/build';
import { SyntaxTree } from '../syntax/node';
import { successors, type Cfg } from '../cfg/graph';
import { EventLog, Journal, type ExitKind, type PathEvent, type UnitKind } from './events';
import { Evaluator, type Frame, type Host, type Out } from './eval';
import { CALLBACK_HELPERS } from './helpers';
import { LayoutQuery } from './layoutQuery';
import { UnitKeys } from './unitCache';
import { callArgs } from '../ranges/syntax';
import { State, UNKNOWN, exitStart, type Site, type Val } from './values';
import { registerCache, registerModelMemo, trimOldest } from '../caches';

/** Node visits allowed per verification unit (inlined callees included): keeps analysis linear-ish. */
const MAX_STEPS = 40_000;
/** Distinct states kept per CFG node; further ones are dropped (only findings can be lost, never invented). */
const MAX_STATES_PER_NODE = 48;
/** Iterations of a loop head before learnt scalar facts are forgotten (widening to a fixed point). */
const LOOP_UNROLL = 2;
/** Distinct states at a join after which scalar facts are dropped, so paths differing only there merge. */
const WIDEN_AT_JOIN = 8;
const MAX_INLINE_DEPTH = 8;
const CALLBACK_NAMES = new RegExp(`\\b(${[...CALLBACK_HELPERS.keys()].join('|')})\\b`);

export interface PathReport {
  readonly events: readonly PathEvent[];
  /** Units whose exploration hit the work cap (findings there may be incomplete). */
  readonly truncated: readonly string[];
}

interface FnInfo {
  readonly cfg: Cfg;
  /** Nodes with two or more predecessors: the only places where paths meet and can be pruned. */
  readonly joins: ReadonlySet<number>;
  readonly locals: ReadonlySet<string>;
  /** The body has parse errors: leak verdicts there would be guesses, so none are made. */
  readonly partial: boolean;
}

class Budget {
  steps = 0;
  exhausted = false;
}

export class PathEngine implements Host {
  readonly events = new EventLog();
  readonly layout: LayoutQuery;
  readonly functions = new Map<string, FunctionDef>();
  readonly helperCalls = new Map<string, HelperCall>();
  readonly macros = new Map<string, string>();
  private readonly infos = new Map<FunctionDef, FnInfo>();
  private readonly sources = new Map<string, SyntaxTree>();
  private readonly evaluator = new Evaluator(this);
  private budget = new Budget();
  private memo = new Map<string, Out[]>();
  private readonly truncated: string[] = [];
  private rootPartial = false;

  constructor(private readonly model: ProgramModel) {
    this.layout = new LayoutQuery(model);
    for (const f of model.functions) if (!this.functions.has(f.name)) this.functions.set(f.name, f);
    for (const c of model.calls) this.helperCalls.set(`${c.file}:${c.start}`, c);
    for (const u of model.units) {
      if (!/#\s*define\s+\w+\(/.test(u.masked)) continue;
      for (const d of u.tree.rootNode.descendantsOfType('preproc_function_def')) {
        const name = d?.childForFieldName('name')?.text;
        if (name !== undefined) this.macros.set(name, d?.childForFieldName('value')?.text ?? '');
      }
    }
  }

  run(): PathReport {
    const callbacks = this.callbacks();
    const keys = new UnitKeys(this.model, this.functions, (f) => this.source(f));
    for (const fn of this.model.functions) {
      const cb = callbacks.get(fn.name);
      if (fn.section !== undefined) this.cachedUnit(keys, fn, 'prog', undefined);
      else if (!fn.isStatic) this.cachedUnit(keys, fn, 'global', undefined);
      else if (cb !== undefined) this.cachedUnit(keys, fn, 'callback', cb);
    }
    return { events: this.events.all(), truncated: this.truncated };
  }

  /** Replays the unit from the cross-analysis memo when nothing it reads changed, else walks and records it. */
  private cachedUnit(keys: UnitKeys, fn: FunctionDef, unit: UnitKind, cbHelper: string | undefined): void {
    const { key, fns } = keys.unit(fn, unit, cbHelper);
    const hit = keys.lookup(key);
    if (hit !== undefined && keys.replay(hit, fns, this.events)) {
      if (hit.truncated) this.truncated.push(fn.name);
      return;
    }
    const journal = new Journal();
    this.events.journal = journal;
    const truncatedBefore = this.truncated.length;
    try {
      this.runUnit(fn, unit, cbHelper);
    } finally {
      this.events.journal = undefined;
    }
    keys.store(key, fns, journal, this.truncated.length > truncatedBefore);
  }

  /** Static functions passed to bpf_loop & co.: verified as their own callback units. */
  private callbacks(): Map<string, string> {
    const out = new Map<string, string>();
    for (const fn of this.model.functions) {
      // Cheap text test first: walking every call of every body is the expensive part.
      const text = fn.body.text;
      if (!CALLBACK_NAMES.test(text)) continue;
      // the same body text names the same callbacks: remembered across analyses
      let found = callbacksByBody.get(text);
      if (found === undefined) {
        found = [];
        for (const call of fn.body.descendantsOfType('call_expression')) {
          const name = call?.childForFieldName('function')?.text;
          const spec = name === undefined ? undefined : CALLBACK_HELPERS.get(name);
          if (call === null || spec === undefined || name === undefined) continue;
          const arg = callArgs(call)[spec.cb];
          const id = arg?.text.replace(/[&()\s]|\(\s*void\s*\*\s*\)/g, '');
          if (id !== undefined && /^\w+$/.test(id)) found.push([id, name]);
        }
        callbacksByBody.set(text, found);
        trimOldest(callbacksByBody, 4096);
      }
      for (const [id, name] of found) out.set(id, name);
    }
    return out;
  }

  /** The parsed (masked) text of a file, shared by all its functions. */
  private source(file: string): SyntaxTree {
    let s = this.sources.get(file);
    if (s === undefined) {
      s = this.model.units.find((u) => u.file === file)?.tree ?? new SyntaxTree('');
      this.sources.set(file, s);
    }
    return s;
  }

  private info(fn: FunctionDef): FnInfo {
    let i = this.infos.get(fn);
    if (i === undefined) {
      const cfg = buildCfg(fn.name, fn.body);
      const locals = new Set<string>(fn.params.map((p) => p.name));
      for (const n of cfg.nodes) if (n.kind === 'decl') locals.add(n.name);
      const preds = new Map<number, number>();
      for (const n of cfg.nodes) for (const s of successors(n)) preds.set(s, (preds.get(s) ?? 0) + 1);
      const joins = new Set([...preds].filter(([, c]) => c > 1).map(([id]) => id));
      i = { cfg, joins, locals, partial: cfg.unsupported > 0 || hasSyntaxErrors(fn.body) };
      this.infos.set(fn, i);
    }
    return i;
  }

  private runUnit(fn: FunctionDef, unit: UnitKind, cbHelper: string | undefined): void {
    this.budget = new Budget();
    this.memo = new Map();
    const info = this.info(fn);
    this.rootPartial = info.partial;
    const frame: Frame = { fn, prefix: '0:', locals: info.locals, depth: 0, callPath: '', unit, unitName: fn.name };
    const st = new State();
    fn.params.forEach((p, i) => {
      const pointer = p.type.includes('*');
      let v: Val = UNKNOWN;
      if (unit === 'global' && pointer) v = { k: 'param' };
      if (unit === 'callback' && cbHelper === 'bpf_user_ringbuf_drain' && i === 0) v = { k: 'constdyn' };
      st.vars.set(`0:${p.name}`, v);
    });
    this.walk(fn, st, frame, cbHelper);
    if (this.budget.exhausted) this.truncated.push(fn.name);
  }

  /** Walks one frame from its entry; returns the states (and return values) at its exits. */
  private walk(fn: FunctionDef, start: State, fr: Frame, cbHelper?: string): Out[] {
    const { cfg, joins } = this.info(fn);
    const ev = this.evaluator;
    const visited = new Map<number, Set<string>>();
    const loopVisits = new Map<number, number>();
    const results: Out[] = [];
    const work: { id: number; st: State }[] = [{ id: cfg.entry, st: start }];
    while (work.length > 0) {
      const item = work.pop();
      if (item === undefined) break;
      if (++this.budget.steps > MAX_STEPS) {
        this.budget.exhausted = true;
        break;
      }
      const { id, st } = item;
      const node = cfg.nodes[id];
      if (node === undefined) continue;
      if (node.kind === 'branch' && node.loop) {
        const n = (loopVisits.get(id) ?? 0) + 1;
        loopVisits.set(id, n);
        if (n > LOOP_UNROLL) st.widen();
      }
      if (joins.has(id)) {
        let seen = visited.get(id);
        if (seen === undefined) visited.set(id, (seen = new Set()));
        // Many paths meeting here: merge those that differ only in scalar facts (widening).
        if (seen.size >= WIDEN_AT_JOIN) st.widen();
        const key = st.key();
        if (seen.has(key) || seen.size >= MAX_STATES_PER_NODE) continue;
        seen.add(key);
      }
      switch (node.kind) {
        case 'entry':
        case 'nop':
          work.push({ id: node.next, st });
          break;
        case 'eval':
          for (const o of ev.eval(node.expr, st, fr)) work.push({ id: node.next, st: o.st });
          break;
        case 'decl': {
          const loc = `${fr.prefix}${node.name}`;
          if (node.isDynptr) st.dyn.delete(loc);
          if (node.init === undefined) {
            ev.store(st, loc, false, UNKNOWN);
            work.push({ id: node.next, st });
            break;
          }
          if (node.init.type === 'initializer_list') {
            this.initFields(node.init.kids, loc, st, fr).forEach((s) => work.push({ id: node.next, st: s }));
            break;
          }
          for (const o of ev.eval(node.init, st, fr)) {
            ev.store(o.st, loc, false, o.v);
            work.push({ id: node.next, st: o.st });
          }
          break;
        }
        case 'branch': {
          if (node.cond === undefined) {
            const f = st.clone();
            st.note(node.onTrue);
            f.note(node.onFalse);
            work.push({ id: node.f, st: f }, { id: node.t, st });
            break;
          }
          for (const s of ev.split(node.cond, st, fr)) {
            if (s.f !== undefined) {
              if (!s.nullTest) s.f.note(node.onFalse);
              work.push({ id: node.f, st: s.f });
            }
            if (s.t !== undefined) {
              if (!s.nullTest) s.t.note(node.onTrue);
              work.push({ id: node.t, st: s.t });
            }
          }
          break;
        }
        case 'return': {
          // Exits are identified by position (a `return;` has no value node to name it).
          const site: Site = { file: fn.file, range: node.range, start: exitStart(node.range.start), src: 'return' };
          const outs = node.value === undefined ? [{ st, v: UNKNOWN }] : ev.eval(node.value, st, fr);
          for (const o of outs) {
            if (fr.depth === 0) {
              this.rootExit(o.st, fr, 'return', site);
              if (cbHelper !== undefined && o.v.k === 'num' && o.v.n !== 0 && o.v.n !== 1 && node.value !== undefined) {
                const s = ev.site(fr, node.value);
                this.events.add(`cbret@${s.file}:${s.start}`, { kind: 'cbReturn', site: s, value: o.v.n, callback: fn.name, helper: cbHelper });
              }
            }
            results.push(o);
          }
          break;
        }
        case 'end':
          if (fr.depth === 0) this.rootExit(st, fr, 'end', { file: fn.file, range: node.range, start: exitStart(node.range.start), src: '}' });
          results.push({ st, v: UNKNOWN });
          break;
      }
    }
    return results;
  }

  /** `struct ctx c = { .e = e, ... }`: tracks designated fields of a local struct. */
  private initFields(items: readonly import('../cfg/expr').Expr[], loc: string, st: State, fr: Frame): State[] {
    let states = [st];
    for (const k of [...st.vars.keys()]) if (k.startsWith(`${loc}.`)) st.vars.delete(k);
    st.vars.delete(loc);
    for (const item of items) {
      const next: State[] = [];
      const designated = item.type === 'initializer_pair' && item.kids.length >= 2;
      const value = designated ? item.kids[item.kids.length - 1] : item;
      const field = designated ? item.kids[0]?.src.replace(/^\./, '') : undefined;
      for (const s of states) {
        if (value === undefined) {
          next.push(s);
          continue;
        }
        for (const o of this.evaluator.eval(value, s, fr)) {
          if (field !== undefined && /^\w+$/.test(field)) this.evaluator.store(o.st, `${loc}.${field}`, false, o.v);
          else this.evaluator.store(o.st, undefined, false, o.v);
          next.push(o.st);
        }
      }
      states = next;
    }
    return states;
  }

  markOpaque(): void {
    this.rootPartial = true;
  }

  private rootExit(st: State, fr: Frame, kind: ExitKind, site: Site): void {
    if (this.rootPartial) return;
    for (const [, r] of st.held()) this.events.addLeak(r, fr.unit, fr.unitName, { kind, site, trail: r.trail, checked: r.status === 'live' });
  }

  exitLeak(st: State, fr: Frame, kind: 'tail_call' | 'throw' | 'ld_abs', site: Site): void {
    this.rootExit(st, fr, kind, site);
  }

  inline(fn: FunctionDef, st: State, args: readonly Val[], caller: Frame, site: Site): Out[] | undefined {
    if (caller.depth >= MAX_INLINE_DEPTH || this.budget.exhausted) return undefined;
    const info = this.info(fn);
    const depth = caller.depth + 1;
    const prefix = `${depth}:`;
    const frame: Frame = {
      fn,
      prefix,
      locals: info.locals,
      depth,
      callPath: `${caller.callPath}/${site.start}`,
      unit: caller.unit,
      unitName: caller.unitName,
    };
    st.dropFrame(prefix);
    fn.params.forEach((p, i) => st.vars.set(`${prefix}${p.name}`, args[i] ?? UNKNOWN));
    const key = `${fn.name}${frame.callPath}#${st.key()}`;
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached.map((o) => ({ st: o.st.clone(), v: o.v }));
    const outs = this.walk(fn, st, frame).map((o) => {
      o.st.dropFrame(prefix);
      const v = o.v.k === 'addr' && o.v.loc.startsWith(prefix) ? UNKNOWN : o.v;
      return { st: o.st, v };
    });
    this.memo.set(key, outs.map((o) => ({ st: o.st.clone(), v: o.v })));
    return outs;
  }
}

const cache = new WeakMap<ProgramModel, PathReport>();
registerModelMemo((model) => cache.delete(model as ProgramModel));
/** Body text → the [callback, helper] pairs its calls name (PathEngine.callbacks). */
const callbacksByBody = new Map<string, [string, string][]>();
registerCache(() => callbacksByBody.clear());

/** The path report of a model, computed once and shared by every lifetime rule. Never throws. */
export function pathReport(model: ProgramModel): PathReport {
  let r = cache.get(model);
  if (r === undefined) {
    try {
      r = new PathEngine(model).run();
    } catch {
      r = { events: [], truncated: [] };
    }
    cache.set(model, r);
  }
  return r;
}
