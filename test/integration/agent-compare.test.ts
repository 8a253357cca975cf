// The agent's ring reader against libbpf's own consumer (ring_buffer__poll, in C) on the same program
// and the same generator run: both get the same records in the same order. Also a 4 KiB ring flooded
// by the generator: records received plus the program's `rb_drops` counter equal the calls made.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { RecordsEvent } from '../../common/agentProtocol';
import { lossHint } from '../../common/lossHint';
import { Agent, compileBpf, compileC, Generator, Lines, WORK } from './support/agentHarness';

let obj = '';
let small = '';
let gen = '';
let consumer = '';
const COOKIE = '0x1122334455667788';

before(() => {
  obj = compileBpf('getpid');
  small = compileBpf('getpid', ['RING_SIZE=4096'], 'getpid-4k');
  gen = compileC('gen');
  const skel = spawnSync('bpftool', ['gen', 'skeleton', obj, 'name', 'getpid_bpf'], { encoding: 'utf8' });
  assert.equal(skel.status, 0, skel.stderr);
  writeFileSync(join(WORK, 'getpid.skel.h'), skel.stdout);
  consumer = compileC('consumer', ['-lbpf']);
});

async function startAgent(object: string, pid: number, maxRecordsPerSecond: number): Promise<Agent> {
  const agent = await Agent.start();
  agent.send({ type: 'load', object, knobs: { target_pid: pid, cookie: COOKIE }, recordTypes: [{ ring: 'rb', type: 'struct event' }] });
  await agent.until('loaded');
  agent.send({ type: 'attach' });
  await agent.until('attached');
  agent.send({ type: 'startStream', maxRecordsPerSecond });
  await agent.until('streaming');
  return agent;
}

void test('the agent and libbpf ring_buffer__poll see the same records in the same order', async () => {
  const N = 50000;
  const g = new Generator(gen, N);
  const pid = await g.pid();
  const c = spawn(consumer, [String(pid), String(N), COOKIE], { stdio: ['ignore', 'pipe', 'pipe'] });
  const cReady = new Lines(c.stderr);
  const cOut = new Lines(c.stdout);
  assert.equal(await cReady.next(), 'ready');
  const agent = await startAgent(obj, pid, 0);
  await g.go();
  agent.send({ type: 'stopStream' });
  const { all } = await agent.until('stats');
  agent.send({ type: 'stop' });
  await agent.until('bye');
  const ours = all
    .filter((e): e is RecordsEvent => e.type === 'records')
    .flatMap((e) => e.batch)
    .map((r) => `${String(r.fields['pid'])} ${String(r.fields['seq'])} ${String(r.fields['cookie'])} ${String(r.fields['comm'])}`);
  const theirs: string[] = [];
  for (let l = await cOut.next(); l !== undefined; l = await cOut.next()) theirs.push(l);
  assert.equal(theirs.length, N);
  assert.equal(ours.length, N);
  assert.deepEqual(ours, theirs);
  assert.equal(theirs[N - 1], `${pid} ${N - 1} ${BigInt(COOKIE).toString()} gen`);
  // the records went out in slices of at most 16 KiB of record bytes (session.ts EVENT_RECORD_BYTES), each
  // event's `sent` counting the records sent so far
  const events = all.filter((e): e is RecordsEvent => e.type === 'records');
  let sent = 0;
  for (const e of events) {
    sent += e.batch.length;
    assert.equal(e.sent, sent);
    assert.ok(e.batch.reduce((n, r) => n + r.size, 0) <= 16 << 10, `a records event of ${e.batch.length} records`);
  }
  assert.equal(sent, N);
  assert.ok(events.length >= Math.ceil((N * (events[0]?.batch[0]?.size ?? 0)) / (16 << 10)));
});

void test('a 4 KiB ring flooded by the generator reports its drops (received + drops = calls) and why', async () => {
  const N = 200000;
  const g = new Generator(gen, N);
  const pid = await g.pid();
  const agent = await startAgent(small, pid, 1000);
  await g.go();
  agent.send({ type: 'stopStream' });
  const stats = (await agent.until('stats')).last;
  agent.send({ type: 'stop' });
  await agent.until('bye');
  assert.equal(stats.ringSize, 4096);
  assert.ok(stats.drops !== null && stats.drops > 0, `drops ${String(stats.drops)}`);
  assert.equal(stats.received + (stats.drops ?? 0), N);
  assert.equal(stats.availData, 0);
  assert.ok(stats.peakFillPct > 90, `peak fill ${stats.peakFillPct}`);
  // all of them are the program's reserve failures (it discards nothing), and the hint explains them
  assert.equal(stats.failed, stats.drops);
  assert.match(lossHint(stats, 0) ?? '', new RegExp(`^${stats.failed ?? 0} records could not be reserved since the last statistics: ring 'rb' (was|is) full`));
});
