// Builds every bundle with esbuild (one context per bundle) and copies the grammar wasm next to them.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ffi-rs carries a native binary per platform: it is shipped as a package, never bundled.
  external: ['vscode', 'ffi-rs'],
};

const bundles = [
  { ...node, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/extension.js') },
  { ...node, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server.js') },
  { ...node, entryPoints: [join(root, 'server/src/parseWorker.ts')], outfile: join(root, 'dist/parseWorker.js') },
  { ...node, entryPoints: [join(root, 'client/agent/main.ts')], outfile: join(root, 'dist/agent.js') },
  {
    ...node,
    entryPoints: [join(root, 'client/cli/main.ts')],
    outfile: join(root, 'dist/cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: [join(root, 'client/webview/main.ts')],
    outfile: join(root, 'dist/webview.js'),
  },
].filter((b) => existsSync(b.entryPoints[0]));

function copyAssets() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(root, 'dist/tree-sitter.wasm'));
  copyFileSync(require.resolve('tree-sitter-c/tree-sitter-c.wasm'), join(root, 'dist/tree-sitter-c.wasm'));
  if (existsSync(join(root, 'client/webview/panel.css'))) {
    copyFileSync(join(root, 'client/webview/panel.css'), join(root, 'dist/panel.css'));
  }
  if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
}

if (watch) {
  const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  copyAssets();
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
  copyAssets();
}
