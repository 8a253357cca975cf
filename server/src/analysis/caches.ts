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

const forgetters: ((model: object) => void)[] = [];

/**
 * Per-model memos (WeakMaps keyed by a model or its functions) register how to drop a model's entries; a model's
 * dispose() calls them. V8's young-generation collector keeps a WeakMap's values alive while the map itself is
 * old, so a disposed model's entries held its whole tree (~4.6 MB for the 2,000-line bench file) until the next
 * full collection, and every scavenge meanwhile copied it (the largest share of a first analysis' GC time).
 */
export function registerModelMemo(forget: (model: object) => void): void {
  forgetters.push(forget);
}

/** Drops what every per-model memo holds for `model` (its dispose()). */
export function forgetModel(model: object): void {
  for (const f of forgetters) f(model);
}

/**
 * Drops the oldest entries (insertion order) of a bounded memo once it holds more than `max`: an eighth of them at
 * once. Deleting one entry per insertion made every insertion into a full memo walk past all the entries deleted
 * before it (a Map keeps them as holes until it rehashes): ~9 µs per new context key at 16,384 entries.
 */
export function trimOldest(memo: Map<unknown, unknown> | Set<unknown>, max: number): void {
  if (memo.size <= max) return;
  const keep = max - (max >> 3);
  for (const k of memo.keys()) {
    if (memo.size <= keep) break;
    memo.delete(k);
  }
}
