// Messages of reading BPF objects and their BTF, and of choosing record types (the decoder in
// client/agent/btf/). Each says what was wrong and what to do about it.
import { message } from './catalog';

export const notElf = message('RS-BTF-001', (what: string) =>
  `${what} is not an ELF file. Pass the .bpf.o that clang built (clang -g -O2 -target bpf -c ...).`,
);
export const elfClass = message('RS-BTF-002', (what: string) =>
  `${what} is a 32-bit ELF file; BPF objects are ELF64. Build it with clang -target bpf.`,
);
export const elfTruncated = message('RS-BTF-003', (what: string, detail: string) =>
  `${what} is cut short or damaged (${detail}). Rebuild the object.`,
);
export const noBtfSection = message('RS-BTF-004', (what: string) =>
  `${what} has no .BTF section, so records cannot be decoded by name. Build with -g (clang -g -O2 -target bpf).`,
);
export const btfMagic = message('RS-BTF-005', (what: string) =>
  `${what} does not start with the BTF magic 0xeB9F; it is not BTF data.`,
);
export const btfTruncated = message('RS-BTF-006', (what: string, detail: string) =>
  `The BTF of ${what} is cut short or damaged (${detail}). Rebuild the object.`,
);
export const btfUnknownKind = message('RS-BTF-007', (what: string, kind: number, id: number) =>
  `The BTF of ${what} has type #${id} of unknown kind ${kind}; it was written by a newer compiler than this reader knows.`,
);
export const typeNotFound = message('RS-BTF-008', (name: string) =>
  `Type '${name}' is not in the object's BTF. clang keeps only the types that a global, a map or a function ` +
    `signature uses: add e.g. 'struct event *const unused_event __attribute__((unused));' next to the type, ` +
    `or check the spelling ('struct name', 'union name', a typedef name).`,
);
export const tagFieldNotFound = message('RS-BTF-009', (field: string, type: string) =>
  `The tag field '${field}' is not a member of '${type}'. Name an integer or enum member, e.g. 'hdr.kind'.`,
);
export const tagFieldNotInteger = message('RS-BTF-010', (field: string, type: string) =>
  `The tag field '${field}' of '${type}' is not an integer or enum, so it cannot select a record type.`,
);
export const tagKeyInvalid = message('RS-BTF-011', (key: string, ring: string) =>
  `In the record types of ring '${ring}', the key '${key}' is neither a number (decimal or 0x hex) nor an ` +
    `enumerator of the tag's enum.`,
);
export const selectionInvalid = message('RS-BTF-012', (ring: string, detail: string) =>
  `The record type setting of ring '${ring}' is not usable: ${detail}.`,
);
export const selectionShape = message('RS-BTF-013', () =>
  `A record type setting must look like { "ring": "rb", "type": "struct event" } or ` +
    `{ "ring": "rb", "tagField": "kind", "types": { "1": "struct exec_event" } }.`,
);
export const typeNotDecodable = message('RS-BTF-014', (name: string, why: string) =>
  `Type '${name}' cannot describe a record: ${why}. Use the struct that the program reserves or outputs.`,
);
