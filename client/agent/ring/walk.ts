// A record walker: one generated function per record type that walks a mapped ring's headers and
// extracts every field of each committed record into reusable words in the same call (no per-record
// call; in the header loop itself, or a few records behind it for records of a cache line or more), recording
// each record's offset and length so a caller can still decode chosen ones in place.
// Long byte arrays are not copied per record: they are read from the batch's arena, which is the ring's
// mapping itself in zero-copy mode (valid until the batch handler returns) and a copy in copy mode.
import { bitReader, extractorSource, type ExtractedField } from '../btf/extract';
import type { Btf } from '../btf/types';

/** Where a walk puts its records: slot i's fields at words[i * stride …], its bytes at offsets[i], lengths[i]. */
export interface WalkBatch {
  readonly words: Uint32Array;
  readonly offsets: Int32Array;
  /** A record shorter than the type keeps its length here but has no fields written. */
  readonly lengths: Int32Array;
  /** Slots in the batch. */
  readonly capacity: number;
  /**
   * When the type has fields with `recordOffset`: record i's bytes are at `arena[offsets[i] - arenaBase …]`
   * until the batch handler returns (the ring's mapping in zero-copy mode, a copy of the walked bytes in
   * copy mode). Keep bytes beyond the handler by copying them.
   */
  arena: Uint8Array;
  arenaBase: number;
}

/**
 * Walks from byte `off` of the data area (at byte `base` of `u8`) up to `limit` bytes or `max` records,
 * stopping at a BUSY header. Writes [bytes walked, records, discarded, stopped at BUSY, the records'
 * bytes] into `st`.
 */
export type WalkFn = (hdr: Int32Array, u8: Uint8Array, u32: Uint32Array, dv: DataView, base: number, off: number, mask: number, limit: number, max: number, out: WalkBatch, st: Int32Array) => void;

export interface RecordWalker {
  readonly size: number;
  readonly stride: number;
  readonly fields: readonly ExtractedField[];
  readonly walk: WalkFn;
  /** Some fields live in the batch's arena (recordOffset) rather than in words. */
  readonly usesArena: boolean;
  /** Fields are read behind the header walk, not with each header (see TWO_PASS_MIN_BYTES). */
  readonly twoPass: boolean;
  /** A batch of `capacity` slots for this type. */
  batch(capacity: number): WalkBatch;
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** x86 orders loads (TSO): a plain header load is already an acquire (see reader.ts). */
const PLAIN_HEADER_LOADS = process.arch === 'x64' || process.arch === 'ia32';

/** Byte arrays this long or longer are read from the batch's arena (the mapping itself in zero-copy mode), not copied into words. */
export const ARENA_MIN_BYTES = 8;

/**
 * Records from this many bytes (header included) on have their fields read behind the header walk rather than
 * with it. Each then sits on a cache line of its own, so a cold ring costs a memory miss per record: reading a
 * record's fields right after its header waits for that miss, while fields read EXTRACT_LAG records behind come
 * from lines already in cache, in the shadow of the misses still in flight. Smaller records share lines, and
 * one pass is cheaper for them (40-byte records: ~9 ns against 11 ns).
 */
export const TWO_PASS_MIN_BYTES = 64;

/**
 * How far behind the header walk the fields are read (records of TWO_PASS_MIN_BYTES or more). A full 64 MiB ring
 * of 256-byte records, agent over C's rate (medians of 5 rounds; runs alternated): every field after the walk
 * 0.43–0.54x (29–35 M records/s); 4 behind 0.53–0.67x (32–46 M records/s); 8 and 16 behind ~0.55x; 1 and 2
 * behind, less steady.
 */
const EXTRACT_LAG = 4;

/**
 * Compiles the walker of a record type; undefined when it has no fixed layout. `twoPass` overrides
 * the choice by record size (TWO_PASS_MIN_BYTES), for tests.
 */
export function compileWalker(btf: Btf, typeId: number, inRecordMin = ARENA_MIN_BYTES, twoPass?: boolean): RecordWalker | undefined {
  const src = extractorSource(btf, typeId, inRecordMin);
  if (!src) return undefined;
  const { size, stride } = src;
  // Records start 8 bytes after an 8-byte aligned header in a page-aligned mapping, so their data is
  // always 4-byte aligned: the Uint32Array statements run whenever the byte orders agree. Built only
  // from numbers and the extractor's fixed text, never from BTF names.
  const body = src.fastOk && HOST_LE === btf.littleEndian ? src.fast : src.slow;
  const load = PLAIN_HEADER_LOADS ? 'hdr[hi]' : 'Atomics.load(hdr,hi)';
  const split = twoPass ?? size + 8 >= TWO_PASS_MIN_BYTES;
  // a committed record, at byte `at`: its slot, and in one pass its fields too
  const keep = split
    ? 'offs[n]=at;lens[n]=len;sum+=len;n++;'
    : `offs[n]=at;lens[n]=len;sum+=len;
if(len>=${size}){const q=at>>2;
${body}
}
n++;b+=${stride};`;
  // in two passes: the fields of walked slot `i` (a record shorter than the type keeps no fields)
  const fieldsOf = (i: string): string => `if(lens[${i}]>=${size}){const at=offs[${i}],q=at>>2;
${body}
}`;
  // fields of the record EXTRACT_LAG slots behind the header just walked (its line is in cache by now)
  const behind = split ? `if(n-e>${EXTRACT_LAG}){${fieldsOf('e')}e++;b+=${stride};}` : '';
  // the last few records' fields
  const rest = split ? `for(let i=e;i<n;i++,b+=${stride}){${fieldsOf('i')}}` : '';
  // The next header's address must not wait for this header's load: when the header repeats the last one
  // (a ring of same-sized records), the step comes from a register behind a predicted branch, so the CPU
  // runs ahead and the loads of many records overlap (a data-dependent step made a full 64 MiB drain
  // wait ~30 ns on each record's header).
  const factory = new Function(
    'rb',
    `"use strict";
return function walk(hdr,u8,u32,dv,base,off,mask,limit,max,out,st){
const w=out.words,offs=out.offsets,lens=out.lengths;
let done=0,n=0,disc=0,busy=0,b=0,hPrev=-1,tPrev=0,sum=0,e=0;
while(done<limit&&n<max){
const at=base+off+8;
const hi=(at>>2)-2;
const h=${load}|0;
if(h<0){busy=1;break;}
const len=h&0x3fffffff;
if((h&0x40000000)!==0)disc++;
else{${keep}}
let total=tPrev;
if(h!==hPrev){total=(len+15)&~7;hPrev=h;tPrev=total;}
done+=total;off=(off+total)&mask;
${behind}}
${rest}
st[0]=done;st[1]=n;st[2]=disc;st[3]=busy;st[4]=sum;};`,
  ) as (rb: typeof bitReader) => WalkFn;
  return {
    size,
    stride,
    fields: src.fields,
    walk: factory(bitReader),
    usesArena: src.fields.some((f) => f.recordOffset !== undefined),
    twoPass: split,
    batch: (capacity) => ({ words: new Uint32Array(capacity * stride), offsets: new Int32Array(capacity), lengths: new Int32Array(capacity), capacity, arena: new Uint8Array(0), arenaBase: 0 }),
  };
}

/** The bytes of a field kept in the record (`recordOffset`) for slot `slot` of a walked batch, in its arena. */
export function arenaBytes(batch: WalkBatch, f: ExtractedField, slot: number): Uint8Array {
  const at = (batch.offsets[slot] ?? 0) - batch.arenaBase + (f.recordOffset ?? 0);
  return batch.arena.subarray(at, at + f.bytes);
}
