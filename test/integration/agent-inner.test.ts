// A ring buffer inside an ARRAY_OF_MAPS: slot 0 is filled from user space (bpftool) after load; the
// agent finds it when the stream starts, names it `h5_outer[0]` and streams exactly the calls made.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { RecordsEvent } from '../../common/agentProtocol';
import { Agent, bpftoolJson, compileBpf, compileC, Generator } from './support/agentHarness';

let obj = '';
let gen = '';
const PIN = `/sys/fs/bpf/rs_h5_inner_${process.pid}`;

before(() => {
  obj = compileBpf('inner');
  gen = compileC('gen');
});
after(() => rmSync(PIN, { force: true }));

function bpftool(args: string[]): void {
  const r = spawnSync('bpftool', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `bpftool ${args.join(' ')}: ${r.stderr}`);
}

void test('an inner ring of an ARRAY_OF_MAPS streams every record', async () => {
  const N = 1000; // 16 bytes each: all fit in the 16 KiB ring
  const g = new Generator(gen, N);
  const pid = await g.pid();
  const agent = await Agent.start();
  try {
    agent.send({ type: 'load', object: obj, knobs: { target_pid: pid } });
    const loaded = (await agent.until('loaded')).last;
    assert.deepEqual(loaded.rings, []); // the slot is empty at load
    const outer = Math.max(...bpftoolJson<{ id: number; name?: string }[]>(['map', 'list']).filter((m) => m.name === 'h5_outer').map((m) => m.id));
    bpftool(['map', 'create', PIN, 'type', 'ringbuf', 'key', '0', 'value', '0', 'entries', '16384', 'name', 'h5_inner']);
    bpftool(['map', 'update', 'id', String(outer), 'key', '0', '0', '0', '0', 'value', 'pinned', PIN]);
    agent.send({ type: 'attach' });
    await agent.until('attached');
    agent.send({ type: 'startStream', maxRecordsPerSecond: 0 });
    assert.deepEqual((await agent.until('streaming')).last.rings, ['h5_outer[0]']);
    await g.go();
    agent.send({ type: 'stopStream' });
    const { all, last } = await agent.until('stats');
    const records = all.filter((e): e is RecordsEvent => e.type === 'records').flatMap((e) => e.batch);
    const pidHex = Buffer.alloc(4);
    pidHex.writeUInt32LE(pid);
    assert.equal(last.ring, 'h5_outer[0]');
    assert.equal(last.ringSize, 16384);
    assert.equal(last.received, N);
    assert.equal(last.drops, null); // the program keeps no counter
    assert.equal(records.length, N);
    assert.deepEqual(records[0], { type: '', size: 4, fields: {}, hex: pidHex.toString('hex') });
  } finally {
    await agent.stop();
    g.proc.kill();
  }
});
