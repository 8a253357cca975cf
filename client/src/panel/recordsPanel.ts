// RecordsPanels: one webview tab per ring buffer in the editor area. The extension keeps each ring's
// bounded model (setting ringscope.retainedRows) whether or not a tab is open; visible tabs get batched
// deltas, a tab that becomes visible gets a snapshot. Also handles the webview's export requests.
import * as vscode from 'vscode';
import type { DecodedRecord } from '../../../common/records';
import { isFromWebview, assertNever, rowMatches, type ToWebview } from '../../../common/webviewProtocol';
import { render, panelMessages as m, uiMessages as ui } from '../../../common/messages';
import { RingModel, type StatsSample } from './ringModel';
import { Feeder, type PanelSink } from './feeder';
import { panelHtml } from './html';
import { toCsv, toJsonl } from './export';
import { ingestRecords } from './ingest';

export const DEFAULT_RETAINED_ROWS = 100000;

class RingView implements PanelSink {
  panel: vscode.WebviewPanel | undefined;
  feeder: Feeder;

  constructor(
    readonly ring: string,
    capacity: number,
  ) {
    this.feeder = new Feeder(new RingModel(ring, capacity), this);
  }

  /** A new session or replay: an empty model; the open tab (if any) gets the empty snapshot. */
  renew(capacity: number): void {
    this.feeder.dispose();
    this.feeder = new Feeder(new RingModel(this.ring, capacity), this);
    this.feeder.reveal();
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  post(msg: ToWebview): void {
    void this.panel?.webview.postMessage(msg);
  }
}

export class RecordsPanels implements vscode.Disposable {
  private readonly views = new Map<string, RingView>();
  private session: { text: string; running: boolean } = { text: ui.noSession.text(), running: false };
  private readonly dist: vscode.Uri;

  constructor(extensionUri: vscode.Uri) {
    this.dist = vscode.Uri.joinPath(extensionUri, 'dist');
  }

  private capacity(): number {
    const n = vscode.workspace.getConfiguration('ringscope').get<number>('retainedRows', DEFAULT_RETAINED_ROWS);
    return Number.isInteger(n) && n >= 1 ? n : DEFAULT_RETAINED_ROWS;
  }

  /** Ring names with a model, in creation order. */
  rings(): string[] {
    return [...this.views.keys()];
  }

  private view(ring: string): RingView {
    let v = this.views.get(ring);
    if (v === undefined) {
      v = new RingView(ring, this.capacity());
      this.views.set(ring, v);
    }
    return v;
  }

  /** Starts a fresh set of models (a new session or a replay): old tabs stay open and are reset. */
  reset(rings: readonly string[]): void {
    for (const [name, v] of this.views) {
      if (!rings.includes(name)) {
        v.feeder.dispose();
        v.panel?.dispose();
        this.views.delete(name);
      }
    }
    for (const r of rings) {
      const v = this.views.get(r);
      if (v !== undefined) v.renew(this.capacity());
      else this.view(r);
    }
  }

  addRecords(ring: string, batch: readonly DecodedRecord[]): void {
    ingestRecords(this.view(ring).feeder, batch);
  }

  stats(ring: string, s: StatsSample): void {
    this.view(ring).feeder.stats(s);
  }

  setSession(text: string, running: boolean): void {
    this.session = { text, running };
    for (const v of this.views.values()) v.post({ type: 'ringscope/session', text, running });
  }

  /** Opens (or reveals) the tab of one ring; all rings when none is named. */
  show(ring?: string, preserveFocus = true): void {
    const names = ring !== undefined ? [ring] : this.rings();
    for (const name of names) this.open(this.view(name), preserveFocus);
  }

  private open(v: RingView, preserveFocus: boolean): void {
    if (v.panel !== undefined) {
      v.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'ringscope.records',
      `Records: ${v.ring}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, localResourceRoots: [this.dist], retainContextWhenHidden: false },
    );
    v.panel = panel;
    panel.webview.html = panelHtml(panel.webview, this.dist, `Records: ${v.ring}`);
    panel.onDidChangeViewState(() => {
      // A tab that was hidden missed its deltas: send everything retained.
      if (panel.visible) this.greet(v);
    });
    panel.onDidDispose(() => {
      if (v.panel === panel) v.panel = undefined;
    });
    panel.webview.onDidReceiveMessage((msg: unknown) => {
      if (!isFromWebview(msg)) return;
      switch (msg.type) {
        case 'ringscope/ready':
          this.greet(v);
          return;
        case 'ringscope/pause':
          v.feeder.setPaused(msg.paused);
          return;
        case 'ringscope/clear':
          v.feeder.clear();
          return;
        case 'ringscope/export':
          void this.export(v, msg.format, msg.filters);
          return;
        default:
          assertNever(msg);
      }
    });
  }

  private greet(v: RingView): void {
    v.post({ type: 'ringscope/session', ...this.session });
    v.feeder.reveal();
  }

  private async export(v: RingView, format: 'jsonl' | 'csv', filters: Readonly<Record<string, string>>): Promise<void> {
    const rows = v.feeder.model.rows().filter((r) => rowMatches(r, filters));
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${v.ring}.${format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON lines': ['jsonl'] },
      title: render(m.exportTitle, v.ring),
    });
    if (target === undefined) return;
    const text = format === 'csv' ? toCsv(rows) : toJsonl(rows);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(render(m.exported, rows.length, target.fsPath));
  }

  dispose(): void {
    for (const v of this.views.values()) {
      v.feeder.dispose();
      v.panel?.dispose();
    }
    this.views.clear();
  }
}
