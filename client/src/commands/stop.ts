// "Ringscope: Stop" (also the status bar item's click): detaches the running program and ends the session.
import * as vscode from 'vscode';
import type { SessionManager } from '../session/manager';

export function registerStop(ctx: vscode.ExtensionContext, sessions: SessionManager): void {
  ctx.subscriptions.push(vscode.commands.registerCommand('ringscope.stop', () => sessions.stop()));
}
