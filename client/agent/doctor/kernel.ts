// Kernel checks over captured facts: the release string (uname -r) against the ring-buffer features'
// first kernels, and the presence of the kernel's BTF. Pure: the gatherer reads the host.
import type { CheckResult } from '../../../common/doctor';
import { doctorMessages as m } from '../../../common/messages';
import { result } from './result';

export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** "6.18.44-fc-v669" → 6.18.44; "5.15.0-91-generic" → 5.15.0. */
export function parseKernelRelease(release: string): KernelVersion | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

function atLeast(v: KernelVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

interface Feature {
  readonly id: string;
  readonly title: typeof m.titleRingbuf;
  readonly name: string;
  readonly since: [number, number];
  /** A missing ring buffer makes the product useless (fail); the later features only limit it (warn). */
  readonly required: boolean;
}

const features: readonly Feature[] = [
  { id: 'kernel-ringbuf', title: m.titleRingbuf, name: 'the BPF ring buffer', since: [5, 8], required: true },
  { id: 'kernel-dynptr', title: m.titleDynptr, name: 'ring buffer dynptrs', since: [5, 19], required: false },
  { id: 'kernel-user-ringbuf', title: m.titleUserRingbuf, name: 'the user ring buffer', since: [6, 1], required: false },
];

export function checkKernel(release: string): CheckResult[] {
  const v = parseKernelRelease(release);
  return features.map((f) => {
    const needed = `${f.since[0]}.${f.since[1]}`;
    const bad = f.required ? 'fail' : 'warn';
    if (!v) return result(f.id, f.title, bad, m.kernelUnparsed, [release], m.fixKernel.text(needed));
    if (atLeast(v, f.since[0], f.since[1])) return result(f.id, f.title, 'pass', m.kernelHas, [release, f.name]);
    return result(f.id, f.title, bad, m.kernelTooOld, [release, f.name, needed], m.fixKernel.text(needed));
  });
}

/** `btfSize`: size of /sys/kernel/btf/vmlinux, or undefined when it does not exist. */
export function checkBtf(btfSize: number | undefined): CheckResult {
  if (btfSize === undefined) return result('vmlinux-btf', m.titleBtf, 'fail', m.btfMissing, [], m.fixBtf.text());
  return result('vmlinux-btf', m.titleBtf, 'pass', m.btfPresent, [btfSize]);
}
