// Messages of the host check (`ringscope doctor`, "Ringscope: Check Host"): for each check a title,
// what was found (pass/warn/fail) and a fix hint naming the command or package that helps.
import { message } from './catalog';

// Titles, in the order the checks run.
export const titleRingbuf = message('RS-DOCTOR-100', () => 'Kernel: BPF ring buffer (5.8+)');
export const titleDynptr = message('RS-DOCTOR-101', () => 'Kernel: ring buffer dynptrs (5.19+)');
export const titleUserRingbuf = message('RS-DOCTOR-102', () => 'Kernel: user ring buffer (6.1+)');
export const titleBtf = message('RS-DOCTOR-103', () => 'Kernel BTF (/sys/kernel/btf/vmlinux)');
export const titleBpffs = message('RS-DOCTOR-104', () => 'bpffs mounted');
export const titleTracefs = message('RS-DOCTOR-105', () => 'tracefs mounted');
export const titlePrivileges = message('RS-DOCTOR-106', () => 'Privileges to load BPF programs');
export const titleLibbpf = message('RS-DOCTOR-107', () => 'libbpf.so.1');
export const titleLibbpfHeaders = message('RS-DOCTOR-108', () => 'libbpf headers (bpf/bpf_helpers.h)');
export const titleClang = message('RS-DOCTOR-109', () => 'clang with the BPF target');
export const titleBpftool = message('RS-DOCTOR-110', () => 'bpftool');
export const titlePageSize = message('RS-DOCTOR-111', () => 'Page size');

// Kernel version.
export const kernelHas = message('RS-DOCTOR-001', (release: string, feature: string) =>
  `Linux ${release} has ${feature}.`,
);
export const kernelTooOld = message('RS-DOCTOR-002', (release: string, feature: string, needed: string) =>
  `Linux ${release} is older than ${needed}, which added ${feature}.`,
);
export const kernelUnparsed = message('RS-DOCTOR-003', (release: string) =>
  `Could not read a version from the kernel release '${release}'.`,
);
export const fixKernel = message('RS-DOCTOR-004', (needed: string) =>
  `Run on a kernel ${needed} or newer; programs that need this feature will be rejected by the verifier here.`,
);

// BTF.
export const btfPresent = message('RS-DOCTOR-010', (size: number) => `Present (${size} bytes).`);
export const btfMissing = message('RS-DOCTOR-011', () => 'Missing: the kernel was built without CONFIG_DEBUG_INFO_BTF.');
export const fixBtf = message('RS-DOCTOR-012', () =>
  'Use a kernel built with CONFIG_DEBUG_INFO_BTF=y (all major distributions since 2020 ship one); ' +
    'vmlinux.h and CO-RE need it.',
);

// Mounts.
export const mountedAt = message('RS-DOCTOR-020', (fs: string, where: string) => `${fs} is mounted at ${where}.`);
export const bpffsMissing = message('RS-DOCTOR-021', () => 'Not mounted: pinning maps and programs will fail.');
export const fixBpffs = message('RS-DOCTOR-022', () => 'sudo mount -t bpf bpf /sys/fs/bpf');
export const tracefsMissing = message('RS-DOCTOR-023', () =>
  'Not mounted: attaching tracepoints fails with a bare ENOENT.',
);
export const fixTracefs = message('RS-DOCTOR-024', () => 'sudo mount -t tracefs tracefs /sys/kernel/tracing');

// Privileges.
export const privRoot = message('RS-DOCTOR-030', () => 'Running as root with CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH.');
export const privCaps = message('RS-DOCTOR-031', (uid: number) =>
  `uid ${uid} holds CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH.`,
);
export const privNoNice = message('RS-DOCTOR-094', (who: string) =>
  `${who} holds CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH but not CAP_SYS_NICE: streams work, with the ring ` +
    'reader at ordinary priority rather than real-time (ringscope.readerPriority), so a very fast producer may drop ' +
    'more records. Grant CAP_SYS_NICE (in a container: --cap-add SYS_NICE) to let it run real-time.',
);
export const privSudo = message('RS-DOCTOR-032', (uid: number) =>
  `uid ${uid} lacks the capabilities itself, but passwordless sudo works: programs are loaded through sudo.`,
);
export const privNoDac = message('RS-DOCTOR-033', (uid: number) =>
  `uid ${uid} holds CAP_BPF and CAP_PERFMON but not CAP_DAC_READ_SEARCH: loading works, attaching tracepoints ` +
    'fails with EACCES because tracefs is mode 0700.',
);
export const privMissing = message('RS-DOCTOR-034', (uid: number, missing: string) =>
  `uid ${uid} cannot load BPF programs: missing ${missing}, and passwordless sudo is not available.`,
);
export const fixPrivileges = message('RS-DOCTOR-035', (user: string, node: string, agent: string) =>
  `Run as root, or grant CAP_BPF+CAP_PERFMON+CAP_DAC_READ_SEARCH: sudo setcap ` +
    `cap_bpf,cap_perfmon,cap_dac_read_search+ep ${node}, or allow passwordless sudo for the agent with a ` +
    `sudoers line (sudo visudo -f /etc/sudoers.d/ringscope): ${user} ALL=(root) NOPASSWD: ${node} ${agent}`,
);

// libbpf.
export const libbpfFound = message('RS-DOCTOR-040', (version: string, path: string) => `libbpf ${version} (${path}).`);
export const libbpfMissing = message('RS-DOCTOR-041', () => 'libbpf.so.1 was not found by the dynamic linker.');
export const fixLibbpf = message('RS-DOCTOR-042', () => 'sudo apt install libbpf1 (Debian/Ubuntu), or libbpf on Fedora.');
export const headersFound = message('RS-DOCTOR-043', (path: string) => `Found ${path}.`);
export const headersMissing = message('RS-DOCTOR-044', () =>
  'bpf/bpf_helpers.h is missing: BPF C that includes it will not build.',
);
export const fixHeaders = message('RS-DOCTOR-045', () => 'sudo apt install libbpf-dev');

// clang.
export const clangFound = message('RS-DOCTOR-050', (version: string) => `clang ${version} with the bpf target.`);
export const clangMissing = message('RS-DOCTOR-051', () => 'clang was not found on PATH.');
export const clangNoBpf = message('RS-DOCTOR-052', (version: string) =>
  `clang ${version} was built without the bpf target.`,
);
export const fixClang = message('RS-DOCTOR-053', () => 'sudo apt install clang llvm');

// bpftool.
export const bpftoolFound = message('RS-DOCTOR-060', (version: string) => `bpftool ${version}.`);
export const bpftoolMissing = message('RS-DOCTOR-061', () => 'bpftool was not found: vmlinux.h cannot be generated.');
export const fixBpftool = message('RS-DOCTOR-062', () =>
  'sudo apt install bpftool (Debian), or sudo apt install linux-tools-common linux-tools-$(uname -r) (Ubuntu).',
);

// Page size.
export const pageSizeOk = message('RS-DOCTOR-070', (size: number) =>
  `${size} bytes: ring buffer sizes must be power-of-2 multiples of ${size}.`,
);
export const pageSizeOdd = message('RS-DOCTOR-071', (size: number) =>
  `${size} bytes is not one of 4096, 16384, 65536; ring sizes must still be power-of-2 multiples of it.`,
);
export const fixPageSize = message('RS-DOCTOR-072', (size: number) =>
  `Set "ringscope.lint.pageSize" to ${size} if the linter offers it; otherwise check ring sizes by hand.`,
);

// Output.
export const summaryLine = message('RS-DOCTOR-090', (pass: number, warn: number, fail: number) =>
  `${pass} passed, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed.`,
);
export const hostCheckResult = message('RS-DOCTOR-091', (summary: string) => `Ringscope host check: ${summary}`);
export const showDetails = message('RS-DOCTOR-092', () => 'Show Details');
export const reportUnreadable = message('RS-DOCTOR-093', (detail: string) =>
  `The host check did not produce a report: ${detail}. Run 'node dist/cli.js doctor' in a terminal to see why.`,
);
