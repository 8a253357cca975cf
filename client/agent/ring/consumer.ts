// One ring's consumer in the agent: counts every record and decodes it, and hands the records the caller
// wants in full to `take` while their bytes are still in the ring. With a fixed-layout record type, every
// field of every record is extracted in the header walk (walk.ts, no call per record); otherwise (hex,
// several types chosen by a tag) records go one by one through RingReader.drain.
import type { RingReader } from './reader';
import type { RingCounters } from './stats';
import type { RecordWalker, WalkBatch } from './walk';

/** A record to keep: `buf[offset…offset+length)`, valid only during the call; `seq` counts from 0 per stream. */
export type TakeRecord = (buf: Uint8Array, offset: number, length: number, seq: number) => void;

/** Sees each walked batch's extracted fields (slots 0..count-1) before `take` runs: tests and the bench. */
export type BatchObserver = (batch: WalkBatch, count: number) => void;

/** Records per walked batch: bounded by bytes too (the reader publishes consumer_pos after each batch). */
const BATCH_RECORDS = 1024;

export class RingConsumer {
  private readonly batch?: WalkBatch;

  /**
   * `wanted()` says how many of the next records `take` should see (Infinity: all); it is asked again per
   * batch and per record, so a take that spends a budget is honoured at once.
   */
  constructor(
    private readonly reader: RingReader,
    private readonly counters: RingCounters,
    private readonly walker: RecordWalker | undefined,
    private readonly wanted: () => number,
    private readonly take: TakeRecord,
    private readonly observe?: BatchObserver,
  ) {
    this.batch = walker?.batch(BATCH_RECORDS);
  }

  /** Whether records are walked in bulk with every field extracted (a fixed-layout type), not one by one. */
  get walked(): boolean {
    return this.walker !== undefined;
  }

  /** Consumes up to `max` committed records; returns how many. */
  drain(max: number): number {
    if (this.walker && this.batch) return this.reader.drainBatch(this.walker, this.batch, this.onBatch, max);
    return this.reader.drain(this.onRecord, max);
  }

  private readonly onBatch = (buf: Uint8Array, count: number, bytes: number): void => {
    const batch = this.batch as WalkBatch;
    const counters = this.counters;
    const first = counters.received;
    counters.received = first + count;
    counters.bytes += bytes;
    this.observe?.(batch, count);
    const offsets = batch.offsets;
    const lengths = batch.lengths;
    for (let i = 0; i < count && this.wanted() >= 1; i++) this.take(buf, offsets[i] ?? 0, lengths[i] ?? 0, first + i);
  };

  private readonly onRecord = (buf: Uint8Array, offset: number, length: number): void => {
    const seq = this.counters.received++;
    this.counters.bytes += length;
    if (this.wanted() >= 1) this.take(buf, offset, length, seq);
  };
}
