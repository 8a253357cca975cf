// The compiled record walker (client/agent/ring/walk.ts) on a ring laid out as the kernel maps it (a page,
// then the data area twice) with real clang layouts: headers, DISCARD, BUSY, wrap-around, short records,
// limits, and fields equal to the extractor's; long byte arrays read from the batch's arena.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExtractor, lookupTypeName, readBpfObject } from '../../client/agent/btf';
import type { Btf } from '../../client/agent/btf';
import { arenaBytes, compileWalker } from '../../client/agent/ring/walk';
import { compileFixture } from '../fixtures/btf/helpers';

const btf = readBpfObject(compileFixture('records.bpf.c')).btf;
const benchBtf = readBpfObject(compileFixture('bench.bpf.c')).btf;
const PAGE = 4096;
const RING = 4096;
const BUSY = 0x80000000;
const DISCARD = 0x40000000;

function idOf(b: Btf, name: string): number {
  const t = lookupTypeName(b, name);
  assert.ok(t, name);
  return t.id;
}

/** A fake mapping: records written at ring positions, mirrored into the second copy of the data area. */
function ring(): { u8: Uint8Array; put: (pos: number, header: number, body: Uint8Array) => number } {
  const u8 = new Uint8Array(PAGE + 2 * RING);
  const dv = new DataView(u8.buffer);
  const put = (pos: number, header: number, body: Uint8Array): number => {
    const bytes = new Uint8Array(8 + body.length);
    new DataView(bytes.buffer).setUint32(0, header >>> 0, true);
    bytes.set(body, 8);
    for (let i = 0; i < bytes.length; i++) {
      const at = (pos + i) % RING;
      dv.setUint8(PAGE + at, bytes[i] ?? 0);
      dv.setUint8(PAGE + RING + at, bytes[i] ?? 0);
    }
    return pos + ((body.length + 15) & ~7);
  };
  return { u8, put };
}

function body(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 0xff);
}

// one pass is the choice for struct event's 40 bytes (with the header), two passes for records of a cache line or more
for (const twoPass of [false, true]) {
  const passes = twoPass ? 'two passes' : 'one pass';

  void test(`struct event, ${passes}: wrap-around, DISCARD, a short record and BUSY; fields equal the extractor`, () => {
    const id = idOf(btf, 'struct event');
    const w = compileWalker(btf, id, 64, twoPass); // comm[16] in words here; the default (ARENA_MIN_BYTES) reads it in place
    const x = compileExtractor(btf, id);
    assert.ok(w && x);
    assert.equal(w.size, 32);
    assert.equal(w.stride, 8);
    assert.equal(w.usesArena, false, 'comm[16] is copied into words');
    const { u8, put } = ring();
    const start = RING - 64; // the second record wraps past the end of the data area
    const bodies = [body(32, 1), body(32, 2), body(32, 3), body(16, 4), body(32, 5)];
    let pos = start;
    pos = put(pos, 32, bodies[0] ?? new Uint8Array());
    pos = put(pos, 32, bodies[1] ?? new Uint8Array());
    pos = put(pos, 32 | DISCARD, bodies[2] ?? new Uint8Array());
    pos = put(pos, 16, bodies[3] ?? new Uint8Array());
    pos = put(pos, 32, bodies[4] ?? new Uint8Array());
    put(pos, 32 | BUSY, body(32, 6));
    const batch = w.batch(8);
    const st = new Int32Array(5);
    const words = new Uint32Array(u8.buffer);
    w.walk(new Int32Array(u8.buffer), u8, words, new DataView(u8.buffer), PAGE, start, RING - 1, 1 << 20, 100, batch, st);
    assert.deepEqual([...st], [40 + 40 + 40 + 24 + 40, 4, 1, 1, 32 + 32 + 16 + 32]);
    assert.deepEqual([...batch.lengths.subarray(0, 4)], [32, 32, 16, 32]);
    assert.deepEqual([...batch.offsets.subarray(0, 4)], [PAGE + start + 8, PAGE + start + 48, PAGE + 64, PAGE + 88]);
    const expected = new Uint32Array(x.stride);
    for (const [slot, b] of [[0, bodies[0]], [1, bodies[1]], [3, bodies[4]]] as const) {
      assert.ok(b);
      assert.equal(x.extract(b, 0, b.length, expected, 0), true);
      assert.deepEqual([...batch.words.subarray(slot * 8, slot * 8 + 8)], [...expected], `slot ${slot}`);
    }
    assert.deepEqual([...batch.words.subarray(16, 24)], new Array<number>(8).fill(0), 'a short record has no fields');
  });

  void test(`struct event, ${passes}: 24 records (more than the fields lag behind), wrap-around, DISCARD and short ones among them`, () => {
    const id = idOf(btf, 'struct event');
    const w = compileWalker(btf, id, 64, twoPass);
    const x = compileExtractor(btf, id);
    assert.ok(w && x);
    const { u8, put } = ring();
    const start = RING - 10 * 40; // the eleventh record starts past the end of the data area
    const kept: { slot: number; b: Uint8Array }[] = [];
    let pos = start;
    let slot = 0;
    for (let i = 0; i < 24; i++) {
      if (i % 7 === 6) {
        pos = put(pos, 32 | DISCARD, body(32, i));
        continue;
      }
      const short = i % 9 === 4;
      const b = body(short ? 16 : 32, i);
      pos = put(pos, b.length, b);
      if (!short) kept.push({ slot, b });
      slot++;
    }
    put(pos, 32 | BUSY, body(32, 99));
    const batch = w.batch(32);
    const st = new Int32Array(5);
    w.walk(new Int32Array(u8.buffer), u8, new Uint32Array(u8.buffer), new DataView(u8.buffer), PAGE, start, RING - 1, 1 << 20, 100, batch, st);
    assert.deepEqual([st[1], st[2], st[3]], [slot, 24 - slot, 1]);
    const expected = new Uint32Array(x.stride);
    for (const k of kept) {
      assert.equal(x.extract(k.b, 0, k.b.length, expected, 0), true);
      assert.deepEqual([...batch.words.subarray(k.slot * 8, k.slot * 8 + 8)], [...expected], `slot ${k.slot}`);
    }
    assert.equal(kept.length, slot - 2, 'two short records, without fields');
  });

  void test(`${passes}: a walk stops at its byte limit and at its record limit`, () => {
    const w = compileWalker(btf, idOf(btf, 'struct event'), undefined, twoPass);
    assert.ok(w);
    const { u8, put } = ring();
    let pos = 0;
    for (let i = 0; i < 5; i++) pos = put(pos, 32, body(32, i));
    const batch = w.batch(8);
    const st = new Int32Array(5);
    const args = [new Int32Array(u8.buffer), u8, new Uint32Array(u8.buffer), new DataView(u8.buffer), PAGE, 0, RING - 1] as const;
    w.walk(...args, 41, 100, batch, st);
    assert.deepEqual([...st], [80, 2, 0, 0, 64], 'the record that crosses the limit is walked whole');
    w.walk(...args, 1 << 20, 3, batch, st);
    assert.deepEqual([...st], [120, 3, 0, 0, 96]);
    w.walk(...args, 200, 100, batch, st);
    assert.deepEqual([...st], [200, 5, 0, 0, 160], 'the reader bounds a walk by the committed bytes');
  });
}

void test('struct big_event: filename[128] stays in the record and reads back from the arena', () => {
  const w = compileWalker(benchBtf, idOf(benchBtf, 'struct big_event'), 64);
  assert.ok(w);
  const filename = w.fields.find((f) => f.name === 'filename');
  const comm = w.fields.find((f) => f.name === 'comm');
  assert.ok(filename && comm);
  assert.equal(w.usesArena, true);
  assert.deepEqual([filename.word, filename.bytes, filename.recordOffset], [-1, 128, 48]);
  assert.equal(comm.recordOffset, undefined);
  const { u8, put } = ring();
  const b0 = body(w.size, 7);
  const b1 = body(w.size, 8);
  put(put(0, w.size, b0), w.size, b1);
  const batch = w.batch(4);
  const st = new Int32Array(5);
  w.walk(new Int32Array(u8.buffer), u8, new Uint32Array(u8.buffer), new DataView(u8.buffer), PAGE, 0, RING - 1, 1 << 20, 2, batch, st);
  const bytes = st[0] ?? 0;
  assert.deepEqual([...st], [2 * ((w.size + 15) & ~7), 2, 0, 0, 2 * w.size]);
  // copy mode: the reader copies the walked bytes
  batch.arena = u8.slice(PAGE, PAGE + bytes);
  batch.arenaBase = PAGE;
  assert.deepEqual(arenaBytes(batch, filename, 0), b0.subarray(48, 176));
  assert.deepEqual(arenaBytes(batch, filename, 1), b1.subarray(48, 176));
  // zero-copy mode: the arena is the mapping itself
  batch.arena = u8;
  batch.arenaBase = 0;
  assert.deepEqual(arenaBytes(batch, filename, 0), b0.subarray(48, 176));
  assert.deepEqual(arenaBytes(batch, filename, 1), b1.subarray(48, 176));
});

void test('by default byte arrays of 8 bytes or more stay in the record (read in place), shorter ones go to words', () => {
  const w = compileWalker(benchBtf, idOf(benchBtf, 'struct big_event'));
  assert.ok(w);
  assert.equal(w.fields.find((f) => f.name === 'comm')?.recordOffset, 32);
  assert.equal(w.fields.find((f) => f.name === 'filename')?.recordOffset, 48);
});

void test('records of a cache line or more (header included) are walked in two passes, smaller ones in one', () => {
  assert.equal(compileWalker(btf, idOf(btf, 'struct event'))?.twoPass, false, '32 + 8 bytes');
  assert.equal(compileWalker(benchBtf, idOf(benchBtf, 'struct big_event'))?.twoPass, true);
});
