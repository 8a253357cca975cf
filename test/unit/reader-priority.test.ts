// The ring reader's real-time pacing (client/agent/readerPriority.ts) on a fake scheduler: real-time for the first
// part of every slot, sized from the kernel's real-time share, ordinary for the rest; nothing when refused or off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernelRealtimeShare, ReaderPriority, SLOT_MS } from '../../client/agent/readerPriority';

/** A scheduler that records each priority asked for and answers `errno`. */
function fakeScheduler(errno = 0): { calls: number[]; apply: (p: number) => number } {
  const calls: number[] = [];
  return { calls, apply: (p) => (calls.push(p), errno) };
}

void test('real-time for 90 ms of every 100 ms slot under the default 95 % share, ordinary for the rest', () => {
  const s = fakeScheduler();
  const p = new ReaderPriority(1, 0.95, s.apply);
  assert.equal(SLOT_MS, 100);
  assert.equal(p.raise(1000), 0);
  assert.equal(p.effective, 1);
  assert.deepEqual(s.calls, [1]);
  p.pace(1050);
  p.pace(1089);
  assert.deepEqual(s.calls, [1]);
  p.pace(1090);
  assert.deepEqual(s.calls, [1, 0]);
  p.pace(1095);
  assert.deepEqual(s.calls, [1, 0]);
  p.pace(1100); // the next slot starts here
  assert.deepEqual(s.calls, [1, 0, 1]);
  p.pace(1189);
  assert.deepEqual(s.calls, [1, 0, 1]);
  p.pace(1190);
  assert.deepEqual(s.calls, [1, 0, 1, 0]);
  // a stall longer than a slot: the next turn starts a slot, real-time again
  p.pace(1500);
  assert.deepEqual(s.calls, [1, 0, 1, 0, 1]);
  p.restore();
  assert.deepEqual(s.calls, [1, 0, 1, 0, 1, 0]);
  assert.equal(p.effective, 0);
  p.pace(1700); // after restore: nothing
  assert.deepEqual(s.calls, [1, 0, 1, 0, 1, 0]);
});

void test('restore while ordinary asks nothing; a clock that goes back starts a new slot', () => {
  const s = fakeScheduler();
  const p = new ReaderPriority(3, 0.95, s.apply);
  p.raise(0);
  p.pace(95);
  p.restore();
  assert.deepEqual(s.calls, [3, 0]);
  const q = new ReaderPriority(3, 0.95, s.apply);
  q.raise(500);
  q.pace(495);
  assert.deepEqual(s.calls, [3, 0, 3]);
});

void test('the real-time part follows the kernel share; none when the share leaves no room', () => {
  const unlimited = fakeScheduler();
  const u = new ReaderPriority(1, 1, unlimited.apply);
  u.raise(0);
  u.pace(94);
  assert.deepEqual(unlimited.calls, [1]);
  u.pace(95);
  assert.deepEqual(unlimited.calls, [1, 0]);
  const tiny = fakeScheduler();
  const t = new ReaderPriority(1, 0.04, tiny.apply);
  assert.equal(t.raise(0), 0);
  assert.equal(t.effective, 0);
  assert.deepEqual(tiny.calls, []);
});

void test('priority 0 and a refusal leave the thread ordinary; the refusal returns its errno', () => {
  const off = fakeScheduler();
  const o = new ReaderPriority(0, 0.95, off.apply);
  assert.equal(o.raise(0), 0);
  assert.equal(o.effective, 0);
  o.pace(95);
  o.restore();
  assert.deepEqual(off.calls, []);
  const refused = fakeScheduler(1);
  const r = new ReaderPriority(1, 0.95, refused.apply);
  assert.equal(r.raise(0), 1);
  assert.equal(r.effective, 0);
  r.pace(95);
  r.pace(200);
  r.restore();
  assert.deepEqual(refused.calls, [1]);
});

void test('the kernel share: runtime over period, 1 when unlimited (-1), 95 % when unreadable', () => {
  const files = (runtime: string, period: string) => (path: string) => (path.endsWith('runtime_us') ? runtime : period);
  assert.equal(kernelRealtimeShare(files('950000\n', '1000000\n')), 0.95);
  assert.equal(kernelRealtimeShare(files('500000', '1000000')), 0.5);
  assert.equal(kernelRealtimeShare(files('-1', '1000000')), 1);
  assert.equal(
    kernelRealtimeShare(() => {
      throw new Error('ENOENT');
    }),
    0.95,
  );
});
