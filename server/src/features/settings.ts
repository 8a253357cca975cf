// The server's view of the `ringscope.*` settings: pulled from the client (workspace/configuration),
// validated, include paths made absolute against the workspace folder; defaults when the client has none.
import { isAbsolute, resolve } from 'node:path';
import { defaultSettings, type AnalysisSettings } from '../analysis/findings';

export const PAGE_SIZES: readonly number[] = [4096, 16384, 65536];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Turns the raw `ringscope` configuration section into analysis settings; bad values fall back to defaults. */
export function toAnalysisSettings(section: unknown, workspaceRoot: string | undefined): AnalysisSettings {
  if (!isObject(section)) return defaultSettings;
  const lint = section['lint'];
  const page = isObject(lint) ? lint['pageSize'] : undefined;
  const pageSize = typeof page === 'number' && PAGE_SIZES.includes(page) ? page : defaultSettings.pageSize;
  const raw = section['includePaths'];
  const includePaths = Array.isArray(raw)
    ? raw
        .filter((p): p is string => typeof p === 'string' && p.length > 0)
        .map((p) => (isAbsolute(p) || workspaceRoot === undefined ? p : resolve(workspaceRoot, p)))
    : [];
  // K3: an oldest kernel to check features against; anything not `major.minor` means no check
  const tk = isObject(lint) ? lint['targetKernel'] : undefined;
  const targetKernel = typeof tk === 'string' && /^v?\d+\.\d+/.test(tk.trim()) ? tk.trim() : undefined;
  return targetKernel === undefined ? { pageSize, includePaths } : { pageSize, includePaths, targetKernel };
}
