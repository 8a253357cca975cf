// The records panel model with a fake source, sink and timer: bounds, batching (≤ 1 message per 100 ms
// however many records arrive), nothing sent while hidden, a full snapshot on reveal, pause/resume, clear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingModel, FILL_HISTORY } from '../../client/src/panel/ringModel';
import { Feeder, FLUSH_MS, type PanelSink, type Timer } from '../../client/src/panel/feeder';
import type { DecodedRecord } from '../../common/records';
import type { ToWebview } from '../../common/webviewProtocol';
import { isToWebview } from '../../common/webviewProtocol';

function rec(pid: number): DecodedRecord {
  return { type: 'struct event', size: 24, fields: { hdr: { pid, tid: pid + 1 }, comm: `p${pid}`, args: [pid, 7] } };
}

class FakeTimer implements Timer {
  queue: { fn: () => void; ms: number }[] = [];
  setTimeout(fn: () => void, ms: number): unknown {
    const h = { fn, ms };
    this.queue.push(h);
    return h;
  }
  clearTimeout(h: unknown): void {
    this.queue = this.queue.filter((x) => x !== h);
  }
  fire(): void {
    const q = this.queue;
    this.queue = [];
    for (const t of q) t.fn();
  }
}

class FakeSink implements PanelSink {
  visible = true;
  sent: ToWebview[] = [];
  post(msg: ToWebview): void {
    assert.ok(isToWebview(JSON.parse(JSON.stringify(msg))), 'message passes the webview guard after JSON');
    this.sent.push(msg);
  }
}

const stats = (fillPct: number) => ({
  availData: fillPct,
  ringSize: 4096,
  consumerPos: 0,
  producerPos: fillPct,
  fillPct,
  recordsPerSec: 10,
  bytesPerSec: 240,
  drops: null,
  lossHint: null,
});

void test('rows are flattened into dotted columns with 1-based sequence numbers', () => {
  const m = new RingModel('events', 10);
  m.add(rec(42));
  m.add({ type: '', size: 3, fields: {}, hex: 'a1b2c3' });
  assert.deepEqual(m.rows(), [
    { seq: 1, type: 'struct event', cells: { 'hdr.pid': 42, 'hdr.tid': 43, comm: 'p42', 'args[0]': 42, 'args[1]': 7 } },
    { seq: 2, type: '', cells: { hex: 'a1b2c3' } },
  ]);
});

void test('the model keeps only the newest `capacity` rows', () => {
  const m = new RingModel('events', 100);
  for (let i = 1; i <= 1050; i++) m.add(rec(i));
  const rows = m.rows();
  assert.equal(rows.length, 100);
  assert.equal(m.total, 1050);
  assert.equal(rows[0]?.seq, 951);
  assert.equal(rows[99]?.seq, 1050);
  assert.equal(rows[99]?.cells['hdr.pid'], 1050);
});

void test('100k retained rows stay bounded at capacity with 250k records', () => {
  const m = new RingModel('events', 100_000);
  for (let i = 1; i <= 250_000; i++) m.add(rec(i));
  assert.equal(m.size, 100_000);
  assert.equal(m.rows()[0]?.seq, 150_001);
});

void test('many records within one flush interval produce exactly one delta with all of them', () => {
  const timer = new FakeTimer();
  const sink = new FakeSink();
  const f = new Feeder(new RingModel('events', 1000), sink, timer);
  f.reveal();
  assert.equal(sink.sent.length, 1);
  assert.equal(sink.sent[0]?.type, 'ringscope/snapshot');
  for (let i = 1; i <= 500; i++) {
    f.model.add(rec(i));
    f.recordsAdded();
  }
  assert.equal(timer.queue.length, 1, 'one timer for the whole burst');
  assert.equal(timer.queue[0]?.ms, FLUSH_MS);
  timer.fire();
  assert.equal(sink.sent.length, 2);
  const d = sink.sent[1];
  assert.ok(d?.type === 'ringscope/append');
  assert.equal(d.rows.length, 500);
  assert.equal(d.rows[0]?.seq, 1);
  assert.equal(d.rows[499]?.seq, 500);
  assert.equal(d.total, 500);
  // Nothing new: the next tick sends nothing and schedules nothing.
  timer.fire();
  assert.equal(sink.sent.length, 2);
  assert.equal(timer.queue.length, 0);
});

void test('a delta larger than the retained rows becomes a snapshot', () => {
  const timer = new FakeTimer();
  const sink = new FakeSink();
  const f = new Feeder(new RingModel('events', 10), sink, timer);
  for (let i = 1; i <= 25; i++) {
    f.model.add(rec(i));
    f.recordsAdded();
  }
  timer.fire();
  assert.equal(sink.sent.length, 1);
  const s = sink.sent[0];
  assert.ok(s?.type === 'ringscope/snapshot');
  assert.deepEqual(
    s.rows.map((r) => r.seq),
    [16, 17, 18, 19, 20, 21, 22, 23, 24, 25],
  );
  assert.equal(s.total, 25);
  assert.equal(s.capacity, 10);
});

void test('a hidden panel gets nothing; revealing it sends one full snapshot', () => {
  const timer = new FakeTimer();
  const sink = new FakeSink();
  sink.visible = false;
  const f = new Feeder(new RingModel('events', 50), sink, timer);
  for (let i = 1; i <= 30; i++) {
    f.model.add(rec(i));
    f.recordsAdded();
    timer.fire();
  }
  f.stats(stats(12));
  assert.equal(sink.sent.length, 0);
  sink.visible = true;
  f.reveal();
  assert.equal(sink.sent.length, 1);
  const s = sink.sent[0];
  assert.ok(s?.type === 'ringscope/snapshot');
  assert.equal(s.rows.length, 30);
  assert.equal(s.rows[0]?.seq, 1);
  assert.deepEqual(s.stats?.fillHistory, [12]);
  // After the snapshot only new rows travel.
  f.model.add(rec(31));
  f.recordsAdded();
  timer.fire();
  const d = sink.sent[1];
  assert.ok(d?.type === 'ringscope/append');
  assert.deepEqual(
    d.rows.map((r) => r.seq),
    [31],
  );
});

void test('pause holds deltas; resume sends a snapshot with the rows retained meanwhile', () => {
  const timer = new FakeTimer();
  const sink = new FakeSink();
  const f = new Feeder(new RingModel('events', 100), sink, timer);
  f.setPaused(true);
  for (let i = 1; i <= 5; i++) {
    f.model.add(rec(i));
    f.recordsAdded();
  }
  timer.fire();
  assert.equal(sink.sent.length, 0);
  f.setPaused(false);
  const s = sink.sent[0];
  assert.ok(s?.type === 'ringscope/snapshot');
  assert.equal(s.paused, false);
  assert.equal(s.rows.length, 5);
});

void test('clear empties the model and sends an empty snapshot; sequence numbers continue', () => {
  const timer = new FakeTimer();
  const sink = new FakeSink();
  const f = new Feeder(new RingModel('events', 100), sink, timer);
  for (let i = 1; i <= 3; i++) f.model.add(rec(i));
  f.clear();
  const s = sink.sent[0];
  assert.ok(s?.type === 'ringscope/snapshot');
  assert.equal(s.rows.length, 0);
  assert.equal(s.total, 3);
  f.model.add(rec(4));
  f.recordsAdded();
  timer.fire();
  const d = sink.sent[1];
  assert.ok(d?.type === 'ringscope/append');
  assert.deepEqual(
    d.rows.map((r) => r.seq),
    [4],
  );
});

void test('the sparkline history keeps the last minute of fill samples', () => {
  const m = new RingModel('events', 10);
  for (let i = 0; i < FILL_HISTORY + 15; i++) m.setStats(stats(i));
  const h = m.getStats()?.fillHistory ?? [];
  assert.equal(h.length, FILL_HISTORY);
  assert.equal(h[0], 15);
  assert.equal(h[FILL_HISTORY - 1], FILL_HISTORY + 14);
});

void test('visible stats updates are posted at once', () => {
  const sink = new FakeSink();
  const f = new Feeder(new RingModel('events', 10), sink, new FakeTimer());
  f.stats(stats(50));
  assert.deepEqual(sink.sent, [
    { type: 'ringscope/stats', ring: 'events', stats: { ...stats(50), fillHistory: [50] } },
  ]);
});
