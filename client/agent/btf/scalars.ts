// Readers of single values out of record bytes, shared by the decoder plans: integers of every width
// in the JSON-safe form of common/records.ts (numbers while safe, decimal strings beyond), bitfields
// in both byte orders, pointers and byte strings as hex, text with a printable check.

const TWO32 = 4294967296;
const SAFE_HI = 0x200000; // 2^21: hi * 2^32 + lo stays below 2^53

export const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const CHARS: readonly string[] = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));

export function readU64(dv: DataView, at: number, le: boolean): number | string {
  const lo = dv.getUint32(le ? at : at + 4, le);
  const hi = dv.getUint32(le ? at + 4 : at, le);
  if (hi < SAFE_HI) return hi * TWO32 + lo;
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

export function readS64(dv: DataView, at: number, le: boolean): number | string {
  const lo = dv.getUint32(le ? at : at + 4, le);
  const hi = dv.getInt32(le ? at + 4 : at, le);
  if (hi >= -SAFE_HI && hi < SAFE_HI) {
    const v = hi * TWO32 + lo;
    if (Number.isSafeInteger(v)) return v;
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** A bigint in the JSON-safe form: a number while safe, else its decimal string. */
export function jsonInt(v: bigint): number | string {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v.toString();
}

/** Any-width integer (e.g. __int128) through BigInt. */
export function readWide(u8: Uint8Array, at: number, size: number, le: boolean, signed: boolean): number | string {
  let v = 0n;
  for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(u8[le ? at + size - 1 - i : at + i] ?? 0);
  return jsonInt(signed ? BigInt.asIntN(size * 8, v) : v);
}

/**
 * A bitfield of `bits` bits starting `shift` bits into the byte at `at`. Little-endian counts bits from
 * the least significant bit of the first byte, big-endian from the most significant (as the kernel's
 * btf_bitfield_show does).
 */
export function readBits(u8: Uint8Array, at: number, shift: number, bits: number, le: boolean, signed: boolean): number | string {
  const nbytes = (shift + bits + 7) >> 3;
  if (nbytes <= 6) {
    let v = 0;
    if (le) for (let i = nbytes - 1; i >= 0; i--) v = v * 256 + (u8[at + i] ?? 0);
    else for (let i = 0; i < nbytes; i++) v = v * 256 + (u8[at + i] ?? 0);
    const low = le ? shift : nbytes * 8 - shift - bits;
    v = Math.floor(v / 2 ** low) % 2 ** bits;
    if (signed && v >= 2 ** (bits - 1)) v -= 2 ** bits;
    return v;
  }
  let v = 0n;
  if (le) for (let i = nbytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(u8[at + i] ?? 0);
  else for (let i = 0; i < nbytes; i++) v = (v << 8n) | BigInt(u8[at + i] ?? 0);
  const low = le ? shift : nbytes * 8 - shift - bits;
  v = BigInt.asUintN(bits, v >> BigInt(low));
  return jsonInt(signed ? BigInt.asIntN(bits, v) : v);
}

/** Byte arrays this long are hex-encoded natively: a string built per byte costs ~1 µs and its garbage per 240 bytes. */
const NATIVE_HEX_MIN = 16;
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** u8[at…end) as lower-case hex; bytes outside u8 read as 00. */
export function hexBytes(u8: Uint8Array, at: number, end: number): string {
  if (NodeBuffer && end - at >= NATIVE_HEX_MIN && Number.isInteger(at) && Number.isInteger(end) && at >= 0 && end <= u8.length)
    return NodeBuffer.from(u8.buffer, u8.byteOffset + at, end - at).toString('hex');
  let s = '';
  for (let i = at; i < end; i++) s += HEX[u8[i] ?? 0];
  return s;
}

/** A pointer value as '0x…' without leading zeros. */
export function readPointer(dv: DataView, at: number, le: boolean): string {
  const lo = dv.getUint32(le ? at : at + 4, le);
  const hi = dv.getUint32(le ? at + 4 : at, le);
  return hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`;
}

export function floatValue(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/**
 * Bytes [at, end) as text up to the first NUL, or undefined when that prefix is not printable
 * (ASCII 0x20–0x7e, tab, or valid UTF-8 above 0x7f without C1 controls). An empty prefix is text
 * only when `emptyIsText` (plain `char` arrays; `__u8` arrays of zeros read better as hex).
 */
export function readText(u8: Uint8Array, at: number, end: number, emptyIsText: boolean): string | undefined {
  let s = '';
  let i = at;
  for (; i < end; i++) {
    const b = u8[i] ?? 0;
    if (b === 0) break;
    if (b >= 0x20 && b < 0x7f) s += CHARS[b];
    else if (b === 0x09) s += '\t';
    else if (b >= 0x80) return readUtf8(u8, at, end);
    else return undefined;
  }
  if (i === at && !emptyIsText) return undefined;
  return s;
}

/**
 * Strict UTF-8 decoding of [at, first NUL or end) without exceptions (binary data arrives here often:
 * a throwing decoder costs microseconds per record). Rejects overlong forms, surrogates, values past
 * U+10FFFF and C0/C1 control characters other than tab.
 */
function readUtf8(u8: Uint8Array, at: number, end: number): string | undefined {
  let s = '';
  let i = at;
  while (i < end) {
    const b = u8[i] ?? 0;
    if (b === 0) break;
    let cp: number;
    let n: number;
    if (b < 0x80) {
      if ((b < 0x20 && b !== 0x09) || b === 0x7f) return undefined;
      s += CHARS[b];
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      cp = b & 0x1f;
      n = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      cp = b & 0x0f;
      n = 2;
    } else if (b >= 0xf0 && b <= 0xf4) {
      cp = b & 0x07;
      n = 3;
    } else {
      return undefined;
    }
    if (i + n >= end) return undefined; // the sequence runs past the array
    for (let k = 1; k <= n; k++) {
      const c = u8[i + k] ?? 0;
      if ((c & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (c & 0x3f);
    }
    if ((n === 2 && cp < 0x800) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0)) {
      return undefined;
    }
    s += String.fromCodePoint(cp);
    i += n + 1;
  }
  return s;
}
