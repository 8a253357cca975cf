// What model-build derives for one helper call site (map, folded size and flags, record type, target), kept
// across analyses by (context, function text, offset in it): an edit elsewhere reuses it, no folding again.
import type { SizeKind } from './model';
import { registerCache, trimOldest } from './caches';
import { ownCopy, TextMemo } from './text-memo';

export interface CallFacts {
  /** Name of the resolved map, or undefined. */
  readonly map: string | undefined;
  readonly size: number | undefined;
  readonly sizeKind: SizeKind | undefined;
  readonly flags: number | undefined;
  readonly recordType: string | undefined;
  readonly recordSize: number | undefined;
  readonly target: string | undefined;
}

const MAX = 8192;
/** null: the site is not a helper call of the model. */
const facts = new Map<string, CallFacts | null>();

function ownNames(v: CallFacts): Pick<CallFacts, 'map' | 'recordType' | 'target'> {
  const own = (s: string | undefined): string | undefined => (s === undefined ? undefined : ownCopy(s));
  return { map: own(v.map), recordType: own(v.recordType), target: own(v.target) };
}

/** Hook for tests: call sites answered from the cache and sites folded again, since the process started. */
export const callCacheStats = { hits: 0, misses: 0 };

export function cachedCall(key: string): CallFacts | null | undefined {
  const known = facts.get(key);
  if (known === undefined) callCacheStats.misses++;
  else callCacheStats.hits++;
  return known;
}

export function cacheCall(key: string, value: CallFacts | null): void {
  // a copy: the key is made of views into the file's text (ownCopy); so are the facts' names
  facts.set(ownCopy(key), value === null ? null : { ...value, ...ownNames(value) });
  trimOldest(facts, MAX);
}

// (function text, its context, file, name, section) → a short id, so that each call's key hashes the text only once.
const functions = new TextMemo<number>(MAX);
registerCache(() => {
  facts.clear();
  functions.clear();
});
let nextFunction = 0;

export function functionId(text: string, qualifier: string): number {
  let id = functions.get(text, qualifier);
  if (id === undefined) {
    id = nextFunction++;
    functions.set(text, qualifier, id);
  }
  return id;
}
