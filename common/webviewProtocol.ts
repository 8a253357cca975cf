// Messages between the extension host (RecordsPanel) and the records webview (client/webview/main.ts).
// Declared once here; each side checks what it receives with the guards below, never by a cast.
import { isPlainObject } from './guards';
import type { FlatValue } from './records';

export { assertNever } from './guards';

/** One retained record as the panel shows it: flattened dotted columns, never raw bytes. */
export interface PanelRow {
  /** 1-based sequence number of the record within its ring (stable across trims). */
  readonly seq: number;
  /** C type the record was decoded as, '' when undecoded. */
  readonly type: string;
  /** Flattened cells (`hdr.pid`, `args[0]`); an undecoded record has one cell `hex`. */
  readonly cells: Readonly<Record<string, FlatValue>>;
}

/** Ring statistics shown above the table. `drops` is null when the program keeps no drop counter. */
export interface RingStatsView {
  readonly availData: number;
  readonly ringSize: number;
  readonly consumerPos: number;
  readonly producerPos: number;
  /** Fill in percent (0–100). */
  readonly fillPct: number;
  readonly recordsPerSec: number;
  readonly bytesPerSec: number;
  readonly drops: number | null;
  /** Why records were lost (common/lossHint.ts) while the program's failure counter grows; null otherwise. */
  readonly lossHint: string | null;
  /** Fill % samples over the last minute, oldest first (the sparkline). */
  readonly fillHistory: readonly number[];
}

export type ToWebview =
  /** host → webview: everything retained for the ring; replaces the view (sent on reveal, resume, clear). */
  | {
      readonly type: 'ringscope/snapshot';
      readonly ring: string;
      readonly capacity: number;
      readonly paused: boolean;
      readonly rows: readonly PanelRow[];
      readonly total: number;
      readonly stats: RingStatsView | null;
    }
  /** host → webview: rows appended since the last message (at most ~10 per second). */
  | { readonly type: 'ringscope/append'; readonly ring: string; readonly rows: readonly PanelRow[]; readonly total: number }
  /** host → webview: fresh statistics. */
  | { readonly type: 'ringscope/stats'; readonly ring: string; readonly stats: RingStatsView }
  /** host → webview: the session state line (host, program, running or stopped). */
  | { readonly type: 'ringscope/session'; readonly text: string; readonly running: boolean };

export type FromWebview =
  /** webview → host: the script is listening; send a snapshot. */
  | { readonly type: 'ringscope/ready' }
  /** webview → host: pause (stop sending deltas) or resume (snapshot, then deltas). */
  | { readonly type: 'ringscope/pause'; readonly paused: boolean }
  /** webview → host: drop every retained row of this ring. */
  | { readonly type: 'ringscope/clear' }
  /** webview → host: save retained rows (those matching the filters when given) to a file. */
  | { readonly type: 'ringscope/export'; readonly format: 'jsonl' | 'csv'; readonly filters: Readonly<Record<string, string>> };

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isFlat = (x: unknown): boolean => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';

function isStringMap(x: unknown): x is Record<string, string> {
  return isPlainObject(x) && Object.values(x).every((v) => typeof v === 'string');
}

export function isPanelRow(x: unknown): x is PanelRow {
  return (
    isPlainObject(x) &&
    isNum(x['seq']) &&
    typeof x['type'] === 'string' &&
    isPlainObject(x['cells']) &&
    Object.values(x['cells']).every(isFlat)
  );
}

export function isRingStatsView(x: unknown): x is RingStatsView {
  if (!isPlainObject(x)) return false;
  const nums = ['availData', 'ringSize', 'consumerPos', 'producerPos', 'fillPct', 'recordsPerSec', 'bytesPerSec'];
  return (
    nums.every((k) => isNum(x[k])) &&
    (x['drops'] === null || isNum(x['drops'])) &&
    Array.isArray(x['fillHistory']) &&
    x['fillHistory'].every(isNum)
  );
}

const isRows = (x: unknown): x is PanelRow[] => Array.isArray(x) && x.every(isPanelRow);

/** Guard used by the webview on every message it receives. */
export function isToWebview(x: unknown): x is ToWebview {
  if (!isPlainObject(x)) return false;
  switch (x['type']) {
    case 'ringscope/snapshot':
      return (
        typeof x['ring'] === 'string' &&
        isNum(x['capacity']) &&
        typeof x['paused'] === 'boolean' &&
        isRows(x['rows']) &&
        isNum(x['total']) &&
        (x['stats'] === null || isRingStatsView(x['stats']))
      );
    case 'ringscope/append':
      return typeof x['ring'] === 'string' && isRows(x['rows']) && isNum(x['total']);
    case 'ringscope/stats':
      return typeof x['ring'] === 'string' && isRingStatsView(x['stats']);
    case 'ringscope/session':
      return typeof x['text'] === 'string' && typeof x['running'] === 'boolean';
    default:
      return false;
  }
}

/** Guard used by the extension host on every message from the webview. */
export function isFromWebview(x: unknown): x is FromWebview {
  if (!isPlainObject(x)) return false;
  switch (x['type']) {
    case 'ringscope/ready':
    case 'ringscope/clear':
      return true;
    case 'ringscope/pause':
      return typeof x['paused'] === 'boolean';
    case 'ringscope/export':
      return (x['format'] === 'jsonl' || x['format'] === 'csv') && isStringMap(x['filters']);
    default:
      return false;
  }
}

/** Row filter shared by the webview (display) and the host (export): case-insensitive substring per column. */
export function rowMatches(row: PanelRow, filters: Readonly<Record<string, string>>): boolean {
  for (const [col, needle] of Object.entries(filters)) {
    if (needle === '') continue;
    const v = col === 'seq' ? row.seq : col === 'type' ? row.type : row.cells[col];
    if (v === undefined || !String(v).toLowerCase().includes(needle.toLowerCase())) return false;
  }
  return true;
}
