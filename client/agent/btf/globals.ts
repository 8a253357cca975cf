// Global variables of a BPF object (`const volatile` knobs in .rodata, counters such as `<ring>_drops`
// in .bss, .data, and custom .rodata.* / .data.* sections): name, section, offset, size, BTF type and
// initial bytes. Object files carry offset 0 for every DATASEC variable; like libbpf, the real offset
// is taken from the ELF symbol of the same name in that section.
import type { ElfFile } from './elf';
import { isDefinedIn, SHT_NOBITS } from './elf';
import { sizeOf } from './resolve';
import type { Btf } from './types';

export interface GlobalVariable {
  readonly name: string;
  /** Section (= DATASEC) name: '.rodata', '.bss', '.data', '.rodata.str1.1', 'license', ... */
  readonly section: string;
  /** Offset inside the section's map value (what the agent reads and writes through the map). */
  readonly offset: number;
  readonly size: number;
  /** BTF id of the variable's type (not of the VAR). */
  readonly typeId: number;
  /** 0 static, 1 global, 2 extern. */
  readonly linkage: number;
  /** Bytes the object initialises it with (zeros for .bss); empty when the object has no such section. */
  readonly initial: Uint8Array;
}

export interface DataSection {
  readonly name: string;
  /** Size of the section (from ELF when the DATASEC says 0, as it does in object files). */
  readonly size: number;
  readonly variables: readonly GlobalVariable[];
}

/** Every DATASEC but `.maps` (map definitions, see maps.ts), with its variables sorted by offset. */
export function dataSections(btf: Btf, elf?: ElfFile): DataSection[] {
  const out: DataSection[] = [];
  for (const sec of btf.types) {
    if (sec.kind !== 'datasec' || sec.name === '.maps') continue;
    const es = elf?.section(sec.name);
    const bytes = es && es.type !== SHT_NOBITS && elf ? elf.data(es) : undefined;
    const symbols = new Map<string, number>();
    if (es && elf) for (const s of elf.symbols) if (isDefinedIn(s, es) && s.name !== '') symbols.set(s.name, s.value);
    const variables: GlobalVariable[] = [];
    for (const v of sec.vars) {
      const variable = btf.types[v.type];
      if (variable?.kind !== 'var') continue;
      const offset = symbols.get(variable.name) ?? v.offset;
      const size = v.size || sizeOf(btf, variable.type) || 0;
      let initial: Uint8Array;
      if (bytes) initial = offset + size <= bytes.length ? bytes.subarray(offset, offset + size) : new Uint8Array(0);
      else initial = es ? new Uint8Array(size) : new Uint8Array(0);
      variables.push({ name: variable.name, section: sec.name, offset, size, typeId: variable.type, linkage: variable.linkage, initial });
    }
    variables.sort((a, b) => a.offset - b.offset);
    out.push({ name: sec.name, size: sec.size || es?.size || 0, variables });
  }
  return out;
}

/** A global by name, from any data section. */
export function findGlobal(sections: readonly DataSection[], name: string): GlobalVariable | undefined {
  for (const s of sections) for (const v of s.variables) if (v.name === name) return v;
  return undefined;
}
