// Golden tests of the lint core: each test/fixtures/lint/*.bpf.c is analysed and its findings (code,
// severity, 1-based range, message, fixes) must equal <name>.expected.json. RESET_RESULTS=1 rewrites them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { initParser } from '../../server/src/analysis/parser';
import { defaultSettings, type Finding, type Range } from '../../server/src/analysis/findings';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const dir = join(root, 'test/fixtures/lint');
const reset = process.env['RESET_RESULTS'] === '1';
// These goldens pin the per-statement rules (RS10x-RS14x); the path rules keep their own goldens, so that
// a change there does not rewrite these files.
const OWN = /^RS1[0-4]\d$/;

/** The fixtures directly in test/fixtures/lint (sub-folders: headers, and the path rules' own goldens). */
function fixtures(d: string): string[] {
  return readdirSync(d)
    .map((n) => join(d, n))
    .filter((p) => p.endsWith('.bpf.c') && statSync(p).isFile());
}

const r1 = (r: Range): string => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;

function view(f: Finding, base: string): unknown {
  return {
    code: f.code,
    severity: f.severity,
    file: relative(base, f.file),
    range: r1(f.range),
    message: f.message,
    ...(f.fixes ? { fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => `${r1(e.range)} ${JSON.stringify(e.newText)}`) })) } : {}),
  };
}

const source = { read: (p: string): string | undefined => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };

before(() => initParser());

for (const file of fixtures(dir).sort()) {
  void test(`lint golden: ${relative(dir, file)}`, () => {
    const text = readFileSync(file, 'utf8');
    const m = /^\/\/ settings: (.*)$/m.exec(text);
    const given = m?.[1] ? (JSON.parse(m[1]) as { pageSize?: number; includePaths?: string[] }) : {};
    const settings = {
      pageSize: given.pageSize ?? defaultSettings.pageSize,
      includePaths: (given.includePaths ?? []).map((p) => join(dirname(file), p)),
    };
    const actual = analyzeFile(file, text, settings, source).findings
      .filter((f) => OWN.test(f.code))
      .map((f) => view(f, dirname(file)));
    const expectedFile = file.replace(/\.bpf\.c$/, '.expected.json');
    if (reset || !existsSync(expectedFile)) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
}
