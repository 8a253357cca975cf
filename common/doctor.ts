// The report of `ringscope doctor --json`: one result per host check. The CLI prints it, the
// extension reads it from the CLI's stdout and checks it with `isDoctorReport` before use.
import { isPlainObject } from './guards';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable id, e.g. "kernel-ringbuf", "privileges"; tests and the UI key on it. */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, e.g. "Linux 6.18.44" or "clang 14.0.6 with the bpf target". */
  readonly detail: string;
  /** What to do about a warn or fail; absent on pass. */
  readonly fix?: string;
  /** Code of the catalogue entry the detail came from (common/messages/doctor.ts). */
  readonly code: string;
}

export interface DoctorReport {
  readonly checks: readonly CheckResult[];
  readonly summary: { readonly pass: number; readonly warn: number; readonly fail: number };
}

export function summarize(checks: readonly CheckResult[]): DoctorReport {
  const summary = { pass: 0, warn: 0, fail: 0 };
  for (const c of checks) summary[c.status] += 1;
  return { checks, summary };
}

const marks: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** One check as text: "[FAIL] title: detail" plus an indented "fix:" line; the CLI and the output channel use it. */
export function formatCheck(c: CheckResult): string {
  const head = `[${marks[c.status]}] ${c.title}: ${c.detail}`;
  return c.fix ? `${head}\n       fix: ${c.fix}` : head;
}

export function isCheckResult(v: unknown): v is CheckResult {
  return (
    isPlainObject(v) &&
    typeof v['id'] === 'string' &&
    typeof v['title'] === 'string' &&
    (v['status'] === 'pass' || v['status'] === 'warn' || v['status'] === 'fail') &&
    typeof v['detail'] === 'string' &&
    typeof v['code'] === 'string' &&
    (v['fix'] === undefined || typeof v['fix'] === 'string')
  );
}

export function isDoctorReport(v: unknown): v is DoctorReport {
  if (!isPlainObject(v) || !Array.isArray(v['checks']) || !v['checks'].every(isCheckResult)) return false;
  const s = v['summary'];
  return isPlainObject(s) && typeof s['pass'] === 'number' && typeof s['warn'] === 'number' && typeof s['fail'] === 'number';
}
