// Holds the one running session and the things sessions share (panels, verifier diagnostics, status bar,
// CodeLens, log). Commands go through it; it enforces workspace trust and one session at a time.
import * as vscode from 'vscode';
import { render, panelMessages as m } from '../../../common/messages';
import { RecordsPanels } from '../panel/recordsPanel';
import { Session, type SessionDeps } from './session';
import { SessionStatus } from './statusItem';
import { SiteLens } from './siteLens';
import { VerifierDiagnostics } from './verifierDiagnostics';
import type { RunTarget } from './connect';

export class SessionManager implements vscode.Disposable {
  readonly deps: SessionDeps;
  private current: Session | undefined;

  constructor(ctx: vscode.ExtensionContext) {
    this.deps = {
      extensionRoot: ctx.extensionUri.fsPath,
      panels: new RecordsPanels(ctx.extensionUri),
      diagnostics: new VerifierDiagnostics(),
      status: new SessionStatus(),
      lens: new SiteLens(),
      log: vscode.window.createOutputChannel('Ringscope Sessions', { log: true }),
    };
  }

  get session(): Session | undefined {
    return this.current;
  }

  /** The .bpf.c to run: the argument (editor title / explorer menus pass a Uri) or the active editor. */
  static sourceFrom(arg: unknown): vscode.Uri | undefined {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    return uri !== undefined && uri.fsPath.endsWith('.bpf.c') ? uri : undefined;
  }

  async run(arg: unknown, target: RunTarget): Promise<Session | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(render(m.untrusted));
      return undefined;
    }
    const source = SessionManager.sourceFrom(arg);
    if (source === undefined) {
      void vscode.window.showErrorMessage(render(m.noBpfFile));
      return undefined;
    }
    if (this.current !== undefined) {
      void vscode.window.showErrorMessage(render(m.alreadyRunning, this.current.description));
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
    if (doc?.isDirty) await doc.save();
    const s = new Session(this.deps, source, target);
    this.current = s;
    void s.ended.then(() => {
      if (this.current === s) this.current = undefined;
    });
    await s.start();
    return s;
  }

  async stop(): Promise<void> {
    const s = this.current;
    if (s === undefined) {
      void vscode.window.showInformationMessage(render(m.noSession));
      return;
    }
    await s.stop();
  }

  dispose(): void {
    void this.current?.stop();
    this.deps.panels.dispose();
    this.deps.diagnostics.dispose();
    this.deps.status.dispose();
    this.deps.lens.dispose();
    this.deps.log.dispose();
  }
}
