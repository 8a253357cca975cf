// Ring-reader benchmark: the agent's reader (client/agent/ring, consuming and decoding every record
// with BTF) against a C consumer on libbpf's ring_buffer__poll that only counts, in the same run, on
// the same producer (test/fixtures/agent/flood.bpf.c: bpf_loop submitting 32- or 256-byte records on
// each getpid() of a generator). Saturation with and without BPF_RB_NO_WAKEUP, and a full 64 MiB ring
// drained at once. Prints records/s and records lost per consumer, and the ratio agent / C.
// Needs root, clang, bpftool, cc and libbpf-dev. Usage: node scripts/bench/ring.mjs [calls]
// Env: RINGSCOPE_BENCH_DECODE=0 only counts in the agent too (reader alone); RINGSCOPE_BENCH_CASE=i
// runs case i only. Numbers vary from run to run on a busy 2-core VM: compare within one run.
import * as esbuild from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'agent');
execFileSync('mkdir', ['-p', join(root, 'out')]);
const work = mkdtempSync(join(root, 'out', 'bench-ring-'));
const defaultCalls = Number(process.argv[2] ?? 2000);
const PER_CALL = 1000;

// the agent's modules, bundled once (inside the repo so that ffi-rs resolves from node_modules)
await esbuild.build({
  stdin: {
    contents: `export * from './libbpf/object'; export * from './ring/reader'; export * from './ring/waiter'; export * from './btf'; export * from './libbpf/ffi';`,
    resolveDir: join(root, 'client', 'agent'),
    loader: 'ts',
  },
  outfile: join(work, 'agent-lib.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['ffi-rs'],
  logLevel: 'warning',
});
const lib = await import(pathToFileURL(join(work, 'agent-lib.cjs')).href);
lib.openLibraries();
const zeroCopy = lib.selfTestZeroCopy();

const gen = join(work, 'gen');
execFileSync('cc', ['-O2', '-o', gen, join(fixtures, 'gen.c')]);

function build(name, defines) {
  const obj = join(work, `${name}.bpf.o`);
  execFileSync('clang', ['-g', '-O2', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', ...defines.map((d) => `-D${d}`), '-c', join(fixtures, 'flood.bpf.c'), '-o', obj]);
  const dir = join(work, name);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'flood.skel.h'), execFileSync('bpftool', ['gen', 'skeleton', obj, 'name', 'flood_bpf']));
  const count = join(dir, 'count');
  execFileSync('cc', ['-O2', '-I', dir, '-o', count, join(fixtures, 'count.c'), '-lbpf']);
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

function startGen(n) {
  const p = spawn(gen, [String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const next = lines(p.stdout);
  const exited = new Promise((r) => p.on('exit', r));
  return { p, pid: next().then(Number), go: () => p.stdin.write('go\n'), exited };
}

async function runC(v, drain, calls) {
  const expected = calls * PER_CALL;
  const g = startGen(calls);
  const pid = await g.pid;
  const c = spawn(v.count, [String(pid), String(PER_CALL), String(expected), ...(drain ? ['drain'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  const err = lines(c.stderr);
  const out = lines(c.stdout);
  if ((await err()) !== 'ready') throw new Error('C consumer failed');
  g.go();
  await g.exited;
  if (drain) c.stdin.write('go\n');
  const [records, drops, seconds] = (await out()).split(' ').map(Number);
  return { records, drops, seconds };
}

async function runAgent(v, drain, calls) {
  const expected = calls * PER_CALL;
  const g = startGen(calls);
  const pid = await g.pid;
  const info = lib.readBpfObject(new Uint8Array(readFileSync(v.obj)));
  const obj = lib.BpfObject.open(v.obj, info, { target_pid: pid, per_call: PER_CALL });
  obj.load();
  obj.attach();
  const ring = obj.rings().find((r) => r.name === 'rb');
  const reader = new lib.RingReader(ring.fd, ring.size, zeroCopy);
  const waiter = new lib.RingWaiter([ring.fd]);
  const selector = lib.selectorForRing(info.btf, 'rb', { settings: [{ ring: 'rb', type: 'struct rec' }] });
  let records = 0;
  let lastSeq = -1;
  let gaps = 0;
  const decode = process.env.RINGSCOPE_BENCH_DECODE !== '0';
  const handler = (buf, off, len) => {
    const s = decode ? selector.decode(buf, off, len).fields.seq : buf.readUInt32LE(off); // seq stays < 2^32 here
    if (s !== lastSeq + 1) gaps++;
    lastSeq = s;
    records++;
  };
  let genDone = false;
  void g.exited.then(() => (genDone = true));
  g.go();
  if (drain) await g.exited;
  let start = drain ? performance.now() : 0;
  let drops = 0;
  for (;;) {
    const n = reader.drain(handler, 65536);
    if (n > 0 && start === 0) start = performance.now();
    if (n === 0) {
      // the drop counter costs a few FFI calls: read it only once the producer is done
      if (genDone) {
        drops = obj.readDrops('rb') ?? 0;
        if (records + drops >= expected) break;
      }
      // like the agent's tick: an empty ring waits in epoll (1 ms timeout) on a pool thread
      await waiter.wait(1);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const rss = process.memoryUsage().rss;
  waiter.close();
  reader.close();
  obj.close();
  await g.exited;
  return { records, drops, seconds, rss, gaps };
}

const fmt = (r) => `${(r.records / r.seconds / 1e6).toFixed(2)} M rec/s, lost ${r.drops}`;
console.log(`ring reader vs libbpf ring_buffer__poll (C, counting only); ${defaultCalls} x ${PER_CALL} records per saturation case; zero-copy: ${zeroCopy}`);
const only = process.env.RINGSCOPE_BENCH_CASE;
const cases = [
  { label: '32 B, default wakeups', defines: ['REC_SIZE=32'], drain: false },
  { label: '32 B, BPF_RB_NO_WAKEUP', defines: ['REC_SIZE=32', 'NO_WAKEUP'], drain: false },
  { label: '256 B, default wakeups', defines: ['REC_SIZE=256'], drain: false },
  { label: '256 B, BPF_RB_NO_WAKEUP', defines: ['REC_SIZE=256', 'NO_WAKEUP'], drain: false },
  { label: '32 B, full 64 MiB ring drained', defines: ['REC_SIZE=32', 'RING_SIZE=(64<<20)'], drain: true, fill: 40 },
  { label: '256 B, full 64 MiB ring drained', defines: ['REC_SIZE=256', 'RING_SIZE=(64<<20)'], drain: true, fill: 264 },
];
let maxRss = 0;
for (const [i, c] of cases.entries()) {
  if (only !== undefined && String(i) !== only) continue;
  const v = build(`case${i}`, c.defines);
  const n = c.fill ? Math.floor((64 << 20) / c.fill / PER_CALL) : defaultCalls;
  const C = await runC(v, c.drain, n);
  const A = await runAgent(v, c.drain, n);
  maxRss = Math.max(maxRss, A.rss);
  const ratio = A.records / A.seconds / (C.records / C.seconds);
  console.log(`${c.label.padEnd(34)} agent ${fmt(A)} (seq gaps ${A.gaps}) | C ${fmt(C)} | ratio ${ratio.toFixed(2)}x`);
}
console.log(`agent RSS peak ${(maxRss / 1048576).toFixed(0)} MiB`);
rmSync(work, { recursive: true, force: true });
