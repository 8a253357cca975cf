// `buildBpf`: compiles one BPF C file the way libbpf users do (clang -g -O2 -target bpf
// -D__TARGET_ARCH_<arch>, vmlinux.h, libbpf headers, asm/) and reports clang's diagnostics.
import { existsSync } from 'node:fs';
import { machine } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { BuildReport } from '../../../common/build';
import { buildMessages as m } from '../../../common/messages';
import { hasBpfTarget, parseClangVersion } from '../doctor/toolchain';
import { bpfTargetArch, multiarchTriple } from './arch';
import { parseClangDiagnostics } from './clangDiagnostics';
import { BuildError, buildError } from './errors';
import { clangCommand, findTool, runTool } from './tools';
import { ensureVmlinuxDir } from './vmlinux';

export interface BuildOptions {
  /** The .bpf.c file, absolute or relative to cwd; diagnostics name it the same way. */
  readonly source: string;
  /** Default: the source with .c replaced by .o (x.bpf.c → x.bpf.o). */
  readonly output?: string;
  /** Extra -I directories, searched first. */
  readonly includeDirs?: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** `uname -m`; defaults to this host's. */
  readonly machine?: string;
}

export function defaultOutput(source: string): string {
  return source.endsWith('.c') ? `${source.slice(0, -2)}.o` : `${source}.o`;
}

/** The clang arguments (without the clang path) for one build. */
export function clangArgs(source: string, output: string, vmlinuxDir: string, sourceDir: string, arch: string, includeDirs: readonly string[]): string[] {
  return [
    '-g', '-O2', '-target', 'bpf', `-D__TARGET_ARCH_${bpfTargetArch(arch)}`,
    '-fno-color-diagnostics',
    ...includeDirs.flatMap((d) => ['-I', d]),
    '-I', vmlinuxDir,
    '-I', sourceDir,
    // Debian keeps asm/ under the multiarch directory, which -target bpf does not search.
    '-idirafter', `/usr/include/${multiarchTriple(arch)}`,
    '-c', source, '-o', output,
  ];
}

async function requireBpfClang(env: NodeJS.ProcessEnv): Promise<string> {
  const name = clangCommand(env);
  const clang = findTool(name, env);
  if (!clang) throw buildError(m.clangMissing, name);
  const targets = await runTool(clang, ['-print-targets']);
  if (!hasBpfTarget(targets.stdout)) {
    const version = await runTool(clang, ['--version']);
    throw buildError(m.clangNoBpf, clang, parseClangVersion(version.stdout));
  }
  return clang;
}

export async function buildBpf(options: BuildOptions): Promise<BuildReport> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const source = options.source;
  const output = options.output ?? defaultOutput(source);
  const base = { source, output, command: [] as string[], diagnostics: [] };
  try {
    if (!existsSync(resolve(cwd, source))) throw buildError(m.sourceMissing, source);
    const clang = await requireBpfClang(env);
    const vmlinuxDir = await ensureVmlinuxDir({ env });
    const sourceDir = dirname(resolve(cwd, source));
    const args = clangArgs(source, output, vmlinuxDir, sourceDir, options.machine ?? machine(), options.includeDirs ?? []);
    const run = await runTool(clang, args, { cwd });
    return { ok: run.code === 0, source, output, command: [clang, ...args], diagnostics: parseClangDiagnostics(run.stderr) };
  } catch (e) {
    if (e instanceof BuildError) return { ...base, ok: false, error: { code: e.code, message: e.message } };
    throw e;
  }
}
