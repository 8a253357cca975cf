// Verifier failures as diagnostics (collection 'ringscope-verifier') on the failing C line, with the
// verifier's message and a link (the diagnostic's code) that opens the full log in an editor.
import * as vscode from 'vscode';
import type { VerifierErrorEvent } from '../../../common/agentProtocol';

export const SHOW_LOG_COMMAND = 'ringscope.showVerifierLog';

export class VerifierDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ringscope-verifier');
  private readonly logs: string[] = [];
  private readonly command: vscode.Disposable;

  constructor() {
    this.command = vscode.commands.registerCommand(SHOW_LOG_COMMAND, async (index?: number) => {
      const log = this.logs[typeof index === 'number' ? index : this.logs.length - 1];
      if (log === undefined) return;
      const doc = await vscode.workspace.openTextDocument({ content: log, language: 'log' });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    });
  }

  clear(): void {
    this.collection.clear();
  }

  /** Shows the failure on `source` (the .bpf.c that was built); the last line when the log names none. */
  report(source: vscode.Uri, doc: vscode.TextDocument | undefined, ev: VerifierErrorEvent): void {
    this.logs.push(ev.log);
    const lineCount = doc?.lineCount ?? 1;
    const line = Math.min(Math.max((ev.line ?? 1) - 1, 0), lineCount - 1);
    const text = doc?.lineAt(line).text ?? '';
    const start = text.length - text.trimStart().length;
    const range = new vscode.Range(line, start, line, Math.max(text.length, start + 1));
    const d = new vscode.Diagnostic(range, `verifier: ${ev.message} (program ${ev.program})`, vscode.DiagnosticSeverity.Error);
    d.source = 'ringscope-verifier';
    const args = encodeURIComponent(JSON.stringify([this.logs.length - 1]));
    d.code = { value: 'full verifier log', target: vscode.Uri.parse(`command:${SHOW_LOG_COMMAND}?${args}`) };
    this.collection.set(source, [d]);
  }

  get lastLogIndex(): number {
    return this.logs.length - 1;
  }

  dispose(): void {
    this.collection.dispose();
    this.command.dispose();
  }
}
