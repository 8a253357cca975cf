// Compiles a BTF type once into a decoder plan: for a struct, a flat list of field operations (offset,
// name, reader closure), nested for nested structs, so that decoding a record never walks BTF again.
// Every operation checks its bytes against the record's end: fields that do not fit are left out.
import type { DecodedFields, DecodedValue, FieldKind, RecordColumn } from '../../../common/records';
import { resolveType, skipModifiers, sizeOf, typeName } from './resolve';
import {
  floatValue,
  hexBytes,
  jsonInt,
  readBits,
  readPointer,
  readS64,
  readText,
  readU64,
  readWide,
} from './scalars';
import { INT_BOOL, INT_SIGNED, type Btf, type BtfComposite, type BtfEnum, type BtfInt, type BtfType } from './types';

/** Reads the value at absolute offset `at`; undefined when it does not fit before `end`. */
export type Reader = (dv: DataView, u8: Uint8Array, at: number, end: number) => DecodedValue | undefined;
/** Writes the fields of a struct or union starting at `base` into `out`. */
export type Filler = (out: DecodedFields, dv: DataView, u8: Uint8Array, base: number, end: number) => void;

export interface Plan {
  readonly read: Reader;
  readonly kind: FieldKind;
  readonly size: number;
}

const MAX_DEPTH = 32;

interface Ctx {
  readonly btf: Btf;
  readonly le: boolean;
}

function fits(at: number, size: number, end: number): boolean {
  return at + size <= end;
}

function intReader(t: BtfInt, le: boolean): Reader {
  const signed = (t.encoding & INT_SIGNED) !== 0;
  if ((t.encoding & INT_BOOL) !== 0) {
    const size = t.size;
    return (_dv, u8, at, end) => {
      if (at + size > end) return undefined;
      for (let i = 0; i < size; i++) if (u8[at + i] !== 0) return true;
      return false;
    };
  }
  if (t.bitOffset !== 0 || t.bits !== t.size * 8) return bitsReader(t.bitOffset, t.bits, signed, le, undefined);
  switch (t.size) {
    case 1:
      return signed
        ? (_dv, u8, at, end) => (at < end ? ((u8[at] ?? 0) << 24) >> 24 : undefined)
        : (_dv, u8, at, end) => (at < end ? u8[at] : undefined);
    case 2:
      return signed
        ? (dv, _u8, at, end) => (at + 2 <= end ? dv.getInt16(at, le) : undefined)
        : (dv, _u8, at, end) => (at + 2 <= end ? dv.getUint16(at, le) : undefined);
    case 4:
      return signed
        ? (dv, _u8, at, end) => (at + 4 <= end ? dv.getInt32(at, le) : undefined)
        : (dv, _u8, at, end) => (at + 4 <= end ? dv.getUint32(at, le) : undefined);
    case 8:
      return signed
        ? (dv, _u8, at, end) => (at + 8 <= end ? readS64(dv, at, le) : undefined)
        : (dv, _u8, at, end) => (at + 8 <= end ? readU64(dv, at, le) : undefined);
    default: {
      const size = t.size;
      return (_dv, u8, at, end) => (at + size <= end ? readWide(u8, at, size, le, signed) : undefined);
    }
  }
}

/** Enumerator names keyed by value in the form the integer readers return. */
function enumNames(t: BtfEnum): Map<number | string, string> {
  const names = new Map<number | string, string>();
  const bits = t.size * 8;
  for (const v of t.values) {
    const key = jsonInt(t.signed ? BigInt.asIntN(bits, v.value) : BigInt.asUintN(bits, v.value));
    if (!names.has(key)) names.set(key, v.name);
  }
  return names;
}

function enumReader(t: BtfEnum, le: boolean): Reader {
  const raw = intReader({ kind: 'int', id: t.id, name: '', size: t.size, encoding: t.signed ? INT_SIGNED : 0, bitOffset: 0, bits: t.size * 8 }, le);
  const names = enumNames(t);
  return (dv, u8, at, end) => {
    const v = raw(dv, u8, at, end);
    if (v === undefined) return undefined;
    return (typeof v === 'number' || typeof v === 'string' ? names.get(v) : undefined) ?? v;
  };
}

/** A bitfield `bits` wide at bit `bitOffset` from `at`; `map` turns the number into a bool or enum name. */
function bitsReader(
  bitOffset: number,
  bits: number,
  signed: boolean,
  le: boolean,
  map: ((v: number | string) => DecodedValue) | undefined,
): Reader {
  const byte = bitOffset >> 3;
  const shift = bitOffset & 7;
  const span = byte + ((shift + bits + 7) >> 3);
  if (bits === 0) return () => undefined;
  return (_dv, u8, at, end) => {
    if (at + span > end) return undefined;
    const v = readBits(u8, at + byte, shift, bits, le, signed);
    return map ? map(v) : v;
  };
}

function textReader(size: number, flexible: boolean, emptyIsText: boolean): Reader {
  return (_dv, u8, at, end) => {
    const stop = flexible ? end : Math.min(at + size, end);
    if (stop <= at && !flexible) return undefined;
    return readText(u8, at, stop, emptyIsText) ?? `0x${hexBytes(u8, at, stop)}`;
  };
}

function arrayReader(elem: Plan, nelems: number, flexible: boolean): Reader {
  const step = elem.size;
  const read = elem.read;
  return (dv, u8, at, end) => {
    const n = flexible ? (step > 0 ? Math.max(0, Math.floor((end - at) / step)) : 0) : nelems;
    if (!flexible && n > 0 && at >= end) return undefined;
    const out: DecodedValue[] = [];
    for (let i = 0; i < n; i++) {
      const v = read(dv, u8, at + i * step, end);
      if (v === undefined) break;
      out.push(v);
    }
    return out;
  };
}

/** True for a 1-byte non-bool integer: the element type of text arrays (char, unsigned char, __u8). */
function byteInt(t: BtfType | undefined): t is BtfInt {
  return t?.kind === 'int' && t.size === 1 && (t.encoding & INT_BOOL) === 0 && t.bits === 8 && t.bitOffset === 0;
}

interface MemberOp {
  readonly name: string;
  /** Byte offset of the member (of its storage unit for bitfields). */
  readonly offset: number;
  readonly read: Reader | undefined;
  /** Anonymous struct/union whose fields merge into the parent. */
  readonly merge: Filler | undefined;
}

function compileFiller(ctx: Ctx, t: BtfComposite, depth: number): Filler {
  const ops: MemberOp[] = [];
  const last = t.members.length - 1;
  t.members.forEach((m, i) => {
    const mt = resolveType(ctx.btf, m.type);
    if (!mt) return;
    const byteOffset = m.bitOffset >> 3;
    const bitInByte = m.bitOffset & 7;
    if (m.name === '' && (mt.kind === 'struct' || mt.kind === 'union')) {
      ops.push({ name: '', offset: byteOffset, read: undefined, merge: compileFiller(ctx, mt, depth + 1) });
      return;
    }
    let bitSize = m.bitSize;
    let extraShift = 0;
    if (bitSize === 0 && mt.kind === 'int' && (mt.bitOffset !== 0 || mt.bits !== mt.size * 8 || bitInByte !== 0)) {
      // kind_flag 0: the width (and a further offset) live in the INT type itself
      bitSize = mt.bits;
      extraShift = mt.bitOffset;
    }
    if (bitSize > 0 || bitInByte !== 0) {
      ops.push({ name: m.name, offset: byteOffset, read: bitfieldReader(ctx, mt, bitInByte + extraShift, bitSize || (sizeOf(ctx.btf, m.type) ?? 0) * 8), merge: undefined });
      return;
    }
    const plan = compilePlan(ctx, m.type, depth + 1, i === last && t.kind === 'struct');
    if (plan) ops.push({ name: m.name, offset: byteOffset, read: plan.read, merge: undefined });
  });
  return (out, dv, u8, base, end) => {
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (op === undefined) continue;
      if (op.merge) {
        if (base + op.offset < end) op.merge(out, dv, u8, base + op.offset, end);
        continue;
      }
      const v = op.read?.(dv, u8, base + op.offset, end);
      if (v !== undefined) out[op.name] = v;
    }
  };
}

function bitfieldReader(ctx: Ctx, mt: BtfType, bitOffset: number, bits: number): Reader | undefined {
  if (mt.kind === 'int') {
    if ((mt.encoding & INT_BOOL) !== 0) return bitsReader(bitOffset, bits, false, ctx.le, (v) => v !== 0);
    return bitsReader(bitOffset, bits, (mt.encoding & INT_SIGNED) !== 0, ctx.le, undefined);
  }
  if (mt.kind === 'enum' || mt.kind === 'enum64') {
    // the field holds the low `bits` bits: compare in that width
    const byField = new Map<number | string, string>();
    for (const e of mt.values) {
      const key = jsonInt(mt.signed ? BigInt.asIntN(bits, e.value) : BigInt.asUintN(bits, e.value));
      if (!byField.has(key)) byField.set(key, e.name);
    }
    return bitsReader(bitOffset, bits, mt.signed, ctx.le, (v) => byField.get(v) ?? v);
  }
  return undefined;
}

function kindOf(t: BtfType | undefined): FieldKind {
  switch (t?.kind) {
    case 'int':
      if ((t.encoding & INT_BOOL) !== 0) return 'bool';
      return (t.encoding & INT_SIGNED) !== 0 ? 'int' : 'uint';
    case 'enum':
    case 'enum64':
      return 'enum';
    case 'float':
      return 'float';
    case 'ptr':
      return 'pointer';
    case 'struct':
    case 'union':
      return t.kind;
    case 'array':
      return 'array';
    default:
      return 'unknown';
  }
}

/**
 * The plan of one type, or undefined when it has no decodable layout (void, functions, forward
 * declarations). `flexibleTail`: a zero-length array here takes the rest of the record.
 */
export function compilePlan(ctx: Ctx, typeId: number, depth = 0, flexibleTail = false): Plan | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const t = resolveType(ctx.btf, typeId);
  if (!t) return undefined;
  const le = ctx.le;
  switch (t.kind) {
    case 'int':
      return { read: intReader(t, le), kind: kindOf(t), size: t.size };
    case 'enum':
    case 'enum64':
      return { read: enumReader(t, le), kind: 'enum', size: t.size };
    case 'ptr':
      return { read: (dv, _u8, at, end) => (fits(at, 8, end) ? readPointer(dv, at, le) : undefined), kind: 'pointer', size: 8 };
    case 'float': {
      const size = t.size;
      let read: Reader;
      if (size === 4) read = (dv, _u8, at, end) => (fits(at, 4, end) ? floatValue(dv.getFloat32(at, le)) : undefined);
      else if (size === 8) read = (dv, _u8, at, end) => (fits(at, 8, end) ? floatValue(dv.getFloat64(at, le)) : undefined);
      else read = (_dv, u8, at, end) => (fits(at, size, end) ? `0x${hexBytes(u8, at, at + size)}` : undefined);
      return { read, kind: 'float', size };
    }
    case 'array': {
      const elemType = resolveType(ctx.btf, t.type);
      const flexible = flexibleTail && t.nelems === 0;
      if (byteInt(elemType)) {
        const plainChar = elemType.name === 'char';
        return { read: textReader(t.nelems, flexible, plainChar), kind: plainChar ? 'text' : 'bytes', size: t.nelems };
      }
      const elem = compilePlan(ctx, t.type, depth + 1);
      if (!elem) return undefined;
      return { read: arrayReader(elem, t.nelems, flexible), kind: 'array', size: elem.size * t.nelems };
    }
    case 'struct':
    case 'union': {
      const fill = compileFiller(ctx, t, depth);
      const size = t.size;
      return {
        read: (dv, u8, at, end) => {
          if (at >= end && size > 0) return undefined;
          const o: DecodedFields = {};
          fill(o, dv, u8, at, end);
          return o;
        },
        kind: t.kind,
        size,
      };
    }
    default:
      return undefined;
  }
}

/** Leaf columns of a type in declaration order (`hdr.pid`, `args[0]`, `comm`), for the panel's table. */
export function columnsOf(btf: Btf, typeId: number): RecordColumn[] {
  const out: RecordColumn[] = [];
  const top = resolveType(btf, typeId);
  if (top?.kind === 'struct' || top?.kind === 'union') addMembers(btf, top, '', out, 0);
  else addColumn(btf, typeId, 'value', out, 0);
  return out;
}

function addMembers(btf: Btf, t: BtfComposite, prefix: string, out: RecordColumn[], depth: number): void {
  for (const m of t.members) {
    const mt = resolveType(btf, m.type);
    if (m.name === '' && (mt?.kind === 'struct' || mt?.kind === 'union')) {
      addMembers(btf, mt, prefix, out, depth + 1);
      continue;
    }
    addColumn(btf, m.type, prefix === '' ? m.name : `${prefix}.${m.name}`, out, depth + 1);
  }
}

function addColumn(btf: Btf, typeId: number, name: string, out: RecordColumn[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const t = resolveType(btf, typeId);
  const cType = typeName(btf, skipModifiers(btf, typeId)?.id ?? typeId);
  if (t?.kind === 'struct' || t?.kind === 'union') {
    addMembers(btf, t, name, out, depth);
    return;
  }
  if (t?.kind === 'array') {
    const elem = resolveType(btf, t.type);
    if (byteInt(elem)) {
      out.push({ name, kind: elem.name === 'char' ? 'text' : 'bytes', cType });
      return;
    }
    if (t.nelems === 0) {
      out.push({ name, kind: 'array', cType });
      return;
    }
    for (let i = 0; i < t.nelems; i++) addColumn(btf, t.type, `${name}[${i}]`, out, depth + 1);
    return;
  }
  out.push({ name, kind: kindOf(t), cType });
}
