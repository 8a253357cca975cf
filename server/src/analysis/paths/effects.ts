// The effects of helper calls on a path state: reservations (records, dynptrs) and their releases,
// dynptr uses, bounds of constant accesses (D3/D5), and user macros that hide what they do.
import type { Expr } from '../cfg/expr';
import { unwrap } from '../cfg/expr';
import type { Evaluator, Frame, Host } from './eval';
import type { State, Res, Site, Val } from './values';
import { UNKNOWN, isHeld } from './values';
import { DYN_SLICE } from './helpers';

/** Macro bodies that may return, jump or release: the call's effects are unknowable without expanding it. */
const OPAQUE_MACRO = /\b(return|goto|break|continue|bpf_ringbuf_\w+|bpf_spin_\w+|bpf_tail_call|bpf_throw|\w*dynptr\w*)\b/;

export class Effects {
  constructor(
    private readonly host: Host,
    private readonly ev: Evaluator,
  ) {}

  bounds(r: Res, fr: Frame, e: Expr, off: number, size: number, helper: string | undefined): void {
    const mem = r.memSize;
    if (mem === undefined || (off >= 0 && off + size <= mem)) return;
    const site = this.ev.site(fr, e);
    this.host.events.add(`bounds@${site.file}:${site.start}`, { kind: 'bounds', res: r, site, off, size, memSize: mem, helper });
  }

  /** `e->f`: the field must lie inside the reserved bytes (rule book D3). Only asked when the record is short. */
  fieldBounds(v: Val, field: string, st: State, fr: Frame, e: Expr): void {
    if (v.k !== 'rec' || v.off === undefined) return;
    const r = st.res.get(v.rid);
    if (r?.memSize === undefined || r.recordType === undefined) return;
    if (v.off === 0 && r.recordSize !== undefined && r.memSize >= r.recordSize) return;
    const span = this.host.layout.field(r.recordType, field);
    // Only a field that starts past the end is certain: `e->comm[0]` touches one byte of a longer field.
    if (span !== undefined && v.off + span.off >= r.memSize) this.bounds(r, fr, e, v.off + span.off, span.size, undefined);
  }

  /** `e[i]` with a constant index on the reserved pointer (rule book D3). */
  indexBounds(v: Extract<Val, { k: 'rec' }>, index: number, st: State, fr: Frame, e: Expr): void {
    const r = st.res.get(v.rid);
    if (r?.recordSize === undefined || v.off === undefined) return;
    this.bounds(r, fr, e, v.off + index * r.recordSize, r.recordSize, undefined);
  }

  /** A record (or field of it) given to a helper with a constant size (rule book D5). */
  helperBounds(helper: string, ptr: Expr | undefined, size: Val | undefined, st: State, fr: Frame): void {
    if (ptr === undefined || size?.k !== 'num') return;
    let x = unwrap(ptr);
    if (x.type === 'pointer_expression' && x.op === '&' && x.kids[0] !== undefined) x = unwrap(x.kids[0]);
    let base = x;
    let field: string | undefined;
    if (x.type === 'field_expression' && x.op === '->' && x.kids[0] !== undefined) {
      base = unwrap(x.kids[0]);
      field = x.kids[1]?.text;
    }
    if (base.type !== 'identifier' || !fr.locals.has(base.text)) return;
    const v = st.vars.get(`${fr.prefix}${base.text}`);
    if (v?.k !== 'rec' || v.off === undefined) return;
    const r = st.res.get(v.rid);
    if (r === undefined || r.memSize === undefined) return;
    let off = v.off;
    if (field !== undefined) {
      const span = r.recordType === undefined ? undefined : this.host.layout.field(r.recordType, field);
      if (span === undefined) return;
      off += span.off;
    }
    this.bounds(r, fr, ptr, off, size.n, helper);
  }

  /** A user macro call: records handed to it are no longer followed; control-flow macros end leak verdicts. */
  opaqueMacro(_name: string, body: string, vs: Val[], st: State): Val {
    for (const v of vs) st.lose(v);
    if (OPAQUE_MACRO.test(body)) this.host.markOpaque();
    return UNKNOWN;
  }

  /** The reservation id of the reserve at `site`; a record it made earlier that is still held is retired first. */
  private newRid(st: State, fr: Frame, site: Site): string {
    const rid = `${site.file}:${site.start}${fr.callPath}`;
    const prev = st.res.get(rid);
    if (isHeld(prev)) this.retire(st, rid, prev, fr, site);
    return rid;
  }

  reserve(st: State, fr: Frame, site: Site, e: Expr): Val {
    const rid = this.newRid(st, fr, site);
    const info = this.host.helperCalls.get(`${site.file}:${e.start}`);
    const recordSize = info?.recordType !== undefined && info.recordType !== 'void' && info.recordType !== 'char' ? info.recordSize : info?.recordType === 'char' ? 1 : undefined;
    const res: Res = {
      kind: 'rec',
      status: 'maybe',
      site,
      holder: info?.target ?? 'the record',
      trail: [],
      ...(recordSize === undefined ? {} : { recordSize }),
      ...(info?.recordType === undefined ? {} : { recordType: info.recordType }),
      ...(info?.size === undefined || info.sizeKind !== 'constant' ? {} : { memSize: info.size }),
    };
    st.res.set(rid, res);
    return { k: 'rec', rid, off: 0 };
  }

  /**
   * The same reserve runs again (next loop iteration) while its last record is still held: that record
   * moves to an older generation; if even that one is still held and nothing points to it, it leaked.
   */
  retire(st: State, rid: string, prev: Res, fr: Frame, site: Site): void {
    const old = `${rid}'`;
    const older = st.res.get(old);
    if (isHeld(older)) {
      const referenced = [...st.vars.values()].some((v) => (v.k === 'rec' || v.k === 'slice') && v.rid === old) || [...st.dyn.values()].includes(old);
      if (referenced) st.setStatus(old, 'lost');
      else this.host.events.addLeak(older, fr.unit, fr.unitName, { kind: 'again', site, trail: older.trail, checked: older.status === 'live' });
    }
    st.res.set(old, prev);
    for (const [k, v] of st.vars) {
      if (v.k === 'rec' && v.rid === rid) st.vars.set(k, { ...v, rid: old });
      if (v.k === 'slice' && v.rid === rid) st.vars.set(k, { ...v, rid: old });
    }
    for (const [k, v] of st.dyn) if (v === rid) st.dyn.set(k, old);
    st.res.delete(rid);
  }

  releaseRec(helper: string, v: Val | undefined, st: State, fr: Frame, site: Site): void {
    const bad = (what: 'offset' | 'null' | 'stack' | 'mapval' | 'slice' | 'param' | 'global', res?: Res): void =>
      this.host.events.add(`bad@${site.file}:${site.start}`, { kind: 'badRelease', site, helper, what, ...(res === undefined ? {} : { res }) });
    if (v === undefined) return;
    switch (v.k) {
      case 'rec': {
        const r = st.res.get(v.rid);
        if (r === undefined || r.status === 'lost') return;
        if (r.status === 'maybe') {
          this.host.events.add(`nullUse@${site.file}:${site.start}`, { kind: 'nullUse', res: r, site, how: 'release', isNull: false });
          st.setStatus(v.rid, 'released', site);
          return;
        }
        if (r.status === 'null') {
          bad('null', r);
          return;
        }
        if (r.status === 'released') {
          this.host.events.add(`double@${site.file}:${site.start}`, { kind: 'doubleRelease', res: r, site });
          return;
        }
        // A known non-zero offset is rejected; an unknown one may well come back to 0 (rule book F3 accepts that): stay quiet.
        if (v.off !== 0 && v.off !== undefined) bad('offset', r);
        st.setStatus(v.rid, 'released', site);
        return;
      }
      case 'null':
        bad('null');
        return;
      case 'num':
        if (v.n === 0) bad('null');
        return;
      case 'addr':
        bad(v.global ? 'global' : 'stack');
        return;
      case 'mapval':
        bad('mapval');
        return;
      case 'slice':
        bad('slice', st.res.get(v.rid));
        return;
      case 'param':
        if (fr.unit === 'global' && fr.depth === 0) bad('param');
        return;
      default:
        return;
    }
  }

  reserveDyn(d: Val | undefined, st: State, fr: Frame, site: Site): void {
    if (d === undefined || d.k !== 'addr' || d.global) return;
    const cur = st.dyn.get(d.loc);
    if (cur !== undefined && cur !== 'local') {
      const r = st.res.get(cur);
      if (isHeld(r)) {
        this.host.events.add(`dynover@${site.file}:${site.start}`, { kind: 'dynOverwrite', site, res: r });
        return;
      }
    }
    const rid = this.newRid(st, fr, site);
    const holder = d.loc.slice(d.loc.indexOf(':') + 1);
    // Acquired even when the reservation fails (rule book I1): live on every path.
    st.res.set(rid, { kind: 'dyn', status: 'live', site, holder: `&${holder}`, trail: [] });
    st.dyn.set(d.loc, rid);
  }

  releaseDyn(helper: string, v: Val | undefined, st: State, site: Site): void {
    const bad = (what: 'uninitDyn' | 'localDyn' | 'constDyn', res?: Res): void =>
      this.host.events.add(`bad@${site.file}:${site.start}`, { kind: 'badRelease', site, helper, what, ...(res === undefined ? {} : { res }) });
    if (v === undefined) return;
    if (v.k === 'constdyn' || v.k === 'param') {
      bad('constDyn');
      return;
    }
    if (v.k !== 'addr' || v.global) return;
    const rid = st.dyn.get(v.loc);
    if (rid === undefined) {
      bad('uninitDyn');
      return;
    }
    if (rid === 'local') {
      bad('localDyn');
      return;
    }
    const r = st.res.get(rid);
    if (r === undefined || r.status === 'lost') return;
    if (r.status === 'released') {
      this.host.events.add(`double@${site.file}:${site.start}`, { kind: 'doubleRelease', res: r, site });
      return;
    }
    st.setStatus(rid, 'released', site);
  }

  dynptrUse(name: string, vs: Val[], st: State, fr: Frame, args: readonly Expr[]): Val {
    let slice: Val = UNKNOWN;
    vs.forEach((v, i) => {
      if (v.k !== 'addr' || v.global) return;
      const rid = st.dyn.get(v.loc);
      if (rid === undefined || rid === 'local') return;
      const r = st.res.get(rid);
      if (r === undefined) return;
      const a = args[i];
      if (r.status === 'released' && a !== undefined) {
        const s = this.ev.site(fr, a);
        this.host.events.add(`uar@${s.file}:${s.start}`, { kind: 'useAfterRelease', res: r, site: s });
      }
      if (i === 0 && DYN_SLICE.has(name) && r.status === 'live') slice = { k: 'slice', rid, nullable: true };
    });
    return slice;
  }
}
