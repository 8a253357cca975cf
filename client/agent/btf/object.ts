// One call for the agent: the BTF, map definitions and globals of a BPF object file's bytes.
// Throws BtfError (with a catalogue code) when the file is not an ELF64 object or carries no usable BTF.
import { btfMessages as M } from '../../../common/messages';
import { BtfError } from './errors';
import { parseElf, type ElfFile } from './elf';
import { dataSections, type DataSection } from './globals';
import { mapDefinitions, type MapDefinition } from './maps';
import { parseBtf } from './parse';
import type { Btf } from './types';

export interface BpfObjectInfo {
  readonly elf: ElfFile;
  readonly btf: Btf;
  /** The raw .BTF.ext section (func and line info), when present; not parsed here. */
  readonly btfExt?: Uint8Array;
  readonly maps: readonly MapDefinition[];
  readonly data: readonly DataSection[];
}

export function readBpfObject(bytes: Uint8Array, what = 'The object'): BpfObjectInfo {
  const elf = parseElf(bytes, what);
  const sec = elf.section('.BTF');
  if (!sec) throw BtfError.of(M.noBtfSection, what);
  const btf = parseBtf(elf.data(sec), what);
  const ext = elf.section('.BTF.ext');
  const info: BpfObjectInfo = { elf, btf, maps: mapDefinitions(btf), data: dataSections(btf, elf) };
  return ext ? { ...info, btfExt: elf.data(ext) } : info;
}
