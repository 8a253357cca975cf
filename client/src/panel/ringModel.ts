// The bounded model of one ring's records, held by the extension host (no vscode import, so unit tests
// run in plain Node). Keeps the newest `capacity` rows in a circular buffer and the rows added since the
// last delta, so the feeder can send either a delta or, when too much was missed, a full snapshot.
import { flattenFields, type DecodedRecord } from '../../../common/records';
import type { PanelRow, RingStatsView } from '../../../common/webviewProtocol';

/** Fill samples kept for the sparkline: one per stats update (about 1/s), so the last minute. */
export const FILL_HISTORY = 60;

export function toRow(seq: number, rec: DecodedRecord): PanelRow {
  const cells = rec.type === '' && rec.hex !== undefined ? { hex: rec.hex } : flattenFields(rec.fields);
  return { seq, type: rec.type, cells };
}

export type StatsSample = Omit<RingStatsView, 'fillHistory'>;

export class RingModel {
  private readonly buf: (PanelRow | undefined)[];
  private head = 0; // index of the oldest row
  private count = 0;
  /** Records ever added (including those trimmed), i.e. the seq of the newest row. */
  private added = 0;
  /** `added` at the moment the last delta or snapshot was taken. */
  private sentUpTo = 0;
  private stats: RingStatsView | null = null;
  private readonly history: number[] = [];

  constructor(
    readonly ring: string,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
    this.buf = new Array<PanelRow | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  get total(): number {
    return this.added;
  }

  add(rec: DecodedRecord): void {
    this.added++;
    const row = toRow(this.added, rec);
    if (this.count < this.capacity) {
      this.buf[(this.head + this.count) % this.capacity] = row;
      this.count++;
    } else {
      this.buf[this.head] = row;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  clear(): void {
    this.buf.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.sentUpTo = this.added;
  }

  setStats(s: StatsSample): void {
    this.history.push(s.fillPct);
    if (this.history.length > FILL_HISTORY) this.history.splice(0, this.history.length - FILL_HISTORY);
    this.stats = { ...s, fillHistory: [...this.history] };
  }

  getStats(): RingStatsView | null {
    return this.stats;
  }

  /** Rows oldest first. */
  rows(): PanelRow[] {
    return this.rowsFrom(0);
  }

  /** Rows not yet sent; undefined when more arrived than are retained (the caller must send a snapshot). */
  takeDelta(): PanelRow[] | undefined {
    const pending = this.added - this.sentUpTo;
    this.sentUpTo = this.added;
    if (pending > this.count) return undefined;
    return this.rowsFrom(this.count - pending);
  }

  /** Marks everything as sent (a snapshot was taken) and returns the rows. */
  takeSnapshot(): PanelRow[] {
    this.sentUpTo = this.added;
    return this.rows();
  }

  get hasPending(): boolean {
    return this.added !== this.sentUpTo;
  }

  /** Retained rows from the `first`-th oldest on, oldest first. */
  private rowsFrom(first: number): PanelRow[] {
    const out: PanelRow[] = [];
    for (let i = first; i < this.count; i++) {
      const r = this.buf[(this.head + i) % this.capacity];
      if (r !== undefined) out.push(r);
    }
    return out;
  }
}
