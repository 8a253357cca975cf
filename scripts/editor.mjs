// The main job's editor step: packages the extension (npm run package), installs it into code-server
// (installed on demand into .cache), scaffolds a sample workspace from the reserve-submit template,
// starts code-server on 127.0.0.1 and prints the URL. Stays in the foreground until interrupted. Usage: node scripts/editor.mjs [--port N]   (env RINGSCOPE_EDITOR_PORT)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const portArg = process.argv.indexOf('--port');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : (process.env.RINGSCOPE_EDITOR_PORT ?? 8088));
const base = join(root, '.cache', 'main', 'editor');
const workspace = join(root, '.cache', 'main', 'workspace');

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
    process.exit(1);
  }
  return r.stdout;
}

const entry = run('bash', [join(root, 'scripts/install-code-server.sh')]).trim().split('\n').pop();

// The shipped package (npm run package); when that fails, a .vsix staged from package.json, dist/
// (no source maps) and bpf-templates/.
let vsix = join(root, 'dist-vsix', 'ringscope.vsix');
const shipped = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
if (shipped.status !== 0 || !existsSync(vsix)) {
  run(process.execPath, [join(root, 'scripts/build.mjs')]);
  const stage = join(base, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(join(root, 'package.json'), join(stage, 'package.json'));
  cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true, filter: (p) => !p.endsWith('.map') });
  cpSync(join(root, 'bpf-templates'), join(stage, 'bpf-templates'), { recursive: true });
  vsix = join(base, 'ringscope.vsix');
  run(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', vsix], stage);
}

const user = join(base, 'user');
const ext = join(base, 'ext');
rmSync(ext, { recursive: true, force: true });
mkdirSync(join(user, 'User'), { recursive: true });
writeFileSync(
  join(user, 'User', 'settings.json'),
  JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'ringscope.privilegeMode': 'sudo' }, null, 2),
);
run(process.execPath, [entry, '--extensions-dir', ext, '--user-data-dir', user, '--install-extension', vsix]);
// A staged .vsix carries no node_modules: the agent's native ffi-rs goes beside the installed extension.
const installed = readdirSync(ext).find((d) => d.startsWith('ringscope.ringscope-'));
for (const mod of ['ffi-rs', '@yuuang/ffi-rs-linux-x64-gnu']) {
  const dest = join(ext, installed, 'node_modules', mod);
  if (!existsSync(dest)) cpSync(join(root, 'node_modules', mod), dest, { recursive: true });
}

// The sample workspace: the reserve-submit template, scaffolded once.
mkdirSync(workspace, { recursive: true });
if (!existsSync(join(workspace, 'execsnoop.bpf.c'))) {
  run(process.execPath, [join(root, 'dist/cli.js'), 'new', 'reserve-submit', 'execsnoop', workspace]);
}

const child = spawn(
  process.execPath,
  [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', user, '--extensions-dir', ext,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let said = false;
child.stdout.on('data', (c) => {
  if (!said && c.toString().includes('HTTP server listening')) {
    said = true;
    console.log(`== VS Code with Ringscope: http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    console.log('   open execsnoop.bpf.c and press Run (Ctrl+Alt+R) to stream exec records on this machine; Ctrl+C stops.');
  }
});
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill('SIGTERM'));
