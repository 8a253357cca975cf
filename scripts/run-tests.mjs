// Compiles the TypeScript tests of one layer (unit | integration | e2e) with esbuild into out/test/<layer>
// and runs them with node's own test runner. Extra arguments filter test files by substring.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [layer, ...filters] = process.argv.slice(2);
if (!['unit', 'integration', 'e2e'].includes(layer)) {
  console.error('usage: run-tests.mjs unit|integration|e2e [filter...]');
  process.exit(2);
}

function walk(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const srcDir = join(root, 'test', layer);
// One folder per run, so that two runs at once (a developer's and a watcher's) never delete each other's files.
const outDir = join(root, 'out', 'test', `${layer}-${process.pid}`);
rmSync(outDir, { recursive: true, force: true });
const files = walk(srcDir).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  // An empty layer is not a failure; a filter that matches nothing is (it is usually a typo).
  console.error(`no ${layer} tests${filters.length ? ' match' : ''}`);
  process.exit(filters.length ? 1 : 0);
}
await esbuild.build({
  entryPoints: files,
  outdir: outDir,
  outbase: srcDir,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'inline',
  packages: 'external',
  logLevel: 'warning',
});
const compiled = files.map((f) => join(outDir, relative(srcDir, f)).replace(/\.ts$/, '.js'));
const concurrency = layer === 'unit' ? [] : ['--test-concurrency=1'];
const r = spawnSync(process.execPath, ['--test', ...concurrency, ...compiled], {
  stdio: 'inherit',
  env: { ...process.env, RINGSCOPE_ROOT: root },
});
rmSync(outDir, { recursive: true, force: true });
process.exit(r.status ?? 1);
