// `ringscope doctor` on this real host: all green as root (through the CLI bundle and the library), and
// as nobody with every capability dropped (setpriv) it fails only the privilege check, with the fix hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { runDoctor } from '../../client/agent/doctor';
import { isDoctorReport, type DoctorReport } from '../../common/doctor';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const ids = [
  'kernel-ringbuf', 'kernel-dynptr', 'kernel-user-ringbuf', 'vmlinux-btf', 'bpffs', 'tracefs',
  'privileges', 'libbpf', 'libbpf-headers', 'clang', 'bpftool', 'page-size',
];

function doctor(prefix: string[], args: string[]): { status: number | null; report: DoctorReport; stderr: string } {
  const [cmd = process.execPath, ...rest] = [...prefix, process.execPath, cli, 'doctor', ...args];
  const r = spawnSync(cmd, rest, { encoding: 'utf8', cwd: '/' });
  const parsed: unknown = JSON.parse(r.stdout);
  assert.ok(isDoctorReport(parsed), r.stdout);
  return { status: r.status, report: parsed, stderr: r.stderr };
}

void test('as root: all 12 checks pass, exit status 0', () => {
  const { status, report, stderr } = doctor([], ['--json']);
  assert.equal(stderr, '');
  assert.equal(status, 0);
  assert.deepEqual(report.checks.map((c) => c.id), ids);
  assert.deepEqual(report.summary, { pass: 12, warn: 0, fail: 0 });
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  assert.equal(byId.get('kernel-ringbuf')?.detail, `Linux ${release()} has the BPF ring buffer.`);
  assert.equal(byId.get('vmlinux-btf')?.detail, `Present (${statSync('/sys/kernel/btf/vmlinux').size} bytes).`);
  assert.equal(byId.get('privileges')?.detail, 'Running as root with CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH.');
  assert.equal(byId.get('libbpf')?.detail, 'libbpf 1.1.2 (/usr/lib/x86_64-linux-gnu/libbpf.so.1.1.2).');
  assert.equal(byId.get('clang')?.detail, 'clang 14.0.6 with the bpf target.');
  assert.equal(byId.get('bpftool')?.detail, 'bpftool v7.1.0 (libbpf v1.1).');
  assert.equal(byId.get('page-size')?.detail, '4096 bytes: ring buffer sizes must be power-of-2 multiples of 4096.');
});

void test('as root, text output: one line per check and the summary', () => {
  const r = spawnSync(process.execPath, [cli, 'doctor'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 14);
  assert.equal(lines[0], `[PASS] Kernel: BPF ring buffer (5.8+): Linux ${release()} has the BPF ring buffer.`);
  assert.equal(lines[13], '12 passed, 0 warnings, 0 failed.');
});

void test('the library gathers the same facts: runDoctor() in this process (root) is all green', async () => {
  const report = await runDoctor();
  assert.deepEqual(report.summary, { pass: 12, warn: 0, fail: 0 });
});

void test('as nobody with no capabilities (setpriv): only the privilege check fails, with the fix hint', () => {
  const setpriv = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all'];
  const { status, report, stderr } = doctor(setpriv, ['--json']);
  assert.equal(status, 1);
  assert.doesNotMatch(stderr, /Error|at .*\.js/);
  assert.deepEqual(report.summary, { pass: 11, warn: 0, fail: 1 });
  const priv = report.checks.find((c) => c.id === 'privileges');
  assert.equal(priv?.status, 'fail');
  assert.equal(priv?.code, 'RS-DOCTOR-034');
  assert.equal(
    priv?.detail,
    'uid 65534 cannot load BPF programs: missing CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH, and passwordless sudo is not available.',
  );
  assert.equal(
    priv?.fix,
    'Run as root, or grant CAP_BPF+CAP_PERFMON+CAP_DAC_READ_SEARCH: sudo setcap cap_bpf,cap_perfmon,cap_dac_read_search+ep ' +
      `${process.execPath}, or allow passwordless sudo for the agent with a sudoers line (sudo visudo -f /etc/sudoers.d/ringscope): ` +
      `nobody ALL=(root) NOPASSWD: ${process.execPath} ${join(root, 'dist', 'agent.js')}`,
  );
});

void test('the dispatcher: --version, help, help <command>, unknown commands and options', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(run('--version').stdout, `ringscope ${version}\n`);
  const help = run('help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^ {2}doctor {4}check that this host can build, load and stream ring-buffer programs$/m);
  assert.match(help.stdout, /^ {2}build {5}compile BPF C with clang against this kernel's vmlinux\.h$/m);
  assert.equal(run('help', 'doctor').stdout.split('\n')[0], 'Usage: ringscope doctor [--json]');
  assert.equal(run('doctor', '--help').stdout.split('\n')[0], 'Usage: ringscope doctor [--json]');
  const unknown = run('frobnicate');
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stderr, "Unknown command 'frobnicate'. Run 'ringscope help' to list the commands. [RS-CLI-002]\n");
  const bad = run('doctor', '--yaml');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, "Unknown option '--yaml' for 'ringscope doctor'. Run 'ringscope help doctor'. [RS-CLI-005]\n");
});
