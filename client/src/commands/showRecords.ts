// "Ringscope: Show Records" opens (or reveals) the records tab of one ring (CodeLens passes its name) or
// of every ring; "Ringscope: Replay Record File…" loads a record file into the panels without a kernel.
import * as vscode from 'vscode';
import { render, panelMessages as m, uiMessages as ui } from '../../../common/messages';
import { parseRecordFile } from '../session/recordFile';
import type { SessionManager } from '../session/manager';

export function registerShowRecords(ctx: vscode.ExtensionContext, sessions: SessionManager): void {
  const panels = sessions.deps.panels;
  ctx.subscriptions.push(
    vscode.commands.registerCommand('ringscope.showRecords', (ring?: unknown) => {
      if (typeof ring === 'string') return panels.show(ring, false);
      if (panels.rings().length === 0) {
        void vscode.window.showInformationMessage(render(m.noRecords));
        return undefined;
      }
      return panels.show(undefined, false);
    }),
    vscode.commands.registerCommand('ringscope.replayRecords', async (file?: unknown) => {
      const uri =
        file instanceof vscode.Uri
          ? file
          : typeof file === 'string'
            ? vscode.Uri.file(file)
            : (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Ringscope records': ['jsonl', 'rsrec'] } }))?.[0];
      if (uri === undefined) return;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const parsed = parseRecordFile(text);
      if (!parsed.ok) {
        void vscode.window.showErrorMessage(render(m.badRecordFile, uri.fsPath, parsed.line, parsed.why));
        return;
      }
      const { header, lines } = parsed;
      panels.reset(header.rings);
      panels.setSession(ui.replayName.text(header.object || uri.fsPath), false);
      for (const l of lines) panels.addRecords(l.ring, [l.record]);
      panels.show(undefined, false);
      void vscode.window.showInformationMessage(render(m.replayed, lines.length, header.rings.length, uri.fsPath));
    }),
  );
}
