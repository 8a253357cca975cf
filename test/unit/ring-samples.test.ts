// The records a ring holds for its next batch (client/agent/ring/samples.ts): copies of the bytes, decoded
// only when the batch is taken, in the order they came with trees added at once; long records decoded at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexRecord } from '../../client/agent/btf';
import { SampledRecords, type DecodeRecord } from '../../client/agent/ring/samples';

function counting(): { decode: DecodeRecord; calls: () => number } {
  let n = 0;
  return {
    decode: (buf, off, len) => {
      n++;
      return hexRecord(buf, off, len);
    },
    calls: () => n,
  };
}

void test('bytes are copied when added and decoded when taken, in order with trees added at once', () => {
  const ring = Uint8Array.from({ length: 64 }, (_, i) => i);
  const { decode, calls } = counting();
  const s = new SampledRecords(decode);
  s.addBytes(ring, 8, 3, 10, 1000);
  s.addTree({ type: 'struct x', size: 4, fields: { a: 1 } }, 11, 1001);
  s.addBytes(ring, 20, 5, 12, 1002);
  ring.fill(0xff); // the producer reuses the ring's bytes once consumer_pos moves on
  assert.equal(calls(), 0, 'nothing decoded in the drain');
  assert.equal(s.length, 3);
  const out = s.take();
  assert.equal(calls(), 2);
  assert.deepEqual(out.batch, [
    { type: '', size: 3, fields: {}, hex: '08090a' },
    { type: 'struct x', size: 4, fields: { a: 1 } },
    { type: '', size: 5, fields: {}, hex: '1415161718' },
  ]);
  assert.deepEqual(out.seqs, [10, 11, 12]);
  assert.deepEqual(out.ts, [1000, 1001, 1002]);
  assert.equal(s.length, 0);
  assert.deepEqual(s.take(), { batch: [], seqs: [], ts: [] });
});

void test('records longer than 4 KiB are decoded when added; the copies grow past the first buffer', () => {
  const big = new Uint8Array(5000).fill(7);
  const { decode, calls } = counting();
  const s = new SampledRecords(decode);
  s.addBytes(big, 0, 5000, 0, 0);
  assert.equal(calls(), 1, 'a long record is not copied');
  const rec = new Uint8Array(4096).fill(3);
  for (let i = 1; i <= 40; i++) s.addBytes(rec, 0, 4096, i, 0); // 160 KiB of copies
  assert.equal(calls(), 1);
  const out = s.take();
  assert.equal(out.batch.length, 41);
  assert.equal(out.batch[0]?.size, 5000);
  assert.ok(out.batch.slice(1).every((r) => r.size === 4096 && r.hex === '03'.repeat(4096)));
  assert.deepEqual(out.seqs, Array.from({ length: 41 }, (_, i) => i));
});

void test('hundreds of records with seqs past 2^32 and millisecond timestamps come back exactly', () => {
  const ring = Uint8Array.from({ length: 16 }, (_, i) => i);
  const s = new SampledRecords(hexRecord);
  const base = 2 ** 33;
  for (let i = 0; i < 300; i++) s.addBytes(ring, i % 8, 8, base + i, 1_764_000_000_000 + i);
  const out = s.take();
  assert.deepEqual(out.seqs, Array.from({ length: 300 }, (_, i) => base + i));
  assert.deepEqual(out.ts, Array.from({ length: 300 }, (_, i) => 1_764_000_000_000 + i));
  assert.equal(out.batch[299]?.hex, Buffer.from(ring.subarray(299 % 8, (299 % 8) + 8)).toString('hex'));
});

void test('prepare builds the trees of the oldest held records a slice at a time; take builds the rest', () => {
  const ring = Uint8Array.from({ length: 16 }, (_, i) => i);
  const { decode, calls } = counting();
  const s = new SampledRecords(decode);
  for (let i = 0; i < 5; i++) s.addBytes(ring, i, 4, i, 0);
  s.addTree({ type: 'struct x', size: 1, fields: {} }, 5, 0);
  s.addBytes(ring, 6, 4, 6, 0);
  assert.equal(s.prepare(2), 2);
  assert.equal(calls(), 2);
  assert.equal(s.prepare(4), 3, 'the tree added at once is not built again');
  assert.equal(calls(), 5);
  ring.fill(0); // copies, not views
  const out = s.take();
  assert.equal(calls(), 6);
  assert.deepEqual(
    out.batch.map((r) => r.hex ?? r.type),
    ['00010203', '01020304', '02030405', '03040506', '04050607', 'struct x', '06070809'],
  );
  assert.equal(s.prepare(10), 0, 'nothing held after take');
});
