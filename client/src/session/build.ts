// Builds the program before a run through the CLI (`node dist/cli.js build --json FILE`), the same
// build as "Ringscope: Build BPF Program", and checks its report with isBuildReport.
import * as path from 'node:path';
import { isBuildReport, type BuildReport } from '../../../common/build';
import { runCommand } from '../../transport/run';
import { defaultNodePath } from '../../transport/local';

export type BuildOutcome = { readonly ok: true; readonly report: BuildReport } | { readonly ok: false; readonly why: string; readonly report?: BuildReport };

export async function buildForRun(extensionRoot: string, source: string): Promise<BuildOutcome> {
  const cli = path.join(extensionRoot, 'dist', 'cli.js');
  const r = await runCommand([defaultNodePath(), cli, 'build', '--json', source]);
  let report: unknown;
  try {
    report = JSON.parse(r.stdout) as unknown;
  } catch {
    return { ok: false, why: (r.stderr.trim() || r.stdout.trim() || `exit ${String(r.code)}`).split('\n').slice(-3).join(' ') };
  }
  if (!isBuildReport(report)) return { ok: false, why: 'the build printed an unexpected report' };
  if (!report.ok) {
    const first = report.error?.message ?? report.diagnostics.find((d) => d.severity === 'error')?.message ?? 'clang failed';
    return { ok: false, why: first, report };
  }
  return { ok: true, report };
}
