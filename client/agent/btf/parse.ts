// Parses raw BTF (the .BTF section of an object, or /sys/kernel/btf/vmlinux) of either byte order into
// the type graph of types.ts. Validates every length and reference it reads and throws BtfError with
// the catalogue message on damaged data; never reads past the buffer.
import { btfMessages as M } from '../../../common/messages';
import { BtfError } from './errors';
import { KIND_NAMES, type Btf, type BtfMember, type BtfType } from './types';

const MAGIC = 0xeb9f;
const HEADER_MIN = 24;

/** Reads names out of the string section: decoded once; offsets index it directly when it is ASCII. */
class Strings {
  private readonly text: string | undefined;

  constructor(private readonly bytes: Uint8Array) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
      if ((bytes[i] ?? 0) > 0x7f) {
        ascii = false;
        break;
      }
    }
    this.text = ascii ? new TextDecoder().decode(bytes) : undefined;
  }

  get(off: number): string | undefined {
    if (off >= this.bytes.length) return undefined;
    if (this.text !== undefined) {
      const end = this.text.indexOf('\0', off);
      return end < 0 ? this.text.slice(off) : this.text.slice(off, end);
    }
    let end = off;
    while (end < this.bytes.length && this.bytes[end] !== 0) end++;
    return new TextDecoder().decode(this.bytes.subarray(off, end));
  }
}

export function parseBtf(bytes: Uint8Array, what = 'the object'): Btf {
  if (bytes.length < HEADER_MIN) throw BtfError.of(M.btfMagic, what);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let le: boolean;
  if (view.getUint16(0, true) === MAGIC) le = true;
  else if (view.getUint16(0, false) === MAGIC) le = false;
  else throw BtfError.of(M.btfMagic, what);
  const hdrLen = view.getUint32(4, le);
  if (hdrLen < HEADER_MIN || hdrLen > bytes.length) throw BtfError.of(M.btfTruncated, what, `header length ${hdrLen}`);
  const typeOff = view.getUint32(8, le);
  const typeLen = view.getUint32(12, le);
  const strOff = view.getUint32(16, le);
  const strLen = view.getUint32(20, le);
  const typeStart = hdrLen + typeOff;
  const strStart = hdrLen + strOff;
  if (typeStart + typeLen > bytes.length) throw BtfError.of(M.btfTruncated, what, 'the type section lies past the end');
  if (strStart + strLen > bytes.length) throw BtfError.of(M.btfTruncated, what, 'the string section lies past the end');
  const strings = new Strings(bytes.subarray(strStart, strStart + strLen));
  const str = (off: number, id: number): string => {
    const s = strings.get(off);
    if (s === undefined) throw BtfError.of(M.btfTruncated, what, `type #${id} names string offset ${off} past the string section`);
    return s;
  };

  const types: BtfType[] = [{ kind: 'void', id: 0, name: '' }];
  const end = typeStart + typeLen;
  let at = typeStart;
  const need = (n: number, id: number): void => {
    if (at + n > end) throw BtfError.of(M.btfTruncated, what, `type #${id} runs past the type section`);
  };
  while (at < end) {
    const id = types.length;
    need(12, id);
    const name = str(view.getUint32(at, le), id);
    const info = view.getUint32(at + 4, le);
    const sizeOrType = view.getUint32(at + 8, le);
    at += 12;
    const vlen = info & 0xffff;
    const kindNo = (info >>> 24) & 0x1f;
    const kflag = info >>> 31 === 1;
    const kind = KIND_NAMES[kindNo];
    if (kind === undefined || kind === 'void') throw BtfError.of(M.btfUnknownKind, what, kindNo, id);
    switch (kind) {
      case 'int': {
        need(4, id);
        const v = view.getUint32(at, le);
        at += 4;
        types.push({ kind, id, name, size: sizeOrType, encoding: (v >>> 24) & 0xf, bitOffset: (v >>> 16) & 0xff, bits: v & 0xff });
        break;
      }
      case 'ptr':
      case 'typedef':
      case 'volatile':
      case 'const':
      case 'restrict':
      case 'type_tag':
        types.push({ kind, id, name, type: sizeOrType });
        break;
      case 'array':
        need(12, id);
        types.push({
          kind,
          id,
          name,
          type: view.getUint32(at, le),
          indexType: view.getUint32(at + 4, le),
          nelems: view.getUint32(at + 8, le),
        });
        at += 12;
        break;
      case 'struct':
      case 'union': {
        need(12 * vlen, id);
        const members: BtfMember[] = new Array<BtfMember>(vlen);
        for (let i = 0; i < vlen; i++, at += 12) {
          const off = view.getUint32(at + 8, le);
          members[i] = {
            name: str(view.getUint32(at, le), id),
            type: view.getUint32(at + 4, le),
            bitOffset: kflag ? off & 0xffffff : off,
            bitSize: kflag ? off >>> 24 : 0,
          };
        }
        types.push({ kind, id, name, size: sizeOrType, kflag, members });
        break;
      }
      case 'enum': {
        need(8 * vlen, id);
        const values = new Array<{ name: string; value: bigint }>(vlen);
        for (let i = 0; i < vlen; i++, at += 8) {
          const raw = kflag ? view.getInt32(at + 4, le) : view.getUint32(at + 4, le);
          values[i] = { name: str(view.getUint32(at, le), id), value: BigInt(raw) };
        }
        types.push({ kind, id, name, size: sizeOrType, signed: kflag, values });
        break;
      }
      case 'enum64': {
        need(12 * vlen, id);
        const values = new Array<{ name: string; value: bigint }>(vlen);
        for (let i = 0; i < vlen; i++, at += 12) {
          const u = (BigInt(view.getUint32(at + 8, le)) << 32n) | BigInt(view.getUint32(at + 4, le));
          values[i] = { name: str(view.getUint32(at, le), id), value: kflag ? BigInt.asIntN(64, u) : u };
        }
        types.push({ kind, id, name, size: sizeOrType, signed: kflag, values });
        break;
      }
      case 'fwd':
        types.push({ kind, id, name, union: kflag });
        break;
      case 'func':
        types.push({ kind, id, name, type: sizeOrType, linkage: vlen });
        break;
      case 'func_proto': {
        need(8 * vlen, id);
        const params = new Array<{ name: string; type: number }>(vlen);
        for (let i = 0; i < vlen; i++, at += 8) {
          params[i] = { name: str(view.getUint32(at, le), id), type: view.getUint32(at + 4, le) };
        }
        types.push({ kind, id, name, returnType: sizeOrType, params });
        break;
      }
      case 'var':
        need(4, id);
        types.push({ kind, id, name, type: sizeOrType, linkage: view.getUint32(at, le) });
        at += 4;
        break;
      case 'datasec': {
        need(12 * vlen, id);
        const vars = new Array<{ type: number; offset: number; size: number }>(vlen);
        for (let i = 0; i < vlen; i++, at += 12) {
          vars[i] = { type: view.getUint32(at, le), offset: view.getUint32(at + 4, le), size: view.getUint32(at + 8, le) };
        }
        types.push({ kind, id, name, size: sizeOrType, vars });
        break;
      }
      case 'float':
        types.push({ kind, id, name, size: sizeOrType });
        break;
      case 'decl_tag':
        need(4, id);
        types.push({ kind, id, name, type: sizeOrType, componentIdx: view.getInt32(at, le) });
        at += 4;
        break;
    }
  }
  checkReferences(types, what);
  return { littleEndian: le, types };
}

/** Every type id a type names must exist, so that later walks need no checks of their own. */
function checkReferences(types: BtfType[], what: string): void {
  const n = types.length;
  const bad = (id: number, ref: number): BtfError =>
    BtfError.of(M.btfTruncated, what, `type #${id} refers to type #${ref}, which does not exist`);
  for (const t of types) {
    switch (t.kind) {
      case 'ptr':
      case 'typedef':
      case 'volatile':
      case 'const':
      case 'restrict':
      case 'type_tag':
      case 'func':
      case 'var':
      case 'decl_tag':
        if (t.type >= n) throw bad(t.id, t.type);
        break;
      case 'array':
        if (t.type >= n) throw bad(t.id, t.type);
        if (t.indexType >= n) throw bad(t.id, t.indexType);
        break;
      case 'struct':
      case 'union':
        for (const m of t.members) if (m.type >= n) throw bad(t.id, m.type);
        break;
      case 'func_proto':
        if (t.returnType >= n) throw bad(t.id, t.returnType);
        for (const p of t.params) if (p.type >= n) throw bad(t.id, p.type);
        break;
      case 'datasec':
        for (const v of t.vars) if (v.type >= n) throw bad(t.id, v.type);
        break;
      default:
        break;
    }
  }
}
