// The records webview's pure parts (client/webview/format.ts, virtual.ts, table.ts) and the whole
// host → webview path with a fake source: RingModel + Feeder (fake timer) posting through JSON and the
// webview guard into the webview's TableState, which must always hold what the host retains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingModel } from '../../client/src/panel/ringModel';
import { Feeder, type PanelSink, type Timer } from '../../client/src/panel/feeder';
import { ingestRecords, statsSample } from '../../client/src/panel/ingest';
import { cellText, columnWidth, fmtBytes, sparkPoints, statItems } from '../../client/webview/format';
import { keyTarget, scrollToRow, visibleRange } from '../../client/webview/virtual';
import { TableState } from '../../client/webview/table';
import { isToWebview, type PanelRow, type RingStatsView, type ToWebview } from '../../common/webviewProtocol';
import type { DecodedRecord } from '../../common/records';

function rec(pid: number, comm = `p${pid}`): DecodedRecord {
  return { type: 'struct event', size: 24, fields: { hdr: { pid }, comm } };
}

class FakeTimer implements Timer {
  queue: (() => void)[] = [];
  setTimeout(fn: () => void): unknown {
    this.queue.push(fn);
    return fn;
  }
  clearTimeout(h: unknown): void {
    this.queue = this.queue.filter((x) => x !== h);
  }
  fire(): void {
    const q = this.queue;
    this.queue = [];
    for (const f of q) f();
  }
}

/** The webview end: every message crosses as JSON and through the guard, as postMessage would carry it. */
class WebviewSink implements PanelSink {
  visible = true;
  readonly table = new TableState();
  readonly kinds: string[] = [];
  post(msg: ToWebview): void {
    const wire: unknown = JSON.parse(JSON.stringify(msg));
    assert.ok(isToWebview(wire));
    this.kinds.push(wire.type);
    if (wire.type === 'ringscope/snapshot' || wire.type === 'ringscope/append') this.table.apply(wire);
  }
}

const seqs = (rows: readonly PanelRow[]) => rows.map((r) => r.seq);

void test('format: bytes, the stats list (drops unknown, never 0), the sparkline, cells and widths', () => {
  assert.equal(fmtBytes(512), '512 B');
  assert.equal(fmtBytes(2048), '2.0 KiB');
  assert.equal(fmtBytes(3 << 20), '3.0 MiB');
  const s: RingStatsView = {
    availData: 1536,
    ringSize: 4096,
    consumerPos: 8,
    producerPos: 1544,
    fillPct: 37.5,
    recordsPerSec: 12.4,
    bytesPerSec: 2048,
    drops: null,
    lossHint: null,
    fillHistory: [0, 50, 100],
  };
  assert.deepEqual(statItems(s), [
    ['avail', 'Available', '1.5 KiB'],
    ['size', 'Ring size', '4.0 KiB'],
    ['consumer', 'Consumer pos', '8'],
    ['producer', 'Producer pos', '1544'],
    ['fill', 'Fill', '37.5 %'],
    ['rps', 'Records/s', '12'],
    ['bps', 'Bytes/s', '2.0 KiB'],
    ['drops', 'Drops', 'unknown'],
  ]);
  assert.deepEqual(statItems({ ...s, drops: 0 })[7], ['drops', 'Drops', '0']);
  assert.deepEqual(statItems(null), [['none', 'Statistics', 'waiting for the session']]);
  assert.equal(sparkPoints([0, 50, 100]), '0.0,30.0 60.0,15.0 120.0,0.0');
  assert.equal(sparkPoints([150, -5]), '0.0,0.0 120.0,30.0');
  assert.equal(sparkPoints([]), '');
  const row: PanelRow = { seq: 9, type: 'struct event', cells: { pid: 7, comm: '<b>x</b>' } };
  assert.equal(cellText(row, 'seq'), '9');
  assert.equal(cellText(row, 'comm'), '<b>x</b>');
  assert.equal(cellText(row, 'missing'), '');
  assert.equal(columnWidth('pid', [row]), 60);
  assert.equal(columnWidth('comm', [row]), 160);
  assert.equal(columnWidth('c', [{ seq: 1, type: '', cells: { c: 'x'.repeat(100) } }]), 420);
});

void test('virtual window: only the rows in view plus overscan, keys clamp, selection scrolls into view', () => {
  assert.deepEqual(visibleRange(0, 30, 440, 100000), { first: 0, last: 30 });
  assert.deepEqual(visibleRange(22 * 1000 + 30, 30, 440, 100000), { first: 990, last: 1030 });
  assert.deepEqual(visibleRange(22 * 99990 + 30, 30, 440, 100000), { first: 99980, last: 100000 });
  assert.deepEqual(visibleRange(500, 30, 440, 0), { first: 0, last: 0 });
  assert.equal(keyTarget('Home', 500, 440, 100000), 0);
  assert.equal(keyTarget('End', 5, 440, 100000), 99999);
  assert.equal(keyTarget('PageDown', 5, 440, 100000), 24);
  assert.equal(keyTarget('PageUp', 5, 440, 100000), 0);
  assert.equal(keyTarget('ArrowUp', 0, 440, 10), 0);
  assert.equal(keyTarget('ArrowDown', 9, 440, 10), 9);
  assert.equal(keyTarget('ArrowDown', -1, 440, 10), 0);
  assert.equal(keyTarget('a', 3, 440, 10), undefined);
  assert.equal(keyTarget('End', -1, 440, 0), undefined);
  assert.equal(scrollToRow(100, 0, 440), 100 * 22 + 22 - 440);
  assert.equal(scrollToRow(3, 1000, 440), 66);
  assert.equal(scrollToRow(50, 1000, 440), 1000);
});

void test('fake source → feeder → webview table: deltas, trimming, snapshot when too much was missed', () => {
  const timer = new FakeTimer();
  const sink = new WebviewSink();
  const feeder = new Feeder(new RingModel('rb', 50), sink, timer);
  feeder.reveal();
  assert.deepEqual(sink.kinds, ['ringscope/snapshot']);
  ingestRecords(feeder, Array.from({ length: 30 }, (_, i) => rec(i + 1)));
  timer.fire();
  assert.deepEqual(sink.kinds, ['ringscope/snapshot', 'ringscope/append']);
  assert.deepEqual(sink.table.columns, ['seq', 'hdr.pid', 'comm']);
  assert.equal(sink.table.countText(), '30 shown · 30 retained · 30 received');
  // 40 more: one delta; the webview trims to the same 50 the host keeps.
  ingestRecords(feeder, Array.from({ length: 40 }, (_, i) => rec(i + 31)));
  timer.fire();
  assert.equal(sink.kinds.at(-1), 'ringscope/append');
  assert.deepEqual(seqs(sink.table.rows), seqs(feeder.model.rows()));
  assert.deepEqual(seqs(sink.table.rows), Array.from({ length: 50 }, (_, i) => i + 21));
  assert.equal(sink.table.countText(), '50 shown · 50 retained · 70 received');
  // 60 at once: more than is retained, so the feeder sends a snapshot instead of a delta.
  ingestRecords(feeder, Array.from({ length: 60 }, (_, i) => rec(i + 71)));
  timer.fire();
  assert.equal(sink.kinds.at(-1), 'ringscope/snapshot');
  assert.deepEqual(sink.table.rows, feeder.model.rows());
  assert.equal(sink.table.countText(), '50 shown · 50 retained · 130 received');
});

void test('hidden panel: nothing is posted; reveal brings a full snapshot with the stats', () => {
  const timer = new FakeTimer();
  const sink = new WebviewSink();
  const feeder = new Feeder(new RingModel('rb', 100), sink, timer);
  feeder.reveal();
  ingestRecords(feeder, [rec(1), rec(2)]);
  timer.fire();
  sink.visible = false;
  const before = sink.kinds.length;
  ingestRecords(feeder, Array.from({ length: 20 }, (_, i) => rec(i + 3)));
  timer.fire();
  feeder.stats(
    statsSample({
      type: 'stats',
      ring: 'rb',
      availData: 1024,
      ringSize: 4096,
      consumerPos: 0,
      producerPos: 1024,
      recordsPerSec: 20,
      bytesPerSec: 480,
      peakFillPct: 25,
      drops: 3,
      received: 22,
    }),
  );
  assert.equal(sink.kinds.length, before);
  assert.equal(sink.table.rows.length, 2);
  sink.visible = true;
  feeder.reveal();
  assert.equal(sink.kinds.at(-1), 'ringscope/snapshot');
  assert.equal(sink.table.rows.length, 22);
  assert.deepEqual(sink.table.rows, feeder.model.rows());
  assert.equal(sink.table.stats?.fillPct, 25);
  assert.equal(sink.table.stats?.drops, 3);
  assert.equal(sink.table.stats?.lossHint, null);
  assert.deepEqual(sink.table.stats?.fillHistory, [25]);
});

void test('filters: only matching rows are shown, appended rows are filtered too, clearing shows all', () => {
  const timer = new FakeTimer();
  const sink = new WebviewSink();
  const feeder = new Feeder(new RingModel('rb', 100), sink, timer);
  feeder.reveal();
  ingestRecords(feeder, [rec(1, 'bash'), rec(2, 'sshd'), rec(3, 'bash')]);
  timer.fire();
  const t = sink.table;
  t.setFilter('comm', 'BAS');
  assert.deepEqual(seqs(t.shown), [1, 3]);
  ingestRecords(feeder, [rec(4, 'cat'), rec(5, 'rbash')]);
  timer.fire();
  assert.deepEqual(seqs(t.shown), [1, 3, 5]);
  assert.equal(t.countText(), '3 shown · 5 retained · 5 received');
  t.setFilter('hdr.pid', '5');
  assert.deepEqual(seqs(t.shown), [5]);
  t.setFilter('comm', '');
  t.setFilter('hdr.pid', '');
  assert.deepEqual(seqs(t.shown), [1, 2, 3, 4, 5]);
  feeder.setPaused(true);
  assert.equal(t.countText(), '5 shown · 5 retained · 5 received');
  feeder.setPaused(false);
  assert.equal(sink.kinds.at(-1), 'ringscope/snapshot');
  assert.equal(t.paused, false);
});
