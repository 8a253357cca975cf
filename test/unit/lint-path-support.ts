// Test support for the path rules: builds the model of an in-memory BPF C snippet (wrapped in the rule
// book's prelude) and runs only the lifetime rules, returning `CODE@LINE` keys and the findings.
import { getProgramModel } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/findings';
import { nullCheckRule } from '../../server/src/analysis/rules/nullCheck';
import { boundsRule } from '../../server/src/analysis/rules/nullCheckBounds';
import { leakRule } from '../../server/src/analysis/rules/leak';
import { useAfterReleaseRule } from '../../server/src/analysis/rules/useAfterRelease';
import { doubleReleaseRule } from '../../server/src/analysis/rules/useAfterReleaseDouble';
import { releaseProvenanceRule } from '../../server/src/analysis/rules/releaseProvenance';
import { spinLockRule } from '../../server/src/analysis/rules/spinLock';
import { dynptrRule } from '../../server/src/analysis/rules/dynptr';
import { userRingbufRule } from '../../server/src/analysis/rules/userRingbuf';

export const PATH_RULES = [
  nullCheckRule,
  boundsRule,
  leakRule,
  useAfterReleaseRule,
  doubleReleaseRule,
  releaseProvenanceRule,
  spinLockRule,
  dynptrRule,
  userRingbufRule,
];

export const PRELUDE = `#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
struct event { int pid; char comm[16]; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } rb SEC(".maps");
`;
/** Lines the prelude takes: snippet line 1 is file line PRELUDE_LINES + 1. */
export const PRELUDE_LINES = PRELUDE.split('\n').length - 1;

export function lintPaths(text: string, file = '/t/x.bpf.c'): Finding[] {
  const model = getProgramModel(file, text, { pageSize: 4096, includePaths: [] }, { read: () => undefined });
  if (model === undefined) throw new Error('no model');
  return PATH_RULES.flatMap((r) => r.check(model));
}

/** `body` as the body of a tracepoint program after the prelude and `extra`; `offset` is the file lines before body line 1. */
export function wrapBody(body: string, extra = ''): { text: string; offset: number } {
  const head = `${PRELUDE}${extra}SEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx)\n{\n`;
  return { text: `${head}${body}\n  return 0;\n}\n`, offset: head.split('\n').length - 1 };
}

/** Lints `body` as the body of a tracepoint program after the prelude; keys use snippet-relative lines. */
export function lintBody(body: string, extra = ''): { keys: string[]; findings: Finding[] } {
  const { text, offset } = wrapBody(body, extra);
  const findings = lintPaths(text);
  return { keys: findings.map((f) => `${f.code}@${f.range.start.line + 1 - offset}`).sort(), findings };
}
