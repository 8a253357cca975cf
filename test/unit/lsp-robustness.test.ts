// Robustness of the language server on half-typed code: every line prefix of every BPF C fixture, then
// random truncations, deleted braces and inserted garbage (fixed seed), each sent as an edit. The server
// must publish diagnostics for every version, answer hovers and completions, and log no failure.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient, root } from './lsp-harness';

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.bpf.c')) out.push(p);
  }
  return out;
}

/** mulberry32: a small deterministic PRNG, so a failure replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const garbage = ['{', '}', '(', ')', ';', '*', '&', 'bpf_ringbuf_reserve(', 'bpf_ringbuf_submit(e, ', 'SEC("', '__uint(', '#include "', '/*', '"', "'", '\\', 'if (', 'struct {', '0x', '->'];

/** Random damaged versions of a text: truncation, a deleted brace, inserted garbage, a deleted span. */
function mutations(text: string, n: number, next: () => number): string[] {
  const out: string[] = [];
  const at = (): number => Math.floor(next() * (text.length + 1));
  for (let i = 0; i < n; i++) {
    switch (i % 4) {
      case 0:
        out.push(text.slice(0, at()));
        break;
      case 1: {
        const braces = [...text.matchAll(/[{}()]/g)].map((m) => m.index ?? 0);
        const b = braces[Math.floor(next() * braces.length)] ?? 0;
        out.push(text.slice(0, b) + text.slice(b + 1));
        break;
      }
      case 2: {
        const p = at();
        out.push(text.slice(0, p) + (garbage[Math.floor(next() * garbage.length)] ?? '') + text.slice(p));
        break;
      }
      default: {
        const p = at();
        out.push(text.slice(0, p) + text.slice(Math.min(text.length, p + 1 + Math.floor(next() * 40))));
      }
    }
  }
  return out;
}

void describe('language server robustness', () => {
  let lsp: LspClient;
  const fixtures = walk(join(root, 'test/fixtures'));
  let edits = 0;

  void before(async () => {
    lsp = await LspClient.start();
  });
  void after(async () => {
    await lsp.stop();
  });

  void it(`answers every edit of ${fixtures.length} fixtures (line prefixes and 24 random mutations each, seed 1)`, async (t) => {
    const next = rng(1);
    for (const path of fixtures) {
      const text = readFileSync(path, 'utf8');
      const lines = text.split('\n');
      const versions = [...lines.map((_, i) => lines.slice(0, i + 1).join('\n')), ...mutations(text, 24, next)];
      await lsp.open(path, '');
      await lsp.diagnostics(path, 1);
      for (const v of versions) {
        const version = await lsp.change(path, v);
        const diags = await lsp.diagnostics(path, version);
        assert.ok(Array.isArray(diags));
        edits++;
        if (edits % 7 === 0) {
          const line = Math.floor(next() * (v.split('\n').length + 1));
          const ch = Math.floor(next() * 30);
          await lsp.hover(path, line, ch);
          await lsp.completion(path, line, ch);
        }
      }
      await lsp.close(path);
    }
    assert.ok(lsp.alive);
    t.diagnostic(`${edits} edits answered`);
    assert.ok(edits > fixtures.length * 24, `${edits} edits`);
  });

  void it('logged no analysis or rule failure on any edit', () => {
    assert.deepEqual(lsp.logs.filter((l) => l.includes('RS-LSP') || l.includes('failed')), []);
  });
});
