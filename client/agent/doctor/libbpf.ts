// libbpf checks: where the dynamic linker finds libbpf.so.1 (`ldconfig -p`), its version (from the
// file the soname links to), and the development headers that BPF C includes.
import type { CheckResult } from '../../../common/doctor';
import { doctorMessages as m } from '../../../common/messages';
import { result } from './result';

/** The path of libbpf.so.1 in `ldconfig -p` output, preferring the 64-bit entry. */
export function findLibbpfInLdconfig(ldconfigText: string): string | undefined {
  const entries = [...ldconfigText.matchAll(/^\s*libbpf\.so\.1 \(([^)]*)\) => (\S+)$/gm)];
  const preferred = entries.find((e) => (e[1] ?? '').includes('64')) ?? entries[0];
  return preferred?.[2];
}

/** "/lib/x86_64-linux-gnu/libbpf.so.1.1.2" → "1.1.2"; undefined when the name carries no full version. */
export function libbpfVersionFromPath(realPath: string): string | undefined {
  return /libbpf\.so\.(\d+\.\d+\.\d+)$/.exec(realPath)?.[1];
}

export interface LibbpfFacts {
  /** The soname path the linker resolves, or undefined when libbpf.so.1 is not found. */
  readonly path: string | undefined;
  /** The file it links to. */
  readonly realPath: string | undefined;
}

export function checkLibbpf(facts: LibbpfFacts): CheckResult {
  if (facts.path === undefined) return result('libbpf', m.titleLibbpf, 'fail', m.libbpfMissing, [], m.fixLibbpf.text());
  const version = libbpfVersionFromPath(facts.realPath ?? facts.path) ?? '1.x';
  return result('libbpf', m.titleLibbpf, 'pass', m.libbpfFound, [version, facts.realPath ?? facts.path]);
}

/** `headerPath`: where bpf/bpf_helpers.h was found, or undefined. */
export function checkLibbpfHeaders(headerPath: string | undefined): CheckResult {
  if (headerPath === undefined) {
    return result('libbpf-headers', m.titleLibbpfHeaders, 'fail', m.headersMissing, [], m.fixHeaders.text());
  }
  return result('libbpf-headers', m.titleLibbpfHeaders, 'pass', m.headersFound, [headerPath]);
}
