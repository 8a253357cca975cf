// Golden check without the kernel: on every verifier fixture (test/fixtures/verifier) and path fixture
// (test/fixtures/lint/paths), the lifetime rules report exactly the RS15x–RS19x entries of its `// lint:` header;
// path fixtures also pin messages, related locations and fixes in <name>.paths.json (RESET_RESULTS=1 rewrites).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParser } from '../../server/src/analysis/parser';
import type { Finding, Range } from '../../server/src/analysis/findings';
import { lintPaths } from './lint-path-support';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const dirs = [join(root, 'test/fixtures/verifier'), join(root, 'test/fixtures/lint/paths')].filter((d) => existsSync(d));
const PATH_CODE = /^RS1[5-9]\d$/;
const reset = process.env['RESET_RESULTS'] === '1';

const r1 = (r: Range): string => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;

function view(f: Finding): unknown {
  return {
    code: f.code,
    range: r1(f.range),
    message: f.message,
    related: (f.related ?? []).map((r) => `${r1(r.range)} ${r.message}`),
    fixes: (f.fixes ?? []).map((x) => ({ title: x.title, edits: x.edits.map((e) => `${r1(e.range)} ${JSON.stringify(e.newText)}`) })),
  };
}

before(async () => {
  await initParser();
});

for (const dir of dirs) {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.bpf.c')).sort()) {
    void test(`path golden: ${name}`, () => {
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      const header = /^\/\/ lint: (.*)$/m.exec(text)?.[1]?.trim() ?? 'none';
      const want = (header === 'none' ? [] : header.split(/\s*,\s*/)).filter((k) => PATH_CODE.test(k.split('@')[0] ?? '')).sort();
      const findings = lintPaths(text, file);
      const got = findings.map((f) => `${f.code}@${f.range.start.line + 1}`).sort();
      assert.deepEqual(got, want, JSON.stringify(findings.map((f) => `${f.code}@${f.range.start.line + 1} ${f.message}`)));
      if (!dir.endsWith('paths')) return;
      const golden = file.replace(/\.bpf\.c$/, '.paths.json');
      const actual = findings.map(view);
      if (reset || !existsSync(golden)) writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
      assert.deepEqual(actual, JSON.parse(readFileSync(golden, 'utf8')));
    });
  }
}
