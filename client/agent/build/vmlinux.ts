// vmlinux.h for BPF C: dumped from the kernel's BTF with bpftool and cached under
// $XDG_CACHE_HOME/ringscope/vmlinux/<sha256 of the BTF>/vmlinux.h, so a new kernel gets a new header.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMessages as m } from '../../../common/messages';
import { buildError } from './errors';
import { findTool, runTool } from './tools';

export const kernelBtfPath = '/sys/kernel/btf/vmlinux';

/** The cache root: $XDG_CACHE_HOME/ringscope, else ~/.cache/ringscope (tmpdir when there is no home). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg) return join(xdg, 'ringscope');
  const home = env['HOME'] || homedir();
  return home && home !== '/nonexistent' ? join(home, '.cache', 'ringscope') : join(tmpdir(), 'ringscope-cache');
}

export function btfHash(btf: Uint8Array): string {
  return createHash('sha256').update(btf).digest('hex');
}

export interface VmlinuxOptions {
  readonly btfPath?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Returns the directory holding vmlinux.h for this kernel's BTF, generating it once per BTF. */
export async function ensureVmlinuxDir(options: VmlinuxOptions = {}): Promise<string> {
  const btfPath = options.btfPath ?? kernelBtfPath;
  if (!existsSync(btfPath)) throw buildError(m.btfMissing, btfPath);
  const dir = join(cacheRoot(options.env), 'vmlinux', btfHash(readFileSync(btfPath)));
  const header = join(dir, 'vmlinux.h');
  if (existsSync(header)) return dir;
  const bpftool = findTool('bpftool', options.env);
  if (!bpftool) throw buildError(m.bpftoolMissing);
  // Written to a private name and renamed, so a concurrent build never reads half a header.
  const partial = `${header}.${process.pid}.tmp`;
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true });
    fd = openSync(partial, 'w');
  } catch (e) {
    throw buildError(m.cacheUnwritable, dir, (e as Error).message);
  }
  let run;
  try {
    run = await runTool(bpftool, ['btf', 'dump', 'file', btfPath, 'format', 'c'], { stdoutFile: fd });
  } finally {
    closeSync(fd);
  }
  if (run.code !== 0) {
    rmSync(partial, { force: true });
    throw buildError(m.vmlinuxFailed, run.stderr.trim() || `exit code ${run.code}`);
  }
  renameSync(partial, header);
  return dir;
}
