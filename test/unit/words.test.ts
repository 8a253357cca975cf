// wordsOf (server/src/analysis/words.ts): the distinct identifiers of a text in order of first use, exactly as the
// regular expression /[A-Za-z_]\w*/g finds them, on every C file of the repository and on awkward strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearAnalysisCaches } from '../../server/src/analysis/caches';
import { someIdentifier, wordsOf } from '../../server/src/analysis/words';
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

void test('someIdentifier: the identifiers of a range, in order, as the regular expression finds them in its slice', () => {
  const text = 'x = bpf_ringbuf_output(&rb_9, &e, sizeof e, 0); 9zz __a1';
  for (const [start, end] of [[0, text.length], [4, 22], [5, 30], [40, text.length], [3, 3]] as const) {
    const seen: string[] = [];
    assert.equal(someIdentifier(text, start, end, (w) => (seen.push(w), false)), false);
    assert.deepEqual(seen, text.slice(start, end).match(/[A-Za-z_]\w*/g) ?? [], `[${start}, ${end}]`);
  }
  assert.equal(someIdentifier(text, 0, text.length, (w) => w === 'rb_9'), true);
});
