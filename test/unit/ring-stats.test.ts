// RingCounters (client/agent/ring/stats.ts): the stats event's values from the counts and ring positions, counts
// past 2^32 kept exactly, and markReported telling the session whether a records event has news.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RingCounters } from '../../client/agent/ring/stats';

void test('a snapshot gives the four positions, rates over the interval, the peak fill and drops', () => {
  const c = new RingCounters('rb', 4096, 1000);
  c.received = 500;
  c.bytes = 16000;
  c.sampleFill(2048);
  const ev = c.snapshot({ consumer: 4096, producer: 5120 }, 1500, 3, 7);
  assert.deepEqual(ev, {
    type: 'stats',
    ring: 'rb',
    availData: 1024,
    ringSize: 4096,
    consumerPos: 4096,
    producerPos: 5120,
    recordsPerSec: 1000,
    bytesPerSec: 32000,
    peakFillPct: 50,
    drops: 10,
    failed: 7,
    received: 500,
  });
  c.received = 600;
  const next = c.snapshot({ consumer: 5120, producer: 5120 }, 2500, 0, undefined);
  assert.equal(next.recordsPerSec, 100, 'the rate covers the time since the previous snapshot');
  assert.equal(next.drops, null, 'no counter and nothing discarded: unknown, not zero');
  assert.equal(next.failed, null);
});

void test('counts past 2^32 stay exact', () => {
  const c = new RingCounters('rb', 4096, 0);
  c.received = 2 ** 32 - 1;
  c.received += 2;
  c.bytes = 2 ** 40;
  c.bytes += 264;
  c.sent++;
  assert.equal(c.received, 2 ** 32 + 1);
  assert.equal(c.bytes, 2 ** 40 + 264);
  assert.equal(c.sent, 1);
});

void test('markReported is true once per change of received', () => {
  const c = new RingCounters('rb', 4096, 0);
  assert.equal(c.markReported(), false, 'nothing received yet');
  c.received = 3;
  assert.equal(c.markReported(), true);
  assert.equal(c.markReported(), false);
  c.received = 2 ** 31 + 5;
  assert.equal(c.markReported(), true);
  assert.equal(c.markReported(), false);
});
