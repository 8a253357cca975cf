// Extension entry point: a thin activator. Each feature registers itself from its own file
// (client/src/commands/*.ts, ...); add one import and one register call per feature here.
import type * as vscode from 'vscode';
import { registerCheckHost } from './commands/checkHost';
import { registerBuild } from './commands/build';
import { registerNewProgram } from './commands/newProgram';
import { registerLanguageClient } from './languageClient';
import { registerSessions } from './session/register';

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  registerCheckHost(ctx);
  registerBuild(ctx);
  registerNewProgram(ctx);
  registerLanguageClient(ctx);
  registerSessions(ctx);
}

export function deactivate(): void {
  // Features dispose through ctx.subscriptions.
}
