// Reads one BPF ring buffer without calling C per record: the consumer page (rw) and the producer page
// plus the twice-mapped data area (ro) are mmapped once; records are walked in place (8-byte headers,
// BUSY stops, DISCARD skips, 8-byte alignment) and consumer_pos is published every 256 records and at
// the end of each drain (libbpf publishes per record; per batch alone starves a busy producer). In copy
// mode (runtimes whose external buffers are copies) the committed bytes are memcpy'd first instead.
import * as L from '../libbpf/api';
import { copyOut, view, writeMemory, type Addr } from '../libbpf/ffi';

/** Called per record with a buffer, the record's offset in it and its length; must not keep `buf`. */
export type RecordHandler = (buf: Buffer, offset: number, length: number) => void;

const BUSY = 0x80000000;
const DISCARD = 0x40000000;
const HDR = 8;
const COPY_CHUNK = 1 << 20;
const PUBLISH_EVERY_MASK = 255; // publish consumer_pos every 256 records within a drain

export interface RingPositions {
  readonly consumer: number;
  readonly producer: number;
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
  private readonly hdr32?: Uint32Array;
  // copy mode scratch
  private readonly scratch?: Buffer;
  private readonly pos8 = Buffer.alloc(8);
  private closed = false;

  constructor(
    readonly fd: number,
    readonly size: number,
    readonly zeroCopy: boolean,
  ) {
    this.page = L.pageSize();
    this.mask = size - 1;
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
      this.data = p;
      this.hdr32 = new Uint32Array(p.buffer, p.byteOffset, this.prodLen >>> 2);
    } else {
      this.scratch = Buffer.alloc(Math.min(COPY_CHUNK, size) + HDR);
    }
  }

  private readPos(addr: Addr, v: BigUint64Array | undefined): number {
    if (v) return Number(Atomics.load(v, 0));
    copyOut(this.pos8, addr, 8);
    return Number(this.pos8.readBigUInt64LE(0));
  }

  positions(): RingPositions {
    if (this.closed) return { consumer: 0, producer: 0 };
    return { consumer: this.readPos(this.consAddr, this.cons64), producer: this.readPos(this.prodAddr, this.prod64) };
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
    const hdr32 = this.hdr32 as Uint32Array;
    const data = this.data as Buffer;
    const base = this.page;
    let cons = Number(Atomics.load(cons64, 0));
    let prod = Number(Atomics.load(this.prod64 as BigUint64Array, 0));
    let n = 0;
    const start = cons;
    while (n < max) {
      if (cons >= prod) {
        // caught up: one more look at the producer before publishing, as libbpf does
        prod = Number(Atomics.load(this.prod64 as BigUint64Array, 0));
        if (cons >= prod) break;
      }
      const off = base + (cons & this.mask);
      const h = Atomics.load(hdr32, off >>> 2);
      if (h & BUSY) break;
      const len = h & ~(BUSY | DISCARD) >>> 0;
      if (h & DISCARD) this.discarded++;
      else {
        handler(data, off + HDR, len);
        n++;
      }
      cons += (len + HDR + 7) & ~7;
      // hand space back to the producer regularly: a full ring drops until we publish
      if ((n & PUBLISH_EVERY_MASK) === 0 && n !== 0) Atomics.store(cons64, 0, BigInt(cons));
    }
    if (cons !== start) Atomics.store(cons64, 0, BigInt(cons));
    return n;
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
    this.closed = true;
    L.munmap(this.prodAddr, this.prodLen);
    L.munmap(this.consAddr, this.page);
  }
}
