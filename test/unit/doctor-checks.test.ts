// The doctor's pure checks on outputs captured on the real test host (test/fixtures/doctor/): clang,
// bpftool, ldconfig, /proc/self/mountinfo and /proc/self/status as root and as nobody (setpriv).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkHost, type HostFacts } from '../../client/agent/doctor';
import { checkBtf, checkKernel, parseKernelRelease } from '../../client/agent/doctor/kernel';
import { checkLibbpf, checkLibbpfHeaders, findLibbpfInLdconfig, libbpfVersionFromPath } from '../../client/agent/doctor/libbpf';
import { checkBpffs, checkTracefs, parseMountinfo } from '../../client/agent/doctor/mounts';
import { checkPageSize } from '../../client/agent/doctor/pageSize';
import { checkPrivileges, parseProcStatus } from '../../client/agent/doctor/privileges';
import { checkBpftool, checkClang, hasBpfTarget, parseClangVersion } from '../../client/agent/doctor/toolchain';
import { isDoctorReport } from '../../common/doctor';

const root = process.env['RINGSCOPE_ROOT'] ?? join(__dirname, '..', '..', '..');
const fixture = (name: string): string => readFileSync(join(root, 'test', 'fixtures', 'doctor', name), 'utf8');

const privilegeFix =
  'Run as root, or grant CAP_BPF+CAP_PERFMON+CAP_DAC_READ_SEARCH: sudo setcap cap_bpf,cap_perfmon,cap_dac_read_search+ep ' +
  '/usr/bin/node, or allow passwordless sudo for the agent with a sudoers line (sudo visudo -f /etc/sudoers.d/ringscope): ' +
  'nobody ALL=(root) NOPASSWD: /usr/bin/node /opt/ringscope/dist/agent.js';
const who = { userName: 'nobody', nodePath: '/usr/bin/node', agentPath: '/opt/ringscope/dist/agent.js' };

void test('kernel release strings parse to versions', () => {
  assert.deepEqual(parseKernelRelease('6.18.44-fc-v669'), { major: 6, minor: 18, patch: 44 });
  assert.deepEqual(parseKernelRelease('5.15.0-91-generic'), { major: 5, minor: 15, patch: 0 });
  assert.deepEqual(parseKernelRelease('6.1'), { major: 6, minor: 1, patch: 0 });
  assert.equal(parseKernelRelease('weird'), undefined);
});

void test('kernel 6.18 has all three ring-buffer features', () => {
  assert.deepEqual(
    checkKernel('6.18.44-fc-v669').map((c) => [c.id, c.status, c.detail, c.code]),
    [
      ['kernel-ringbuf', 'pass', 'Linux 6.18.44-fc-v669 has the BPF ring buffer.', 'RS-DOCTOR-001'],
      ['kernel-dynptr', 'pass', 'Linux 6.18.44-fc-v669 has ring buffer dynptrs.', 'RS-DOCTOR-001'],
      ['kernel-user-ringbuf', 'pass', 'Linux 6.18.44-fc-v669 has the user ring buffer.', 'RS-DOCTOR-001'],
    ],
  );
});

void test('kernel 5.10 warns for dynptr and user ring buffer; 4.19 fails the ring buffer', () => {
  const [ring, dynptr, user] = checkKernel('5.10.0-28-amd64');
  assert.equal(ring?.status, 'pass');
  assert.equal(dynptr?.status, 'warn');
  assert.equal(dynptr?.detail, 'Linux 5.10.0-28-amd64 is older than 5.19, which added ring buffer dynptrs.');
  assert.equal(dynptr?.fix, 'Run on a kernel 5.19 or newer; programs that need this feature will be rejected by the verifier here.');
  assert.equal(user?.status, 'warn');
  assert.equal(user?.detail, 'Linux 5.10.0-28-amd64 is older than 6.1, which added the user ring buffer.');
  const [old] = checkKernel('4.19.0-27-amd64');
  assert.equal(old?.status, 'fail');
  assert.equal(old?.code, 'RS-DOCTOR-002');
  assert.equal(checkKernel('5.8.0')[0]?.status, 'pass');
  assert.equal(checkKernel('5.7.19')[0]?.status, 'fail');
});

void test('kernel BTF present or missing', () => {
  assert.deepEqual(checkBtf(5516713), { id: 'vmlinux-btf', title: 'Kernel BTF (/sys/kernel/btf/vmlinux)', status: 'pass', detail: 'Present (5516713 bytes).', code: 'RS-DOCTOR-010' });
  const missing = checkBtf(undefined);
  assert.equal(missing.status, 'fail');
  assert.equal(missing.code, 'RS-DOCTOR-011');
  assert.match(missing.fix ?? '', /CONFIG_DEBUG_INFO_BTF=y/);
});

void test('mountinfo of the test host: bpffs and tracefs mounted', () => {
  const text = fixture('mountinfo.txt');
  assert.equal(parseMountinfo(text).length, 22);
  assert.deepEqual(parseMountinfo(text).find((x) => x.fsType === 'bpf'), { mountPoint: '/sys/fs/bpf', fsType: 'bpf' });
  assert.equal(checkBpffs(text).detail, 'bpffs is mounted at /sys/fs/bpf.');
  assert.equal(checkBpffs(text).status, 'pass');
  assert.equal(checkTracefs(text).detail, 'tracefs is mounted at /sys/kernel/tracing.');
  assert.equal(checkTracefs(text).fix, undefined);
});

void test('mountinfo without bpffs and tracefs: warn and fail with the mount commands', () => {
  const text = fixture('mountinfo-bare.txt');
  const bpffs = checkBpffs(text);
  assert.deepEqual([bpffs.status, bpffs.code, bpffs.fix], ['warn', 'RS-DOCTOR-021', 'sudo mount -t bpf bpf /sys/fs/bpf']);
  const tracefs = checkTracefs(text);
  assert.deepEqual([tracefs.status, tracefs.code, tracefs.fix], ['fail', 'RS-DOCTOR-023', 'sudo mount -t tracefs tracefs /sys/kernel/tracing']);
});

void test('/proc/self/status as root (captured): privileges pass', () => {
  assert.deepEqual(parseProcStatus(fixture('status-root.txt')), { uid: 0, capEff: 0x1fffeffffffn });
  const r = checkPrivileges({ procStatus: fixture('status-root.txt'), sudoOk: false, ...who });
  assert.deepEqual([r.status, r.detail, r.code], ['pass', 'Running as root with CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH.', 'RS-DOCTOR-030']);
});

void test('/proc/self/status as nobody via setpriv (captured): fail with the fix hint', () => {
  assert.deepEqual(parseProcStatus(fixture('status-nobody.txt')), { uid: 65534, capEff: 0n });
  const r = checkPrivileges({ procStatus: fixture('status-nobody.txt'), sudoOk: false, ...who });
  assert.equal(r.status, 'fail');
  assert.equal(r.code, 'RS-DOCTOR-034');
  assert.equal(r.detail, 'uid 65534 cannot load BPF programs: missing CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH, and passwordless sudo is not available.');
  assert.equal(r.fix, privilegeFix);
});

void test('a plain user with passwordless sudo passes; CAP_BPF+CAP_PERFMON alone warns about tracefs', () => {
  const nobody = fixture('status-nobody.txt');
  const sudo = checkPrivileges({ procStatus: nobody, sudoOk: true, ...who });
  assert.deepEqual([sudo.status, sudo.code], ['pass', 'RS-DOCTOR-032']);
  const bpfPerfmon = nobody.replace(/^CapEff:.*$/m, 'CapEff:\t000000c000000000');
  const warn = checkPrivileges({ procStatus: bpfPerfmon, sudoOk: false, ...who });
  assert.deepEqual([warn.status, warn.code, warn.fix], ['warn', 'RS-DOCTOR-033', privilegeFix]);
  const all = nobody.replace(/^CapEff:.*$/m, 'CapEff:\t000000c000800004');
  assert.deepEqual(
    [checkPrivileges({ procStatus: all, sudoOk: false, ...who }).detail],
    ['uid 65534 holds CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH.'],
  );
});

void test('without CAP_SYS_NICE (a container\'s root, or capabilities granted one by one) streams pass with a note', () => {
  const noNice = fixture('status-nobody.txt').replace(/^CapEff:.*$/m, 'CapEff:\t000000c000000004');
  const r = checkPrivileges({ procStatus: noNice, sudoOk: false, ...who });
  assert.deepEqual([r.status, r.code, r.fix], ['pass', 'RS-DOCTOR-094', undefined]);
  assert.equal(
    r.detail,
    'uid 65534 holds CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH but not CAP_SYS_NICE: streams work, with the ring ' +
      'reader at ordinary priority rather than real-time (ringscope.readerPriority), so a very fast producer may drop ' +
      'more records. Grant CAP_SYS_NICE (in a container: --cap-add SYS_NICE) to let it run real-time.',
  );
  // root in a container started without SYS_NICE: bit 23 clear
  const root = fixture('status-root.txt').replace(/^CapEff:.*$/m, 'CapEff:\t000001ffff7fffff');
  const rr = checkPrivileges({ procStatus: root, sudoOk: false, ...who });
  assert.deepEqual([rr.status, rr.code], ['pass', 'RS-DOCTOR-094']);
  assert.ok(rr.detail.startsWith('root holds CAP_BPF'));
});

void test('libbpf from ldconfig -p (captured)', () => {
  assert.equal(findLibbpfInLdconfig(fixture('ldconfig.txt')), '/lib/x86_64-linux-gnu/libbpf.so.1');
  assert.equal(findLibbpfInLdconfig(fixture('ldconfig-nolibbpf.txt')), undefined);
  assert.equal(libbpfVersionFromPath('/usr/lib/x86_64-linux-gnu/libbpf.so.1.1.2'), '1.1.2');
  const ok = checkLibbpf({ path: '/lib/x86_64-linux-gnu/libbpf.so.1', realPath: '/usr/lib/x86_64-linux-gnu/libbpf.so.1.1.2' });
  assert.equal(ok.detail, 'libbpf 1.1.2 (/usr/lib/x86_64-linux-gnu/libbpf.so.1.1.2).');
  const missing = checkLibbpf({ path: undefined, realPath: undefined });
  assert.deepEqual([missing.status, missing.fix], ['fail', 'sudo apt install libbpf1 (Debian/Ubuntu), or libbpf on Fedora.']);
  assert.equal(checkLibbpfHeaders(undefined).fix, 'sudo apt install libbpf-dev');
  assert.equal(checkLibbpfHeaders('/usr/include/bpf/bpf_helpers.h').status, 'pass');
});

void test('clang 14 and clang 19 (captured): version and bpf target', () => {
  assert.equal(parseClangVersion(fixture('clang-version.txt')), '14.0.6');
  assert.equal(parseClangVersion(fixture('clang19-version.txt')), '19.1.7');
  assert.equal(hasBpfTarget(fixture('clang-print-targets.txt')), true);
  assert.equal(hasBpfTarget(fixture('clang-print-targets-nobpf.txt')), false);
  const ok = checkClang({ versionText: fixture('clang-version.txt'), targetsText: fixture('clang-print-targets.txt') });
  assert.deepEqual([ok.status, ok.detail], ['pass', 'clang 14.0.6 with the bpf target.']);
  const noBpf = checkClang({ versionText: fixture('clang19-version.txt'), targetsText: fixture('clang-print-targets-nobpf.txt') });
  assert.deepEqual([noBpf.status, noBpf.detail, noBpf.fix], ['fail', 'clang 19.1.7 was built without the bpf target.', 'sudo apt install clang llvm']);
  const missing = checkClang(undefined);
  assert.deepEqual([missing.status, missing.detail, missing.fix], ['fail', 'clang was not found on PATH.', 'sudo apt install clang llvm']);
});

void test('bpftool (captured) and page size', () => {
  assert.equal(checkBpftool(fixture('bpftool-version.txt')).detail, 'bpftool v7.1.0 (libbpf v1.1).');
  assert.equal(checkBpftool(undefined).status, 'fail');
  assert.match(checkBpftool(undefined).fix ?? '', /^sudo apt install bpftool/);
  assert.equal(checkPageSize(4096).detail, '4096 bytes: ring buffer sizes must be power-of-2 multiples of 4096.');
  assert.equal(checkPageSize(65536).status, 'pass');
  assert.equal(checkPageSize(8192).status, 'warn');
});

void test('checkHost over the captured nobody facts: 12 checks, one failure, a valid report', () => {
  const facts: HostFacts = {
    kernelRelease: '6.18.44-fc-v669',
    btfSize: 5516713,
    mountinfo: fixture('mountinfo.txt'),
    procStatus: fixture('status-nobody.txt'),
    sudoOk: false,
    ...who,
    libbpf: { path: '/lib/x86_64-linux-gnu/libbpf.so.1', realPath: '/usr/lib/x86_64-linux-gnu/libbpf.so.1.1.2' },
    libbpfHeader: '/usr/include/bpf/bpf_helpers.h',
    clang: { versionText: fixture('clang-version.txt'), targetsText: fixture('clang-print-targets.txt') },
    bpftoolVersion: fixture('bpftool-version.txt'),
    pageSize: 4096,
  };
  const report = checkHost(facts);
  assert.ok(isDoctorReport(JSON.parse(JSON.stringify(report))));
  assert.deepEqual(report.checks.map((c) => c.id), [
    'kernel-ringbuf', 'kernel-dynptr', 'kernel-user-ringbuf', 'vmlinux-btf', 'bpffs', 'tracefs',
    'privileges', 'libbpf', 'libbpf-headers', 'clang', 'bpftool', 'page-size',
  ]);
  assert.deepEqual(report.summary, { pass: 11, warn: 0, fail: 1 });
  assert.deepEqual(report.checks.filter((c) => c.status !== 'pass').map((c) => c.id), ['privileges']);
});
