// Messages of the language server, its client in the extension, and `ringscope lint`.
import { message } from './catalog';

export const analysisFailed = message('RS-LSP-001', (file: string, error: string) =>
  `Ringscope could not analyse ${file}: ${error}`);
export const serverRestarting = message('RS-LSP-002', (attempt: number, max: number) =>
  `The Ringscope language server stopped; restarting it (${attempt} of ${max}).`);
export const serverGaveUp = message('RS-LSP-003', (max: number) =>
  `The Ringscope language server stopped ${max} times in a row and will not be restarted. Reload the window to try again.`);
export const serverStartFailed = message('RS-LSP-004', (error: string) =>
  `The Ringscope language server could not start: ${error}`);

export const lintUsage = message('RS-LINT-001', () =>
  'usage: ringscope lint <files...> [--format text|json|sarif] [-I dir] [--page-size 4096|16384|65536]');
export const lintUnreadable = message('RS-LINT-002', (file: string, error: string) =>
  `cannot read ${file}: ${error}`);
export const lintBadFormat = message('RS-LINT-003', (format: string) =>
  `unknown format '${format}' (expected text, json or sarif)`);
export const lintBadPageSize = message('RS-LINT-004', (value: string) =>
  `invalid page size '${value}' (expected 4096, 16384 or 65536)`);
export const lintSummary = message('RS-LINT-005', (errors: number, warnings: number, files: number) =>
  `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`);
