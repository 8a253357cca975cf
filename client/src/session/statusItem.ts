// The session's status bar item: host, program and records/s while a session runs; clicking it stops
// the session. Hidden when nothing runs.
import * as vscode from 'vscode';

export class SessionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ringscope.session', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Ringscope session';
    this.item.command = 'ringscope.stop';
  }

  show(host: string, program: string, recordsPerSec: number | undefined, state = 'running'): void {
    const rate = recordsPerSec === undefined ? state : `${Math.round(recordsPerSec)} rec/s`;
    this.item.text = `$(pulse) ${host} · ${program} · ${rate}`;
    this.item.tooltip = `Ringscope: ${program} on ${host} (${state}). Click to stop.`;
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
