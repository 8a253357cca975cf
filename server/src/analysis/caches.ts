// The caches that outlive one analysis register how to empty themselves here, so that a test or the bench can
// get a first analysis (nothing remembered from earlier texts) with one call.
const clears: (() => void)[] = [];

export function registerCache(clear: () => void): void {
  clears.push(clear);
}

/** Forgets everything every registered cache remembers (a cold analysis follows). */
export function clearAnalysisCaches(): void {
  for (const clear of clears) clear();
}

/** Drops the oldest entries (insertion order) of a bounded memo until it holds at most `max`. */
export function trimOldest(memo: Map<unknown, unknown> | Set<unknown>, max: number): void {
  for (const k of memo.keys()) {
    if (memo.size <= max) break;
    memo.delete(k);
  }
}
