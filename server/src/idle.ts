// What the language server does once an analysis has been answered and before the next one starts: the work
// that would otherwise land inside the next analysis. The server calls afterAnalysis from setImmediate after
// publishing; the lint bench calls it between runs, untimed, as the server does.
// - completeParse: a file first parsed in two parts gets a whole tree, so that its next edit parses incrementally.
// - A young-generation collection: an analysis of a 2,000-line file makes ~10 MB of short-lived objects, about
//   what V8's nursery holds, so most analyses stopped once for a scavenge. A scavenge copies every live object of
//   the running analysis (its syntax tree above all): 4–7 ms on a 2-vCPU host, a fifth of a first analysis.
//   Emptied while the server is idle, the nursery has room for the whole next analysis.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { completeParse } from './analysis/parser';

type Gc = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

/**
 * A collection is made from this many bytes in the nursery on (a 200-line analysis makes ~1 MB), or from a
 * quarter of its capacity when it is small (V8 starts it at 1 MiB and grows it while objects survive).
 */
const YOUNG_MIN_BYTES = 2 * 1024 * 1024;

// null: not looked up yet; undefined: unavailable (a runtime without V8's gc extension)
let gc: Gc | undefined | null = null;

function collector(): Gc | undefined {
  if (gc !== null) return gc;
  gc = undefined;
  try {
    const own: unknown = (globalThis as { gc?: unknown }).gc;
    if (typeof own === 'function') gc = own as Gc;
    else {
      // --expose-gc after start-up: V8 installs `gc` in the contexts created while the flag is set; only one is
      setFlagsFromString('--expose-gc');
      let f: unknown;
      try {
        f = runInNewContext('gc');
      } finally {
        setFlagsFromString('--no-expose-gc');
      }
      if (typeof f === 'function') gc = f as Gc;
    }
  } catch {
    gc = undefined;
  }
  return gc;
}

/** V8's nursery: bytes used now, and the bytes at which a collection is due (see YOUNG_MIN_BYTES). */
export function youngGeneration(): { readonly used: number; readonly threshold: number } {
  for (const s of getHeapSpaceStatistics()) {
    if (s.space_name === 'new_space') {
      return { used: s.space_used_size, threshold: Math.min(YOUNG_MIN_BYTES, (s.space_used_size + s.space_available_size) / 4) };
    }
  }
  return { used: 0, threshold: Infinity };
}

/** Idle work after the analysis of `file`; never throws. */
export function afterAnalysis(file: string): void {
  try {
    completeParse(file);
    const young = youngGeneration();
    if (young.used >= young.threshold) collector()?.({ type: 'minor' });
  } catch {
    // idle work is an optimisation: a failure costs speed, never an answer
  }
}
