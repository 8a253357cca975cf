// `npm run package` with the real @vscode/vsce: the .vsix holds the five bundles, the grammar wasm, the
// templates and ffi-rs with its native binary for every Linux triple, no other node_modules, and stays under 15 MB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const vsix = join(root, 'dist-vsix', 'ringscope.vsix');

interface ZipEntry {
  readonly name: string;
  readonly size: number;
}

/** Lists a zip's central directory (the end record, then one header per file). */
function listZip(bytes: Buffer): ZipEntry[] {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'no end of central directory record');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'central directory header');
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    entries.push({ name: bytes.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

void test('npm run package writes a .vsix with exactly what the extension needs', () => {
  const r = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const bytes = readFileSync(vsix);
  assert.ok(bytes.length < 15 * 1024 * 1024, `${bytes.length} bytes`);
  const names = listZip(bytes).map((e) => e.name);
  for (const bundle of ['extension', 'server', 'agent', 'webview', 'cli']) {
    assert.ok(names.includes(`extension/dist/${bundle}.js`), `dist/${bundle}.js`);
  }
  assert.ok(names.includes('extension/dist/tree-sitter.wasm'));
  assert.ok(names.includes('extension/dist/tree-sitter-c.wasm'));
  assert.ok(names.includes('extension/package.json'));
  if (existsSync(join(root, 'bpf-templates'))) {
    assert.ok(names.includes('extension/bpf-templates/templates.json'));
    const templates = spawnSync('git', ['ls-files', '--others', '--cached', '--exclude-standard', 'bpf-templates'], { cwd: root, encoding: 'utf8' })
      .stdout.split('\n')
      .filter((f) => f !== '');
    for (const f of templates) assert.ok(names.includes(`extension/${f}`), f);
  }
  const modules = names.filter((n) => n.includes('node_modules/')).sort();
  assert.deepEqual(modules, [
    'extension/node_modules/@yuuang/ffi-rs-linux-arm-gnueabihf/ffi-rs.linux-arm-gnueabihf.node',
    'extension/node_modules/@yuuang/ffi-rs-linux-arm-gnueabihf/package.json',
    'extension/node_modules/@yuuang/ffi-rs-linux-arm64-gnu/ffi-rs.linux-arm64-gnu.node',
    'extension/node_modules/@yuuang/ffi-rs-linux-arm64-gnu/package.json',
    'extension/node_modules/@yuuang/ffi-rs-linux-arm64-musl/ffi-rs.linux-arm64-musl.node',
    'extension/node_modules/@yuuang/ffi-rs-linux-arm64-musl/package.json',
    'extension/node_modules/@yuuang/ffi-rs-linux-x64-gnu/ffi-rs.linux-x64-gnu.node',
    'extension/node_modules/@yuuang/ffi-rs-linux-x64-gnu/package.json',
    'extension/node_modules/@yuuang/ffi-rs-linux-x64-musl/ffi-rs.linux-x64-musl.node',
    'extension/node_modules/@yuuang/ffi-rs-linux-x64-musl/package.json',
    'extension/node_modules/ffi-rs/LICENSE',
    'extension/node_modules/ffi-rs/index.js',
    'extension/node_modules/ffi-rs/package.json',
  ]);
  // Nothing from the sources, tests, scripts or source maps.
  const stray = names.filter((n) => /^extension\/(client|server|common|test|scripts|out|docs)\//.test(n) || n.endsWith('.map') || n.endsWith('.ts'));
  assert.deepEqual(stray, []);
});
