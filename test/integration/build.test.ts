// `ringscope build` with the real clang 14 and bpftool on this kernel: a sample builds into a BPF ELF
// object, vmlinux.h is cached by the BTF's sha256, a C error lands on its line and column, and a missing
// or BPF-less clang is reported with the package to install.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBpf } from '../../client/agent/build';
import { isBuildReport, type BuildReport } from '../../common/build';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const fixtures = join(root, 'test', 'fixtures', 'build');
const work = mkdtempSync(join(tmpdir(), 'ringscope-build-'));
// The outputs and the vmlinux.h cache of this file's tests: gone once they have all run.
after(() => rmSync(work, { recursive: true, force: true }));
const cache = join(work, 'cache');
const env = { ...process.env, XDG_CACHE_HOME: cache };
const btfSha = createHash('sha256').update(readFileSync('/sys/kernel/btf/vmlinux')).digest('hex');
const vmlinuxH = join(cache, 'ringscope', 'vmlinux', btfSha, 'vmlinux.h');

function ringscope(args: string[], extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: fixtures, env: { ...env, ...extraEnv } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonReport(stdout: string): BuildReport {
  const v: unknown = JSON.parse(stdout);
  assert.ok(isBuildReport(v), stdout);
  return v;
}

void test('the minimal sample builds: a BPF ELF object, no diagnostics, vmlinux.h cached by BTF hash', () => {
  const out = join(work, 'minimal.bpf.o');
  const r = ringscope(['build', 'minimal.bpf.c', '-o', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const report = jsonReport(r.stdout);
  assert.equal(report.ok, true);
  assert.deepEqual(report.diagnostics, []);
  assert.equal(report.error, undefined);
  assert.deepEqual(report.command.slice(1, 7), ['-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', '-fno-color-diagnostics']);
  assert.ok(report.command.join(' ').includes(`-I ${join(cache, 'ringscope', 'vmlinux', btfSha)} -I ${fixtures} -idirafter /usr/include/x86_64-linux-gnu`));
  const elf = readFileSync(out);
  assert.deepEqual([...elf.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46]);
  assert.equal(elf.readUInt16LE(18), 247); // EM_BPF
  assert.ok(statSync(vmlinuxH).size > 1_000_000);
  assert.match(readFileSync(vmlinuxH, 'utf8').slice(0, 200), /#ifndef __VMLINUX_H__/);
});

void test('a second build reuses the cached vmlinux.h; the default output is next to the source', () => {
  const before = statSync(vmlinuxH).mtimeMs;
  const source = join(work, 'copy.bpf.c');
  copyFileSync(join(fixtures, 'minimal.bpf.c'), source);
  const r = ringscope(['build', source]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `Built ${join(work, 'copy.bpf.o')}. [RS-BUILD-010]\n`);
  assert.equal(readFileSync(join(work, 'copy.bpf.o')).readUInt16LE(18), 247);
  assert.equal(statSync(vmlinuxH).mtimeMs, before);
});

void test('a C error and a warning: diagnostics at clang\'s lines and columns, exit status 1', () => {
  const r = ringscope(['build', 'broken.bpf.c', '-o', join(work, 'broken.o')]);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    [
      'broken.bpf.c:20:4: warning: equality comparison result unused [-Wunused-comparison]',
      "broken.bpf.c:20:4: note: use '=' to turn this equality comparison into an assignment",
      "broken.bpf.c:21:7: error: use of undeclared identifier 'pid_of_task'",
      'Building broken.bpf.c failed with 1 error. [RS-BUILD-011]',
      '',
    ].join('\n'),
  );
  const report = jsonReport(ringscope(['build', 'broken.bpf.c', '-o', join(work, 'broken.o'), '--json']).stdout);
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.diagnostics.map((d) => [d.severity, d.location?.line, d.location?.column, d.location?.endColumn, d.flag ?? '']),
    [
      ['warning', 20, 4, 8, '-Wunused-comparison'],
      ['error', 21, 7, 18, ''],
    ],
  );
  assert.equal(existsSync(join(work, 'broken.o')), false);
});

void test('user include directories: without -I inc the header is missing, with it the build succeeds', async () => {
  const source = join(fixtures, 'uses-include.bpf.c');
  const without = await buildBpf({ source, output: join(work, 'inc.o'), env });
  assert.equal(without.ok, false);
  assert.deepEqual(without.diagnostics.map((d) => [d.message, d.location?.line, d.location?.column]), [["'extra.h' file not found", 5, 10]]);
  const withInc = await buildBpf({ source, output: join(work, 'inc.o'), includeDirs: [join(fixtures, 'inc')], env });
  assert.equal(withInc.ok, true);
  assert.deepEqual(withInc.diagnostics, []);
});

void test('a missing clang names the package to install', () => {
  const r = ringscope(['build', 'minimal.bpf.c', '-o', join(work, 'x.o'), '--json'], { RINGSCOPE_CLANG: '/nonexistent/clang' });
  assert.equal(r.status, 1);
  const report = jsonReport(r.stdout);
  assert.deepEqual(report.error, {
    code: 'RS-BUILD-001',
    message: "clang was not found (looked for '/nonexistent/clang'). Install it: sudo apt install clang llvm",
  });
  const text = ringscope(['build', 'minimal.bpf.c'], { RINGSCOPE_CLANG: '/nonexistent/clang' });
  assert.equal(text.stderr, "clang was not found (looked for '/nonexistent/clang'). Install it: sudo apt install clang llvm [RS-BUILD-001]\n");
});

void test('a clang whose target list lacks bpf is refused with the package to install', () => {
  // The real clang, behind a wrapper that hides the BPF backends from -print-targets.
  const wrapper = join(work, 'clang-nobpf');
  writeFileSync(wrapper, '#!/bin/sh\nif [ "$1" = -print-targets ]; then clang -print-targets | grep -v -i bpf; else exec clang "$@"; fi\n');
  chmodSync(wrapper, 0o755);
  const report = jsonReport(ringscope(['build', 'minimal.bpf.c', '--json'], { RINGSCOPE_CLANG: wrapper }).stdout);
  assert.deepEqual(report.error, {
    code: 'RS-BUILD-002',
    message:
      `${wrapper} (clang 14.0.6) was built without the bpf target, so it cannot compile BPF C. ` +
      "Install Debian's or Ubuntu's clang, which has it: sudo apt install clang llvm",
  });
});

void test('clang-19 through RINGSCOPE_CLANG builds the sample too', () => {
  const r = ringscope(['build', 'minimal.bpf.c', '-o', join(work, 'm19.o'), '--json'], { RINGSCOPE_CLANG: 'clang-19' });
  assert.equal(r.status, 0, r.stdout);
  assert.equal(jsonReport(r.stdout).command[0], '/usr/bin/clang-19');
});

void test('bad usage exits 2 with the usage hint', () => {
  const r = ringscope(['build']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'ringscope build needs one source file (ringscope build x.bpf.c). [RS-CLI-012]\n');
  assert.equal(ringscope(['build', 'a.bpf.c', '--bogus']).status, 2);
});

void test('an unusable cache directory is reported with what to set', () => {
  // A regular file where the cache folder should be: mkdir fails with ENOTDIR even for root.
  const notADir = join(work, 'not-a-dir');
  writeFileSync(notADir, '');
  const r = ringscope(['build', 'minimal.bpf.c', '-o', join(work, 'y.o'), '--json'], { XDG_CACHE_HOME: notADir });
  assert.equal(r.status, 1);
  const report = jsonReport(r.stdout);
  assert.equal(report.error?.code, 'RS-BUILD-006');
  const dir = join(notADir, 'ringscope', 'vmlinux', btfSha);
  assert.equal(report.error?.message, `Cannot write the vmlinux.h cache in ${dir} (ENOTDIR: not a directory, mkdir '${dir}'). Set XDG_CACHE_HOME to a writable directory.`);
});
