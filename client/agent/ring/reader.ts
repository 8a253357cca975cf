// Reads one BPF ring buffer without calling C per record: the consumer page (rw) and the producer page
// plus the twice-mapped data area (ro) are mmapped once; records are walked in place (8-byte headers,
// BUSY stops, DISCARD skips, 8-byte alignment) and consumer_pos is published every few KiB and at the
// end of each drain (libbpf publishes per record; per batch alone starves a busy producer). In copy
// mode (runtimes whose external buffers are copies) the committed bytes are memcpy'd first instead.
import * as L from '../libbpf/api';
import { copyOut, view, writeMemory, type Addr } from '../libbpf/ffi';
import type { RecordWalker, WalkBatch } from './walk';

/** Called per record with a buffer, the record's offset in it and its length; must not keep `buf`. */
export type RecordHandler = (buf: Buffer, offset: number, length: number) => void;
/**
 * Called per walked batch: slots 0..count-1 of the batch hold records whose bytes are at
 * `buf[offsets[i]…]` until the handler returns (consumer_pos is published after it); must not keep `buf`.
 * `bytes` is the sum of their lengths.
 */
export type BatchHandler = (buf: Uint8Array, count: number, bytes: number) => void;

const BUSY = 0x80000000;
const DISCARD = 0x40000000;
const LEN_MASK = 0x3fffffff;
const HDR = 8;
const COPY_CHUNK = 1 << 20;
/** Publish consumer_pos at least every this many bytes (less for small rings: size / 16). */
const PUBLISH_BYTES = 16384;
/**
 * x86 orders loads with loads (TSO), so a plain load of a committed header already acts as the
 * acquire libbpf's smp_load_acquire gives; V8's Atomics.load costs ~3x the whole walk per record.
 * Weakly ordered CPUs (arm64, …) keep Atomics.load.
 */
const PLAIN_HEADER_LOADS = process.arch === 'x64' || process.arch === 'ia32';
/** Slots of RingReader.pos. */
const CURSOR = 0;
const PUBLISHED = 1;
/**
 * Added to the positions kept in RingReader.pos: a position of 2^32 or more is never a small integer, so every
 * operation on one collects number feedback from the first drain on, and the optimised drain is not thrown away
 * when real positions pass 2^31 (after 2 GiB). Their low words, all the walk and the kernel compare, are unchanged.
 */
const BIAS = 4294967296;
/**
 * What to subtract from a producer position's low word (as int32, from RingReader's views) to get the bytes past
 * `pos` after `>>> 0`: pos's low word as int32, minus 2^32, a number below -2^31. Never a small integer, so the
 * subtraction collects number feedback and runs in float64 from the start; two small integers would have the
 * optimised drain check for int32 overflow and throw it away when the low words first wrap (after 2 GiB).
 */
function lowWordBase(pos: number): number {
  return lowWord(pos) - 4294967296;
}

/** A position's low 32 bits as int32: what an Int32Array over its u64 holds at LO. */
function lowWord(pos: number): number {
  return pos % 4294967296 | 0;
}

/** Index of a u64's low 32-bit word in a 32-bit array over it. */
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

export interface RingPositions {
  readonly consumer: number;
  readonly producer: number;
}

/**
 * Copy mode: copies `bytes` walked bytes from `at` into the batch's arena (grown to fit). Zero-copy mode
 * needs no copy: the arena is the mapping itself (see drainBatch).
 */
function copyArena(batch: WalkBatch, from: Uint8Array, at: number, bytes: number): void {
  if (batch.arena.length < bytes) batch.arena = new Uint8Array(Math.max(bytes, 2 * batch.arena.length, 16384));
  batch.arena.set(from.subarray(at, at + bytes));
  batch.arenaBase = at;
}

export class RingFailure extends Error {
  constructor(readonly errno: number) {
    super(`mmap failed: errno ${errno}`);
  }
}

function mapOrThrow(len: number, prot: number, fd: number, offset: number): Addr {
  const r = L.mmap(len, prot, fd, offset);
  if (r.value === -1n || r.value === L.MAP_FAILED || r.value === 0n) throw new RingFailure(r.errno);
  return r.value;
}

export class RingReader {
  /** Records with the DISCARD bit walked over since open. */
  discarded = 0;
  private readonly page: number;
  private readonly mask: number;
  private readonly consAddr: Addr;
  private readonly prodAddr: Addr;
  private readonly prodLen: number;
  // zero-copy views (undefined in copy mode)
  private readonly cons64?: BigUint64Array;
  private readonly prod64?: BigUint64Array;
  private readonly data?: Buffer;
  // producer_pos's low word as int32: Atomics.load on a Uint32Array returns a heap number past 2^31, and code that
  // had only seen small integers deoptimises when the first one arrives (positions pass 2^31 after 2 GiB)
  private readonly prod32?: Int32Array;
  private readonly hdrI32?: Int32Array;
  private readonly publishEvery: number;
  private readonly u32?: Uint32Array;
  private readonly dv?: DataView;
  private readonly walkState = new Int32Array(5);
  // copy mode: one record at a time, copied to an aligned buffer for the walker
  private one = new Uint8Array(0);
  // copy mode scratch
  private readonly scratch?: Buffer;
  private readonly pos8 = Buffer.alloc(8);
  private closed = false;
  /**
   * Zero-copy mode: [CURSOR] the position of the next unread record (consumer_pos may trail it, see holdBack) and
   * [PUBLISHED] the value last stored in consumer_pos, both plus BIAS. In a Float64Array, not fields: positions
   * pass 2^31 after 2 GiB, and a field or an operation that had only seen small integers until then deoptimises
   * every function that uses it, in the middle of a drain (a stall of tens of ms while a fast producer drops).
   */
  private readonly pos = new Float64Array(2);

  /**
   * `holdBack` (zero-copy mode): after reading, publish consumer_pos 8 bytes short of what was read until
   * `release()`. The kernel wakes a ring's epoll waiters when a record is committed exactly at consumer_pos
   * (irq_work per commit while the consumer keeps up: a large share of a fast producer's time); a consumer
   * that polls while records flow does not need those wake-ups, and a position inside the last record read
   * never equals a new record's. consumer_pos is then stored once per few KiB read rather than per drain.
   * Call `release()` before waiting in epoll.
   */
  constructor(
    readonly fd: number,
    readonly size: number,
    readonly zeroCopy: boolean,
    private readonly holdBack = false,
  ) {
    this.page = L.pageSize();
    this.mask = size - 1;
    this.publishEvery = Math.max(HDR, Math.min(PUBLISH_BYTES, size >>> 4));
    this.consAddr = mapOrThrow(this.page, L.PROT_READ | L.PROT_WRITE, fd, 0);
    this.prodLen = this.page + 2 * size;
    try {
      this.prodAddr = mapOrThrow(this.prodLen, L.PROT_READ, fd, this.page);
    } catch (e) {
      L.munmap(this.consAddr, this.page);
      throw e;
    }
    if (zeroCopy) {
      const c = view(this.consAddr, this.page);
      this.cons64 = new BigUint64Array(c.buffer, c.byteOffset, 1);
      const p = view(this.prodAddr, this.prodLen);
      this.prod64 = new BigUint64Array(p.buffer, p.byteOffset, 1);
      this.prod32 = new Int32Array(p.buffer, p.byteOffset, 2);
      this.data = p;
      this.hdrI32 = new Int32Array(p.buffer, p.byteOffset, this.prodLen >>> 2);
      this.u32 = new Uint32Array(p.buffer, p.byteOffset, this.prodLen >>> 2);
      this.dv = new DataView(p.buffer, p.byteOffset, this.prodLen);
      this.pos[CURSOR] = Number(Atomics.load(this.cons64, 0)) + BIAS;
      this.pos[PUBLISHED] = this.pos[CURSOR] ?? 0;
    } else {
      this.scratch = Buffer.alloc(Math.min(COPY_CHUNK, size) + HDR);
    }
  }

  /**
   * Bytes reserved past what this reader has read (producer_pos minus the cursor): how full the ring is. A small
   * number, unlike positions(), whose values pass 2^31 and would change the representation of the objects that
   * carry them in the middle of a stream (the tick samples the fill before every drain).
   */
  pending(): number {
    if (this.closed) return 0;
    if (!this.prod32) {
      const p = this.positions();
      return p.producer - p.consumer;
    }
    return (Atomics.load(this.prod32, LO) - lowWordBase(this.pos[CURSOR] ?? 0)) >>> 0;
  }

  private readPos(addr: Addr, v: BigUint64Array | undefined): number {
    if (v) return Number(Atomics.load(v, 0));
    copyOut(this.pos8, addr, 8);
    return Number(this.pos8.readBigUInt64LE(0));
  }

  /** The producer's position and ours: what this reader has read (consumer_pos may trail it, see holdBack). */
  positions(): RingPositions {
    if (this.closed) return { consumer: 0, producer: 0 };
    const consumer = this.cons64 ? (this.pos[CURSOR] ?? 0) - BIAS : this.readPos(this.consAddr, undefined);
    return { consumer, producer: this.readPos(this.prodAddr, this.prod64) };
  }

  private publish(cons: number): void {
    if (this.cons64) Atomics.store(this.cons64, 0, BigInt(cons));
    else {
      this.pos8.writeBigUInt64LE(BigInt(cons));
      writeMemory(this.consAddr, this.pos8);
    }
  }

  /** Hands up to `max` committed records to `handler`; returns how many (discarded ones not counted). */
  drain(handler: RecordHandler, max: number): number {
    if (this.closed) return 0;
    return this.cons64 ? this.drainInPlace(handler, max) : this.drainCopy(handler, max);
  }

  private drainInPlace(handler: RecordHandler, max: number): number {
    const cons64 = this.cons64 as BigUint64Array;
    const prod32 = this.prod32 as Int32Array;
    const hdr = this.hdrI32 as Int32Array;
    const data = this.data as Buffer;
    const base = this.page;
    const mask = this.mask;
    const every = this.publishEvery;
    const plain = PLAIN_HEADER_LOADS;
    // positions are u64; within one drain only their low words move (avail <= ring size < 2^32), so the loop
    // subtracts low words (see lowWordBase) and reads the full position once
    const startPos = this.pos[CURSOR] ?? 0;
    const startLo = lowWordBase(startPos);
    let avail = (Atomics.load(prod32, LO) - startLo) >>> 0;
    let done = 0;
    let published = 0;
    let off = startPos & mask;
    let n = 0;
    let discarded = 0;
    while (n < max) {
      if (done >= avail) {
        // caught up: one more look at the producer before publishing, as libbpf does
        avail = (Atomics.load(prod32, LO) - startLo) >>> 0;
        if (done >= avail) break;
      }
      const at = (base + off) >> 2;
      const h = plain ? (hdr[at] ?? -1) : Atomics.load(hdr, at);
      if (h < 0) break; // BUSY: reserved, not committed yet
      const len = h & LEN_MASK;
      if ((h & DISCARD) !== 0) discarded++;
      else {
        handler(data, base + off + HDR, len);
        n++;
      }
      const total = (len + HDR + 7) & ~7;
      done += total;
      off = (off + total) & mask;
      // hand space back to the producer every few KiB: a full ring drops until we publish
      if (done - published >= every) {
        this.publishRead(cons64, startPos + done);
        published = done;
      }
    }
    if (done !== published) this.publishRead(cons64, startPos + done);
    this.discarded += discarded;
    return n;
  }

  /**
   * Walks up to `max` committed records with a compiled walker (every field extracted in the walk, no
   * call per record), handing them to `onBatch` in batches of at most `batch.capacity` and publishing
   * consumer_pos after each batch; returns how many records (discarded ones not counted).
   */
  drainBatch(walker: RecordWalker, batch: WalkBatch, onBatch: BatchHandler, max: number): number {
    if (this.closed) return 0;
    if (!this.cons64) return this.drainBatchCopy(walker, batch, onBatch, max);
    const cons64 = this.cons64;
    const prod32 = this.prod32 as Int32Array;
    const hdr = this.hdrI32 as Int32Array;
    const data = this.data as Buffer;
    const u32 = this.u32 as Uint32Array;
    const dv = this.dv as DataView;
    const st = this.walkState;
    const walk = walker.walk;
    const base = this.page;
    const mask = this.mask;
    const every = this.publishEvery;
    const startPos = this.pos[CURSOR] ?? 0;
    const startLo = lowWordBase(startPos);
    let avail = (Atomics.load(prod32, LO) - startLo) >>> 0;
    let done = 0;
    let n = 0;
    let discarded = 0;
    while (n < max) {
      if (done >= avail) {
        avail = (Atomics.load(prod32, LO) - startLo) >>> 0;
        if (done >= avail) break;
      }
      walk(hdr, data, u32, dv, base, (startPos + done) & mask, mask, Math.min(every, avail - done), Math.min(batch.capacity, max - n), batch, st);
      const bytes = st[0] ?? 0;
      const count = st[1] ?? 0;
      discarded += st[2] ?? 0;
      if (count > 0) {
        // long byte fields are read in place: the data area is mapped twice, so each record is contiguous,
        // and the producer cannot reuse its bytes before consumer_pos moves past them, after onBatch
        if (walker.usesArena) {
          batch.arena = data;
          batch.arenaBase = 0;
        }
        onBatch(data, count, st[4] ?? 0);
      }
      if (bytes > 0) this.publishRead(cons64, startPos + done + bytes);
      done += bytes;
      n += count;
      if (st[3] !== 0 || bytes === 0) break; // BUSY: the next record is not committed yet
    }
    this.discarded += discarded;
    return n;
  }

  /** Copy mode: each record copied to an aligned buffer and walked alone. */
  private drainBatchCopy(walker: RecordWalker, batch: WalkBatch, onBatch: BatchHandler, max: number): number {
    const st = this.walkState;
    return this.drainCopy((buf, offset, length) => {
      const need = (HDR + length + 7) & ~7;
      if (this.one.length < need) this.one = new Uint8Array(Math.max(need, 2 * this.one.length));
      const one = this.one;
      one.set(buf.subarray(offset - HDR, offset + length));
      const hdr = new Int32Array(one.buffer, 0, one.length >>> 2);
      walker.walk(hdr, one, new Uint32Array(one.buffer, 0, one.length >>> 2), new DataView(one.buffer), 0, 0, 0x3fffffff, need, 1, batch, st);
      if (st[1] !== 1) return;
      if (walker.usesArena) copyArena(batch, one, 0, need);
      onBatch(one, 1, st[4] ?? 0);
    }, max);
  }

  /** Zero-copy mode: everything before `read` has been read; publishes it (8 bytes short when holding back). */
  private publishRead(cons64: BigUint64Array, read: number): void {
    const pos = this.pos;
    pos[CURSOR] = read;
    const to = this.holdBack ? read - 8 : read;
    // holding back, nobody waits on this position: store it once per `publishEvery` bytes, not per drain
    // (each store pulls the line the producer reads on every reserve over to this core)
    if (this.holdBack && to - (pos[PUBLISHED] ?? 0) < this.publishEvery) return;
    // always the whole u64 (~30 ns, once per few KiB): a branch for the rare change of its high word would first
    // run after 4 GiB, and optimised code reaching a branch that never ran is thrown away
    Atomics.store(cons64, 0, BigInt(to - BIAS));
    pos[PUBLISHED] = to;
  }

  /**
   * Publishes everything read (see holdBack), so the next committed record wakes epoll again. True when a record
   * was reserved past what was read by the time that store was made: the kernel wakes waiters only for a record
   * committed at consumer_pos, so one committed before the store woke nobody, and a consumer that slept now
   * would sleep through it (until its epoll timeout, longer than a fast producer takes to fill a ring). Drain
   * before waiting when this is true.
   */
  release(): boolean {
    if (this.closed || !this.cons64) return false;
    const pos = this.pos;
    const cursor = pos[CURSOR] ?? 0;
    if (pos[PUBLISHED] !== cursor) {
      pos[PUBLISHED] = cursor;
      Atomics.store(this.cons64, 0, BigInt(cursor - BIAS));
    }
    return this.spin(1);
  }

  /**
   * Zero-copy mode: checks up to `spins` times whether the producer has committed past the consumer
   * (cheap 32-bit loads, no syscall), so a consumer that just caught up does not pay an epoll round
   * trip when the next record is microseconds away. True when data is there.
   */
  spin(spins: number): boolean {
    const prod32 = this.prod32;
    if (this.closed || !prod32) return false;
    const cons = lowWord(this.pos[CURSOR] ?? 0);
    for (let i = 0; i < spins; i++) if (Atomics.load(prod32, LO) !== cons) return true;
    return false;
  }

  private drainCopy(handler: RecordHandler, max: number): number {
    const scratch = this.scratch as Buffer;
    let cons = this.readPos(this.consAddr, undefined);
    const prod = this.readPos(this.prodAddr, undefined);
    const start = cons;
    let n = 0;
    while (n < max && cons < prod) {
      const off = cons & this.mask;
      const want = Math.min(prod - cons, scratch.length);
      copyOut(scratch, this.prodAddr + BigInt(this.page + off), want);
      let at = 0;
      let progressed = false;
      while (n < max && at + HDR <= want) {
        const h = scratch.readUInt32LE(at);
        if (h & BUSY) break;
        const len = h & ~(BUSY | DISCARD) >>> 0;
        const total = (len + HDR + 7) & ~7;
        if (at + HDR + len > want) {
          if (at === 0) return this.drainOneLarge(handler, cons, len, total, n);
          break;
        }
        if (h & DISCARD) this.discarded++;
        else {
          handler(scratch, at + HDR, len);
          n++;
        }
        at += total;
        cons += total;
        progressed = true;
      }
      if (!progressed) break;
    }
    if (cons !== start) this.publish(cons);
    return n;
  }

  /** Copy mode, a record larger than the scratch buffer: copy it alone. */
  private drainOneLarge(handler: RecordHandler, cons: number, len: number, total: number, n: number): number {
    const big = Buffer.alloc(HDR + len);
    copyOut(big, this.prodAddr + BigInt(this.page + (cons & this.mask)), HDR + len);
    const h = big.readUInt32LE(0);
    if (h & DISCARD) this.discarded++;
    else {
      handler(big, HDR, len);
      n++;
    }
    this.publish(cons + total);
    return n;
  }

  close(): void {
    if (this.closed) return;
    this.release();
    this.closed = true;
    L.munmap(this.prodAddr, this.prodLen);
    L.munmap(this.consAddr, this.page);
  }
}
