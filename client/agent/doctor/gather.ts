// Reads the facts the doctor's checks need from this host: files under /proc and /sys, and the output
// of clang, bpftool, ldconfig, getconf and `sudo -n true`. Never throws: a missing tool is a fact.
import { readFileSync, realpathSync, statSync, existsSync } from 'node:fs';
import { release, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { clangCommand, findTool, runTool } from '../build/tools';
import { kernelBtfPath } from '../build/vmlinux';
import type { ClangFacts } from './toolchain';
import type { LibbpfFacts } from './libbpf';
import { findLibbpfInLdconfig } from './libbpf';
import { parseProcStatus } from './privileges';

export interface HostFacts {
  readonly kernelRelease: string;
  readonly btfSize: number | undefined;
  readonly mountinfo: string;
  readonly procStatus: string;
  readonly sudoOk: boolean;
  readonly userName: string;
  readonly nodePath: string;
  readonly agentPath: string;
  readonly libbpf: LibbpfFacts;
  readonly libbpfHeader: string | undefined;
  readonly clang: ClangFacts | undefined;
  readonly bpftoolVersion: string | undefined;
  readonly pageSize: number;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Runs a tool found by findTool; undefined when it is missing or fails to start. */
async function output(name: string, args: string[]): Promise<{ code: number; stdout: string } | undefined> {
  const path = findTool(name);
  if (!path) return undefined;
  try {
    return await runTool(path, args);
  } catch {
    return undefined;
  }
}

async function clangFacts(): Promise<ClangFacts | undefined> {
  const clang = clangCommand();
  const [version, targets] = await Promise.all([output(clang, ['--version']), output(clang, ['-print-targets'])]);
  if (!version || version.code !== 0) return undefined;
  return { versionText: version.stdout, targetsText: targets?.stdout ?? '' };
}

const libDirs = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64', '/lib64', '/usr/local/lib', '/usr/local/lib64', '/usr/lib', '/lib'];

async function libbpfFacts(): Promise<LibbpfFacts> {
  const ld = await output('ldconfig', ['-p']);
  const path = (ld && findLibbpfInLdconfig(ld.stdout)) ?? libDirs.map((d) => `${d}/libbpf.so.1`).find((p) => existsSync(p));
  if (!path) return { path: undefined, realPath: undefined };
  try {
    return { path, realPath: realpathSync(path) };
  } catch {
    return { path: undefined, realPath: undefined };
  }
}

async function pageSize(): Promise<number> {
  const getconf = await output('getconf', ['PAGESIZE']);
  const n = Number(getconf?.stdout.trim());
  if (Number.isInteger(n) && n > 0) return n;
  const kb = /^KernelPageSize:\s+(\d+) kB/m.exec(readText('/proc/self/smaps'))?.[1];
  return kb ? Number(kb) * 1024 : 4096;
}

async function sudoWorks(procStatus: string): Promise<boolean> {
  // Root needs no sudo; asking would only add noise to the system log.
  if (parseProcStatus(procStatus)?.uid === 0) return false;
  const run = await output('sudo', ['-n', 'true']);
  return run?.code === 0;
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'user');
  }
}

function btfSize(): number | undefined {
  try {
    return statSync(kernelBtfPath).size;
  } catch {
    return undefined;
  }
}

export async function gatherHostFacts(): Promise<HostFacts> {
  const procStatus = readText('/proc/self/status');
  const [sudoOk, libbpf, clang, bpftool, pages] = await Promise.all([
    sudoWorks(procStatus),
    libbpfFacts(),
    clangFacts(),
    output('bpftool', ['version']),
    pageSize(),
  ]);
  return {
    kernelRelease: release(),
    btfSize: btfSize(),
    mountinfo: readText('/proc/self/mountinfo'),
    procStatus,
    sudoOk,
    userName: userName(),
    nodePath: process.execPath,
    // Bundled, this module lives in dist/cli.js next to dist/agent.js.
    agentPath: resolve(__dirname, 'agent.js'),
    libbpf,
    libbpfHeader: ['/usr/include/bpf/bpf_helpers.h', '/usr/local/include/bpf/bpf_helpers.h'].find((p) => existsSync(p)),
    clang,
    bpftoolVersion: bpftool && bpftool.code === 0 ? bpftool.stdout : undefined,
    pageSize: pages,
  };
}
