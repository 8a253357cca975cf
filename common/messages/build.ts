// Messages of building BPF C (`ringscope build`, "Ringscope: Build BPF Program"): tool problems name
// the package to install; results say what was written.
import { message } from './catalog';

export const clangMissing = message('RS-BUILD-001', (clang: string) =>
  `clang was not found (looked for '${clang}'). Install it: sudo apt install clang llvm`,
);
export const clangNoBpf = message('RS-BUILD-002', (clang: string, version: string) =>
  `${clang} (clang ${version}) was built without the bpf target, so it cannot compile BPF C. ` +
    `Install Debian's or Ubuntu's clang, which has it: sudo apt install clang llvm`,
);
export const bpftoolMissing = message('RS-BUILD-003', () =>
  'bpftool was not found, so vmlinux.h cannot be generated. Install it: sudo apt install bpftool ' +
    '(on Ubuntu: sudo apt install linux-tools-common linux-tools-$(uname -r))',
);
export const btfMissing = message('RS-BUILD-004', (path: string) =>
  `${path} does not exist: this kernel has no BTF, so vmlinux.h cannot be generated. ` +
    'Use a kernel built with CONFIG_DEBUG_INFO_BTF=y.',
);
export const vmlinuxFailed = message('RS-BUILD-005', (detail: string) =>
  `bpftool could not dump the kernel's BTF as C: ${detail}`,
);
export const cacheUnwritable = message('RS-BUILD-006', (dir: string, detail: string) =>
  `Cannot write the vmlinux.h cache in ${dir} (${detail}). Set XDG_CACHE_HOME to a writable directory.`,
);
export const sourceMissing = message('RS-BUILD-007', (file: string) => `${file} does not exist.`);
export const built = message('RS-BUILD-010', (output: string, warnings: number) =>
  `Built ${output}${warnings > 0 ? ` with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`,
);
export const failed = message('RS-BUILD-011', (source: string, errors: number) =>
  `Building ${source} failed with ${errors} error${errors === 1 ? '' : 's'}.`,
);
export const noActiveFile = message('RS-BUILD-012', () =>
  'Open a BPF C file (*.bpf.c) in the editor to build it.',
);
export const untrusted = message('RS-BUILD-013', () =>
  'Building runs clang on files of this workspace; trust the workspace first.',
);
export const reportUnreadable = message('RS-BUILD-014', (detail: string) =>
  `The build did not produce a report: ${detail}. Run 'node dist/cli.js build <file>' in a terminal to see why.`,
);
