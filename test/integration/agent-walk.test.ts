// RingReader.drainBatch with a compiled walker (client/agent/ring/walk.ts) on the real kernel: N getpid()
// calls of a generator give exactly N records, in order, every field right (words and arena), in
// batches of at most the batch's capacity, and consumer_pos ends at producer_pos; in zero-copy and copy mode.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { lookupTypeName, readBpfObject } from '../../client/agent/btf';
import { BpfObject } from '../../client/agent/libbpf/object';
import { openLibraries, selfTestZeroCopy } from '../../client/agent/libbpf/ffi';
import { RingReader } from '../../client/agent/ring/reader';
import { arenaBytes, compileWalker } from '../../client/agent/ring/walk';
import { RingWaiter } from '../../client/agent/ring/waiter';
import { compileBpf, compileC, Generator } from './support/agentHarness';

let obj = '';
let gen = '';

before(() => {
  obj = compileBpf('getpid');
  gen = compileC('gen');
  openLibraries();
});

async function drainAll(zeroCopy: boolean): Promise<void> {
  const N = 20000;
  const g = new Generator(gen, N);
  const pid = await g.pid();
  const info = readBpfObject(new Uint8Array(readFileSync(obj)));
  const bpf = BpfObject.open(obj, info, { target_pid: pid, cookie: '0x1122334455667788' });
  try {
    bpf.load();
    bpf.attach();
    const ring = bpf.rings().find((r) => r.name === 'rb');
    assert.ok(ring);
    const type = lookupTypeName(info.btf, 'struct event');
    assert.ok(type);
    // comm[16] goes to the arena here, so both ways of keeping a field are exercised
    const walker = compileWalker(info.btf, type.id, 16);
    assert.ok(walker);
    const field = (name: string): { word: number } => {
      const f = walker.fields.find((x) => x.name === name);
      assert.ok(f, name);
      return f;
    };
    const [pidW, seqW, cookieW] = [field('pid').word, field('seq').word, field('cookie').word];
    const comm = walker.fields.find((x) => x.name === 'comm');
    assert.ok(comm && comm.recordOffset === 16);
    const batch = walker.batch(64);
    const reader = new RingReader(ring.fd, ring.size, zeroCopy);
    const waiter = new RingWaiter([ring.fd]);
    let records = 0;
    let bad = 0;
    let largest = 0;
    const onBatch = (_buf: Uint8Array, count: number): void => {
      largest = Math.max(largest, count);
      for (let i = 0; i < count; i++) {
        const w = batch.words;
        const b = i * walker.stride;
        const name = Buffer.from(arenaBytes(batch, comm, i)).toString('latin1').replace(/\0+$/, '');
        const ok = batch.lengths[i] === 32 && w[b + pidW] === pid && w[b + seqW] === records && w[b + cookieW] === 0x55667788 && w[b + cookieW + 1] === 0x11223344 && name === 'gen';
        if (!ok) bad++;
        records++;
      }
    };
    const done = g.go();
    let finished = false;
    void done.then(() => (finished = true));
    while (records < N) {
      if (reader.drainBatch(walker, batch, onBatch, 1000) === 0) {
        if (finished && reader.drainBatch(walker, batch, onBatch, N) === 0) break;
        await waiter.wait(10);
      }
    }
    await done;
    assert.equal(records, N);
    assert.equal(bad, 0);
    assert.equal(largest, zeroCopy ? 64 : 1, 'copy mode walks one record at a time');
    const pos = reader.positions();
    assert.equal(pos.consumer, pos.producer);
    assert.equal(pos.consumer, N * 40);
    waiter.close();
    reader.close();
  } finally {
    bpf.close();
  }
}

void test('drainBatch (zero-copy): N records in order with every field, in batches of at most 64', async () => {
  assert.equal(selfTestZeroCopy(), true, 'system Node maps external buffers');
  await drainAll(true);
});

void test('drainBatch (copy mode): the same N records, each copied and walked alone', async () => {
  await drainAll(false);
});
