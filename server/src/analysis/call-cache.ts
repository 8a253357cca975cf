// What model-build derives for one helper call site (map, folded size and flags, record type, target), kept
// across analyses by (context, function text, offset in it): an edit elsewhere reuses it, no folding again.
import type { SizeKind } from './model';

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

export function cachedCall(key: string): CallFacts | null | undefined {
  return facts.get(key);
}

export function cacheCall(key: string, value: CallFacts | null): void {
  facts.set(key, value);
  for (const [k] of facts) {
    if (facts.size <= MAX) break;
    facts.delete(k);
  }
}

// (context, file, function text) → a short id, so that each call's key hashes the function text only once.
const functions = new Map<string, number>();
let nextFunction = 0;

export function functionId(key: string): number {
  let id = functions.get(key);
  if (id === undefined) {
    id = nextFunction++;
    functions.set(key, id);
    for (const [k] of functions) {
      if (functions.size <= MAX) break;
      functions.delete(k);
    }
  }
  return id;
}

/** Tests and the bench: forget everything. */
export function clearCallCache(): void {
  facts.clear();
  functions.clear();
}
