// Kernel access shared by the tests that load programs on the real verifier: vmlinux.h generated once
// into .cache/vmlinux, bpffs mounted, and `bpftool prog loadall` with its pin removed afterwards.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
export const vmlinuxDir = join(root, '.cache/vmlinux');

/** Writes .cache/vmlinux/vmlinux.h from this kernel's BTF unless present, and mounts bpffs if needed. */
export async function prepareKernel(): Promise<void> {
  if (!existsSync(join(vmlinuxDir, 'vmlinux.h'))) {
    mkdirSync(vmlinuxDir, { recursive: true });
    const { stdout } = await run('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'], { maxBuffer: 1 << 28 });
    writeFileSync(join(vmlinuxDir, 'vmlinux.h'), stdout);
  }
  if (!readFileSync('/proc/mounts', 'utf8').includes(' /sys/fs/bpf bpf ')) await run('mount', ['-t', 'bpf', 'bpf', '/sys/fs/bpf']);
}

/** Loads every program of `obj` pinned under `pin` (removed again); undefined on success, else bpftool's output. */
export async function loadAll(obj: string, pin: string): Promise<string | undefined> {
  try {
    await run('bpftool', ['prog', 'loadall', obj, pin]);
    return undefined;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  } finally {
    rmSync(pin, { recursive: true, force: true });
  }
}
