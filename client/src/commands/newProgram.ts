// "Ringscope: New Ring Buffer Program": pick a template (quick pick with descriptions), name the
// program (validated as you type), pick a folder, write the files and open them. The files and
// editor settings come from client/templates; this file is only the VS Code dialogue.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { render, templateMessages as M } from '../../../common/messages';
import { cachedVmlinuxDir } from '../../cli/commands/new';
import { nameProblem } from '../../templates/scaffold';
import { loadTemplateIndex, scaffold, TemplateError } from '../../templates/write';

interface TemplatePick extends vscode.QuickPickItem {
  readonly id: string;
}

function validateName(value: string): string | undefined {
  const problem = nameProblem(value);
  if (problem === 'invalid') return render(M.invalidName, value);
  if (problem === 'reserved') return render(M.reservedName, value);
  return undefined;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const near = active?.scheme === 'file' ? vscode.Uri.joinPath(active, '..') : folders[0]?.uri;
  if (!near) {
    void vscode.window.showErrorMessage(render(M.noFolder));
    return undefined;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: near,
    openLabel: M.pickFolder.text(),
  });
  return picked?.[0];
}

async function newProgram(templatesDir: string): Promise<void> {
  const index = loadTemplateIndex(templatesDir);
  const items: TemplatePick[] = index.templates.map((t) => ({ id: t.id, label: t.title, description: t.id, detail: t.description }));
  const template = await vscode.window.showQuickPick(items, { placeHolder: M.pickTemplate.text(), matchOnDescription: true, matchOnDetail: true });
  if (!template) return;
  const info = index.templates.find((t) => t.id === template.id);
  const name = await vscode.window.showInputBox({ prompt: M.enterName.text(), value: info?.placeholder ?? '', validateInput: validateName });
  if (name === undefined) return;
  const folder = await pickFolder();
  if (!folder) return;
  const workspace = vscode.workspace.getWorkspaceFolder(folder)?.uri.fsPath;
  const vmlinuxDir = await cachedVmlinuxDir();
  const result = scaffold({
    templatesDir,
    templateId: template.id,
    name,
    dir: folder.fsPath,
    ...(workspace ? { workspace } : {}),
    ...(vmlinuxDir !== undefined ? { vmlinuxDir } : {}),
  });
  // open the header beside the program, the program last so it has the focus
  for (const file of [...result.written.filter((f) => f.endsWith('.h')), result.main]) {
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  }
  const hint =
    vmlinuxDir !== undefined ? ' ' + render(M.vmlinuxCached, vmlinuxDir) : existsSync(join(folder.fsPath, 'vmlinux.h')) ? '' : ' ' + render(M.vmlinuxHint, folder.fsPath);
  void vscode.window.showInformationMessage(render(M.written, result.written.length, folder.fsPath) + hint);
}

export function registerNewProgram(ctx: vscode.ExtensionContext): void {
  const templatesDir = join(ctx.extensionPath, 'bpf-templates');
  ctx.subscriptions.push(
    vscode.commands.registerCommand('ringscope.newProgram', async () => {
      try {
        await newProgram(templatesDir);
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        void vscode.window.showErrorMessage(e.message);
      }
    }),
  );
}
