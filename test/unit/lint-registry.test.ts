// The rule registry: codes are unique, every rule cites rule-book rows, and every code has its
// docs/rules.md section (the target of the diagnostics' codeDescription link).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../server/src/analysis/rules/index';
import { docsAnchor } from '../../server/src/analysis/rules/rule';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();

void test('lint registry: unique codes, rows cited, one docs section per code', () => {
  const codes = rules.map((r) => r.code);
  assert.deepEqual([...new Set(codes)], codes);
  for (const r of rules) {
    assert.match(r.code, /^RS\d{3}$/);
    assert.ok(r.rows.length > 0, `${r.code} cites no rows`);
    assert.ok(r.summary.length > 0, `${r.code} has no summary`);
  }
  const docs = readFileSync(join(root, 'docs/rules.md'), 'utf8');
  const sections = [...docs.matchAll(/^## (RS\d{3})$/gm)].map((m) => m[1]);
  assert.deepEqual(codes.filter((c) => !sections.includes(c)), []);
  assert.equal(docsAnchor('RS121'), 'docs/rules.md#rs121');
});
