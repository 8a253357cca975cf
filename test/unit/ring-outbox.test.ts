// Outbox (client/agent/ring/outbox.ts): records go out in order, in slices of at most a given number of record
// bytes (one record at least), across batches added between slices and past the compaction of sent ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedRecord } from '../../common/records';
import { Outbox } from '../../client/agent/ring/outbox';
import type { SampleBatch } from '../../client/agent/ring/samples';

const rec = (size: number): DecodedRecord => ({ type: 'struct rec', size, fields: {} });

function batch(from: number, n: number, size: number): SampleBatch {
  return {
    batch: Array.from({ length: n }, () => rec(size)),
    seqs: Array.from({ length: n }, (_, i) => from + i),
    ts: Array.from({ length: n }, (_, i) => 1_764_000_000_000 + from + i),
  };
}

void test('slices hold at most the byte budget, in order, and empty the outbox', () => {
  const o = new Outbox();
  o.add(batch(0, 10, 256));
  assert.equal(o.length, 10);
  const a = o.slice(1024);
  assert.deepEqual(a.seqs, [0, 1, 2, 3]);
  assert.deepEqual(a.ts, [1_764_000_000_000, 1_764_000_000_001, 1_764_000_000_002, 1_764_000_000_003]);
  assert.equal(a.batch.length, 4);
  assert.equal(o.length, 6);
  o.add(batch(10, 2, 256));
  assert.deepEqual(o.slice(1000).seqs, [4, 5, 6], 'whole records only: 3 of 256 bytes fit in 1000');
  assert.deepEqual(o.slice(1 << 20).seqs, [7, 8, 9, 10, 11]);
  assert.equal(o.length, 0);
  assert.deepEqual(o.slice(1024), { batch: [], seqs: [], ts: [] });
});

void test('a record larger than the budget goes out alone', () => {
  const o = new Outbox();
  o.add({ batch: [rec(5000), rec(10)], seqs: [7, 8], ts: [0, 0] });
  assert.deepEqual(o.slice(1024).seqs, [7]);
  assert.deepEqual(o.slice(1024).seqs, [8]);
});

void test('thousands of records through small slices: every seq once, in order, past the compaction', () => {
  const o = new Outbox();
  const seen: number[] = [];
  let next = 0;
  for (let round = 0; round < 30; round++) {
    o.add(batch(next, 700, 32));
    next += 700;
    for (let k = 0; k < 3 && o.length > 0; k++) seen.push(...o.slice(32 * 150).seqs);
  }
  while (o.length > 0) seen.push(...o.slice(32 * 150).seqs);
  assert.equal(seen.length, next);
  assert.ok(seen.every((s, i) => s === i));
});
