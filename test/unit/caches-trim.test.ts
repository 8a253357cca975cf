// trimOldest (server/src/analysis/caches.ts): a full memo drops its oldest eighth at once, never more, and keeps
// insertion order; under the cap it drops nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trimOldest } from '../../server/src/analysis/caches';

void test('trimOldest: nothing under the cap; past it, the oldest eighth goes at once', () => {
  const m = new Map<number, number>();
  for (let i = 0; i < 64; i++) m.set(i, i);
  trimOldest(m, 64);
  assert.equal(m.size, 64);
  m.set(64, 64);
  trimOldest(m, 64);
  assert.equal(m.size, 56);
  assert.deepEqual([...m.keys()].slice(0, 2), [9, 10]);
  assert.equal([...m.keys()].at(-1), 64);
  // the next eight insertions fit without a trim
  for (let i = 65; i < 73; i++) {
    m.set(i, i);
    trimOldest(m, 64);
    assert.equal(m.size, i - 8);
  }
});

void test('trimOldest: sets too, and a memo churned well past its cap stays within it', () => {
  const s = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    s.add(`k${i}`);
    trimOldest(s, 1000);
    assert.ok(s.size <= 1000);
  }
  assert.ok(s.size >= 875);
  assert.ok(s.has('k9999') && !s.has('k0'));
});
