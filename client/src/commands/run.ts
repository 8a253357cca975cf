// "Ringscope: Run on This Machine" (keybinding, editor title, context menu): builds the .bpf.c and
// streams its records on this machine.
import * as vscode from 'vscode';
import type { SessionManager } from '../session/manager';

export function registerRun(ctx: vscode.ExtensionContext, sessions: SessionManager): void {
  ctx.subscriptions.push(
    vscode.commands.registerCommand('ringscope.run', (arg?: unknown) => sessions.run(arg, { kind: 'local' }).then(() => undefined)),
  );
}
