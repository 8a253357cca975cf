// `ringscope build <file.bpf.c> [-o out.o] [-I dir]... [--json]`: compiles BPF C and prints clang's
// diagnostics as file:line:col lines (or the BuildReport as JSON). Exit 1 on error, 2 on bad usage.
import type { BuildReport } from '../../../common/build';
import { buildMessages as m, cliMessages, render } from '../../../common/messages';
import { buildBpf, formatDiagnostic } from '../../agent/build';

export const usage = cliMessages.buildUsage.text();

interface BuildArgs {
  readonly source: string;
  readonly output?: string;
  readonly includeDirs: string[];
  readonly json: boolean;
}

/** Parses the arguments after `build`; a string is the error to show. */
export function parseBuildArgs(argv: readonly string[]): BuildArgs | string {
  const files: string[] = [];
  const includeDirs: string[] = [];
  let output: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') json = true;
    else if (a === '-o' || a === '-I') {
      const value = argv[++i];
      if (value === undefined) return render(cliMessages.missingValue, 'build', a);
      if (a === '-o') output = value;
      else includeDirs.push(value);
    } else if (a.startsWith('-I') && a.length > 2) includeDirs.push(a.slice(2));
    else if (a.startsWith('-') && a !== '-') return render(cliMessages.badOption, 'build', a);
    else files.push(a);
  }
  const [source] = files;
  if (source === undefined || files.length !== 1) return render(cliMessages.buildNeedsFile);
  return output === undefined ? { source, includeDirs, json } : { source, output, includeDirs, json };
}

function formatText(report: BuildReport): string {
  if (report.error) return `${report.error.message} [${report.error.code}]\n`;
  const lines: string[] = [];
  for (const d of report.diagnostics) {
    lines.push(formatDiagnostic(d));
    for (const n of d.notes) lines.push(formatDiagnostic(n));
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  lines.push(report.ok ? render(m.built, report.output, warnings) : render(m.failed, report.source, Math.max(errors, 1)));
  return lines.join('\n') + '\n';
}

export async function run(argv: string[]): Promise<number> {
  const args = parseBuildArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(args + '\n');
    return 2;
  }
  const report = await buildBpf({
    source: args.source,
    includeDirs: args.includeDirs,
    ...(args.output === undefined ? {} : { output: args.output }),
  });
  if (args.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else (report.ok ? process.stdout : process.stderr).write(formatText(report));
  return report.ok ? 0 : 1;
}
