// Finding and running the host's tools (clang, bpftool, ldconfig): PATH plus the sbin directories a
// plain user's PATH often lacks on Debian; runs never throw on a non-zero exit, only report it.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const sbinDirs = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** Absolute path of an executable, or undefined. Names containing '/' are checked as given. */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : [...(env['PATH'] ?? '').split(delimiter).filter((d) => d !== ''), ...sbinDirs].map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here; try the next directory
    }
  }
  return undefined;
}

/** The clang to use: $RINGSCOPE_CLANG, else `clang` from PATH. */
export function clangCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env['RINGSCOPE_CLANG'] || 'clang';
}

export interface ToolRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a tool to completion with captured output; stdout may be large (vmlinux.h is ~3 MB). */
export function runTool(path: string, args: readonly string[], options: { cwd?: string; stdoutFile?: number } = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, {
      cwd: options.cwd,
      stdio: ['ignore', options.stdoutFile ?? 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
