// The compiled field extractor (client/agent/btf/extract.ts) against the plan decoder on real clang
// layouts: every integer leaf it stores reads back as the decoder's value, byte arrays as their bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDecoder, compileExtractor, extractedValue, lookupTypeName, readBpfObject } from '../../client/agent/btf';
import type { Btf } from '../../client/agent/btf';
import { flattenFields } from '../../common/records';
import { compileFixture } from '../fixtures/btf/helpers';

const btf = readBpfObject(compileFixture('records.bpf.c')).btf;
const benchBtf = readBpfObject(compileFixture('bench.bpf.c')).btf;

function idOf(b: Btf, name: string): number {
  const t = lookupTypeName(b, name);
  assert.ok(t, name);
  return t.id;
}

void test('struct event: exact words and values, slots do not overlap', () => {
  const x = compileExtractor(btf, idOf(btf, 'struct event'));
  assert.ok(x);
  assert.equal(x.size, 32);
  assert.deepEqual(
    x.fields.map((f) => [f.name, f.kind, f.word, f.bytes]),
    [
      ['pid', 'int', 0, 4],
      ['ppid', 'int', 1, 4],
      ['comm', 'bytes', 2, 16],
      ['ts', 'uint', 6, 8],
    ],
  );
  assert.equal(x.stride, 8);
  const rec = new Uint8Array(40);
  const dv = new DataView(rec.buffer);
  dv.setInt32(8, -7, true);
  dv.setInt32(12, 42, true);
  rec.set(new TextEncoder().encode('bash'), 16);
  dv.setBigUint64(32, 2n ** 64n - 1n, true);
  const words = new Uint32Array(x.stride * 2).fill(0xdeadbeef);
  assert.equal(x.extract(rec, 8, 32, words, 1), true);
  assert.deepEqual([...words.subarray(0, 8)], new Array<number>(8).fill(0xdeadbeef));
  const [pid, ppid, comm, ts] = x.fields;
  assert.ok(pid && ppid && comm && ts);
  assert.equal(extractedValue(pid, words, 8), -7);
  assert.equal(extractedValue(ppid, words, 8), 42);
  assert.deepEqual(extractedValue(comm, words, 8), new Uint8Array([98, 97, 115, 104, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  assert.equal(extractedValue(ts, words, 8), 2n ** 64n - 1n);
  assert.equal(x.extract(rec, 8, 31, words, 0), false, 'a short record is not extracted');
  assert.equal(x.extract(rec, 16, 32, words, 0), false, 'bytes ending early are not extracted');
});

void test('every integer leaf and byte array agrees with the decoder on random bytes', () => {
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const types: [Btf, string][] = ['struct event', 'struct flags', 'struct ints', 'struct nested', 'struct exec_event', 'struct exit_event', 'struct tagged'].map((n) => [btf, n]);
  // big_event has a char[128]: the long-array copy path
  for (const [b, name] of [...types, [benchBtf, 'struct big_event'] as [Btf, string]]) {
    const id = idOf(b, name);
    const x = compileExtractor(b, id);
    const d = compileDecoder(b, id);
    assert.ok(x, name);
    const kinds = new Map(d.columns.map((c) => [c.name, c.kind]));
    const words = new Uint32Array(x.stride);
    let checked = 0;
    for (let round = 0; round < 200; round++) {
      const rec: Uint8Array = Uint8Array.from({ length: x.size }, () => rand());
      assert.equal(x.extract(rec, 0, rec.length, words, 0), true);
      const flat = flattenFields(d.decode(rec, 0, rec.length).fields);
      for (const f of x.fields) {
        const kind = kinds.get(f.name);
        const v = extractedValue(f, words, 0);
        if (kind === 'int' || kind === 'uint') {
          assert.equal(String(v), String(flat[f.name]), `${name} ${f.name}`);
          checked++;
        } else if (f.kind === 'bytes') {
          const bytes = v as Uint8Array;
          assert.equal(bytes.length, f.bytes);
          assert.ok(findOffset(rec, bytes) >= 0, `${name} ${f.name}: bytes found in the record`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 200, `${name}: ${checked} values compared`);
  }
});

function findOffset(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}
