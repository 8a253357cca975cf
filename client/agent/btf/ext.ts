// Parses an object's .BTF.ext (func_info and line_info, either byte order) against the .BTF string section,
// and names the source files clang compiled (`sourceFiles`), so an object given without its source can still
// find its record types. Pure over Uint8Arrays; damaged bytes throw BtfError (RS-BTF-005/006).
import { btfMessages as M } from '../../../common/messages';
import { cString } from './elf';
import { BtfError } from './errors';
import type { BpfObjectInfo } from './object';

const MAGIC = 0xeb9f;
/** magic, version, flags, hdr_len, then offset/length pairs of func_info and line_info (core_relo after). */
const EXT_HEADER_MIN = 24;
const BTF_HEADER_MIN = 24;
const FUNC_INFO_MIN = 8;
const LINE_INFO_MIN = 16;

export interface FuncInfo {
  readonly insnOff: number;
  readonly typeId: number;
}

export interface LineInfo {
  readonly insnOff: number;
  /** The file as clang named it: absolute, or relative to the directory clang ran in. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The source line's text, as clang recorded it. */
  readonly text: string;
}

/** One program section's records, e.g. `tp/syscalls/sys_enter_getpid`. */
export interface ExtSection<T> {
  readonly section: string;
  readonly records: readonly T[];
}

export interface BtfExt {
  readonly funcInfo: readonly ExtSection<FuncInfo>[];
  readonly lineInfo: readonly ExtSection<LineInfo>[];
}

interface Reader {
  readonly view: DataView;
  readonly le: boolean;
}

/** The string section of raw .BTF (line_info and section names point into it). */
export function btfStrings(btf: Uint8Array, what = 'the object'): Uint8Array {
  const { view, le } = header(btf, BTF_HEADER_MIN, what);
  const hdrLen = view.getUint32(4, le);
  const start = hdrLen + view.getUint32(16, le);
  const len = view.getUint32(20, le);
  if (hdrLen < BTF_HEADER_MIN || start + len > btf.length) throw BtfError.of(M.btfTruncated, what, 'the string section lies past the end');
  return btf.subarray(start, start + len);
}

export function parseBtfExt(ext: Uint8Array, strings: Uint8Array, what = 'the object'): BtfExt {
  const r = header(ext, EXT_HEADER_MIN, what);
  const { view, le } = r;
  const hdrLen = view.getUint32(4, le);
  if (hdrLen < EXT_HEADER_MIN || hdrLen > ext.length) throw BtfError.of(M.btfTruncated, what, `.BTF.ext header length ${hdrLen}`);
  const str = (off: number, where: string): string => {
    if (off >= strings.length) throw BtfError.of(M.btfTruncated, what, `${where} names string offset ${off} past the string section`);
    return cString(strings, off);
  };
  const part = (at: number, name: string): [number, number] => {
    const start = hdrLen + view.getUint32(at, le);
    const len = view.getUint32(at + 4, le);
    if (start + len > ext.length) throw BtfError.of(M.btfTruncated, what, `.BTF.ext ${name} lies past the end`);
    return [start, len];
  };
  const funcInfo = blocks(r, part(8, 'func_info'), FUNC_INFO_MIN, 'func_info', what, str, (at) => ({
    insnOff: view.getUint32(at, le),
    typeId: view.getUint32(at + 4, le),
  }));
  const lineInfo = blocks(r, part(16, 'line_info'), LINE_INFO_MIN, 'line_info', what, str, (at) => {
    const col = view.getUint32(at + 12, le);
    return {
      insnOff: view.getUint32(at, le),
      file: str(view.getUint32(at + 4, le), '.BTF.ext line_info'),
      text: str(view.getUint32(at + 8, le), '.BTF.ext line_info'),
      // BPF_LINE_INFO_LINE_NUM / _COL: line in the top 22 bits, column in the low 10
      line: col >>> 10,
      column: col & 0x3ff,
    };
  });
  return { funcInfo, lineInfo };
}

/** The source files clang compiled into the object, in first-seen order ([] when it has no .BTF.ext). */
export function sourceFiles(object: Pick<BpfObjectInfo, 'elf' | 'btfExt'>, what = 'the object'): string[] {
  const btf = object.elf.section('.BTF');
  if (!object.btfExt || !btf) return [];
  const ext = parseBtfExt(object.btfExt, btfStrings(object.elf.data(btf), what), what);
  const seen = new Set<string>();
  for (const s of ext.lineInfo) for (const l of s.records) if (l.file !== '') seen.add(l.file);
  return [...seen];
}

function header(bytes: Uint8Array, min: number, what: string): Reader {
  if (bytes.length < min) throw BtfError.of(M.btfTruncated, what, `${bytes.length} bytes are too few for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0, true) === MAGIC) return { view, le: true };
  if (view.getUint16(0, false) === MAGIC) return { view, le: false };
  throw BtfError.of(M.btfMagic, what);
}

/** A func_info or line_info part: u32 record size, then per section {name_off, count, count × record}. */
function blocks<T>(
  { view, le }: Reader,
  [start, len]: [number, number],
  minRec: number,
  name: string,
  what: string,
  str: (off: number, where: string) => string,
  read: (at: number) => T,
): ExtSection<T>[] {
  if (len === 0) return [];
  const end = start + len;
  if (len < 4) throw BtfError.of(M.btfTruncated, what, `.BTF.ext ${name} has no record size`);
  const recSize = view.getUint32(start, le);
  // newer compilers may append fields: read the ones we know, step by the declared size
  if (recSize < minRec) throw BtfError.of(M.btfTruncated, what, `.BTF.ext ${name} record size ${recSize}`);
  const out: ExtSection<T>[] = [];
  for (let at = start + 4; at < end; ) {
    if (at + 8 > end) throw BtfError.of(M.btfTruncated, what, `.BTF.ext ${name} ends inside a section header`);
    const section = str(view.getUint32(at, le), `.BTF.ext ${name}`);
    const count = view.getUint32(at + 4, le);
    at += 8;
    if (count * recSize > end - at) throw BtfError.of(M.btfTruncated, what, `.BTF.ext ${name} of ${section} lies past the end`);
    const records: T[] = [];
    for (let i = 0; i < count; i++, at += recSize) records.push(read(at));
    out.push({ section, records });
  }
  return out;
}
