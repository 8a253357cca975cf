// What the path engine observed on some feasible path, one entry per (kind, site): the lifetime rules
// (nullCheck, leak, useAfterRelease, releaseProvenance, spinLock, dynptr, userRingbuf) turn these into findings.
import type { Res, Site } from './values';

/** How a leaking path leaves: return / end of function, a tail call, bpf_throw, LD_ABS/LD_IND, or the next loop iteration. */
export type ExitKind = 'return' | 'end' | 'tail_call' | 'throw' | 'ld_abs' | 'again';

/** Which verification unit the leak belongs to (rule book E1/E8/E6). */
export type UnitKind = 'prog' | 'global' | 'callback';

export interface LeakExit {
  readonly kind: ExitKind;
  /** The record was NULL-checked on this path (a discard can be inserted as is). */
  readonly checked: boolean;
  readonly site: Site;
  readonly trail: readonly string[];
}

export type PathEvent =
  /** Record used (deref, release, helper memory argument) while it may be NULL, or on its NULL branch. */
  | { readonly kind: 'nullUse'; readonly res: Res; readonly site: Site; readonly how: 'deref' | 'release' | 'helper'; readonly isNull: boolean }
  /** A bpf_dynptr_data/slice pointer dereferenced before its NULL check (rule book I7). */
  | { readonly kind: 'sliceNullUse'; readonly res: Res; readonly site: Site }
  /** Reservation still held when the unit exits. */
  | { readonly kind: 'leak'; readonly res: Res; readonly unit: UnitKind; readonly unitName: string; readonly exits: LeakExit[] }
  /** Record or dynptr used after submit/discard. */
  | { readonly kind: 'useAfterRelease'; readonly res: Res; readonly site: Site }
  /** Second submit/discard of the same reservation. */
  | { readonly kind: 'doubleRelease'; readonly res: Res; readonly site: Site }
  /** Release of something that is not an acquired reservation at offset 0. */
  | {
      readonly kind: 'badRelease';
      readonly site: Site;
      readonly helper: string;
      readonly what: 'offset' | 'null' | 'stack' | 'mapval' | 'slice' | 'param' | 'global' | 'uninitDyn' | 'localDyn' | 'constDyn';
      readonly res?: Res;
    }
  /** Helper call while a bpf_spin_lock is held. */
  | { readonly kind: 'lockedCall'; readonly site: Site; readonly callee: string; readonly lock: Site }
  /** reserve_dynptr into a dynptr that still holds a live reservation. */
  | { readonly kind: 'dynOverwrite'; readonly site: Site; readonly res: Res }
  /** A callback returns a constant outside [0, 1]. */
  | { readonly kind: 'cbReturn'; readonly site: Site; readonly value: number; readonly callback: string; readonly helper: string }
  /** Constant-offset access (or helper memory argument) outside the reserved bytes. */
  | {
      readonly kind: 'bounds';
      readonly res: Res;
      readonly site: Site;
      readonly off: number;
      readonly size: number;
      readonly memSize: number;
      readonly helper: string | undefined;
    }
  /** bpf_user_ringbuf_drain ctx that is not a stack pointer or NULL. */
  | { readonly kind: 'drainCtx'; readonly site: Site; readonly what: 'global' | 'mapval' };

/** One recorded call of EventLog.add (key = `${tag}@${e.site.file}:${e.site.start}`) or addLeak (tag 'leak'). */
export interface JournalOp {
  readonly tag: string;
  readonly e: PathEvent;
}

export class Journal {
  readonly ops: JournalOp[] = [];
  readonly keys = new Set<string>();
  readonly leaks = new Map<string, number>();
}

/** Collects events, first occurrence per key wins; leak exits accumulate (a few per reservation). */
export class EventLog {
  private readonly byKey = new Map<string, PathEvent>();
  /** When set, every call is also written here (first per key), so a unit's events can be replayed later. */
  journal: Journal | undefined;

  add(key: string, e: PathEvent): void {
    if (this.journal !== undefined && !this.journal.keys.has(key)) {
      this.journal.keys.add(key);
      this.journal.ops.push({ tag: key.slice(0, key.indexOf('@')), e });
    }
    if (!this.byKey.has(key)) this.byKey.set(key, e);
  }

  addLeak(res: Res, unit: UnitKind, unitName: string, exit: LeakExit): void {
    const key = `leak@${res.site.file}:${res.site.start}`;
    if (this.journal !== undefined) {
      // The first three distinct exits per reservation decide any replay (the log keeps at most three).
      const k = `${key}>${exit.site.file}:${exit.site.start}`;
      const n = this.journal.leaks.get(key) ?? 0;
      if (n < 3 && !this.journal.keys.has(k)) {
        this.journal.keys.add(k);
        this.journal.leaks.set(key, n + 1);
        this.journal.ops.push({ tag: 'leak', e: { kind: 'leak', res, unit, unitName, exits: [exit] } });
      }
    }
    const prev = this.byKey.get(key);
    if (prev === undefined) {
      this.byKey.set(key, { kind: 'leak', res, unit, unitName, exits: [exit] });
      return;
    }
    if (prev.kind !== 'leak' || prev.exits.length >= 3) return;
    if (prev.exits.some((x) => x.site.start === exit.site.start && x.site.file === exit.site.file)) return;
    prev.exits.push(exit);
  }

  all(): PathEvent[] {
    return [...this.byKey.values()];
  }
}
