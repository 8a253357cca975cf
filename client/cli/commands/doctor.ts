// `ringscope doctor [--json]`: runs the host checks and prints each with pass/warn/fail and a fix hint,
// or the DoctorReport as JSON. Exit 1 when a check fails, 2 on bad usage, else 0.
import { formatCheck } from '../../../common/doctor';
import { cliMessages, doctorMessages as m, render } from '../../../common/messages';
import { runDoctor } from '../../agent/doctor';

export const usage = cliMessages.doctorUsage.text();

export async function run(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const unknown = argv.find((a) => a !== '--json');
  if (unknown !== undefined) {
    process.stderr.write(render(cliMessages.badOption, 'doctor', unknown) + '\n');
    return 2;
  }
  const report = await runDoctor();
  if (json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const { pass, warn, fail } = report.summary;
    process.stdout.write(report.checks.map(formatCheck).join('\n') + '\n\n' + m.summaryLine.text(pass, warn, fail) + '\n');
  }
  return report.summary.fail > 0 ? 1 : 0;
}
