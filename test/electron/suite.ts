// In-editor smoke suite for @vscode/test-electron (scripts/test-electron.mjs), for machines that can download
// VS Code. It runs inside the extension host: the extension activates, its commands exist, and the language
// server publishes the leak diagnostic on a fixture. CI here runs the same story in code-server (test/e2e).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';

const root = join(__dirname, '..', '..', '..');

function diagnosticsFor(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === code);
      if (found.length > 0) resolve(found);
      return found.length > 0;
    };
    if (check()) return;
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (check()) sub.dispose();
    });
  });
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension('ringscope.ringscope');
  assert.ok(ext, 'the extension is installed');
  await ext.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const c of ['ringscope.checkHost', 'ringscope.build', 'ringscope.newProgram']) assert.ok(commands.includes(c), c);
  const uri = vscode.Uri.file(join(root, 'test', 'fixtures', 'lsp', 'leak.bpf.c'));
  await vscode.window.showTextDocument(uri);
  const leaks = await diagnosticsFor(uri, 'RS161');
  assert.equal(leaks[0]?.severity, vscode.DiagnosticSeverity.Error);
}
