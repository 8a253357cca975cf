// The BTF library's surface for the agent: read a BPF object (ELF, BTF, maps, globals), decode ring
// records into common/records.ts trees, choose record types per ring. Pure TypeScript over Uint8Arrays.
export { BtfError } from './errors';
export { parseElf, type ElfFile, type ElfSection, type ElfSymbol } from './elf';
export { parseBtf } from './parse';
export type * from './types';
export { findType, findTypes, lookupTypeName, resolveType, sizeOf, skipModifiers, typeName } from './resolve';
export { mapDefinitions, MAP_TYPE_NAMES, MAP_TYPE_RINGBUF, MAP_TYPE_USER_RINGBUF, type MapDefinition } from './maps';
export { dataSections, findGlobal, type DataSection, type GlobalVariable } from './globals';
export { readBpfObject, type BpfObjectInfo } from './object';
export { compileDecoder, decodeRecord, decoderFor, hexRecord, type RecordDecoder } from './decode';
export { compileSelection, locateTag, selectorForRing, type RecordSelector, type TagLocation } from './select';
export { compileExtractor, extractedValue, type ExtractedField, type ExtractedKind, type FieldExtractor } from './extract';
