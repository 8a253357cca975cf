// Runs test/electron/suite.ts inside a VS Code that @vscode/test-electron downloads into .vscode-test/. Kept for
// machines that can reach the VS Code download servers; this workplace blocks them, so `npm test` runs the e2e
// layer in code-server instead (test/e2e). Usage: npm run test:electron
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const suite = join(root, 'out', 'test', 'electron', 'suite.js');
await esbuild.build({
  entryPoints: [join(root, 'test', 'electron', 'suite.ts')],
  outfile: suite,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
});
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [join(root, 'test', 'fixtures', 'lsp'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (err) {
  console.error(`test-electron: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
