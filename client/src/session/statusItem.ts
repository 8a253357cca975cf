// The session's status bar item: host, program and records/s while a session runs; clicking it stops
// the session. Hidden when nothing runs.
import * as vscode from 'vscode';
import { uiMessages as ui } from '../../../common/messages';

export class SessionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ringscope.session', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = ui.statusName.text();
    this.item.command = 'ringscope.stop';
  }

  show(host: string, program: string, recordsPerSec: number | undefined, state = ui.stateRunning.text()): void {
    const rate = recordsPerSec === undefined ? state : ui.statusRate.text(Math.round(recordsPerSec));
    this.item.text = `$(pulse) ${host} · ${program} · ${rate}`;
    this.item.tooltip = ui.statusTooltip.text(program, host, state);
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
