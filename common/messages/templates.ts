// Messages of scaffolding (`ringscope new`, "Ringscope: New Ring Buffer Program"): template index
// problems, name validation, refusals to overwrite, and what was written.
import { message } from './catalog';

export const newUsage = message(
  'RS-TEMPLATE-001',
  () => 'Usage: ringscope new <template> <name> [dir] | ringscope new --list',
);
export const unknownTemplate = message('RS-TEMPLATE-002', (id: string, known: string) =>
  `There is no template "${id}". Templates: ${known}.`,
);
export const invalidName = message('RS-TEMPLATE-003', (name: string) =>
  `"${name}" cannot name a program: use a C identifier of lower-case letters, digits and "_", starting with a letter, at most 32 characters.`,
);
export const reservedName = message('RS-TEMPLATE-004', (name: string) =>
  `"${name}" is a C keyword or a libbpf name; pick another program name.`,
);
export const wouldOverwrite = message('RS-TEMPLATE-005', (files: string) =>
  `Nothing was written: these files already exist and would be overwritten: ${files}. Pick another name or folder.`,
);
export const indexInvalid = message('RS-TEMPLATE-006', (where: string, why: string) =>
  `The template index ${where} is not valid: ${why}.`,
);
export const templateFileMissing = message('RS-TEMPLATE-007', (file: string, id: string) =>
  `The file ${file} of template "${id}" is missing.`,
);
export const written = message('RS-TEMPLATE-008', (count: number, dir: string) =>
  `Wrote ${count} file${count === 1 ? '' : 's'} to ${dir}.`,
);
export const keptExisting = message('RS-TEMPLATE-009', (file: string) =>
  `Kept the existing ${file} (editor settings are shared by every program in the folder).`,
);
export const vmlinuxHint = message('RS-TEMPLATE-010', (dir: string) =>
  `vmlinux.h is not in ${dir} yet: generate it with "bpftool btf dump file /sys/kernel/btf/vmlinux format c > ${dir}/vmlinux.h".`,
);
export const pickTemplate = message('RS-TEMPLATE-011', () => 'Pick a ring-buffer template');
export const enterName = message('RS-TEMPLATE-012', () => 'Name of the new program (a C identifier, e.g. execsnoop)');
export const pickFolder = message('RS-TEMPLATE-013', () => 'Create the program in this folder');
export const noFolder = message('RS-TEMPLATE-014', () => 'Open a folder first: the new program is written into it.');
export const listHeader = message('RS-TEMPLATE-015', () => 'Templates (ringscope new <template> <name> [dir]):');
export const vmlinuxCached = message('RS-TEMPLATE-016', (dir: string) =>
  `clangd and the C/C++ extension find this host's vmlinux.h in ${dir} (the build cache; compile_flags.txt and .vscode/c_cpp_properties.json point there).`,
);
