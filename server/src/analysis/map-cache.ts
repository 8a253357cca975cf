// Map definitions kept across analyses by (context of the declaration's names, file, section, text): a map
// declaration unchanged in text and meaning is not read from the tree again, only moved to where it now sits.
import type { Position, Range } from './findings';
import type { MapDef, MapField } from './model';
import { ownCopy } from './text-memo';
import { registerCache, trimOldest } from './caches';

interface Entry {
  readonly def: MapDef;
  /** Where the declaration started and ended when it was read. */
  readonly start: Position;
  readonly end: Position;
}

const MAX = 4096;
const entries = new Map<string, Entry>();
registerCache(() => entries.clear());

/** Hook for tests: map declarations answered from the cache and read from the tree, since the process started. */
export const mapCacheStats = { hits: 0, misses: 0 };

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
const inside = (r: Range, e: Entry): boolean => !before(r.start, e.start) && !before(e.end, r.end);

/** The map a declaration starting at `start` defines, when the same text in the same context was read before. */
export function cachedMap(key: string, start: Position): MapDef | undefined {
  const e = entries.get(key);
  // only whole-line moves: columns on the first line may count differently (UTF-16 vs the parser's columns)
  if (e === undefined || e.start.character !== start.character) {
    mapCacheStats.misses++;
    return undefined;
  }
  mapCacheStats.hits++;
  const lines = start.line - e.start.line;
  if (lines === 0) return e.def;
  const pos = (p: Position): Position => ({ line: p.line + lines, character: p.character });
  const range = (r: Range): Range => ({ start: pos(r.start), end: pos(r.end) });
  const fields = new Map<string, MapField>();
  for (const [k, f] of e.def.fields) fields.set(k, { ...f, range: range(f.range) });
  return { ...e.def, nameRange: range(e.def.nameRange), fields };
}

/** Remembers a map read from the declaration [start, end), when every range of it lies inside the declaration. */
export function cacheMap(key: string, def: MapDef, start: Position, end: Position): void {
  const e: Entry = { def, start, end };
  if (def.inner !== undefined || !inside(def.nameRange, e)) return;
  for (const [, f] of def.fields) if (!inside(f.range, e)) return;
  // copies of the strings: views into the file version they were read from would keep it alive
  const fields = new Map<string, MapField>();
  for (const [k, f] of def.fields) fields.set(ownCopy(k), { ...f, text: ownCopy(f.text) });
  entries.set(ownCopy(key), { ...e, def: { ...def, name: ownCopy(def.name), file: ownCopy(def.file), fields } });
  trimOldest(entries, MAX);
}
