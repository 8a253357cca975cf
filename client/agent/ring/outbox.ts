// Sampled records whose trees are built but not sent yet, in order. The session sends them a slice at a time, one
// slice after each drain while records flow: serialising a records event pauses the drain, and a whole 50 ms batch
// of 256-byte records was one 1.7 MB event, ~10 ms of JSON.stringify while a fast producer's ring filled in under
// one. A slice holds at most a given number of record bytes (its JSON is two to three times that), and one record
// at least.
import type { DecodedRecord } from '../../../common/records';
import type { SampleBatch } from './samples';

/** Sent records are dropped from the front of the arrays once this many have gone (not on every slice). */
const COMPACT_AFTER = 4096;

export class Outbox {
  private batch: DecodedRecord[] = [];
  private seqs: number[] = [];
  private ts: number[] = [];
  /** Index of the first record not sent. */
  private head = 0;

  /** Records waiting. */
  get length(): number {
    return this.batch.length - this.head;
  }

  add(b: SampleBatch): void {
    for (let i = 0; i < b.batch.length; i++) {
      this.batch.push(b.batch[i] as DecodedRecord);
      this.seqs.push(b.seqs[i] ?? 0);
      this.ts.push(b.ts[i] ?? 0);
    }
  }

  /** The oldest waiting records, as many as fit in `bytes` record bytes (one at least); empty when none wait. */
  slice(bytes: number): SampleBatch {
    const start = this.head;
    let end = start;
    let sum = 0;
    while (end < this.batch.length) {
      const size = this.batch[end]?.size ?? 0;
      if (end > start && sum + size > bytes) break;
      sum += size;
      end++;
    }
    const out = { batch: this.batch.slice(start, end), seqs: this.seqs.slice(start, end), ts: this.ts.slice(start, end) };
    this.head = end;
    if (this.head === this.batch.length) {
      this.batch.length = 0;
      this.seqs.length = 0;
      this.ts.length = 0;
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER) {
      this.batch.splice(0, this.head);
      this.seqs.splice(0, this.head);
      this.ts.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }
}
