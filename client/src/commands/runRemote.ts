// "Ringscope: Run on Remote Host…": a quick pick of the Host aliases in ~/.ssh/config (default host
// first; ringscope.sshConfigFile replaces that file) plus free entry of user@host[:port]; then runs like
// Run on This Machine, over SSH.
import * as vscode from 'vscode';
import { readSshHosts } from '../../transport/sshConfig';
import { panelMessages as m, uiMessages as ui } from '../../../common/messages';
import type { SessionManager } from '../session/manager';

interface HostItem extends vscode.QuickPickItem {
  readonly destination: string;
}

export async function pickHost(): Promise<string | undefined> {
  const cfg = vscode.workspace.getConfiguration('ringscope');
  const preferred = cfg.get<string>('defaultHost', '');
  const configFile = cfg.get<string>('sshConfigFile', '');
  let hosts: HostItem[] = [];
  try {
    hosts = (configFile !== '' ? readSshHosts(configFile) : readSshHosts()).map((h) => ({
      label: h.alias,
      description: [h.user, h.hostName, h.port !== undefined ? String(h.port) : undefined].filter(Boolean).join(' · '),
      destination: h.alias,
    }));
  } catch {
    hosts = [];
  }
  hosts.sort((a, b) => Number(b.destination === preferred) - Number(a.destination === preferred));
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<HostItem>();
    qp.title = ui.remoteTitle.text();
    qp.placeholder = m.hostPrompt.text();
    qp.items = hosts;
    let done = false;
    const finish = (v: string | undefined): void => {
      if (done) return;
      done = true;
      resolve(v);
      qp.dispose();
    };
    qp.onDidChangeValue((v) => {
      // Free entry: offer what was typed when it names no alias.
      const typed = v.trim();
      qp.items = typed !== '' && !hosts.some((h) => h.destination === typed)
        ? [{ label: typed, description: ui.remoteTyped.text(), destination: typed }, ...hosts]
        : hosts;
    });
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.destination ?? (qp.value.trim() || undefined)));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

export function registerRunRemote(ctx: vscode.ExtensionContext, sessions: SessionManager): void {
  ctx.subscriptions.push(
    vscode.commands.registerCommand('ringscope.runRemote', async (arg?: unknown, host?: unknown) => {
      const destination = typeof host === 'string' && host !== '' ? host : await pickHost();
      if (destination === undefined) return;
      const configFile = vscode.workspace.getConfiguration('ringscope').get<string>('sshConfigFile', '');
      await sessions.run(arg, { kind: 'ssh', destination, ...(configFile !== '' ? { configFile } : {}) });
    }),
  );
}
