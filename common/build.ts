// The result of `ringscope build --json`: clang's diagnostics with 1-based positions as clang prints
// them, plus the object written. The extension checks it with `isBuildReport` before use.
import { isPlainObject } from './guards';

export type BuildSeverity = 'error' | 'warning' | 'note' | 'remark';

export interface BuildLocation {
  /** Path as clang printed it (absolute when the source was given absolute). */
  readonly file: string;
  /** 1-based line and column of clang's caret. */
  readonly line: number;
  readonly column: number;
  /** 1-based, exclusive end column of the highlighted token or range on `line`. */
  readonly endColumn: number;
}

export interface BuildDiagnostic {
  readonly severity: BuildSeverity;
  readonly message: string;
  /** Where clang points; absent for driver errors such as "no such file or directory". */
  readonly location?: BuildLocation;
  /** The warning flag, e.g. "-Wunused-variable", when clang names one. */
  readonly flag?: string;
  /** clang's "note:" lines that follow this diagnostic. */
  readonly notes: readonly BuildDiagnostic[];
}

export interface BuildReport {
  readonly ok: boolean;
  readonly source: string;
  /** The object file; written only when ok. */
  readonly output: string;
  /** The clang command line, for copying into a terminal. */
  readonly command: readonly string[];
  readonly diagnostics: readonly BuildDiagnostic[];
  /** A failure before clang could report anything (clang missing, no bpf target, no vmlinux.h). */
  readonly error?: { readonly code: string; readonly message: string };
}

function isLocation(v: unknown): v is BuildLocation {
  return (
    isPlainObject(v) &&
    typeof v['file'] === 'string' &&
    typeof v['line'] === 'number' &&
    typeof v['column'] === 'number' &&
    typeof v['endColumn'] === 'number'
  );
}

export function isBuildDiagnostic(v: unknown): v is BuildDiagnostic {
  return (
    isPlainObject(v) &&
    (v['severity'] === 'error' || v['severity'] === 'warning' || v['severity'] === 'note' || v['severity'] === 'remark') &&
    typeof v['message'] === 'string' &&
    (v['location'] === undefined || isLocation(v['location'])) &&
    (v['flag'] === undefined || typeof v['flag'] === 'string') &&
    Array.isArray(v['notes']) &&
    v['notes'].every(isBuildDiagnostic)
  );
}

export function isBuildReport(v: unknown): v is BuildReport {
  if (!isPlainObject(v)) return false;
  const e = v['error'];
  return (
    typeof v['ok'] === 'boolean' &&
    typeof v['source'] === 'string' &&
    typeof v['output'] === 'string' &&
    Array.isArray(v['command']) &&
    v['command'].every((a) => typeof a === 'string') &&
    Array.isArray(v['diagnostics']) &&
    v['diagnostics'].every(isBuildDiagnostic) &&
    (e === undefined || (isPlainObject(e) && typeof e['code'] === 'string' && typeof e['message'] === 'string'))
  );
}
