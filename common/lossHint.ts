// What to tell the user when a ring's program counted reserve/output failures (its `<ring>_drops` counter)
// since the previous statistics: the ring was full, how long it lasts at the current rate, and a size that
// would hold longer. `lossHint` is pure; `LossHints` remembers each ring's last count for a stream of stats
// events. Shared by the records panel and `ringscope run`.
import type { StatsEvent } from './agentProtocol';
import { agentMessages as M, render } from './messages';

/** A ring this much larger than needed for HOLD_MS of records at the current rate is suggested, at least 4×. */
const HOLD_MS = 100;
/** The kernel's largest ring (max_entries is a u32 power of two times the page size). */
const MAX_RING = 2 ** 31;

function sizeText(bytes: number): string {
  if (bytes >= 2 ** 30) return `${bytes / 2 ** 30} GiB`;
  if (bytes >= 2 ** 20) return `${bytes / 2 ** 20} MiB`;
  return `${bytes / 2 ** 10} KiB`;
}

/** The smallest power of two ≥ n, within [4 KiB, MAX_RING]. */
function pow2(n: number): number {
  let p = 4096;
  while (p < n && p < MAX_RING) p *= 2;
  return p;
}

/**
 * The hint for a stats event whose failure counter grew since `failedBefore` (the previous event's
 * `failed`; 0 when none came yet); undefined when nothing was lost or the program keeps no counter.
 */
export function lossHint(ev: StatsEvent, failedBefore: number | null | undefined): string | undefined {
  const failed = ev.failed;
  if (failed === undefined || failed === null) return undefined;
  const lost = failed - (failedBefore ?? 0);
  if (lost <= 0 || ev.ringSize <= 0) return undefined;
  if (ev.bytesPerSec <= 0) return render(M.ringFullUnread, lost, ev.ring);
  const holds = (ev.ringSize / ev.bytesPerSec) * 1000;
  const holdsText = holds >= 10 ? `${Math.round(holds)} ms` : `${holds.toFixed(1)} ms`;
  const suggested = Math.min(MAX_RING, pow2(Math.max(4 * ev.ringSize, (ev.bytesPerSec * HOLD_MS) / 1000)));
  return render(M.ringFull, lost, ev.ring, sizeText(ev.ringSize), holdsText, sizeText(suggested));
}

/** The hints of one stream of stats events: each ring's failures counted since its previous event. */
export class LossHints {
  private readonly failed = new Map<string, number | null | undefined>();

  next(ev: StatsEvent): string | undefined {
    const hint = lossHint(ev, this.failed.get(ev.ring));
    this.failed.set(ev.ring, ev.failed);
    return hint;
  }
}
