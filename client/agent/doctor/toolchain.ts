// Tool checks over captured command output: clang (`--version`, `-print-targets`) and bpftool
// (`version`). Undefined output means the command was not found.
import type { CheckResult } from '../../../common/doctor';
import { doctorMessages as m } from '../../../common/messages';
import { result } from './result';

/** "Debian clang version 14.0.6" → "14.0.6"; falls back to the first line. */
export function parseClangVersion(versionText: string): string {
  const match = /clang version (\S+)/.exec(versionText);
  return match?.[1] ?? (versionText.split('\n')[0] ?? '').trim();
}

/** True when `clang -print-targets` lists the bpf backend. */
export function hasBpfTarget(targetsText: string): boolean {
  return /^\s+bpf\s+-/m.test(targetsText);
}

export interface ClangFacts {
  readonly versionText: string;
  readonly targetsText: string;
}

export function checkClang(clang: ClangFacts | undefined): CheckResult {
  if (!clang) return result('clang', m.titleClang, 'fail', m.clangMissing, [], m.fixClang.text());
  const version = parseClangVersion(clang.versionText);
  if (!hasBpfTarget(clang.targetsText)) return result('clang', m.titleClang, 'fail', m.clangNoBpf, [version], m.fixClang.text());
  return result('clang', m.titleClang, 'pass', m.clangFound, [version]);
}

/** "bpftool v7.1.0\nusing libbpf v1.1\n..." → "v7.1.0 (libbpf v1.1)". */
export function parseBpftoolVersion(text: string): string {
  const tool = /bpftool (v\S+)/.exec(text)?.[1];
  const lib = /using libbpf (v\S+)/.exec(text)?.[1];
  if (!tool) return (text.split('\n')[0] ?? '').trim();
  return lib ? `${tool} (libbpf ${lib})` : tool;
}

export function checkBpftool(versionText: string | undefined): CheckResult {
  if (versionText === undefined) return result('bpftool', m.titleBpftool, 'fail', m.bpftoolMissing, [], m.fixBpftool.text());
  return result('bpftool', m.titleBpftool, 'pass', m.bpftoolFound, [parseBpftoolVersion(versionText)]);
}
