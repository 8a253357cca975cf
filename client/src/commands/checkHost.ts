// "Ringscope: Check Host": runs `node dist/cli.js doctor --json`, lists every check with its fix hint
// in the "Ringscope: Host Check" output channel, and sums it up in a notification.
import * as vscode from 'vscode';
import { formatCheck, isDoctorReport, type DoctorReport } from '../../../common/doctor';
import { doctorMessages as m, render } from '../../../common/messages';
import { runCliJson } from './cliJson';

export function registerCheckHost(ctx: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel('Ringscope: Host Check');
  ctx.subscriptions.push(
    channel,
    vscode.commands.registerCommand('ringscope.checkHost', () => checkHost(ctx.extensionPath, channel)),
  );
}

/** Resolves to the report (so tests and other commands can use it), or undefined when there is none. */
async function checkHost(extensionRoot: string, channel: vscode.OutputChannel): Promise<DoctorReport | undefined> {
  const report = await runCliJson(extensionRoot, ['doctor', '--json'], isDoctorReport);
  if (typeof report === 'string') {
    void vscode.window.showErrorMessage(render(m.reportUnreadable, report));
    return undefined;
  }
  const { pass, warn, fail } = report.summary;
  const summary = m.summaryLine.text(pass, warn, fail);
  channel.clear();
  channel.appendLine(report.checks.map(formatCheck).join('\n'));
  channel.appendLine('');
  channel.appendLine(summary);
  channel.show(true);
  const text = m.hostCheckResult.text(summary);
  const show = fail > 0 ? vscode.window.showErrorMessage : warn > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  // The notification is not awaited: the command resolves with the report while it is still shown.
  void show(text, m.showDetails.text()).then((picked) => {
    if (picked) channel.show();
  });
  return report;
}
