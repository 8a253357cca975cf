// The ring reader's real-time priority on the real kernel: while a stream runs, the agent's main thread (the one
// that reads the rings) is SCHED_FIFO at the asked priority (1 by default), and stays so while it sleeps between
// records (its pacing counts CPU time: test/unit/reader-priority.test.ts), and its other threads stay ordinary;
// it is ordinary again once the stream stops; 0 leaves it ordinary; an agent without CAP_SYS_NICE warns
// (RS-AGENT-029) and streams every record anyway.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentEvent, RecordsEvent, StreamingEvent } from '../../common/agentProtocol';
import { Agent, compileBpf, compileC, Generator } from './support/agentHarness';

let obj = '';
let gen = '';
before(() => {
  obj = compileBpf('getpid');
  gen = compileC('gen');
});

/** [policy, rt_priority] of one thread, from /proc/PID/task/TID/stat (fields 41 and 40). */
function scheduling(pid: number, tid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const after = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
  return [Number(after[38]), Number(after[37])];
}

const SCHED_OTHER = 0;
const SCHED_FIFO = 1;
/** Several pacing slots (readerPriority.ts SLOT_MS, 100 ms): an idle reader keeps its priority through them. */
const SAMPLE_MS = 500;

/** The distinct [policy, priority] pairs seen, as "policy/priority", sorted. */
const distinct = (xs: [number, number][]): string[] => [...new Set(xs.map((x) => x.join('/')))].sort();

interface Streamed {
  streaming: StreamingEvent;
  logs: string[];
  /** While streaming: the main thread's scheduling, looked at every ms or so over SAMPLE_MS, and every other thread's. */
  main: [number, number][];
  others: [number, number][];
  /** After stopStream. */
  mainAfter: [number, number];
  received: number;
}

/** Streams N getpid() records with `start` options, looking at the agent's threads while it streams and after. */
async function stream(n: number, start: { readerPriority?: number }, wrapper: string[] = []): Promise<Streamed> {
  const agent = await Agent.start({}, wrapper);
  const g = new Generator(gen, n);
  try {
    const pid = await g.pid();
    agent.send({ type: 'load', object: obj, knobs: { target_pid: pid, cookie: '0x1' }, recordTypes: [{ ring: 'rb', type: 'struct event' }] });
    await agent.until('loaded');
    agent.send({ type: 'attach' });
    await agent.until('attached');
    agent.send({ type: 'startStream', maxRecordsPerSecond: 0, ...start });
    const started = await agent.until('streaming');
    const apid = agent.proc.pid ?? 0;
    // the agent runs node directly or as the wrapper's exec: its main thread's id is the process id
    const main: [number, number][] = [];
    for (const end = Date.now() + SAMPLE_MS; Date.now() < end; await sleep(1)) main.push(scheduling(apid, apid));
    const others = readdirSync(`/proc/${apid}/task`)
      .map(Number)
      .filter((t) => t !== apid)
      .map((t) => scheduling(apid, t));
    await g.go();
    agent.send({ type: 'stopStream' });
    const { all } = await agent.until('stats');
    const mainAfter = scheduling(apid, apid);
    agent.send({ type: 'stop' });
    await agent.until('bye');
    const events: AgentEvent[] = [...started.all, ...all];
    const records = events.filter((e): e is RecordsEvent => e.type === 'records');
    return {
      streaming: started.last,
      logs: events.flatMap((e) => (e.type === 'log' ? [e.message] : [])),
      main,
      others,
      mainAfter,
      received: records.reduce((a, b) => a + b.batch.length, 0),
    };
  } finally {
    g.proc.kill();
    agent.proc.kill();
  }
}

void test('while streaming, the reading thread is SCHED_FIFO 1 by default, the others ordinary; ordinary after', async () => {
  const r = await stream(1000, {});
  assert.equal(r.streaming.readerPriority, 1);
  assert.ok(r.main.length > 10, `${r.main.length} samples`);
  assert.deepEqual(distinct(r.main), [`${SCHED_FIFO}/1`]);
  assert.ok(r.others.length > 0);
  assert.deepEqual(r.others.filter(([policy]) => policy !== SCHED_OTHER), []);
  assert.deepEqual(r.mainAfter, [SCHED_OTHER, 0]);
  assert.deepEqual(r.logs, []);
  assert.equal(r.received, 1000);
});

void test('an asked priority is taken; 0 leaves the reader ordinary', async () => {
  const high = await stream(100, { readerPriority: 5 });
  assert.equal(high.streaming.readerPriority, 5);
  assert.deepEqual(distinct(high.main), [`${SCHED_FIFO}/5`]);
  const off = await stream(100, { readerPriority: 0 });
  assert.equal(off.streaming.readerPriority, 0);
  assert.deepEqual(distinct(off.main), [`${SCHED_OTHER}/0`]);
  assert.equal(off.received, 100);
});

void test('without CAP_SYS_NICE the agent warns with what to do and streams every record at ordinary priority', async () => {
  const r = await stream(1000, {}, ['setpriv', '--inh-caps=-sys_nice', '--bounding-set=-sys_nice']);
  assert.equal(r.streaming.readerPriority, 0);
  assert.deepEqual(distinct(r.main), [`${SCHED_OTHER}/0`]);
  assert.deepEqual(r.logs, [
    'The ring reader could not take real-time priority 1 (errno 1: EPERM, CAP_SYS_NICE is missing), so other tasks ' +
      'can delay it and a very fast producer may drop records. Run the agent as root or grant it CAP_SYS_NICE, or set ' +
      'ringscope.readerPriority (ringscope run: --reader-priority) to 0 to keep the reader on the ordinary scheduler. [RS-AGENT-029]',
  ]);
  assert.equal(r.received, 1000);
});
