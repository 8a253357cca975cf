// Robustness of the CFG builder and path engine: thousands of deterministic random edits (truncations,
// deleted braces, inserted garbage) of the verifier fixtures; the engine itself must never throw.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParser } from '../../server/src/analysis/parser';
import { getProgramModel } from '../../server/src/analysis/analyze';
import { PathEngine } from '../../server/src/analysis/paths/engine';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const dir = join(root, 'test/fixtures/verifier');
const texts = readdirSync(dir)
  .filter((f) => /^[defij]\w*\.bpf\.c$/.test(f))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));

before(async () => {
  await initParser();
});

/** xorshift32: the same edits on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const GARBAGE = ['{', '}', '(', ')', ';', 'if (', 'else', 'goto x;', 'return', '&&', '?', ':', 'e->', '*', 'bpf_ringbuf_submit(', 'x:', 'switch (e) {', 'case 1:', 'while (1)', '#if 0', '"'];

function mutate(text: string, r: () => number): string {
  const at = Math.floor(r() * text.length);
  switch (Math.floor(r() * 4)) {
    case 0:
      return text.slice(0, at);
    case 1: {
      const i = text.indexOf(r() < 0.5 ? '{' : '}', at);
      return i < 0 ? text.slice(0, at) : text.slice(0, i) + text.slice(i + 1);
    }
    case 2:
      return text.slice(0, at) + (GARBAGE[Math.floor(r() * GARBAGE.length)] ?? '') + text.slice(at);
    default: {
      const len = Math.floor(r() * 40);
      return text.slice(0, at) + text.slice(at + len);
    }
  }
}

void test('paths fuzz: 3000 random edits of the fixtures never make the engine throw', () => {
  assert.ok(texts.length > 40, `${texts.length} fixtures`);
  const r = rng(0x5eed);
  let runs = 0;
  for (let i = 0; i < 3000; i++) {
    const base = texts[i % texts.length] ?? '';
    let text = mutate(base, r);
    if (r() < 0.3) text = mutate(text, r);
    const model = getProgramModel('/t/fuzz.bpf.c', text, { pageSize: 4096, includePaths: [] }, { read: () => undefined });
    if (model === undefined) continue;
    const report = new PathEngine(model).run();
    assert.ok(Array.isArray(report.events));
    runs++;
  }
  assert.equal(runs, 3000);
});
