// `ringscope lint <files...> [--format text|json|sarif] [-I dir] [--page-size N]`: runs the analysis core
// on each file and prints the findings. Exit 0 when clean or only warnings, 1 on any error, 2 on bad usage
// or an unreadable file.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { cliMessages, lspMessages, render } from '../../../common/messages';
import { analyzeFile } from '../../../server/src/analysis/analyze';
import type { AnalysisSettings, Finding, SourceProvider } from '../../../server/src/analysis/findings';
import { initParser } from '../../../server/src/analysis/parser';
import { rules } from '../../../server/src/analysis/rules';
import { formatJson, formatSarif, formatText, type ShownFinding } from '../lint/format';

export type LintFormat = 'text' | 'json' | 'sarif';

export interface LintOptions {
  readonly files: readonly string[];
  readonly format: LintFormat;
  readonly includePaths: readonly string[];
  readonly pageSize: number;
}

export interface LintIo {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const PAGE_SIZES = [4096, 16384, 65536];

/** Parses the arguments after `lint`; a string is an error message for the user. */
export function parseLintArgs(argv: readonly string[]): LintOptions | string {
  const files: string[] = [];
  const includePaths: string[] = [];
  let format: string = 'text';
  let pageSize = 4096;
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string | undefined => argv[++i];
    if (onlyFiles || !a.startsWith('-') || a === '-') {
      files.push(a);
    } else if (a === '--') {
      onlyFiles = true;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? value() : a.slice('--format='.length);
      if (v === undefined) return render(lspMessages.lintUsage);
      format = v;
    } else if (a === '-I' || (a.startsWith('-I') && a.length > 2)) {
      const v = a === '-I' ? value() : a.slice(2);
      if (v === undefined) return render(lspMessages.lintUsage);
      includePaths.push(v);
    } else if (a === '--page-size' || a.startsWith('--page-size=')) {
      const v = a === '--page-size' ? value() : a.slice('--page-size='.length);
      if (v === undefined || !PAGE_SIZES.includes(Number(v))) return render(lspMessages.lintBadPageSize, v ?? '');
      pageSize = Number(v);
    } else {
      return render(lspMessages.lintUsage);
    }
  }
  if (format !== 'text' && format !== 'json' && format !== 'sarif') return render(lspMessages.lintBadFormat, format);
  if (files.length === 0) return render(lspMessages.lintUsage);
  return { files, format, includePaths, pageSize };
}

const diskSources: SourceProvider = {
  read(absolutePath: string): string | undefined {
    try {
      return readFileSync(absolutePath, 'utf8');
    } catch {
      return undefined;
    }
  },
};

function byPosition(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.code.localeCompare(b.code)
  );
}

export async function runLint(argv: readonly string[], io: LintIo): Promise<number> {
  const opts = parseLintArgs(argv);
  if (typeof opts === 'string') {
    io.stderr(opts + '\n');
    return 2;
  }
  await initParser();
  const settings: AnalysisSettings = { pageSize: opts.pageSize, includePaths: opts.includePaths.map((p) => resolve(io.cwd, p)) };
  const shown = new Map<string, string>();
  const showPath = (abs: string): string => shown.get(abs) ?? (isAbsolute(abs) ? relative(io.cwd, abs) || abs : abs);
  const found: ShownFinding[] = [];
  let unreadable = false;
  for (const file of opts.files) {
    const abs = resolve(io.cwd, file);
    shown.set(abs, file);
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (e) {
      io.stderr(render(lspMessages.lintUnreadable, file, e instanceof Error ? e.message : String(e)) + '\n');
      unreadable = true;
      continue;
    }
    const findings = [...analyzeFile(abs, text, settings, diskSources).findings].sort(byPosition);
    for (const finding of findings) found.push({ shownFile: showPath(finding.file), finding });
  }
  if (opts.format === 'json') io.stdout(formatJson(found));
  else if (opts.format === 'sarif') io.stdout(formatSarif(found, rules, showPath));
  else io.stdout(formatText(found, opts.files.length));
  if (found.some((f) => f.finding.severity === 'error')) return 1;
  return unreadable ? 2 : 0;
}

export const lint = {
  summary: 'lint BPF C for ring-buffer mistakes the verifier rejects',
  usage: cliMessages.lintHelp.text(),
  run(argv: string[]): Promise<number> {
    return runLint(argv, {
      cwd: process.cwd(),
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
  },
};
