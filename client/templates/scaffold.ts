// Pure scaffolding: from a template's files and a program name, the files to write (names
// substituted) plus the editor settings that let clangd and the C/C++ extension find vmlinux.h and
// the libbpf headers. No filesystem here; write.ts does the I/O.
import type { TemplateInfo } from './catalog';

export interface PlannedFile {
  /** Path relative to `base`. */
  readonly path: string;
  /** 'program': the folder the program goes to; 'workspace': the workspace folder (.vscode/). */
  readonly base: 'program' | 'workspace';
  readonly content: string;
  /** Editor settings shared by every program in the folder: kept when present, never an error. */
  readonly shared: boolean;
}

const C_KEYWORDS = new Set(
  ('auto break case char const continue default do double else enum extern float for goto if inline int long ' +
    'register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while ' +
    '_Bool _Complex _Imaginary asm typeof').split(' '),
);
// Names that would shadow the headers a program includes or the files next to it.
const RESERVED = new Set(['vmlinux', 'bpf', 'libbpf', 'bpf_helpers', 'bpf_tracing', 'bpf_core_read']);

/** A program name is a lower-case C identifier (file names, include guards and the object name follow it). */
export function nameProblem(name: string): 'invalid' | 'reserved' | undefined {
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(name)) return 'invalid';
  if (C_KEYWORDS.has(name) || RESERVED.has(name)) return 'reserved';
  return undefined;
}

/** Replaces the placeholder (and its upper-case form, for include guards) everywhere. */
export function substitute(text: string, placeholder: string, name: string): string {
  return text.split(placeholder).join(name).split(placeholder.toUpperCase()).join(name.toUpperCase());
}

/** clang's name for the target architecture, as bpf_tracing.h expects in __TARGET_ARCH_<arch>. */
export function targetArch(nodeArch: string): string {
  switch (nodeArch) {
    case 'x64':
      return 'x86';
    case 'arm64':
      return 'arm64';
    case 'arm':
      return 'arm';
    case 's390x':
      return 's390';
    case 'ppc64':
      return 'powerpc';
    case 'riscv64':
      return 'riscv';
    case 'loong64':
      return 'loongarch';
    default:
      return nodeArch;
  }
}

/**
 * compile_flags.txt for clangd: one argument per line. vmlinux.h is found next to the program or, when
 * given, in `vmlinuxDir` (the build's cache of the host's header, the same one `ringscope build` uses).
 */
export function compileFlags(arch: string, vmlinuxDir?: string): string {
  const vmlinux = vmlinuxDir !== undefined ? [`-I${vmlinuxDir}`] : [];
  return ['-target', 'bpf', `-D__TARGET_ARCH_${arch}`, '-I.', ...vmlinux, '-I/usr/include', '-g', '-O2', '-Wall'].join('\n') + '\n';
}

/**
 * .vscode/c_cpp_properties.json for the C/C++ extension. `programDir` is relative to the workspace
 * folder ('' or '.' for the folder itself), or absolute when the program lies outside it.
 */
export function cppProperties(arch: string, programDir: string, vmlinuxDir?: string): string {
  const dir =
    programDir === '' || programDir === '.' ? '${workspaceFolder}' : programDir.startsWith('/') ? programDir : `\${workspaceFolder}/${programDir}`;
  const config = {
    configurations: [
      {
        name: 'BPF (Ringscope)',
        includePath: [dir, ...(vmlinuxDir !== undefined ? [vmlinuxDir] : []), '/usr/include'],
        defines: [`__TARGET_ARCH_${arch}`],
        compilerPath: '/usr/bin/clang',
        compilerArgs: ['-target', 'bpf'],
        cStandard: 'gnu11',
        intelliSenseMode: arch === 'arm64' ? 'linux-clang-arm64' : 'linux-clang-x64',
      },
    ],
    version: 4,
  };
  return JSON.stringify(config, null, 2) + '\n';
}

export interface ScaffoldInput {
  readonly template: TemplateInfo;
  /** Contents of each of template.files, by file name. */
  readonly sources: ReadonlyMap<string, string>;
  readonly name: string;
  /** Architecture as clang names it (targetArch(process.arch)). */
  readonly arch: string;
  /** Program folder relative to the workspace folder, for c_cpp_properties.json. */
  readonly programDir: string;
  /** Folder of the host's generated vmlinux.h, when it could be generated. */
  readonly vmlinuxDir?: string;
}

/** The program's files (substituted) and the shared editor settings. Throws on a missing source. */
export function planScaffold(input: ScaffoldInput): PlannedFile[] {
  const { template, sources, name } = input;
  const files: PlannedFile[] = template.files.map((file) => {
    const text = sources.get(file);
    if (text === undefined) throw new Error(`missing source ${file}`);
    return { path: substitute(file, template.placeholder, name), content: substitute(text, template.placeholder, name), base: 'program', shared: false };
  });
  files.push({ path: 'compile_flags.txt', content: compileFlags(input.arch, input.vmlinuxDir), base: 'program', shared: true });
  files.push({ path: '.vscode/c_cpp_properties.json', content: cppProperties(input.arch, input.programDir, input.vmlinuxDir), base: 'workspace', shared: true });
  return files;
}
