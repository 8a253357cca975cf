// Robustness of the lint core: thousands of random edits (truncations, deleted braces and parentheses,
// inserted garbage, duplicated lines) of the real verifier fixtures never make analyzeFile throw, and the
// incremental re-parse gives the same findings as a fresh parse.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, getProgramModel, setRuleFailureLogger } from '../../server/src/analysis/analyze';
import { initParser } from '../../server/src/analysis/parser';
import { rng } from './rng-support';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const dir = join(root, 'test/fixtures/verifier');
const texts = readdirSync(dir)
  .filter((f) => f.endsWith('.bpf.c'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));


const GARBAGE = ['{', '}', '(', ')', ';', ',', '&', '*', 'sizeof(', '__uint(', 'SEC("', '"', "'", '/*', '#define X', '\n', '->', '0x', '[', ']', '?', ':', 'struct {'];

function mutate(text: string, r: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(r() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (t.length + 1));
    switch (Math.floor(r() * 5)) {
      case 0:
        t = t.slice(0, at); // truncation, as while typing at the end
        break;
      case 1: {
        const k = t.search(/[{}()]/);
        const idx = k < 0 ? -1 : t.indexOf(t[k] ?? '', at % Math.max(1, t.length));
        if (idx >= 0) t = t.slice(0, idx) + t.slice(idx + 1);
        break;
      }
      case 2:
        t = t.slice(0, at) + (GARBAGE[Math.floor(r() * GARBAGE.length)] ?? '') + t.slice(at);
        break;
      case 3:
        t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 40));
        break;
      default: {
        const lines = t.split('\n');
        const l = Math.floor(r() * lines.length);
        lines.splice(l, 0, lines[l] ?? '');
        t = lines.join('\n');
      }
    }
  }
  return t;
}

before(() => initParser());

void test('lint robustness: 3000 random edits of real fixtures never throw and no rule fails', () => {
  const failures: string[] = [];
  setRuleFailureLogger((code, err) => failures.push(`${code}: ${err instanceof Error ? err.message : String(err)}`));
  const r = rng(20261125);
  const settings = { pageSize: 4096, includePaths: [] };
  const sources = { read: (): undefined => undefined };
  let findings = 0;
  for (let i = 0; i < 3000; i++) {
    const base = texts[i % texts.length] ?? '';
    const text = mutate(base, r);
    // one file name for all edits: every parse after the first is incremental (parser.ts)
    const result = analyzeFile('/fuzz/x.bpf.c', text, settings, sources);
    findings += result.findings.length;
    if (i % 10 === 0) {
      // the incremental parse must give what a fresh parse gives
      const fresh = analyzeFile(`/fuzz/fresh-${i}.bpf.c`, text, settings, sources);
      const view = (fs: typeof result.findings): string[] => fs.map((f) => `${f.code} ${JSON.stringify(f.range)} ${f.message}`);
      assert.deepEqual(view(result.findings), view(fresh.findings), `edit ${i}`);
    }
    for (const f of result.findings) {
      assert.ok(f.range.start.line >= 0 && f.range.end.line >= f.range.start.line, `bad range in edit ${i}`);
    }
  }
  // models are disposed by analyzeFile; getProgramModel still answers afterwards
  const m = getProgramModel('/fuzz/y.bpf.c', texts[0] ?? '', settings, sources);
  assert.ok(m);
  m.dispose();
  assert.deepEqual(failures.slice(0, 5), []);
  assert.ok(findings > 0);
});
