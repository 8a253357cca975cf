// Ring-reader benchmark: the agent's reader (client/agent/ring) against a C consumer on libbpf's
// ring_buffer__poll that only counts (scripts/bench/ring-count.c), in the same run, on the same producer
// (test/fixtures/agent/flood.bpf.c: bpf_loop submitting 32- or 256-byte records on each getpid() of a
// generator). Saturation with and without BPF_RB_NO_WAKEUP, and a full 64 MiB ring drained at once.
// Agent rows: 'agent' is the session's own consumer (ring/consumer.ts): every field of every record
// extracted in the header walk (ring/walk.ts through RingReader.drainBatch: scalars into words, byte
// arrays read in place) plus full DecodedRecord trees for a 20,000 records/s sample, as a streaming
// session does (the targets are judged on it: the sample's bytes are copied in the drain and its trees
// built when the batch is sent, ring/samples.ts); the drain cases also report a full tree for every record. Both consumers are timed over the same window: saturation from
// the producer's start signal to the last record, drain from the drain signal to the last record.
// The agent's reading thread runs at real-time priority 1 while it streams, paced within the kernel's real-time
// budget, as the session's does by default (client/agent/readerPriority.ts): at ordinary priority, another task
// waking on its CPU holds it for a whole time slice (1-4 ms, longer than a fast producer takes to fill a 4 MiB
// ring), and those slices were most of the agent's loss here (256 B, default wake-ups, medians of 5: 4-13 % lost
// against C's 1-2 %; at priority 1, 0.2-2 %). The C consumer runs at ordinary priority, as libbpf leaves it; it
// sleeps in epoll between wake-ups, which leaves its CPU idle for other tasks rather than taken from it.
// Each agent measurement runs in its own Node process after an unmeasured warm-up round (a running
// agent's loop is compiled long before a ring fills); drain cases also print records per CPU second,
// which other processes on a shared machine disturb less than wall time. Saturation cases also print how many
// wake-up interrupts (IRQ work) the producer raised under each consumer: one per record committed while the
// consumer had caught up, each a cost to the producer (libbpf's consumer gets ~10^5 per round, the agent ~10^2-10^3).
// Default-wakeup cases then run the whole agent (client/agent/main.ts over stdio, sending records events) through
// the same round three times: what a user's stream loses, with the session's other work; not a target.
// Needs root, clang, bpftool, cc and libbpf-dev. Usage: node scripts/bench/ring.mjs [calls]
// Env: RINGSCOPE_BENCH_CASE=i runs case i only; _ROUNDS=n alternating C/agent rounds per case (5; the
// median round is reported); _JSON=file writes the results; _READER_PRIORITY (1; 0 = ordinary); _SPINS, _NODE_ARGS (for
// the agent processes, e.g. --cpu-prof), _KEEP (keep the work folder), _DEBUG (epoll wait counts), _TRACE
// (the agent's measured round on stderr: records, program drops and the most unread bytes every 5 ms, and every turn of its loop that
// came more than 2 ms after the one before, with what that one did: where losses come from).
// Numbers vary on a busy 2-core VM: compare within one run, and take medians of several.
import * as esbuild from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'agent');
// `--child <work> <obj> <calls> <drain 0|1> <mode>`: one agent measurement in a fresh process (fresh
// JIT feedback, its own memory), printed as one JSON line; the parent runs everything else.
const child = process.argv[2] === '--child' ? process.argv.slice(3) : undefined;
execFileSync('mkdir', ['-p', join(root, 'out')]);
const work = child ? child[0] : mkdtempSync(join(root, 'out', 'bench-ring-'));
// The parent's folder, lent to its children: removed when the parent exits, however the run ends.
if (!child && !process.env.RINGSCOPE_BENCH_KEEP) process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const defaultCalls = Number((child ? undefined : process.argv[2]) ?? 10000);
const PER_CALL = 1000;

// Bundled once, inside the repo so that ffi-rs resolves from node_modules: the agent's modules (for the consumer's
// rows) and the whole agent (for the session rows, saturation with default wakeups).
const bundleTo = (outfile, entry) =>
  esbuild.build({ ...entry, outfile: join(work, outfile), bundle: true, platform: 'node', format: 'cjs', target: 'node18', external: ['ffi-rs'], logLevel: 'warning' });
if (!child) {
  await bundleTo('agent-lib.cjs', {
    stdin: {
      contents: `export * from './libbpf/object'; export * from './ring/reader'; export * from './ring/waiter'; export * from './ring/walk'; export * from './ring/consumer'; export * from './ring/samples'; export * from './ring/stats'; export * from './btf'; export * from './libbpf/ffi'; export * from './readerPriority'; export { DEFAULT_READER_PRIORITY } from '../../common/agentProtocol';`,
      resolveDir: join(root, 'client', 'agent'),
      loader: 'ts',
    },
  });
  await bundleTo('agent.cjs', { entryPoints: [join(root, 'client', 'agent', 'main.ts')] });
  // esbuild's service process would otherwise live as long as this one, waking on the CPUs being measured
  await esbuild.stop();
}
const lib = await import(pathToFileURL(join(work, 'agent-lib.cjs')).href);
lib.openLibraries();
const zeroCopy = lib.selfTestZeroCopy();
// the real-time priority of the agent's reading thread while it streams, as the session takes it (readerPriority.ts)
const readerPriority = Number(process.env.RINGSCOPE_BENCH_READER_PRIORITY ?? lib.DEFAULT_READER_PRIORITY);

const gen = join(work, 'gen');
if (!child) execFileSync('cc', ['-O2', '-o', gen, join(fixtures, 'gen-steps.c')]);

function build(name, defines) {
  const obj = join(work, `${name}.bpf.o`);
  execFileSync('clang', ['-g', '-O2', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', ...defines.map((d) => `-D${d}`), '-c', join(fixtures, 'flood.bpf.c'), '-o', obj]);
  const dir = join(work, name);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'flood.skel.h'), execFileSync('bpftool', ['gen', 'skeleton', obj, 'name', 'flood_bpf']));
  const count = join(dir, 'count');
  execFileSync('cc', ['-O2', '-I', dir, '-o', count, join(root, 'scripts', 'bench', 'ring-count.c'), '-lbpf']);
  return { obj, count };
}

function lines(stream) {
  const rl = createInterface({ input: stream });
  const queue = [];
  const waiters = [];
  rl.on('line', (l) => (waiters.length ? waiters.shift()(l) : queue.push(l)));
  rl.on('close', () => waiters.splice(0).forEach((w) => w(undefined)));
  return () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r)));
}

function startGen() {
  const p = spawn(gen, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const next = lines(p.stdout);
  const exited = new Promise((r) => p.on('exit', r));
  const pid = next().then(Number);
  /** Starts `calls` getpid() calls; resolves when they are done. */
  const run = (calls) => {
    p.stdin.write(`${calls}\n`);
    return pid.then(() => next());
  };
  return { pid, run, end: () => p.stdin.end(), exited };
}

/**
 * CLOCK_MONOTONIC seconds, the clock ring-count.c prints. Read through performance.now() (the same clock in Node,
 * from another origin) rather than process.hrtime.bigint(): the consumer loop reads it on every turn, and a BigInt
 * per read was ~8 % of the agent's time at saturation, a cost the session (Date.now()) does not have.
 */
const monoOrigin = (() => {
  performance.now(); // the first calls initialise the clocks: not between the reads below
  process.hrtime.bigint();
  const a = Number(process.hrtime.bigint()) / 1e9;
  const p = performance.now() / 1e3;
  return (a + Number(process.hrtime.bigint()) / 1e9) / 2 - p;
})();
const mono = () => monoOrigin + performance.now() / 1e3;

/**
 * IRQ-work interrupts so far, summed over CPUs (the IWI row of /proc/interrupts; undefined where there is none).
 * A default-wakeup producer raises one when it commits a record at consumer_pos, that is when the consumer has
 * caught up: a self-IPI that, in a VM, traps to the hypervisor, and slows the producer down.
 */
function wakeInterrupts() {
  const row = readFileSync('/proc/interrupts', 'utf8')
    .split('\n')
    .find((l) => l.trim().startsWith('IWI:'));
  if (!row) return undefined;
  return row
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter((x) => /^\d+$/.test(x))
    .reduce((a, x) => a + Number(x), 0);
}

/** IRQ-work interrupts since `before` (a wakeInterrupts() reading), or undefined without an IWI row. */
const interruptsSince = (before) => (before === undefined ? undefined : (wakeInterrupts() ?? 0) - before);

async function runC(v, drain, calls) {
  const expected = calls * PER_CALL;
  const g = startGen();
  const pid = await g.pid;
  const c = spawn(v.count, [String(pid), String(PER_CALL), String(expected), ...(drain ? ['drain'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  const err = lines(c.stderr);
  const out = lines(c.stdout);
  if ((await err()) !== 'ready') throw new Error('C consumer failed');
  const t0 = mono();
  const irq0 = wakeInterrupts();
  await g.run(calls);
  if (drain) c.stdin.write('go\n');
  const [records, drops, tStart, tLast, cpu] = (await out()).split(' ').map(Number);
  const irq = interruptsSince(irq0);
  g.end();
  await g.exited;
  return { records, drops, seconds: tLast - (drain ? tStart : t0), cpu: drain ? cpu : 0, irq };
}

const RATE = 20000; // the agent's default maxRecordsPerSecond: full trees for this many records/s

/** mode: 'agent' (the session's RingConsumer: every field extracted + sampled trees), 'trees' (a tree per record). */
async function runAgent(v, drain, calls, mode) {
  const g = startGen();
  const pid = await g.pid;
  const info = lib.readBpfObject(new Uint8Array(readFileSync(v.obj)));
  const obj = lib.BpfObject.open(v.obj, info, { target_pid: pid, per_call: PER_CALL });
  obj.load();
  obj.attach();
  const ring = obj.rings().find((r) => r.name === 'rb');
  // as the session: real-time from the start of the stream, paced within the kernel's real-time budget each turn
  const priority = new lib.ReaderPriority(readerPriority);
  if (priority.raise(mono() * 1000) !== 0) throw new Error(`no real-time priority ${readerPriority} (root or CAP_SYS_NICE needed)`);
  const base = process.memoryUsage();
  const reader = new lib.RingReader(ring.fd, ring.size, zeroCopy, true); // holdBack, as the session
  const waiter = new lib.RingWaiter([ring.fd]);
  const selector = lib.selectorForRing(info.btf, 'rb', { settings: [{ ring: 'rb', type: 'struct rec' }] });
  const recId = lib.lookupTypeName(info.btf, 'struct rec').id;
  let records = 0;
  let lastSeq = -1;
  let gaps = 0;
  let trees = 0;
  // The loop's clock readings and token count live in a typed array, as the session keeps them in object fields:
  // a double written to a closure variable is a new heap number each time, ~200 MB/s of garbage at saturation and
  // a scavenge every 25–50 ms that the session does not cause.
  const S = new Float64Array(5);
  const TOKENS = 0;
  const REFILLED = 1;
  const FLUSHED = 2;
  const LAST = 3;
  const LAST_DATA = 4;
  S[TOKENS] = RATE / 10;
  S[REFILLED] = mono();
  let sink = 0;
  // 'agent': the session's own consumer (client/agent/ring/consumer.ts): every field of every record
  // extracted in the header walk, a DecodedRecord tree for each record the token bucket admits. The
  // observer (not part of the session) checks each batch's extracted seq at both ends: with the walk's
  // ring order, first = last seen + 1 and last = first + count - 1 means no record was skipped
  // (test/integration/ring-consumer.test.ts checks every record's fields).
  const walker = lib.compileWalker(info.btf, recId);
  const seqWord = walker.fields.find((f) => f.name === 'seq').word;
  const counters = new lib.RingCounters('rb', ring.size, Date.now());
  const observe = (batch, count) => {
    const w = batch.words;
    const first = w[seqWord]; // seq stays < 2^32 here
    const last = w[(count - 1) * walker.stride + seqWord];
    if (first !== lastSeq + 1 || last !== first + count - 1 || batch.lengths[count - 1] < walker.size) gaps++;
    lastSeq = last;
    records += count;
  };
  // as the session: the admitted records' bytes are copied, their trees built IDLE_TREES at a time when
  // the consumer has caught up and the rest when the batch is sent (every FLUSH_S, and once after the
  // last record: that one is timed apart, as flushMs)
  const samples = new lib.SampledRecords((buf, off, len) => selector.decode(buf, off, len));
  const take = (buf, off, len, seq) => {
    S[TOKENS]--;
    samples.addBytes(buf, off, len, seq, 0);
  };
  S[FLUSHED] = mono();
  const flush = () => {
    S[FLUSHED] = mono();
    for (const t of samples.take().batch) {
      sink += t.size;
      trees++;
    }
  };
  const consumer = new lib.RingConsumer(reader, counters, walker, () => S[TOKENS], take, observe);
  // 'trees': a full DecodedRecord tree for every record, one call per record
  const perTree = (buf, off, len) => {
    const s = selector.decode(buf, off, len).fields.seq;
    if (s !== lastSeq + 1) gaps++;
    lastSeq = s;
    records++;
    trees++;
  };
  const drainOnce = mode === 'agent' ? () => consumer.drain(65536) : () => reader.drain(perTree, 65536);
  const stat = { waits: 0, woke: 0, missed: 0, waitS: 0 };
  // RINGSCOPE_BENCH_TRACE: the measured round's timeline (see the header)
  let tracing = false;
  let turn = '';
  let dropsAtStart = 0;
  const T = new Float64Array(3); // last timeline sample, last turn, round start
  const timeline = [];
  const stalls = [];
  let peak = 0; // the most unread bytes a turn found since the last timeline sample
  const traceTurn = () => {
    const t = mono();
    peak = Math.max(peak, reader.pending());
    if (t - T[0] >= 0.005) {
      T[0] = t;
      timeline.push(`${((t - T[2]) * 1000).toFixed(1)} ms: ${records} records, ${(obj.readDrops('rb') ?? 0) - dropsAtStart} program drops, up to ${peak >> 10} KiB unread`);
      peak = 0;
    }
    if (T[1] > 0 && t - T[1] > 0.002) stalls.push(`${((t - T[2]) * 1000).toFixed(1)} ms: ${((t - T[1]) * 1000).toFixed(2)} ms since the last turn (${turn})`);
    T[1] = t;
    turn = 'drain';
  };

  // The round's state lives in variables that every round shares, not in closures passed per round: a loop
  // compiled with the warm-up rounds' closures inlined would be deoptimised ("wrong feedback cell") when the
  // measured round passed its own, and run unoptimised at the very start of the measured round.
  let producerDone = false;
  let trackCpu = false;
  let cpu0 = process.cpuUsage();
  let cpuLast = cpu0;

  /** Consumes until `expected` records (plus drops counted since `dropsBefore`) have arrived. */
  const consume = async (expected, dropsBefore) => {
    let drops = 0;
    S[LAST_DATA] = 0;
    for (;;) {
      if (tracing) traceTurn();
      priority.pace(mono() * 1000);
      const n = drainOnce();
      if (mode === 'agent' && mono() - S[FLUSHED] >= FLUSH_S) {
        flush();
        turn = 'flush';
      }
      if (n > 0) {
        const now = mono();
        S[LAST] = now;
        S[LAST_DATA] = now;
        if (trackCpu) cpuLast = process.cpuUsage(cpu0);
        // the token bucket of the agent's sampling, refilled per drain as the session does per tick
        S[TOKENS] = Math.min(RATE / 10, S[TOKENS] + (now - S[REFILLED]) * RATE);
        S[REFILLED] = now;
        continue;
      }
      if (mode === 'agent') {
        samples.prepare(IDLE_TREES);
        turn = 'prepare';
      }
      // like the agent's tick: spin briefly on producer_pos; while records flowed in the last HOT_MS,
      // wait in epoll on this thread (1 ms at most), else on a pool thread (1 ms timeout)
      if (reader.spin(SPINS)) continue;
      if (reader.release()) continue; // as the session before it waits (a record that came meanwhile woke nobody)
      if (mono() - S[LAST_DATA] < HOT_S) {
        const tw = mono();
        const got = waiter.waitSync(1);
        turn = got ? 'epoll wait, woken' : 'epoll wait, timed out';
        stat.waits++;
        stat.waitS += mono() - tw;
        if (got) stat.woke++;
        else if (reader.spin(1)) stat.missed++;
        if (!got) await new Promise(setImmediate); // the loop's turn, as setImmediate(tick)
        if (!producerDone) continue;
      }
      // the drop counter costs a few FFI calls: read it only once the producer is done
      if (producerDone) {
        drops = (obj.readDrops('rb') ?? 0) - dropsBefore;
        if (records + drops >= expected) return drops;
      }
      await waiter.wait(1);
    }
  };

  // warm-up rounds shaped like the measured one, not measured: a running agent's loop is compiled
  // long before a ring fills up (and a deopt in the measured round would be a compile we time)
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    producerDone = false;
    const warmDrops = obj.readDrops('rb') ?? 0; // before the round starts: drops come at once
    const warm = g.run(warmupCalls(drain)).then(() => (producerDone = true));
    if (drain) await warm;
    records = 0;
    S[REFILLED] = mono();
    // a flush in the first turn: a warm-up round is shorter than FLUSH_S, and a call that first ran in the measured
    // round would deoptimise the loop there ("insufficient type feedback for call")
    S[FLUSHED] = 0;
    await consume(warmupCalls(drain) * PER_CALL, warmDrops);
  }
  if (mode === 'agent') flush();
  const dropsBefore = obj.readDrops('rb') ?? 0;
  records = 0;
  trees = 0;
  S[TOKENS] = RATE / 10;

  const expected = calls * PER_CALL;
  producerDone = false;
  const t0 = mono();
  const irq0 = wakeInterrupts();
  tracing = process.env.RINGSCOPE_BENCH_TRACE !== undefined;
  dropsAtStart = dropsBefore;
  T[2] = t0;
  const round = g.run(calls).then(() => (producerDone = true));
  if (drain) await round;
  const start = drain ? mono() : t0;
  S[REFILLED] = start;
  cpu0 = process.cpuUsage();
  cpuLast = cpu0;
  trackCpu = drain;
  S[LAST] = start;
  const drops = await consume(expected, dropsBefore);
  const seconds = S[LAST] - start;
  const irq = interruptsSince(irq0);
  if (tracing) console.error([`agent (${mode}), measured round:`, ...timeline, 'turns more than 2 ms apart:', ...stalls].join('\n'));
  const tFlush = mono();
  if (mode === 'agent') flush();
  const flushMs = (mono() - tFlush) * 1000;
  const mem = process.memoryUsage();
  const ringBytes = 2 * ring.size + 2 * 4096; // both mappings' pages are resident from mmap on
  priority.restore();
  waiter.close();
  reader.close();
  obj.close();
  g.end();
  await g.exited;
  if (sink === -1) console.log('');
  if (process.env.RINGSCOPE_BENCH_DEBUG) console.error(JSON.stringify(stat));
  const cpu = drain ? (cpuLast.user + cpuLast.system) / 1e6 : 0;
  return { records, drops, seconds, cpu, irq, gaps, trees, flushMs, rss: mem.rss, ours: mem.rss - ringBytes, heap: mem.heapUsed, external: mem.external, baseRss: base.rss };
}

const SPINS = Number(process.env.RINGSCOPE_BENCH_SPINS ?? 256); // as the session's SPIN_CHECKS
// A running agent's functions are compiled long before a ring fills up. Ten rounds bring every function of
// the measured round to TurboFan first, the sampled records' take included (it runs ~2,000 times a
// round): with two, --trace-opt showed take and its copy compiled during the measured round.
const WARMUP_ROUNDS = 10;
// Calls per warm-up round. Saturation: 10 M records in all, which also grows the young generation to the stream's
// allocation rate, as a running agent's is. After 1 M (100 calls a round), the measured round began with a full
// mark-compact and the heap still growing, and the agent lost 0.5-8 % of the records against 0-2.3 % after 10 M (256 B,
// default wake-ups, medians of 5, runs alternated). Drain: 100 calls (a warm-up round must fit the ring).
const warmupCalls = (drain) => (drain ? 100 : 1000);
const HOT_S = 0.05; // as the session's HOT_MS
const FLUSH_S = 0.05; // as the session's FLUSH_MS
const IDLE_TREES = 256; // as the session's
if (child) {
  setTimeout(() => {
    console.error('agent measurement timed out');
    process.exit(2);
  }, 180000).unref();
  const [, obj, calls, drain, mode] = child;
  const r = await runAgent({ obj }, drain === '1', Number(calls), mode);
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
}

/** Runs one agent measurement in its own Node process. */
async function agentInChild(v, drain, calls, mode) {
  const nodeArgs = process.env.RINGSCOPE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []; // e.g. --cpu-prof
  const p = spawn(process.execPath, [...nodeArgs, fileURLToPath(import.meta.url), '--child', work, v.obj, String(calls), drain ? '1' : '0', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const next = lines(p.stdout);
  let line;
  // the result is the line starting with {"records"; others (V8 traces from _NODE_ARGS) go to stderr
  while ((line = await next()) !== undefined && !line.startsWith('{"records"')) process.stderr.write(`${line}\n`);
  await new Promise((r) => p.on('exit', r));
  if (line === undefined) throw new Error(`agent measurement (${mode}) failed`);
  return JSON.parse(line);
}

/**
 * The whole agent (client/agent/main.ts over stdio, as the extension and the CLI run it) streaming the measured round:
 * its RingConsumer plus everything else a session does at the same time (records events with the sampled records
 * as JSON, stats, timers). Not a target (the issue's targets are the consumer's); it shows what a user's stream
 * loses. Warm-up rounds first, as for the consumer; program drops and records counted from the agent's stats.
 */
async function runSession(v, calls) {
  const g = startGen();
  const pid = await g.pid;
  const agent = spawn(process.execPath, [join(work, 'agent.cjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const next = lines(agent.stdout);
  const send = (m) => agent.stdin.write(`${JSON.stringify(m)}\n`);
  const until = async (type) => {
    for (;;) {
      const l = await next();
      if (l === undefined) throw new Error(`agent ended before ${type}`);
      if (l.startsWith(`{"type":"${type}"`)) return JSON.parse(l);
      if (l.startsWith('{"type":"error"') || l.startsWith('{"type":"verifierError"')) throw new Error(l);
    }
  };
  send({ type: 'load', object: v.obj, knobs: { target_pid: pid, per_call: PER_CALL }, recordTypes: [{ ring: 'rb', type: 'struct rec' }] });
  await until('loaded');
  send({ type: 'attach' });
  await until('attached');
  send({ type: 'startStream', maxRecordsPerSecond: RATE, readerPriority });
  await until('streaming');
  for (let round = 0; round < WARMUP_ROUNDS; round++) await g.run(warmupCalls(false));
  // the counts once every warm-up record is accounted for (earlier stats events wait in the pipe: skip them)
  let warm;
  for (let tries = 0; tries < 100; tries++) {
    send({ type: 'stats' });
    warm = await until('stats');
    if (warm.received + (warm.failed ?? 0) >= WARMUP_ROUNDS * warmupCalls(false) * PER_CALL) break;
  }
  const t0 = mono();
  await g.run(calls);
  const seconds = mono() - t0;
  send({ type: 'stopStream' }); // drains what was committed, then a last stats event
  send({ type: 'stop' });
  let last = warm;
  for (let l = await next(); l !== undefined && !l.startsWith('{"type":"bye"'); l = await next()) if (l.startsWith('{"type":"stats"')) last = JSON.parse(l);
  g.end();
  await g.exited;
  const records = last.received - warm.received;
  return { records, drops: (last.failed ?? 0) - (warm.failed ?? 0), seconds };
}

const rate = (r) => r.records / r.seconds;
const cpuRate = (r) => r.records / r.cpu;
const lostPct = (r) => ((100 * r.drops) / (r.records + r.drops)).toFixed(1);
const fmt = (r) => `${(rate(r) / 1e6).toFixed(2).padStart(6)} M rec/s${r.cpu ? ` (${(cpuRate(r) / 1e6).toFixed(1)} M/cpu-s)` : ''}, lost ${String(r.drops).padStart(8)} (${lostPct(r)}%)`;
const mib = (b) => `${(b / 1048576).toFixed(0)} MiB`;
console.log(`ring reader vs libbpf ring_buffer__poll (C, counting only); ${defaultCalls} x ${PER_CALL} records per saturation case; zero-copy: ${zeroCopy}; node ${process.version}`);
console.log(`the agent's reading thread: ${readerPriority > 0 ? `SCHED_FIFO ${readerPriority} while streaming, as by default (RINGSCOPE_BENCH_READER_PRIORITY=0: ordinary)` : 'ordinary scheduling (RINGSCOPE_BENCH_READER_PRIORITY=0)'}; the C consumer: ordinary`);
const only = process.env.RINGSCOPE_BENCH_CASE;
const ROUNDS = Number(process.env.RINGSCOPE_BENCH_ROUNDS ?? 5);
const SESSION_ROUNDS = 3;
const cases = [
  { label: '32 B, default wakeups', defines: ['REC_SIZE=32'], drain: false },
  { label: '32 B, BPF_RB_NO_WAKEUP', defines: ['REC_SIZE=32', 'NO_WAKEUP'], drain: false },
  { label: '256 B, default wakeups', defines: ['REC_SIZE=256'], drain: false },
  { label: '256 B, BPF_RB_NO_WAKEUP', defines: ['REC_SIZE=256', 'NO_WAKEUP'], drain: false },
  { label: '32 B, full 64 MiB ring drained', defines: ['REC_SIZE=32', 'RING_SIZE=(64<<20)'], drain: true, fill: 40, target: 0.25 },
  { label: '256 B, full 64 MiB ring drained', defines: ['REC_SIZE=256', 'RING_SIZE=(64<<20)'], drain: true, fill: 264, target: 0.5 },
];
let peak = { rss: 0, ours: 0, heap: 0, external: 0 };
const results = [];
/** The middle value (the upper one of an even count). */
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const [i, c] of cases.entries()) {
  if (only !== undefined && String(i) !== only) continue;
  const v = build(`case${i}`, c.defines);
  const n = c.fill ? Math.floor((64 << 20) / c.fill / PER_CALL) : defaultCalls;
  // C and the agent alternate, ROUNDS times: a neighbour's burst on this shared machine then spoils
  // one round, not the verdict, which takes the median round
  const rounds = [];
  for (let k = 0; k < ROUNDS; k++) {
    const C = await runC(v, c.drain, n);
    const A = await agentInChild(v, c.drain, n, 'agent');
    peak = { rss: Math.max(peak.rss, A.rss), ours: Math.max(peak.ours, A.ours), heap: Math.max(peak.heap, A.heap), external: Math.max(peak.external, A.external) };
    rounds.push({ C, A, ratio: rate(A) / rate(C), lostMore: A.drops - C.drops });
  }
  const mid = [...rounds].sort((a, b) => a.ratio - b.ratio)[rounds.length >> 1];
  const { C, A, ratio } = mid;
  const lostMore = median(rounds.map((r) => r.lostMore));
  const met = c.drain ? ratio >= c.target : ratio >= 0.95 && lostMore <= 0;
  const want = c.drain ? `>= ${c.target}x` : '>= 0.95x, lost <= C';
  const perCpu = c.drain ? `, per CPU second ${(cpuRate(A) / cpuRate(C)).toFixed(2)}x` : '';
  const each = rounds.map((r) => `${r.ratio.toFixed(2)}x${c.drain ? '' : ` ${lostPct(r.C)}/${lostPct(r.A)}%`}`).join(', ');
  console.log(`${c.label.padEnd(32)} C ${fmt(C)} | agent ${fmt(A)} (trees ${A.trees}${c.drain ? `, the last batch's finished in ${A.flushMs.toFixed(1)} ms after the drain` : ''}, seq gaps ${A.gaps}) ratio ${ratio.toFixed(2)}x${perCpu}  target ${want}: ${met ? 'met' : 'NOT met'}`);
  console.log(`${''.padEnd(32)}   median of ${ROUNDS} rounds (ratio${c.drain ? '' : ', lost C/agent'} per round: ${each}; at the median the agent lost ${lostMore >= 0 ? `${lostMore} more` : `${-lostMore} fewer`} than C)`);
  // how often each consumer had caught up when a record was committed (see wakeInterrupts): what slows the producer
  if (!c.drain && C.irq !== undefined && A.irq !== undefined)
    console.log(`${''.padEnd(32)}   producer wake-up interrupts (IRQ work) at the median round: C ${C.irq}, agent ${A.irq}`);
  if (!c.drain && !c.defines.includes('NO_WAKEUP')) {
    const runs = [];
    for (let k = 0; k < SESSION_ROUNDS; k++) runs.push(await runSession(v, n));
    const S = [...runs].sort((a, b) => a.drops - b.drops)[runs.length >> 1];
    const each = runs.map((r) => `${lostPct(r)}%`).join(', ');
    console.log(`${''.padEnd(32)}   the whole agent over stdio, sending ${RATE} records/s as records events: ${(rate(S) / 1e6).toFixed(2)} M rec/s, lost ${lostPct(S)}% at the median of ${SESSION_ROUNDS} (${each}); not a target`);
  }
  let trees;
  if (c.drain) {
    trees = await agentInChild(v, c.drain, n, 'trees');
    const what = 'a DecodedRecord tree per record';
    console.log(`${''.padEnd(32)}   agent, ${what.padEnd(31)} ${fmt(trees)} (seq gaps ${trees.gaps}) ratio ${(rate(trees) / rate(C)).toFixed(2)}x, per CPU second ${(cpuRate(trees) / cpuRate(C)).toFixed(2)}x`);
  }
  results.push({ label: c.label, C, A, ratio, rounds: rounds.map((r) => r.ratio), cpuRatio: c.drain ? cpuRate(A) / cpuRate(C) : undefined, met, extra: trees ? { trees: { ratio: rate(trees) / rate(C), cpuRatio: cpuRate(trees) / cpuRate(C), drops: trees.drops } } : {} });
}
console.log(`agent memory peak: RSS ${mib(peak.rss)}, RSS without the mapped ring ${mib(peak.ours)}, JS heap ${mib(peak.heap)}, external ${mib(peak.external)} (counts the ring's external views); target < 150 MiB (ours): ${peak.ours < 150 * 1048576 ? 'met' : 'NOT met'}`);
if (process.env.RINGSCOPE_BENCH_JSON) writeFileSync(process.env.RINGSCOPE_BENCH_JSON, JSON.stringify({ results, peak }));
