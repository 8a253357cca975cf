// ELF64 reader for BPF objects, little- or big-endian: section headers, section bytes by name, and the
// symbol table. Only what finding .BTF, .maps and the data sections needs; no relocations, no program
// headers. Takes a Uint8Array and copies nothing; throws BtfError with an actionable message on bad input.
import { btfMessages as M } from '../../../common/messages';
import { BtfError } from './errors';

export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
const SHN_UNDEF = 0;
const SHN_LORESERVE = 0xff00;
const SHN_XINDEX = 0xffff;

export interface ElfSection {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly entsize: number;
}

export interface ElfSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  /** STT_* (low nibble of st_info). */
  readonly type: number;
  /** STB_* (high nibble of st_info). */
  readonly bind: number;
  /** Section index the symbol is defined in (0 = undefined, ≥ 0xff00 special). */
  readonly shndx: number;
}

export interface ElfFile {
  readonly littleEndian: boolean;
  /** e_machine: 247 for BPF. */
  readonly machine: number;
  readonly sections: readonly ElfSection[];
  readonly symbols: readonly ElfSymbol[];
  section(name: string): ElfSection | undefined;
  /** The bytes of a section (empty for SHT_NOBITS such as .bss). */
  data(section: ElfSection): Uint8Array;
}

/** Decodes a NUL-terminated string; names in BPF objects are ASCII but UTF-8 is accepted. */
export function cString(bytes: Uint8Array, start: number): string {
  let end = start;
  while (end < bytes.length && bytes[end] !== 0) end++;
  let ascii = true;
  for (let i = start; i < end; i++) if ((bytes[i] ?? 0) > 0x7f) ascii = false;
  if (ascii) {
    let s = '';
    for (let i = start; i < end; i += 4096) {
      s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
    }
    return s;
  }
  return new TextDecoder().decode(bytes.subarray(start, end));
}

/** Reads a u64 that must fit a JS number (file offsets and sizes do). */
function u64(view: DataView, at: number, le: boolean, what: string): number {
  const v = view.getBigUint64(at, le);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw BtfError.of(M.elfTruncated, what, `a 64-bit field at ${at} is too large`);
  return Number(v);
}

export function parseElf(bytes: Uint8Array, what = 'The object'): ElfFile {
  if (bytes.length < 16 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw BtfError.of(M.notElf, what);
  }
  if (bytes[4] === 1) throw BtfError.of(M.elfClass, what);
  if (bytes[4] !== 2) throw BtfError.of(M.elfTruncated, what, `unknown ELF class ${bytes[4] ?? 0}`);
  if (bytes[5] !== 1 && bytes[5] !== 2) throw BtfError.of(M.elfTruncated, what, `unknown byte order ${bytes[5] ?? 0}`);
  const le = bytes[5] === 1;
  if (bytes.length < 64) throw BtfError.of(M.elfTruncated, what, 'the ELF header is incomplete');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = view.getUint16(18, le);
  const shoff = u64(view, 40, le, what);
  const shentsize = view.getUint16(58, le);
  let shnum = view.getUint16(60, le);
  let shstrndx = view.getUint16(62, le);
  if (shoff === 0) return build(bytes, le, machine, [], []);
  if (shentsize < 64) throw BtfError.of(M.elfTruncated, what, `section header size ${shentsize}`);
  const headerAt = (i: number): number => {
    const at = shoff + i * shentsize;
    if (at + 64 > bytes.length) throw BtfError.of(M.elfTruncated, what, `section header ${i} lies past the end`);
    return at;
  };
  // more than 0xff00 sections: the real count and string-table index live in section 0
  if (shnum === 0) shnum = u64(view, headerAt(0) + 32, le, what);
  if (shstrndx === SHN_XINDEX) shstrndx = view.getUint32(headerAt(0) + 40, le);

  const raw: Array<Omit<ElfSection, 'name'> & { nameOff: number }> = [];
  for (let i = 0; i < shnum; i++) {
    const at = headerAt(i);
    const s = {
      index: i,
      nameOff: view.getUint32(at, le),
      type: view.getUint32(at + 4, le),
      flags: u64(view, at + 8, le, what),
      offset: u64(view, at + 24, le, what),
      size: u64(view, at + 32, le, what),
      link: view.getUint32(at + 40, le),
      info: view.getUint32(at + 44, le),
      entsize: u64(view, at + 56, le, what),
    };
    if (s.type !== SHT_NOBITS && s.type !== 0 && s.offset + s.size > bytes.length) {
      throw BtfError.of(M.elfTruncated, what, `section ${i} lies past the end of the file`);
    }
    raw.push(s);
  }
  const strtab = raw[shstrndx];
  const names = strtab && strtab.type !== SHT_NOBITS ? bytes.subarray(strtab.offset, strtab.offset + strtab.size) : undefined;
  const sections: ElfSection[] = raw.map(({ nameOff, ...s }) => ({
    ...s,
    name: names && nameOff < names.length ? cString(names, nameOff) : '',
  }));
  const symbols = readSymbols(bytes, view, le, sections);
  return build(bytes, le, machine, sections, symbols);
}

function readSymbols(bytes: Uint8Array, view: DataView, le: boolean, sections: ElfSection[]): ElfSymbol[] {
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) return [];
  const strs = sections[symtab.link];
  const names = strs ? bytes.subarray(strs.offset, strs.offset + strs.size) : new Uint8Array(0);
  const entsize = symtab.entsize >= 24 ? symtab.entsize : 24;
  const out: ElfSymbol[] = [];
  for (let at = symtab.offset; at + 24 <= symtab.offset + symtab.size; at += entsize) {
    const nameOff = view.getUint32(at, le);
    const info = view.getUint8(at + 4);
    out.push({
      name: nameOff < names.length ? cString(names, nameOff) : '',
      type: info & 0xf,
      bind: info >> 4,
      shndx: view.getUint16(at + 6, le),
      // values and sizes of data symbols are section offsets; clamp absurd ones rather than fail
      value: Number(view.getBigUint64(at + 8, le) & 0x1fffffffffffffn),
      size: Number(view.getBigUint64(at + 16, le) & 0x1fffffffffffffn),
    });
  }
  return out;
}

function build(bytes: Uint8Array, le: boolean, machine: number, sections: ElfSection[], symbols: ElfSymbol[]): ElfFile {
  const byName = new Map<string, ElfSection>();
  for (const s of sections) if (!byName.has(s.name)) byName.set(s.name, s);
  return {
    littleEndian: le,
    machine,
    sections,
    symbols,
    section: (name) => byName.get(name),
    data: (s) => (s.type === SHT_NOBITS ? new Uint8Array(0) : bytes.subarray(s.offset, s.offset + s.size)),
  };
}

/** True when a symbol is defined in a regular section (not undefined, absolute or common). */
export function isDefinedIn(sym: ElfSymbol, section: ElfSection): boolean {
  return sym.shndx !== SHN_UNDEF && sym.shndx < SHN_LORESERVE && sym.shndx === section.index;
}
