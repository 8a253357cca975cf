// Registers the editor experience of running programs: the session manager (panels, verifier
// diagnostics, status bar, CodeLens) and its commands Run, Run on Remote Host…, Stop, Show Records, Replay.
import type * as vscode from 'vscode';
import { SessionManager } from './manager';
import { registerRun } from '../commands/run';
import { registerRunRemote } from '../commands/runRemote';
import { registerStop } from '../commands/stop';
import { registerShowRecords } from '../commands/showRecords';

export function registerSessions(ctx: vscode.ExtensionContext): SessionManager {
  const sessions = new SessionManager(ctx);
  ctx.subscriptions.push(sessions);
  registerRun(ctx, sessions);
  registerRunRemote(ctx, sessions);
  registerStop(ctx, sessions);
  registerShowRecords(ctx, sessions);
  return sessions;
}
