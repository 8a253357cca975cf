// Test harness: a real VS Code (code-server, installed on demand into .cache by
// scripts/install-code-server.sh) bound to 127.0.0.1 with the built extension installed from a .vsix.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly extensionsDir: string;
  readonly userDataDir: string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${String(r.status)}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

export function codeServerEntry(root: string): string {
  return run('bash', [join(root, 'scripts/install-code-server.sh')], root).trim().split('\n').pop() ?? '';
}

/**
 * The .vsix to install: `npm run package` (the shipped package) when it works; otherwise one packaged
 * from a staging folder holding only what ships (package.json, dist/, bpf-templates/).
 */
export function packageVsix(root: string, workDir: string): string {
  const shipped = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const built = join(root, 'dist-vsix', 'ringscope.vsix');
  if (shipped.status === 0 && existsSync(built)) {
    cpSync(built, join(workDir, 'ringscope.vsix'));
    return join(workDir, 'ringscope.vsix');
  }
  run(process.execPath, [join(root, 'scripts/build.mjs')], root);
  const stage = join(workDir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(join(root, 'package.json'), join(stage, 'package.json'));
  cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true, filter: (p) => !p.endsWith('.map') });
  cpSync(join(root, 'bpf-templates'), join(stage, 'bpf-templates'), { recursive: true });
  const vsix = join(workDir, 'ringscope.vsix');
  run(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', vsix], stage);
  return vsix;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  readonly root: string;
  readonly folder: string;
  readonly vsix: string;
  readonly settings?: Record<string, unknown>;
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const entry = codeServerEntry(opts.root);
  const base = mkdtempSync(join(tmpdir(), 'rs-e2e-cs-'));
  const userDataDir = join(base, 'user');
  const extensionsDir = join(base, 'ext');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.colorTheme': 'Default Dark Modern',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'files.simpleDialog.enable': true,
      'window.dialogStyle': 'custom',
      'workbench.tips.enabled': false,
      ...opts.settings,
    }),
  );
  run(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', opts.vsix], opts.root);
  const installed = readdirSync(extensionsDir).find((d) => d.startsWith('ringscope.ringscope-'));
  if (installed === undefined) throw new Error(`the extension was not installed into ${extensionsDir}`);
  // A staged .vsix carries no node_modules: put the agent's native ffi-rs beside the extension.
  for (const mod of ['ffi-rs', '@yuuang/ffi-rs-linux-x64-gnu']) {
    const dest = join(extensionsDir, installed, 'node_modules', mod);
    if (!existsSync(dest)) cpSync(join(opts.root, 'node_modules', mod), dest, { recursive: true });
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      entry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      opts.folder,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (c: Buffer): void => {
      log += c.toString();
      if (log.includes('HTTP server listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`code-server exited (${String(code)}): ${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(opts.folder)}`,
    port,
    extensionsDir,
    userDataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        // only once code-server, which writes here until it exits, is gone (also if it was gone already)
        const removed = (): void => {
          rmSync(base, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return removed();
        child.once('exit', removed);
        child.kill('SIGTERM');
      }),
  };
}
