// Memo of the path engine across analyses, per verification unit: a unit whose own text, the texts of the
// functions it can reach and their per-function contexts (context-index.ts) are unchanged replays its recorded events,
// moved to where those functions now sit. So an edit inside one function re-walks only the units reading it.
import { wordsOf } from '../words';
import { ownCopy } from '../text-memo';
import type { Position } from '../findings';
import type { FunctionDef, ProgramModel } from '../model';
import type { SyntaxTree } from '../syntax/node';
import { Journal, type EventLog, type LeakExit, type PathEvent } from './events';
import { exitStart, type Res, type Site } from './values';
import { clearAnalysisCaches, registerCache, trimOldest } from '../caches';

/** Where a function sits in its (masked) file. */
interface Span {
  readonly file: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly start: Position;
  readonly end: Position;
}

interface Entry {
  readonly journal: Journal;
  readonly truncated: boolean;
  /** Spans of the unit's function and its reachable functions when recorded, in key order. */
  readonly spans: readonly Span[];
}

const MAX_ENTRIES = 4096;
const entries = new Map<string, Entry>();
registerCache(() => entries.clear());

/** Tests and the bench: forget everything, this memo and every other cache across analyses (a cold analysis). */
export function clearUnitCache(): void {
  clearAnalysisCaches();
}

/** Hook for tests: units replayed from the memo and units walked, since the process started. */
export const unitCacheStats = { hits: 0, misses: 0 };

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);

/** The per-model facts the cache needs, computed once per analysis. */
export class UnitKeys {
  private readonly spans = new Map<FunctionDef, Span>();
  private readonly direct = new Map<FunctionDef, FunctionDef[]>();
  constructor(
    private readonly model: ProgramModel,
    private readonly functions: ReadonlyMap<string, FunctionDef>,
    private readonly source: (file: string) => SyntaxTree,
  ) {}

  span(fn: FunctionDef): Span {
    let s = this.spans.get(fn);
    if (s === undefined) {
      const src = this.source(fn.file);
      const startIndex = fn.node.startIndex;
      const endIndex = fn.node.endIndex;
      s = { file: fn.file, startIndex, endIndex, start: src.position(startIndex), end: src.position(endIndex) };
      this.spans.set(fn, s);
    }
    return s;
  }

  private readonly ids = new Map<FunctionDef, number>();

  private id(fn: FunctionDef): number {
    let id = this.ids.get(fn);
    if (id === undefined) {
      // the function's text and own context (context-index.ts): an edit to declarations it cannot reach keeps it
      id = this.model.functionKey(fn);
      this.ids.set(fn, id);
    }
    return id;
  }

  private text(fn: FunctionDef): string {
    const s = this.span(fn);
    return this.source(fn.file).text.slice(s.startIndex, s.endIndex);
  }

  /** Functions named anywhere in fn's text (calls, callbacks passed by name): what the engine may inline. */
  private named(fn: FunctionDef): FunctionDef[] {
    let out = this.direct.get(fn);
    if (out === undefined) {
      out = [];
      for (const w of wordsOf(this.text(fn))) {
        const f = this.functions.get(w);
        if (f !== undefined) out.push(f);
      }
      this.direct.set(fn, out);
    }
    return out;
  }

  /** The unit's function followed by every function reachable from it by name, in a stable order. */
  private reach(fn: FunctionDef): FunctionDef[] {
    const seen = new Set<FunctionDef>([fn]);
    const work = [fn];
    for (let f = work.pop(); f !== undefined; f = work.pop()) {
      for (const g of this.named(f)) {
        if (seen.has(g)) continue;
        seen.add(g);
        work.push(g);
      }
    }
    seen.delete(fn);
    return [fn, ...[...seen].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.file < b.file ? -1 : 1))];
  }

  /** Key and current spans of one unit. */
  unit(fn: FunctionDef, kind: string, cbHelper: string | undefined): { key: string; fns: FunctionDef[] } {
    const fns = this.reach(fn);
    // model.functionKey names (context, file, name, section, text) with a number: short keys, one hash per text
    const parts = [`${kind}\0${cbHelper ?? ''}\0${fn.section ?? ''}`];
    for (const f of fns) parts.push(String(this.id(f)));
    return { key: parts.join(','), fns };
  }

  lookup(key: string): Entry | undefined {
    const e = entries.get(key);
    if (e === undefined) unitCacheStats.misses++;
    else {
      unitCacheStats.hits++;
      entries.delete(key); // most recently used last
      entries.set(key, e);
    }
    return e;
  }

  store(key: string, fns: readonly FunctionDef[], journal: Journal, truncated: boolean): void {
    const spans = fns.map((f) => this.span(f));
    // only sites inside the unit's functions can be moved; anything else is not worth the risk
    for (const op of journal.ops) if (!sitesOf(op.e).every((s) => spans.some((sp) => inside(sp, s)))) return;
    entries.set(ownCopy(key), { journal, truncated, spans }); // a copy: the key holds a SEC name, a view into the text
    trimOldest(entries, MAX_ENTRIES);
  }

  /** Replays a recorded unit into `log`, its sites moved from the recorded spans to `fns`' current ones. */
  replay(entry: Entry, fns: readonly FunctionDef[], log: EventLog): boolean {
    const now = fns.map((f) => this.span(f));
    if (now.length !== entry.spans.length) return false;
    const move = (s: Site): Site => {
      const i = entry.spans.findIndex((sp) => inside(sp, s));
      const was = entry.spans[i];
      const is = now[i];
      if (was === undefined || is === undefined) return s;
      if (was.startIndex === is.startIndex && was.start.line === is.start.line && was.start.character === is.start.character) return s;
      const pos = (p: Position): Position => ({
        line: p.line - was.start.line + is.start.line,
        character: p.line === was.start.line ? p.character - was.start.character + is.start.character : p.character,
      });
      const range = { start: pos(s.range.start), end: pos(s.range.end) };
      // exits are identified by position (engine.ts), everything else by offset
      const start = s.start < 0 ? exitStart(range.start) : s.start - was.startIndex + is.startIndex;
      return { ...s, range, start };
    };
    for (const op of entry.journal.ops) {
      const e = moveEvent(op.e, move);
      if (e.kind === 'leak') {
        const x = e.exits[0];
        if (x !== undefined) log.addLeak(e.res, e.unit, e.unitName, x);
      } else if ('site' in e) log.add(`${op.tag}@${e.site.file}:${e.site.start}`, e);
    }
    return true;
  }
}

function inside(sp: Span, s: Site): boolean {
  return s.file === sp.file && !before(s.range.start, sp.start) && !before(sp.end, s.range.end);
}

function resSites(r: Res): Site[] {
  return r.releasedAt === undefined ? [r.site] : [r.site, r.releasedAt];
}

function sitesOf(e: PathEvent): Site[] {
  const out: Site[] = [];
  if ('site' in e) out.push(e.site);
  if ('res' in e && e.res !== undefined) out.push(...resSites(e.res));
  if (e.kind === 'lockedCall') out.push(e.lock);
  if (e.kind === 'leak') for (const x of e.exits) out.push(x.site);
  return out;
}

function moveRes(r: Res, move: (s: Site) => Site): Res {
  return r.releasedAt === undefined ? { ...r, site: move(r.site) } : { ...r, site: move(r.site), releasedAt: move(r.releasedAt) };
}

function moveEvent(e: PathEvent, move: (s: Site) => Site): PathEvent {
  switch (e.kind) {
    case 'leak':
      return { ...e, res: moveRes(e.res, move), exits: e.exits.map((x): LeakExit => ({ ...x, site: move(x.site) })) };
    case 'lockedCall':
      return { ...e, site: move(e.site), lock: move(e.lock) };
    case 'badRelease':
      return e.res === undefined ? { ...e, site: move(e.site) } : { ...e, site: move(e.site), res: moveRes(e.res, move) };
    case 'cbReturn':
    case 'drainCtx':
      return { ...e, site: move(e.site) };
    default:
      return { ...e, site: move(e.site), res: moveRes(e.res, move) };
  }
}
