// Abstract values and the per-path state of the path engine: what each local holds, and the lifetime of
// each reservation (ringbuf record or ringbuf dynptr): maybe-NULL → live → released (or NULL, or lost).
import type { Position, Range } from '../findings';

/** A source location an event points at. */
export interface Site {
  readonly file: string;
  readonly range: Range;
  /** Byte offset: identity of the site within its file. */
  readonly start: number;
  readonly src: string;
}

/** The `start` of an exit site (return / end of function): exits are identified by position, as a negative number. */
export function exitStart(p: Position): number {
  return -1 - (p.line * 4096 + p.character);
}

export type Val =
  /** Pointer into a ringbuf record; `off` in bytes from its start, undefined when not a known constant. */
  | { readonly k: 'rec'; readonly rid: string; readonly off: number | undefined }
  /** `bpf_dynptr_data` slice of a ringbuf dynptr (type mem, not ringbuf_mem). */
  | { readonly k: 'slice'; readonly rid: string; readonly nullable: boolean }
  /** Address of a local (stack) or global object; `loc` is its storage key. */
  | { readonly k: 'addr'; readonly loc: string; readonly global: boolean }
  | { readonly k: 'null' }
  | { readonly k: 'num'; readonly n: number }
  /** A scalar known to be non-zero / known to differ from n (learnt from a branch). */
  | { readonly k: 'nz' }
  | { readonly k: 'ne'; readonly n: number }
  /** Pointer to a map value (lookup result). */
  | { readonly k: 'mapval' }
  /** Pointer argument of a global function: plain (nullable) memory for the verifier. */
  | { readonly k: 'param' }
  /** A const dynptr the program does not own (user-ringbuf callback argument). */
  | { readonly k: 'constdyn' }
  | { readonly k: 'unknown' };

export const UNKNOWN: Val = { k: 'unknown' };

export type ResStatus = 'maybe' | 'live' | 'released' | 'null' | 'lost';

export interface Res {
  readonly kind: 'rec' | 'dyn';
  readonly status: ResStatus;
  /** The reserve call. */
  readonly site: Site;
  /** Name of the variable or dynptr that holds it, for messages. */
  readonly holder: string;
  /** Branch decisions taken since the reservation (last few), to name the leaking path. */
  readonly trail: readonly string[];
  /** Where it was released, for use-after-release messages. */
  readonly releasedAt?: Site;
  /** Pointee size of the receiving pointer when the model knows it (reserve into `struct event *e`). */
  readonly recordSize?: number;
  /** Pointee type text (`struct event`), for field offsets. */
  readonly recordType?: string;
  /** Bytes reserved (a folded constant size), the verifier's mem_size. */
  readonly memSize?: number;
}

const TRAIL_MAX = 4;

/** A reservation the program still has to release (the verifier's acquired reference). */
export function isHeld(r: Res | undefined): r is Res {
  return r !== undefined && (r.status === 'maybe' || r.status === 'live');
}

function valKey(v: Val): string {
  switch (v.k) {
    case 'rec':
      return `r${v.rid}+${v.off ?? '?'}`;
    case 'slice':
      return `s${v.rid}${v.nullable ? '?' : ''}`;
    case 'addr':
      return `&${v.loc}`;
    case 'num':
      return `#${v.n}`;
    case 'ne':
      return `!${v.n}`;
    default:
      return v.k;
  }
}

/** One path's abstract state. Mutable: the engine clones before every fork. */
export class State {
  constructor(
    readonly vars = new Map<string, Val>(),
    readonly res = new Map<string, Res>(),
    /** Dynptr stack slots: storage key → reservation id, or 'local' (bpf_dynptr_from_mem). */
    readonly dyn = new Map<string, string>(),
    public lock: Site | undefined = undefined,
  ) {}

  clone(): State {
    return new State(new Map(this.vars), new Map(this.res), new Map(this.dyn), this.lock);
  }

  /** Identity for pruning: everything but the path trails and sites. */
  key(): string {
    const parts: string[] = [];
    for (const [k, v] of [...this.vars].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (v.k !== 'unknown') parts.push(`${k}=${valKey(v)}`);
    }
    parts.push('|');
    for (const [k, r] of [...this.res].sort((a, b) => (a[0] < b[0] ? -1 : 1))) parts.push(`${k}:${r.status}`);
    parts.push('|');
    for (const [k, r] of [...this.dyn].sort((a, b) => (a[0] < b[0] ? -1 : 1))) parts.push(`${k}>${r}`);
    parts.push(this.lock === undefined ? '' : `L${this.lock.start}`);
    return parts.join(',');
  }

  setStatus(rid: string, status: ResStatus, releasedAt?: Site): void {
    const r = this.res.get(rid);
    if (r === undefined) return;
    this.res.set(rid, releasedAt === undefined ? { ...r, status } : { ...r, status, releasedAt });
  }

  /** Reservations the program still has to release (the verifier's acquired references). */
  held(): [string, Res][] {
    return [...this.res].filter(([, r]) => isHeld(r));
  }

  /** A record or slice `v` stored or passed where it cannot be followed: its held reservation becomes untracked. */
  lose(v: Val): void {
    if ((v.k === 'rec' || v.k === 'slice') && isHeld(this.res.get(v.rid))) this.setStatus(v.rid, 'lost');
  }

  /** Records a branch decision on every held reservation's trail. */
  note(decision: string): void {
    if (decision === '') return;
    for (const [rid, r] of this.held()) this.res.set(rid, { ...r, trail: [...r.trail, decision].slice(-TRAIL_MAX) });
  }

  /** Loop widening: forget learnt scalar facts so iterations reach a fixed point. */
  widen(): void {
    for (const [k, v] of this.vars) if (v.k === 'num' || v.k === 'nz' || v.k === 'ne') this.vars.set(k, UNKNOWN);
  }

  /** Drops the locals of a returning inlined frame. */
  dropFrame(prefix: string): void {
    for (const k of [...this.vars.keys()]) if (k.startsWith(prefix)) this.vars.delete(k);
  }
}
