// RingConsumer (client/agent/ring/consumer.ts), the agent session's consumer, on the real kernel: N getpid()
// calls give received = N and bytes = N * 32, the observer sees every record's extracted fields in order, and
// `take` gets exactly the records `wanted()` admits, with their stream sequence numbers and bytes; walked in
// bulk with a fixed-layout type (in one pass, and in the two passes of records of a cache line or more) and
// one by one without.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { lookupTypeName, readBpfObject } from '../../client/agent/btf';
import { openLibraries } from '../../client/agent/libbpf/ffi';
import { BpfObject } from '../../client/agent/libbpf/object';
import { RingConsumer } from '../../client/agent/ring/consumer';
import { RingReader } from '../../client/agent/ring/reader';
import { RingCounters } from '../../client/agent/ring/stats';
import { compileWalker } from '../../client/agent/ring/walk';
import { compileBpf, compileC, Generator } from './support/agentHarness';

const N = 5000;
const TAKE = 300;
let obj = '';
let gen = '';

before(() => {
  obj = compileBpf('getpid');
  gen = compileC('gen');
  openLibraries();
});

async function consumeAll(walked: boolean, twoPass?: boolean): Promise<void> {
  const g = new Generator(gen, N);
  const pid = await g.pid();
  const info = readBpfObject(new Uint8Array(readFileSync(obj)));
  const bpf = BpfObject.open(obj, info, { target_pid: pid });
  try {
    bpf.load();
    bpf.attach();
    await g.go(); // every record is committed before the drain: deterministic batches
    const ring = bpf.rings().find((r) => r.name === 'rb');
    assert.ok(ring);
    const type = lookupTypeName(info.btf, 'struct event');
    assert.ok(type);
    const walker = walked ? compileWalker(info.btf, type.id, undefined, twoPass) : undefined;
    if (walker) assert.equal(walker.twoPass, twoPass ?? false);
    const seqWord = walker?.fields.find((f) => f.name === 'seq')?.word ?? -1;
    const reader = new RingReader(ring.fd, ring.size, true, true);
    const counters = new RingCounters('rb', ring.size, Date.now());
    let budget = TAKE;
    const taken: [number, number, number][] = [];
    let observed = 0;
    let outOfOrder = 0;
    const consumer = new RingConsumer(
      reader,
      counters,
      walker,
      () => budget,
      (buf, off, len, seq) => {
        budget--;
        taken.push([seq, len, Buffer.from(buf.buffer, buf.byteOffset + off + 4, 4).readUInt32LE(0)]);
      },
      walker
        ? (batch, count) => {
            for (let i = 0; i < count; i++) if (batch.words[i * walker.stride + seqWord] !== observed++) outOfOrder++;
          }
        : undefined,
    );
    assert.equal(consumer.walked, walked);
    let got = 0;
    for (let n = consumer.drain(1000); n > 0; n = consumer.drain(1000)) got += n;
    assert.equal(got, N);
    assert.equal(counters.received, N);
    assert.equal(counters.bytes, N * 32);
    assert.equal(taken.length, TAKE);
    assert.deepEqual(
      taken,
      Array.from({ length: TAKE }, (_, i) => [i, 32, i]),
      'the first TAKE records, each with its stream seq, length and its own seq field',
    );
    if (walked) {
      assert.equal(observed, N);
      assert.equal(outOfOrder, 0);
    }
    reader.close();
  } finally {
    bpf.close();
  }
}

void test('RingConsumer with a fixed-layout type: every record walked, fields observed in order, TAKE taken', async () => {
  await consumeAll(true);
});

void test('RingConsumer with the two-pass walk (records of a cache line or more) on the same ring: the same', async () => {
  await consumeAll(true, true);
});

void test('RingConsumer without a walker: records one by one, the same counts and takes', async () => {
  await consumeAll(false);
});
