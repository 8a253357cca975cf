// The agent on the real kernel: a getpid tracepoint program fed by a generator delivers exactly N
// records with the expected fields, in order; bounded-rate sampling says received vs sent; the record
// file holds every record; stats carry the ring's positions and the program's drop counter.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { AgentEvent, RecordsEvent, StatsEvent } from '../../common/agentProtocol';
import type { DecodedRecord } from '../../common/records';
import { Agent, compileBpf, compileC, Generator, WORK } from './support/agentHarness';

let obj = '';
let gen = '';
before(() => {
  obj = compileBpf('getpid');
  gen = compileC('gen');
});

const COOKIE = '0xfeedface12345678';

interface Run {
  records: DecodedRecord[];
  seqs: number[];
  batches: RecordsEvent[];
  stats: StatsEvent;
  pid: number;
  events: AgentEvent[];
}

/** Loads, attaches, streams, runs the generator N times, stops the stream; returns what arrived. */
async function streamRun(n: number, start: { maxRecordsPerSecond?: number; recordFile?: string }, copyMode = false): Promise<Run> {
  const agent = await Agent.start(copyMode ? { RINGSCOPE_AGENT_COPY_MODE: '1' } : {});
  const g = new Generator(gen, n);
  try {
    const pid = await g.pid();
    agent.send({ type: 'hello', version: 1 });
    const hello = await agent.until('hello');
    assert.equal(hello.last.zeroCopy, !copyMode);
    // the copy mode is announced before anything else
    assert.deepEqual(
      hello.all.filter((e) => e.type === 'log').map((e) => e.type === 'log' && e.message.endsWith('[RS-AGENT-013]')),
      copyMode ? [true] : [],
    );
    agent.send({
      type: 'load',
      object: obj,
      knobs: { target_pid: pid, cookie: COOKIE },
      recordTypes: [{ ring: 'rb', type: 'struct event' }],
    });
    const loaded = (await agent.until('loaded')).last;
    assert.deepEqual(loaded.programs, ['on_getpid']);
    assert.deepEqual(
      loaded.rings.map((r) => [r.name, r.size, r.recordType, r.columns.map((c) => c.name).join(',')]),
      [['rb', 16777216, 'struct event', 'pid,seq,cookie,comm']],
    );
    agent.send({ type: 'attach' });
    assert.deepEqual((await agent.until('attached')).last.programs, ['on_getpid']);
    agent.send({ type: 'startStream', ...start });
    await agent.until('streaming');
    await g.go();
    agent.send({ type: 'stopStream' });
    const { last: stats, all } = await agent.until('stats');
    const batches = all.filter((e): e is RecordsEvent => e.type === 'records');
    agent.send({ type: 'stop' });
    await agent.until('bye');
    assert.equal(await agent.exited, 0);
    return { records: batches.flatMap((b) => b.batch), seqs: batches.flatMap((b) => b.seqs ?? []), batches, stats, pid, events: all };
  } finally {
    g.proc.kill();
    agent.proc.kill();
  }
}

void test('every getpid() of the generator arrives once, decoded, in order (unbounded rate)', async () => {
  const N = 20000;
  const r = await streamRun(N, { maxRecordsPerSecond: 0 });
  assert.equal(r.records.length, N);
  assert.deepEqual(
    r.records.map((x) => x.fields['seq']),
    Array.from({ length: N }, (_, i) => i),
  );
  assert.deepEqual(r.seqs, Array.from({ length: N }, (_, i) => i));
  for (const x of r.records.slice(0, 3))
    assert.deepEqual(x, { type: 'struct event', size: 32, fields: { pid: r.pid, seq: x.fields['seq'] as number, cookie: '18369614218089748088', comm: 'gen' } });
  const last = r.batches[r.batches.length - 1];
  assert.equal(last?.received, N);
  assert.equal(last?.sent, N);
  assert.equal(r.stats.ring, 'rb');
  assert.equal(r.stats.received, N);
  assert.equal(r.stats.ringSize, 16777216);
  assert.equal(r.stats.consumerPos, N * 40);
  assert.equal(r.stats.producerPos, N * 40);
  assert.equal(r.stats.availData, 0);
  assert.equal(r.stats.drops, 0); // rb_drops exists and stayed 0
});

void test('copy mode (as under a V8 sandbox) delivers the same records', async () => {
  const N = 20000;
  const r = await streamRun(N, { maxRecordsPerSecond: 0 }, true);
  assert.equal(r.records.length, N);
  assert.deepEqual(
    r.records.map((x) => x.fields['seq']),
    Array.from({ length: N }, (_, i) => i),
  );
  assert.equal(r.records[N - 1]?.fields['pid'], r.pid);
  assert.equal(r.stats.consumerPos, N * 40);
});

void test('a bounded rate sends fewer records and says how many were received', async () => {
  const N = 100000;
  const r = await streamRun(N, { maxRecordsPerSecond: 1000 });
  const last = r.batches[r.batches.length - 1];
  assert.equal(last?.received, N);
  assert.equal(last?.sent, r.records.length);
  assert.ok(r.records.length < N, `sent ${r.records.length} of ${N}`);
  // the records sent are a subsequence of the stream, in order
  const seqs = r.records.map((x) => x.fields['seq'] as number);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  assert.deepEqual(r.seqs, seqs);
  assert.equal(r.stats.received, N);
});

void test('the record file holds a header and every record, unsampled', async () => {
  const N = 5000;
  const file = join(WORK, 'records.jsonl');
  const r = await streamRun(N, { maxRecordsPerSecond: 10, recordFile: file });
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, N + 1);
  const header = JSON.parse(lines[0] ?? '') as { format: string; version: number; rings: { name: string }[] };
  assert.equal(header.format, 'ringscope-records');
  assert.equal(header.version, 1);
  assert.deepEqual(header.rings.map((x) => x.name), ['rb']);
  const body = lines.slice(1).map((l) => JSON.parse(l) as { ring: string; seq: number; record: DecodedRecord });
  assert.deepEqual(body.map((b) => b.seq), Array.from({ length: N }, (_, i) => i));
  assert.deepEqual(body.map((b) => b.record.fields['seq']), Array.from({ length: N }, (_, i) => i));
  assert.equal(body[0]?.record.fields['pid'], r.pid);
});

