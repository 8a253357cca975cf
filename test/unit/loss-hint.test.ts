// The hint shown (records panel, `ringscope run`) when a program's `<ring>_drops` counter grows: the ring
// was full; how long it lasts at the current rate; a size that holds 100 ms of records (4× at least).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatsEvent } from '../../common/agentProtocol';
import { LossHints, lossHint } from '../../common/lossHint';

const ev = (over: Partial<StatsEvent>): StatsEvent => ({
  type: 'stats',
  ring: 'rb',
  availData: 4096,
  ringSize: 4 << 20,
  consumerPos: 0,
  producerPos: 4096,
  recordsPerSec: 1_000_000,
  bytesPerSec: 264_000_000,
  peakFillPct: 100,
  drops: 5,
  failed: 5,
  received: 1_000_000,
  ...over,
});

void test('new failures since the last stats: the ring was full, how long it holds, a size that would hold 100 ms', () => {
  assert.equal(
    lossHint(ev({ failed: 1200 }), 200),
    "1000 records could not be reserved since the last statistics: ring 'rb' was full. At the current rate its 4 MiB " +
      'hold 16 ms of records, so any pause of the reader longer than that loses records. Raise its max_entries ' +
      '(e.g. to 32 MiB) or submit fewer or smaller records. [RS-AGENT-027]',
  );
  // a slow stream: four times the ring, and milliseconds with a decimal below 10
  assert.equal(
    lossHint(ev({ ringSize: 4096, bytesPerSec: 1_000_000, failed: 1 }), undefined),
    "1 record could not be reserved since the last statistics: ring 'rb' was full. At the current rate its 4 KiB " +
      'hold 4.1 ms of records, so any pause of the reader longer than that loses records. Raise its max_entries ' +
      '(e.g. to 128 KiB) or submit fewer or smaller records. [RS-AGENT-027]',
  );
});

void test('nothing read meanwhile: the ring is full because the stream does not run', () => {
  assert.equal(
    lossHint(ev({ bytesPerSec: 0, failed: 7 }), 4),
    "3 records could not be reserved since the last statistics: ring 'rb' is full and nothing was read from it " +
      'meanwhile. Records are read only while the stream runs. [RS-AGENT-028]',
  );
});

void test('no hint: no new failures, no counter, or an older agent without the field', () => {
  assert.equal(lossHint(ev({ failed: 5 }), 5), undefined);
  assert.equal(lossHint(ev({ failed: 0 }), undefined), undefined);
  assert.equal(lossHint(ev({ failed: null, drops: 9 }), undefined), undefined);
  const { failed: _omit, ...older } = ev({});
  assert.equal(lossHint(older, undefined), undefined);
});

void test('the suggestion never exceeds the largest ring the kernel allows (2 GiB)', () => {
  assert.match(lossHint(ev({ ringSize: 1 << 30, bytesPerSec: 40e9, failed: 6 }), 0) ?? '', /e\.g\. to 2 GiB\)/);
});

void test('LossHints: each ring counts from its own previous event', () => {
  const hints = new LossHints();
  assert.match(hints.next(ev({ failed: 3 })) ?? '', /^3 records could not be reserved/);
  assert.equal(hints.next(ev({ failed: 3 })), undefined, 'no new failures');
  assert.match(hints.next(ev({ ring: 'other', failed: 2 })) ?? '', /^2 records could not be reserved .* ring 'other' /);
  assert.match(hints.next(ev({ failed: 4 })) ?? '', /^1 record could not be reserved .* ring 'rb' /);
});
