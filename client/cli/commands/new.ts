// `ringscope new <template> <name> [dir]` writes a program from bpf-templates/ (names substituted,
// plus compile_flags.txt and .vscode/c_cpp_properties.json); `ringscope new --list` lists templates.
// Exit 0 on success, 1 when nothing could be written (clash, bad index), 2 on bad usage.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cliMessages, render, templateMessages as M } from '../../../common/messages';
import { ensureVmlinuxDir } from '../../agent/build/vmlinux';
import { defaultTemplatesDir, loadTemplateIndex, scaffold, TemplateError } from '../../templates/write';

export interface NewIo {
  readonly cwd: string;
  /** bpf-templates/ folder; defaults to the one next to the bundle. */
  readonly templatesDir?: string;
  /** The build cache's folder with this host's vmlinux.h, when it could be generated. */
  readonly vmlinuxDir?: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export function runNew(argv: readonly string[], io: NewIo): number {
  const templatesDir = io.templatesDir ?? defaultTemplatesDir(__dirname);
  try {
    if (argv.length === 1 && argv[0] === '--list') {
      const index = loadTemplateIndex(templatesDir);
      const width = Math.max(...index.templates.map((t) => t.id.length));
      io.stdout(M.listHeader.text() + '\n');
      for (const t of index.templates) io.stdout(`  ${t.id.padEnd(width)}  ${t.description}\n`);
      return 0;
    }
    const [templateId, name, dir, ...rest] = argv;
    if (templateId === undefined || name === undefined || rest.length > 0 || [templateId, name, dir].some((a) => a?.startsWith('-'))) {
      io.stderr(render(M.newUsage) + '\n');
      return 2;
    }
    const target = resolve(io.cwd, dir ?? '.');
    const vmlinuxDir = io.vmlinuxDir;
    const result = scaffold({ templatesDir, templateId, name, dir: target, ...(vmlinuxDir !== undefined ? { vmlinuxDir } : {}) });
    for (const f of result.written) io.stdout(`  ${f}\n`);
    for (const f of result.kept) io.stdout(render(M.keptExisting, f) + '\n');
    io.stdout(render(M.written, result.written.length, target) + '\n');
    if (vmlinuxDir !== undefined) io.stdout(render(M.vmlinuxCached, vmlinuxDir) + '\n');
    else if (!existsSync(join(target, 'vmlinux.h'))) io.stdout(render(M.vmlinuxHint, target) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof TemplateError) {
      io.stderr(e.message + '\n');
      return 1;
    }
    throw e;
  }
}

export const usage = cliMessages.newHelp.text();

/** The cached vmlinux.h folder, or undefined when it cannot be made here (no BTF, no bpftool): then the hint says how. */
export async function cachedVmlinuxDir(): Promise<string | undefined> {
  try {
    return await ensureVmlinuxDir();
  } catch {
    return undefined;
  }
}

/** The registry's entry point: runs in the current directory and prints to the process streams. */
export async function run(argv: string[]): Promise<number> {
  const vmlinuxDir = argv[0] === '--list' ? undefined : await cachedVmlinuxDir();
  return runNew(argv, {
    cwd: process.cwd(),
    ...(vmlinuxDir !== undefined ? { vmlinuxDir } : {}),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
}
