// Record-type selection: which type decodes each record of a ring buffer. One type for every record,
// or several chosen by a tag (an integer or enum field of a common header, or the first N bytes), from
// a RecordSelection setting or from the type the program reserves (passed by the client). Compiling a
// selection checks every name against BTF and throws BtfError with an actionable message; selecting
// and decoding then never throw.
import { btfMessages as M, render } from '../../../common/messages';
import type { DecodedRecord, RecordSelection } from '../../../common/records';
import { compileDecoder, hexRecord, type RecordDecoder } from './decode';
import { BtfError } from './errors';
import { lookupTypeName, resolveType, typeName } from './resolve';
import { jsonInt, readBits } from './scalars';
import { INT_BOOL, INT_SIGNED, type Btf, type BtfComposite, type BtfType } from './types';

/** Where the tag of a record is: `bits` wide at bit `bitOffset` from the record start. */
export interface TagLocation {
  readonly bitOffset: number;
  readonly bits: number;
  readonly signed: boolean;
  /** Enumerator name → value, when the tag is an enum. */
  readonly enumValues?: ReadonlyMap<string, number | string>;
}

export interface RecordSelector {
  readonly ring: string;
  /** 'setting': from a RecordSelection; 'program': the type the program reserves; 'none': hex. */
  readonly source: 'setting' | 'program' | 'none';
  /** Every decoder this selector may use (to announce columns). */
  readonly decoders: readonly RecordDecoder[];
  /** The decoder of every record, when one type is used without a tag (the agent then walks fields in bulk). */
  readonly only?: RecordDecoder;
  /** Why records stay hex although a type was named (rendered catalogue message). */
  readonly problem?: string;
  /** The decoder of one record, undefined for hex. */
  select(bytes: Uint8Array, offset: number, length: number): RecordDecoder | undefined;
  decode(bytes: Uint8Array, offset: number, length: number): DecodedRecord;
}

function decoderByName(btf: Btf, name: string): RecordDecoder {
  const t = lookupTypeName(btf, name);
  if (!t) throw BtfError.of(M.typeNotFound, name);
  return compileDecoder(btf, t.id);
}

/** Finds member `name` in a struct/union, looking through anonymous members as C does. */
function findMember(btf: Btf, t: BtfComposite, name: string): { type: number; bitOffset: number; bitSize: number } | undefined {
  for (const m of t.members) {
    if (m.name === name) return { type: m.type, bitOffset: m.bitOffset, bitSize: m.bitSize };
    if (m.name === '') {
      const inner = resolveType(btf, m.type);
      if (inner?.kind === 'struct' || inner?.kind === 'union') {
        const found = findMember(btf, inner, name);
        if (found) return { ...found, bitOffset: found.bitOffset + m.bitOffset };
      }
    }
  }
  return undefined;
}

/** Locates a dotted field path ('hdr.kind') inside a type. */
export function locateTag(btf: Btf, headerTypeName: string, path: string): TagLocation {
  const header = lookupTypeName(btf, headerTypeName);
  if (!header) throw BtfError.of(M.typeNotFound, headerTypeName);
  let t: BtfType | undefined = resolveType(btf, header.id);
  let bitOffset = 0;
  let bitSize = 0;
  for (const part of path.split('.')) {
    if (t?.kind !== 'struct' && t?.kind !== 'union') throw BtfError.of(M.tagFieldNotFound, path, typeName(btf, header.id));
    const m = findMember(btf, t, part);
    if (!m) throw BtfError.of(M.tagFieldNotFound, path, typeName(btf, header.id));
    bitOffset += m.bitOffset;
    bitSize = m.bitSize;
    t = resolveType(btf, m.type);
  }
  if (t?.kind === 'int' && (t.encoding & INT_BOOL) === 0) {
    const bits = bitSize || (t.bits !== t.size * 8 ? t.bits : t.size * 8);
    return { bitOffset: bitOffset + (bitSize ? 0 : t.bitOffset), bits, signed: (t.encoding & INT_SIGNED) !== 0 };
  }
  if (t?.kind === 'enum' || t?.kind === 'enum64') {
    const bits = bitSize || t.size * 8;
    const enumValues = new Map<string, number | string>();
    for (const v of t.values) enumValues.set(v.name, jsonInt(t.signed ? BigInt.asIntN(bits, v.value) : BigInt.asUintN(bits, v.value)));
    return { bitOffset, bits, signed: t.signed, enumValues };
  }
  throw BtfError.of(M.tagFieldNotInteger, path, typeName(btf, header.id));
}

/** A `types` key as a tag value: decimal, 0x hex (either sign), or an enumerator name. */
function keyValue(key: string, tag: TagLocation, ring: string): number | string {
  const k = key.trim();
  const named = tag.enumValues?.get(k);
  if (named !== undefined) return named;
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(k)) {
    const neg = k.startsWith('-');
    const v = BigInt(neg ? k.slice(1) : k);
    const bits = BigInt(tag.bits);
    return jsonInt(tag.signed ? BigInt.asIntN(tag.bits, neg ? -v : v) : neg ? -v : v & ((1n << bits) - 1n));
  }
  throw BtfError.of(M.tagKeyInvalid, key, ring);
}

function readTag(tag: TagLocation, bytes: Uint8Array, start: number, end: number, le: boolean): number | string | undefined {
  const byte = start + (tag.bitOffset >> 3);
  const shift = tag.bitOffset & 7;
  if (byte + ((shift + tag.bits + 7) >> 3) > end) return undefined;
  return readBits(bytes, byte, shift, tag.bits, le, tag.signed);
}

function single(ring: string, source: RecordSelector['source'], d: RecordDecoder | undefined, problem?: string): RecordSelector {
  const base = {
    ring,
    source,
    decoders: d ? [d] : [],
    ...(d ? { only: d } : {}),
    select: () => d,
    decode: (bytes: Uint8Array, offset: number, length: number) => (d ? d.decode(bytes, offset, length) : hexRecord(bytes, offset, length)),
  };
  return problem === undefined ? base : { ...base, problem };
}

/** Compiles a RecordSelection against an object's BTF. Throws BtfError naming what to fix. */
export function compileSelection(btf: Btf, sel: RecordSelection): RecordSelector {
  const ring = sel.ring;
  const hasTypes = sel.types !== undefined && Object.keys(sel.types).length > 0;
  if (sel.type !== undefined && hasTypes) throw BtfError.of(M.selectionInvalid, ring, "give either 'type' or 'types', not both");
  if (sel.tagField !== undefined && sel.tagBytes !== undefined) {
    throw BtfError.of(M.selectionInvalid, ring, "give either 'tagField' or 'tagBytes', not both");
  }
  if (sel.type !== undefined) return single(ring, 'setting', decoderByName(btf, sel.type));
  if (!hasTypes || !sel.types) throw BtfError.of(M.selectionInvalid, ring, "it names no 'type' and no 'types'");
  const entries = Object.entries(sel.types);
  let tag: TagLocation;
  if (sel.tagField !== undefined) {
    const header = sel.headerType ?? entries[0]?.[1] ?? '';
    tag = locateTag(btf, header, sel.tagField);
  } else if (sel.tagBytes !== undefined) {
    tag = { bitOffset: (sel.tagOffset ?? 0) * 8, bits: sel.tagBytes * 8, signed: false };
  } else {
    throw BtfError.of(M.selectionInvalid, ring, "'types' needs 'tagField' (a header field) or 'tagBytes' (leading bytes) to choose by");
  }
  const byName = new Map<string, RecordDecoder>();
  const byTag = new Map<number | string, RecordDecoder>();
  for (const [key, name] of entries) {
    let d = byName.get(name);
    if (!d) {
      d = decoderByName(btf, name);
      byName.set(name, d);
    }
    byTag.set(keyValue(key, tag, ring), d);
  }
  let otherwise: RecordDecoder | undefined;
  if (sel.otherwise !== undefined) {
    otherwise = byName.get(sel.otherwise) ?? decoderByName(btf, sel.otherwise);
    byName.set(sel.otherwise, otherwise);
  }
  const le = btf.littleEndian;
  const select = (bytes: Uint8Array, offset: number, length: number): RecordDecoder | undefined => {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0) return undefined;
    const v = readTag(tag, bytes, offset, Math.min(bytes.length, offset + length), le);
    if (v === undefined) return undefined;
    return byTag.get(v) ?? otherwise;
  };
  return {
    ring,
    source: 'setting',
    decoders: [...byName.values()],
    select,
    decode: (bytes, offset, length) => {
      const d = select(bytes, offset, length);
      return d ? d.decode(bytes, offset, length) : hexRecord(bytes, offset, length);
    },
  };
}

/**
 * The selector of one ring: its setting when there is one (errors in it are thrown: the user wrote it),
 * else the type the program reserves or outputs (a missing type becomes hex with `problem` set), else hex.
 */
export function selectorForRing(
  btf: Btf,
  ring: string,
  options: { readonly settings?: readonly RecordSelection[]; readonly programType?: string },
): RecordSelector {
  const setting = options.settings?.find((s) => s.ring === ring);
  if (setting) return compileSelection(btf, setting);
  if (options.programType !== undefined) {
    const t = lookupTypeName(btf, options.programType);
    if (!t) return single(ring, 'none', undefined, render(M.typeNotFound, options.programType));
    try {
      return single(ring, 'program', compileDecoder(btf, t.id));
    } catch (e) {
      return single(ring, 'none', undefined, e instanceof Error ? e.message : String(e));
    }
  }
  return single(ring, 'none', undefined);
}
