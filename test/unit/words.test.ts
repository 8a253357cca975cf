// wordsOf (server/src/analysis/words.ts): the distinct identifiers of a text in order of first use, exactly as the
// regular expression /[A-Za-z_]\w*/g finds them, on every C file of the repository and on awkward strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearAnalysisCaches } from '../../server/src/analysis/caches';
import { wordsOf } from '../../server/src/analysis/words';
import { cFiles } from './c-files-support';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const byRegex = (t: string): string[] => [...new Set(t.match(/[A-Za-z_]\w*/g) ?? [])];


void test('wordsOf: same words, same order as the regular expression', () => {
  clearAnalysisCaches();
  const awkward = ['', '9abc', 'a9_b 9 _ __x', 'é_x y\u00e9z', 'x\u2028y', '0x1fUL + 1e5f', 'a->b.c[d_1]', 'aa aa ab aa'];
  for (const t of awkward) assert.deepEqual(wordsOf(t), byRegex(t), JSON.stringify(t));
  const files = cFiles(join(root, 'test/fixtures'));
  assert.ok(files.length > 100);
  for (const f of files) {
    const t = readFileSync(f, 'utf8');
    assert.deepEqual(wordsOf(t), byRegex(t), f);
  }
});
