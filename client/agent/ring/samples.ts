// The records a ring will send in its next batch, in order. The consumer hands them over while their
// bytes are still in the ring; copying the bytes there and building the DecodedRecord trees later keeps
// the tree building (~1 µs for a 256-byte record) out of the drain, so a full ring is freed sooner. The
// trees are built when the consumer has caught up (`prepare`, a slice at a time) and the rest when the
// batch is sent. Records already decoded (for the record file) and long ones (whose copies would hold
// too much memory) are kept as trees at once.
import type { DecodedRecord } from '../../../common/records';

/** Builds the tree of the record at `buf[offset…offset+length)`. */
export type DecodeRecord = (buf: Uint8Array, offset: number, length: number) => DecodedRecord;

/** Records longer than this are decoded when taken rather than copied. */
const COPY_MAX_RECORD = 4096;
/** Copied bytes held at most; beyond it records are decoded when taken. */
const COPY_MAX_BYTES = 4 << 20;

export interface SampleBatch {
  readonly batch: DecodedRecord[];
  readonly seqs: number[];
  readonly ts: number[];
}

export class SampledRecords {
  /**
   * Sized for a whole batch of small records: between two sends the token bucket admits ~3,000 records (a tenth of
   * a second's worth at once plus the refill), 96 KB of 32-byte ones. Growing is a branch that first runs in the
   * middle of a drain, where optimised code meeting it for the first time is thrown away.
   */
  private bytes = new Uint8Array(128 << 10);
  private used = 0;
  /** Per record: its tree, or undefined while it is bytes at `offsets[i]`. */
  private readonly trees: (DecodedRecord | undefined)[] = [];
  // typed arrays: a seq past 2^31 or a millisecond clock cannot change their element kind (a JS array of
  // small integers deoptimises its writers when the first large number arrives, mid-drain)
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256);
  private seqs = new Float64Array(256);
  private ts = new Float64Array(256);

  /** Records before this index are trees already. */
  private decoded = 0;

  /** `decode` builds a record's tree from its bytes (the ring's record selector). */
  constructor(private readonly decode: DecodeRecord) {}

  get length(): number {
    return this.trees.length;
  }

  /** Builds the trees of up to `max` more held records; returns how many it built. */
  prepare(max: number): number {
    const trees = this.trees;
    const end = Math.min(trees.length, this.decoded + max);
    let built = 0;
    for (let i = this.decoded; i < end; i++) {
      if (trees[i] !== undefined) continue;
      trees[i] = this.decode(this.bytes, this.offsets[i] ?? 0, this.lengths[i] ?? 0);
      built++;
    }
    this.decoded = end;
    return built;
  }

  /** Keeps a copy of `buf[offset…offset+length)`, or its tree at once when it is long or too much is held. */
  addBytes(buf: Uint8Array, offset: number, length: number, seq: number, ts: number): void {
    // 8-byte aligned copies, as records are in the ring: the decoders' fast paths apply
    const at = (this.used + 7) & ~7;
    if (length > COPY_MAX_RECORD || at + length > COPY_MAX_BYTES) {
      this.addTree(this.decode(buf, offset, length), seq, ts);
      return;
    }
    if (at + length > this.bytes.length) {
      const grown = new Uint8Array(Math.min(COPY_MAX_BYTES, Math.max(2 * this.bytes.length, at + length)));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(buf.subarray(offset, offset + length), at);
    this.used = at + length;
    this.add(undefined, at, length, seq, ts);
  }

  addTree(tree: DecodedRecord, seq: number, ts: number): void {
    this.add(tree, 0, 0, seq, ts);
  }

  private add(tree: DecodedRecord | undefined, at: number, length: number, seq: number, ts: number): void {
    const i = this.trees.length;
    if (i === this.seqs.length) this.grow();
    this.trees.push(tree);
    this.offsets[i] = at;
    this.lengths[i] = length;
    this.seqs[i] = seq;
    this.ts[i] = ts;
  }

  private grow(): void {
    const n = 2 * this.seqs.length;
    const widen = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.offsets = widen(this.offsets, (k) => new Int32Array(k));
    this.lengths = widen(this.lengths, (k) => new Int32Array(k));
    this.seqs = widen(this.seqs, (k) => new Float64Array(k));
    this.ts = widen(this.ts, (k) => new Float64Array(k));
  }

  /** The held records as trees, in the order they came; empties the buffer. */
  take(): SampleBatch {
    const n = this.trees.length;
    this.prepare(n);
    const batch = this.trees.slice() as DecodedRecord[];
    const out = { batch, seqs: Array.from(this.seqs.subarray(0, n)), ts: Array.from(this.ts.subarray(0, n)) };
    // emptied in place: a fresh [] would start as an array of small integers again, and its first
    // undefined would deoptimise add() in the middle of a drain
    this.trees.length = 0;
    this.decoded = 0;
    this.used = 0;
    return out;
  }
}
