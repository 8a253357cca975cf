// The editor's quick fixes against the real verifier: leak.bpf.c is rejected as written; after applying
// the server's preferred quick fix for each of its errors (NULL check, discard before the leaking return)
// it compiles with clang and loads on this kernel. The LSP fixtures the server calls clean load too.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../unit/lsp-harness';
import { fixture, fixtureText } from '../unit/lsp-fixtures';
import { loadAll, prepareKernel, run, vmlinuxDir } from './support/kernel';

const work = mkdtempSync(join(tmpdir(), 'rs-lsp-fix-'));
let lsp: LspClient;

void before(async () => {
  await prepareKernel();
  for (const h of ['events.h', 'sizes.h', 'maps.h']) copyFileSync(fixture(h), join(work, h));
  lsp = await LspClient.start();
});
void after(async () => {
  await lsp.stop();
});
// a hook of its own, so that a server that fails to stop still leaves no folder behind
void after(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** Compiles and loads a program text; undefined when it loads, else the loader's output. */
async function loads(name: string, text: string): Promise<string | undefined> {
  const src = join(work, name);
  writeFileSync(src, text);
  const obj = src.replace(/\.c$/, '.o');
  await run('clang', ['-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', `-I${vmlinuxDir}`, `-I${work}`, '-c', src, '-o', obj]);
  return loadAll(obj, `/sys/fs/bpf/rs-lsp-${process.pid}-${n++}`);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const at = (p: { line: number; character: number }): number => (starts[p.line] ?? text.length) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => at(b.range.start) - at(a.range.start))) out = out.slice(0, at(e.range.start)) + e.newText + out.slice(at(e.range.end));
  return out;
}

void test('the server agrees with the verifier on the LSP fixtures', async () => {
  for (const [name, clean] of [['clean.bpf.c', true], ['sized.bpf.c', true], ['leak.bpf.c', false], ['mistakes.bpf.c', false], ['header-map.bpf.c', false]] as const) {
    const version = await lsp.open(fixture(name), fixtureText(name));
    const errors = (await lsp.diagnostics(fixture(name), version)).filter((d) => d.severity === 1);
    const headerErrors = name === 'header-map.bpf.c' ? (await lsp.nthPublish(fixture('maps.h'), 1)).filter((d) => d.severity === 1) : [];
    const loadError = await loads(name, fixtureText(name));
    assert.equal(errors.length + headerErrors.length === 0, clean, `${name}: ${JSON.stringify(errors)}`);
    assert.equal(loadError === undefined, clean, `${name}: ${loadError ?? 'loaded'}`);
    await lsp.close(fixture(name));
  }
});

void test('leak.bpf.c loads after applying the quick fixes the server offers for its errors', async () => {
  const path = fixture('leak.bpf.c');
  let text = fixtureText('leak.bpf.c');
  assert.match((await loads('leak-orig.bpf.c', text)) ?? '', /invalid mem access 'ringbuf_mem_or_null'/);
  let version = await lsp.open(path, text);
  let errors = (await lsp.diagnostics(path, version)).filter((d) => d.severity === 1);
  assert.equal(errors.length, 2);
  for (let round = 0; errors.length > 0 && round < 4; round++) {
    const d = errors[0];
    assert.ok(d !== undefined);
    const actions = (await lsp.codeActions(path, d.range, [d])) ?? [];
    const fix = actions.find((a) => a.isPreferred === true) ?? actions[0];
    const edits = fix?.edit?.changes?.[uriOf(path)];
    assert.ok(edits !== undefined, `no quick fix for ${String(d.code)}`);
    text = applyEdits(text, edits);
    version = await lsp.change(path, text);
    errors = (await lsp.diagnostics(path, version)).filter((x) => x.severity === 1);
  }
  assert.deepEqual(errors, []);
  assert.equal(await loads('leak-fixed.bpf.c', text), undefined);
  await lsp.close(path);
});
