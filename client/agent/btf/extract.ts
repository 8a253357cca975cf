// Compiled field extraction: a BTF type becomes one generated function that reads every leaf field of
// a record at fixed offsets (DataView, no per-field closures, no objects) into reusable 32-bit words,
// so an agent can touch every record at ring speed and build DecodedRecord trees only for the few it sends.
import { resolveType, sizeOf, typeName } from './resolve';
import { readBits } from './scalars';
import { INT_BOOL, INT_SIGNED, type Btf, type BtfType } from './types';

/** How a leaf's words read back: integers (signed or not), floats, pointers, or raw bytes. */
export type ExtractedKind = 'int' | 'uint' | 'float' | 'pointer' | 'bytes';

export interface ExtractedField {
  /** Column name as in columnsOf: `hdr.pid`, `args[0]`, `comm`. */
  readonly name: string;
  readonly kind: ExtractedKind;
  /** First word of the field within a record's `stride` words. */
  readonly word: number;
  /** Size in bytes of the value (bitfields: the bytes their bits need, at most 8). */
  readonly bytes: number;
  /** Bitfield width, 0 for whole fields. */
  readonly bits: number;
  /**
   * Set for a byte array left in the record's bytes (ring/walk.ts copies whole batches instead of
   * each array): its offset in the record; `word` is then -1 and takes no words.
   */
  readonly recordOffset?: number;
}

export interface FieldExtractor {
  readonly typeName: string;
  /** sizeof the type: shorter records are not extracted. */
  readonly size: number;
  /** Words each record takes in the storage. */
  readonly stride: number;
  readonly fields: readonly ExtractedField[];
  /**
   * Reads every field of the record at `offset` into `words[slot * stride …]`. False (nothing written)
   * when the record is shorter than the type or the bytes end early.
   */
  extract(bytes: Uint8Array, offset: number, length: number, words: Uint32Array, slot: number): boolean;
}

const MAX_DEPTH = 32;

interface Gen {
  readonly btf: Btf;
  readonly le: boolean;
  /** Statements for any alignment: DataView reads. */
  readonly lines: string[];
  /** Statements for a 4-byte aligned record in host byte order: Uint32Array reads (`u32[q+k]`). */
  readonly fast: string[];
  readonly fields: ExtractedField[];
  /** Byte arrays of at least this many bytes stay in the record (recordOffset) instead of words. */
  readonly inRecordMin: number;
  word: number;
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Word arrays longer than this are copied by a loop instead of unrolled statements. */
const UNROLL_WORDS = 256;

function leaf(g: Gen, name: string, kind: ExtractedKind, bytes: number, bits: number): number {
  const word = g.word;
  g.fields.push({ name, kind, word, bytes, bits });
  g.word += Math.max(1, Math.ceil(bytes / 4));
  return word;
}

function both(g: Gen, line: string): void {
  g.lines.push(line);
  g.fast.push(line);
}

/** Statements storing `size` bytes at `off` as words in the record's byte order (raw bits). */
function scalar(g: Gen, name: string, kind: ExtractedKind, off: number, size: number): void {
  const w = leaf(g, name, kind, size, 0);
  const le = g.le;
  if (size === 1) both(g, `w[b+${w}]=u8[at+${off}];`);
  else if (size === 2) both(g, `w[b+${w}]=dv.getUint16(at+${off},${le});`);
  else if (size % 4 === 0) {
    // wider values: low word first, whatever the byte order, so readers combine them the same way
    for (let i = 0; i < size / 4; i++) {
      const at = le ? off + 4 * i : off + size - 4 * (i + 1);
      g.lines.push(`w[b+${w + i}]=dv.getUint32(at+${at},${le});`);
      g.fast.push(at % 4 === 0 ? `w[b+${w + i}]=u32[q+${at / 4}];` : `w[b+${w + i}]=dv.getUint32(at+${at},${le});`);
    }
  } else rawBytes(g, w, off, size);
}

/** Bytes copied as-is (little-endian words): unrolled word copies (several times faster than a loop
 *  or TypedArray.set per record), a loop for very long arrays. */
function rawBytes(g: Gen, w: number, off: number, size: number): void {
  const whole = size >> 2;
  if (whole > UNROLL_WORDS) {
    g.lines.push(`for(let i=0;i<${whole};i++)w[b+${w}+i]=dv.getUint32(at+${off}+4*i,true);`);
    g.fast.push(off % 4 === 0 ? `for(let i=0;i<${whole};i++)w[b+${w}+i]=u32[q+${off / 4}+i];` : `for(let i=0;i<${whole};i++)w[b+${w}+i]=dv.getUint32(at+${off}+4*i,true);`);
  } else {
    for (let i = 0; i < whole; i++) {
      g.lines.push(`w[b+${w + i}]=dv.getUint32(at+${off + 4 * i},true);`);
      g.fast.push(off % 4 === 0 ? `w[b+${w + i}]=u32[q+${off / 4 + i}];` : `w[b+${w + i}]=dv.getUint32(at+${off + 4 * i},true);`);
    }
  }
  const rest = size & 3;
  if (rest === 0) return;
  const at = off + whole * 4;
  const parts = Array.from({ length: rest }, (_, i) => (i === 0 ? `u8[at+${at}]` : `(u8[at+${at + i}]<<${8 * i})`));
  both(g, `w[b+${w + whole}]=${parts.join('|')};`);
}

function bitfield(g: Gen, name: string, off: number, bitOffset: number, bits: number, signed: boolean): void {
  const byte = off + (bitOffset >> 3);
  const shift = bitOffset & 7;
  const w = leaf(g, name, signed ? 'int' : 'uint', bits > 32 ? 8 : 4, bits);
  // rare enough to call the shared bit reader; the value is unsigned here, signedness is the reader's
  if (bits <= 32) both(g, `w[b+${w}]=rb(u8,at+${byte},${shift},${bits},${g.le},false);`);
  else both(g, `{const v=BigInt(rb(u8,at+${byte},${shift},${bits},${g.le},false));w[b+${w}]=Number(v&0xffffffffn);w[b+${w + 1}]=Number(v>>32n);}`);
}

function isByte(t: BtfType | undefined): boolean {
  return t?.kind === 'int' && t.size === 1 && (t.encoding & INT_BOOL) === 0 && t.bits === 8 && t.bitOffset === 0;
}

function emit(g: Gen, typeId: number, name: string, off: number, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const t = resolveType(g.btf, typeId);
  if (!t) return;
  switch (t.kind) {
    case 'int':
      if (t.bitOffset !== 0 || t.bits !== t.size * 8) bitfield(g, name, off, t.bitOffset, t.bits, (t.encoding & INT_SIGNED) !== 0);
      else scalar(g, name, (t.encoding & INT_SIGNED) !== 0 ? 'int' : 'uint', off, t.size);
      return;
    case 'enum':
    case 'enum64':
      scalar(g, name, t.signed ? 'int' : 'uint', off, t.size);
      return;
    case 'ptr':
      scalar(g, name, 'pointer', off, 8);
      return;
    case 'float':
      scalar(g, name, 'float', off, t.size);
      return;
    case 'array': {
      if (t.nelems === 0) return; // a flexible tail has no fixed place: the full decoder reads it
      const elem = resolveType(g.btf, t.type);
      if (isByte(elem) && t.nelems >= g.inRecordMin) {
        g.fields.push({ name, kind: 'bytes', word: -1, bytes: t.nelems, bits: 0, recordOffset: off });
        return;
      }
      if (isByte(elem)) {
        rawBytes(g, leaf(g, name, 'bytes', t.nelems, 0), off, t.nelems);
        return;
      }
      const step = sizeOf(g.btf, t.type) ?? 0;
      for (let i = 0; i < t.nelems; i++) emit(g, t.type, `${name}[${i}]`, off + i * step, depth + 1);
      return;
    }
    case 'struct':
    case 'union':
      for (const m of t.members) {
        const mt = resolveType(g.btf, m.type);
        const child = m.name === '' && (mt?.kind === 'struct' || mt?.kind === 'union') ? name : name === '' ? m.name : `${name}.${m.name}`;
        const byteOff = off + (m.bitOffset >> 3);
        const bitInByte = m.bitOffset & 7;
        const oldStyle = m.bitSize === 0 && mt?.kind === 'int' && (mt.bitOffset !== 0 || mt.bits !== mt.size * 8);
        if (oldStyle && bitInByte !== 0) {
          // kind_flag 0: the width (and a further offset) live in the INT type itself
          bitfield(g, child, byteOff, bitInByte + mt.bitOffset, mt.bits, (mt.encoding & INT_SIGNED) !== 0);
        } else if (m.bitSize > 0 || (bitInByte !== 0 && mt?.kind !== 'struct' && mt?.kind !== 'union')) {
          const signed = (mt?.kind === 'int' && (mt.encoding & INT_SIGNED) !== 0) || ((mt?.kind === 'enum' || mt?.kind === 'enum64') && mt.signed);
          bitfield(g, child, byteOff, bitInByte, m.bitSize || (sizeOf(g.btf, m.type) ?? 0) * 8, signed);
        } else emit(g, m.type, child, byteOff, depth + 1);
      }
      return;
    default:
      return;
  }
}

type Extract = FieldExtractor['extract'];

/**
 * The generated statements of a type's extractor, for code that inlines them (ring/walk.ts): they read
 * the record at byte `at` of `u8`/`dv` (word `q` of `u32` for `fast`) into `w[b …]`, calling `rb` for bitfields.
 */
export interface ExtractorSource {
  readonly size: number;
  readonly stride: number;
  readonly fields: readonly ExtractedField[];
  /** Uint32Array statements, valid for a 4-byte aligned record when `fastOk`. */
  readonly fast: string;
  /** DataView statements, valid at any alignment. */
  readonly slow: string;
  /** The host's byte order is the object's. */
  readonly fastOk: boolean;
}

/**
 * The statements of a type's extractor; undefined when it has no fixed layout. Byte arrays of at
 * least `inRecordMin` bytes get no statements (see ExtractedField.recordOffset).
 */
export function extractorSource(btf: Btf, typeId: number, inRecordMin = Infinity): ExtractorSource | undefined {
  const top = resolveType(btf, typeId);
  const size = sizeOf(btf, typeId);
  if (!top || size === undefined || size <= 0) return undefined;
  const g: Gen = { btf, le: btf.littleEndian, lines: [], fast: [], fields: [], inRecordMin, word: 0 };
  emit(g, typeId, top.kind === 'struct' || top.kind === 'union' ? '' : 'value', 0, 0);
  return { size, stride: Math.max(1, g.word), fields: g.fields, fast: loadsFirst(g.fast), slow: loadsFirst(g.lines), fastOk: HOST_LE === btf.littleEndian };
}

const SIMPLE_STORE = /^w\[b\+(\d+)\]=(.*);$/;

/**
 * The statements with every record read before any word is written: `w[b+k]=<read>;` becomes a `const`
 * read first and a store after. V8 keeps a Uint32Array store ordered before the next typed-array load
 * (they may share memory), so interleaved, each record's loads wait on each other: a 64 MiB drain of
 * 256-byte records took 27 ns per record interleaved against 20 ns with the loads first.
 */
function loadsFirst(lines: readonly string[]): string {
  const loads: string[] = [];
  const stores: string[] = [];
  for (const line of lines) {
    const m = SIMPLE_STORE.exec(line);
    if (m) {
      loads.push(`const v${loads.length}=${m[2]};`);
      stores.push(`w[b+${m[1]}]=v${loads.length - 1};`);
    } else stores.push(line);
  }
  return [...loads, ...stores].join('\n');
}

/** The shared bit reader the generated statements call as `rb`. */
export const bitReader = readBits;

/** Compiles the extractor of a type; undefined when it has no fixed layout. */
export function compileExtractor(btf: Btf, typeId: number): FieldExtractor | undefined {
  const src = extractorSource(btf, typeId);
  if (!src) return undefined;
  const { size, stride, fastOk } = src;
  // One factory per type, so each extractor is its own function with its own type feedback (a shared
  // wrapper calling generated bodies would turn polymorphic with a few types and stop inlining). The
  // body is built only from numbers and fixed text above, never from BTF names. The views of the last
  // buffer are kept: records come one after another from the same ring. Ring records are 8-byte
  // aligned, so the Uint32Array body is the one that runs when the host's byte order is the object's.
  const factory = new Function(
    'rb',
    `"use strict";let lastBytes;let dv=new DataView(new ArrayBuffer(0));let u32=new Uint32Array(0);let base=0;
return function extract(u8,at,length,w,slot){
if(length<${size}||at<0||at+${size}>u8.length||(slot+1)*${stride}>w.length)return false;
if(u8!==lastBytes){dv=new DataView(u8.buffer,u8.byteOffset,u8.byteLength);u32=new Uint32Array(u8.buffer,0,u8.buffer.byteLength>>2);base=u8.byteOffset;lastBytes=u8;}
const b=slot*${stride};
${fastOk ? `if(((base+at)&3)===0){const q=(base+at)>>2;
${src.fast}
return true;}` : ''}
${src.slow}
return true;};`,
  ) as (rb: typeof readBits) => Extract;
  return { typeName: typeName(btf, typeId), size, stride, fields: src.fields, extract: factory(readBits) };
}

/** Reads one extracted field back: a number (≤ 32 bits, floats), a bigint (wider integers, pointers), or the bytes. */
export function extractedValue(f: ExtractedField, words: Uint32Array, base: number): number | bigint | Uint8Array {
  const at = base + f.word;
  if (f.kind === 'bytes') return new Uint8Array(words.buffer, words.byteOffset + at * 4, Math.ceil(f.bytes / 4) * 4).slice(0, f.bytes);
  const lo = words[at] ?? 0;
  const width = f.bits || f.bytes * 8;
  if (width <= 32) {
    if (f.kind === 'int' && width < 32 && lo >= 2 ** (width - 1)) return lo - 2 ** width;
    if (f.kind === 'int' && width === 32) return lo | 0;
    if (f.kind === 'float' && f.bytes === 4) return new Float32Array(new Uint32Array([lo]).buffer)[0] ?? 0;
    return lo;
  }
  let v = 0n;
  for (let i = Math.ceil(f.bytes / 4) - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[at + i] ?? 0);
  if (f.kind === 'int') return BigInt.asIntN(width, v);
  if (f.kind === 'float' && f.bytes === 8) return new Float64Array(new BigUint64Array([v]).buffer)[0] ?? 0;
  return v;
}
