// Host architecture names the BPF build needs: the __TARGET_ARCH_<x> macro of bpf_tracing.h and the
// Debian multiarch include directory that holds asm/ (uname -m in, names out).
const targetArch: Readonly<Record<string, string>> = {
  x86_64: 'x86',
  i686: 'x86',
  aarch64: 'arm64',
  arm64: 'arm64',
  armv7l: 'arm',
  s390x: 's390',
  ppc64le: 'powerpc',
  ppc64: 'powerpc',
  riscv64: 'riscv',
  loongarch64: 'loongarch',
  mips64: 'mips',
};

const multiarch: Readonly<Record<string, string>> = {
  x86_64: 'x86_64-linux-gnu',
  i686: 'i386-linux-gnu',
  aarch64: 'aarch64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  armv7l: 'arm-linux-gnueabihf',
  s390x: 's390x-linux-gnu',
  ppc64le: 'powerpc64le-linux-gnu',
  riscv64: 'riscv64-linux-gnu',
  loongarch64: 'loongarch64-linux-gnu',
};

/** `uname -m` → the value of __TARGET_ARCH_ (x86, arm64, ...); unknown machines pass through. */
export function bpfTargetArch(machine: string): string {
  return targetArch[machine] ?? machine;
}

/** `uname -m` → Debian multiarch triple, e.g. x86_64-linux-gnu. */
export function multiarchTriple(machine: string): string {
  return multiarch[machine] ?? `${machine}-linux-gnu`;
}
