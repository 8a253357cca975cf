// CodeLens above each bpf_ringbuf_submit/output site and each ring-buffer map of the running program,
// showing live counts (records read per ring; per-site counts when the agent sends `siteCounts`, else the
// ring total, and the tooltip says so). Refreshed at most once a second; nothing when no session runs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findRingSites } from './sites';
import { lensText } from './lensText';

export class SiteLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private source: string | undefined;
  private readonly ringCounts = new Map<string, number>();
  private siteCounts: Readonly<Record<string, number>> = {};
  private dirty = false;
  private readonly timer = setInterval(() => this.flush(), 1000);
  private readonly registration = vscode.languages.registerCodeLensProvider({ pattern: '**/*.bpf.c' }, this);

  start(source: vscode.Uri): void {
    this.source = source.fsPath;
    this.ringCounts.clear();
    this.siteCounts = {};
    this.changed.fire();
  }

  stop(): void {
    this.source = undefined;
    this.changed.fire();
  }

  ring(ring: string, received: number): void {
    this.ringCounts.set(ring, received);
    this.dirty = true;
  }

  sites(counts: Readonly<Record<string, number>>): void {
    this.siteCounts = counts;
    this.dirty = true;
  }

  private flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (this.source === undefined || doc.uri.fsPath !== this.source) return [];
    const base = path.basename(doc.uri.fsPath);
    return findRingSites(doc.getText()).map((s) => {
      const { title, tooltip } = lensText(s, base, this.ringCounts, this.siteCounts);
      const range = new vscode.Range(s.line, 0, s.line, 0);
      return new vscode.CodeLens(range, { title, tooltip, command: 'ringscope.showRecords', arguments: s.ring ? [s.ring] : [] });
    });
  }

  dispose(): void {
    clearInterval(this.timer);
    this.registration.dispose();
    this.changed.dispose();
  }
}
