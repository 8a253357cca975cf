// The ring reader's real-time pacing (client/agent/readerPriority.ts) on a fake scheduler and a fake CPU clock:
// real-time until the thread has run for its part of a slot (the kernel's share over the 11 slots a period can
// overlap), ordinary for the rest of the slot; a thread that sleeps enough stays real-time; nothing when refused or off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernelRealtimeShare, ReaderPriority, SLOT_MS } from '../../client/agent/readerPriority';

/** A scheduler that records each priority asked for and answers `errno`, and a CPU clock the test moves. */
function fakes(errno = 0): { calls: number[]; apply: (p: number) => number; cpu: { ms: number }; cpuMs: () => number } {
  const calls: number[] = [];
  const cpu = { ms: 0 };
  return { calls, apply: (p) => (calls.push(p), errno), cpu, cpuMs: () => cpu.ms };
}

void test('a thread that runs all the time: real-time for 86 CPU ms of every 100 ms slot (95 % share), then ordinary', () => {
  const f = fakes();
  const p = new ReaderPriority(1, 0.95, f.apply, f.cpuMs);
  assert.equal(SLOT_MS, 100);
  assert.equal(p.realtimeMs, 86); // 11 slots' parts fit in 950 ms however a period falls
  assert.equal(p.raise(1000), 0);
  assert.equal(p.effective, 1);
  assert.deepEqual(f.calls, [1]);
  f.cpu.ms = 85;
  p.pace(1085);
  assert.deepEqual(f.calls, [1]);
  f.cpu.ms = 86;
  p.pace(1085.5); // less than a ms since the last look: not looked at
  assert.deepEqual(f.calls, [1]);
  p.pace(1086);
  assert.deepEqual(f.calls, [1, 0]);
  f.cpu.ms = 95;
  p.pace(1095);
  assert.deepEqual(f.calls, [1, 0]);
  p.pace(1100); // the next slot starts here
  assert.deepEqual(f.calls, [1, 0, 1]);
  f.cpu.ms = 95 + 86;
  p.pace(1186);
  assert.deepEqual(f.calls, [1, 0, 1, 0]);
  // a stall longer than a slot: the next turn starts a slot, real-time again
  p.pace(1500);
  assert.deepEqual(f.calls, [1, 0, 1, 0, 1]);
  p.restore();
  assert.deepEqual(f.calls, [1, 0, 1, 0, 1, 0]);
  assert.equal(p.effective, 0);
  p.pace(1700); // after restore: nothing
  assert.deepEqual(f.calls, [1, 0, 1, 0, 1, 0]);
});

void test('a thread that sleeps between records stays real-time: CPU time, not wall time, counts', () => {
  const f = fakes();
  const p = new ReaderPriority(1, 0.95, f.apply, f.cpuMs);
  p.raise(0);
  for (let t = 1; t <= 1000; t++) {
    f.cpu.ms = t * 0.8; // 80 % busy
    p.pace(t);
  }
  assert.deepEqual(f.calls, [1]);
});

void test('restore while ordinary asks nothing; a clock that goes back starts a new slot', () => {
  const f = fakes();
  const p = new ReaderPriority(3, 0.95, f.apply, f.cpuMs);
  p.raise(0);
  f.cpu.ms = 90;
  p.pace(95);
  p.restore();
  assert.deepEqual(f.calls, [3, 0]);
  const g = fakes();
  const q = new ReaderPriority(3, 0.95, g.apply, g.cpuMs);
  q.raise(500);
  g.cpu.ms = 90;
  q.pace(600 - 5);
  assert.deepEqual(g.calls, [3, 0]);
  q.pace(490); // the clock went back: a new slot, real-time again
  assert.deepEqual(g.calls, [3, 0, 3]);
});

void test('the real-time part follows the kernel share; none when the share leaves no room', () => {
  assert.equal(new ReaderPriority(1, 1, fakes().apply, () => 0).realtimeMs, 90);
  assert.equal(new ReaderPriority(1, 0.5, fakes().apply, () => 0).realtimeMs, 45);
  const tiny = fakes();
  const t = new ReaderPriority(1, 0.001, tiny.apply, tiny.cpuMs);
  assert.equal(t.realtimeMs, 0);
  assert.equal(t.raise(0), 0);
  assert.equal(t.effective, 0);
  assert.deepEqual(tiny.calls, []);
});

void test('priority 0 and a refusal leave the thread ordinary; the refusal returns its errno', () => {
  const off = fakes();
  const o = new ReaderPriority(0, 0.95, off.apply, off.cpuMs);
  assert.equal(o.raise(0), 0);
  assert.equal(o.effective, 0);
  off.cpu.ms = 99;
  o.pace(99);
  o.restore();
  assert.deepEqual(off.calls, []);
  const refused = fakes(1);
  const r = new ReaderPriority(1, 0.95, refused.apply, refused.cpuMs);
  assert.equal(r.raise(0), 1);
  assert.equal(r.effective, 0);
  refused.cpu.ms = 99;
  r.pace(99);
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
