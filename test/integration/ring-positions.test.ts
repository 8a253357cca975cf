// The session's consumer (RingReader with holdBack + RingConsumer) on a real ring past 4 GiB: ring positions pass
// 2^31 and 2^32 (the reader keeps them biased, see reader.ts BIAS and lowWordBase), and every record still arrives
// once, in order, with the kernel's consumer_pos where the reader says it is, and pending() (the fill the session
// samples) exact. The producer is
// test/fixtures/agent/flood.bpf.c with 8 KiB records in a 16 MiB ring, run by a stepped generator
// (gen-steps.c) a ring's worth at a time and drained in between, so that no record is dropped.
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
import { compileBpf, startStepper } from './support/agentHarness';

const REC = 8192;
const RING = 16 << 20;
const PER_CALL = 100;
/** getpid() calls per step: 1,900 records, 15.6 MB, fit the 16 MiB ring. */
const STEP = 19;
/** Steps to 4.5 GB, past 2^32 bytes. */
const STEPS = Math.ceil(4.5e9 / (STEP * PER_CALL * (REC + 8)));
let obj = '';

before(() => {
  obj = compileBpf('flood', [`REC_SIZE=${REC}`, `RING_SIZE=${RING}`], 'flood-8k');
  openLibraries();
});

void test('past 2^31 and 2^32 bytes, every record arrives once and in order, and consumer_pos is what the reader says', { timeout: 120000 }, async () => {
  const g = startStepper();
  const pid = await g.pid;
  const info = readBpfObject(new Uint8Array(readFileSync(obj)));
  const bpf = BpfObject.open(obj, info, { target_pid: pid, per_call: PER_CALL });
  try {
    bpf.load();
    bpf.attach();
    const ring = bpf.rings().find((r) => r.name === 'rb');
    assert.ok(ring);
    assert.equal(ring.size, RING);
    const type = lookupTypeName(info.btf, 'struct rec');
    assert.ok(type);
    const walker = compileWalker(info.btf, type.id);
    assert.ok(walker);
    const seqWord = walker.fields.find((f) => f.name === 'seq')?.word ?? -1;
    const reader = new RingReader(ring.fd, ring.size, true, true);
    const counters = new RingCounters('rb', ring.size, Date.now());
    let next = 0;
    let outOfOrder = 0;
    const consumer = new RingConsumer(
      reader,
      counters,
      walker,
      () => 0,
      () => undefined,
      (batch, count) => {
        for (let i = 0; i < count; i++) if (batch.words[i * walker.stride + seqWord] !== next++) outOfOrder++;
      },
    );
    const stepBytes = STEP * PER_CALL * (REC + 8);
    const wrongPending: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      await g.step(STEP);
      const before = reader.pending();
      // bounded: a wrong position could make the walk see records that are not there
      for (let got = 0, n = 1; n > 0 && got <= STEP * PER_CALL; got += n) n = consumer.drain(65536);
      const after = reader.pending();
      if (before !== stepBytes || after !== 0) wrongPending.push(`step ${step}: ${before} then ${after}`);
    }
    assert.deepEqual(wrongPending, [], 'pending() is the step bytes before each drain and 0 after');
    assert.equal(reader.release(), false, 'nothing left past what was read');
    const expected = STEPS * STEP * PER_CALL;
    assert.equal(bpf.readDrops('rb'), 0);
    assert.equal(counters.received, expected);
    assert.equal(next, expected);
    assert.equal(outOfOrder, 0, 'each record seq one more than the last');
    assert.equal(counters.bytes, expected * REC);
    const end = reader.positions().consumer;
    assert.equal(end, expected * (REC + 8), 'the reader is past every record and its header');
    assert.ok(end > 2 ** 32);
    // the kernel's consumer_pos, read through a copy-mode reader's own mapping
    const kernel = new RingReader(ring.fd, ring.size, false);
    assert.deepEqual(kernel.positions(), { consumer: end, producer: end });
    kernel.close();
    reader.close();
  } finally {
    g.end();
    bpf.close();
  }
});
