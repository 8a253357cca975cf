// Decode throughput of the BTF record decoder (client/agent/btf) in records/s, for a 32-byte and a
// 256-byte record, against a hand-written DataView reader of the same struct producing the same
// object, measured in the same run. The types come from a real clang build of
// test/fixtures/btf/bench.bpf.c. Usage: node scripts/bench/decode.mjs [seconds per measurement]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const seconds = Number(process.argv[2] ?? 1);
const work = mkdtempSync(join(tmpdir(), 'ringscope-bench-'));
// however the run ends (a failed build or clang run too)
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

await esbuild.build({
  entryPoints: [join(root, 'client/agent/btf/index.ts')],
  outfile: join(work, 'btf.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node18',
  logLevel: 'warning',
});
const lib = await import(pathToFileURL(join(work, 'btf.mjs')).href);
const obj = join(work, 'bench.bpf.o');
execFileSync('clang', ['-g', '-O2', '-target', 'bpf', '-c', join(root, 'test/fixtures/btf/bench.bpf.c'), '-o', obj]);
const { btf } = lib.readBpfObject(new Uint8Array(readFileSync(obj)));

// --- records: a ring-sized buffer of varied records, decoded round and round ---
const COUNT = 8192;
function fill(size, writer) {
  const buf = new Uint8Array(size * COUNT);
  const dv = new DataView(buf.buffer);
  for (let i = 0; i < COUNT; i++) writer(dv, buf, i * size, i);
  return buf;
}
const comms = ['bash', 'systemd-journald', 'sshd', 'node', 'kworker/0:1', 'cc1', 'ls', 'python3'];
const enc = new TextEncoder();
const small = fill(32, (dv, u8, at, i) => {
  dv.setInt32(at, 1000 + i, true);
  dv.setInt32(at + 4, 1, true);
  u8.set(enc.encode(comms[i % comms.length]).subarray(0, 16), at + 8);
  dv.setBigUint64(at + 24, 1_700_000_000_000_000_000n + BigInt(i), true);
});
const big = fill(256, (dv, u8, at, i) => {
  dv.setBigUint64(at, 1_700_000_000_000_000_000n + BigInt(i), true);
  for (let k = 0; k < 4; k++) dv.setUint32(at + 8 + k * 4, 1000 + i + k, true);
  dv.setInt32(at + 24, -2, true);
  dv.setUint32(at + 28, 0x80000, true);
  u8.set(enc.encode(comms[i % comms.length]), at + 32);
  u8.set(enc.encode(`/usr/lib/x86_64-linux-gnu/${comms[i % comms.length]}.so.${i}`), at + 48);
  for (let k = 0; k < 6; k++) dv.setBigUint64(at + 176 + k * 8, BigInt(i * k), true);
  u8.set([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, i & 0xff], at + 224);
  dv.setUint16(at + 240, 22, true);
  dv.setUint16(at + 242, 40000 + (i % 1000), true);
  dv.setUint32(at + 244, i % 2, true);
  dv.setBigUint64(at + 248, BigInt(i * 1000), true);
});

// --- the baseline: what one would write by hand for exactly these structs ---
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function text(u8, at, n) {
  let s = '';
  for (let i = at; i < at + n; i++) {
    const b = u8[i];
    if (b === 0) break;
    if (b < 0x20 || b > 0x7e) return undefined;
    s += String.fromCharCode(b);
  }
  return s;
}
function u64(dv, at) {
  const lo = dv.getUint32(at, true);
  const hi = dv.getUint32(at + 4, true);
  return hi < 0x200000 ? hi * 4294967296 + lo : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}
let view;
let viewOf;
function dvOf(u8) {
  if (viewOf !== u8) {
    view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    viewOf = u8;
  }
  return view;
}
function handSmall(u8, at, len) {
  const dv = dvOf(u8);
  if (len < 32) throw new Error('short');
  return { type: 'struct event', size: len, fields: { pid: dv.getInt32(at, true), ppid: dv.getInt32(at + 4, true), comm: text(u8, at + 8, 16), ts: u64(dv, at + 24) } };
}
function handBig(u8, at, len) {
  const dv = dvOf(u8);
  if (len < 256) throw new Error('short');
  const args = [];
  for (let k = 0; k < 6; k++) args.push(u64(dv, at + 176 + k * 8));
  let saddr = '0x';
  for (let k = 0; k < 16; k++) saddr += HEX[u8[at + 224 + k]];
  return {
    type: 'struct big_event',
    size: len,
    fields: {
      ts: u64(dv, at),
      pid: dv.getUint32(at + 8, true),
      tid: dv.getUint32(at + 12, true),
      uid: dv.getUint32(at + 16, true),
      gid: dv.getUint32(at + 20, true),
      ret: dv.getInt32(at + 24, true),
      flags: dv.getUint32(at + 28, true),
      comm: text(u8, at + 32, 16),
      filename: text(u8, at + 48, 128),
      args,
      saddr,
      sport: dv.getUint16(at + 240, true),
      dport: dv.getUint16(at + 242, true),
      cpu: dv.getUint32(at + 244, true),
      duration_ns: u64(dv, at + 248),
    },
  };
}

function measure(decode, buf, size) {
  let sink = 0;
  const run = (n) => {
    for (let r = 0; r < n; r++) {
      for (let at = 0; at < buf.length; at += size) {
        const rec = decode(buf, at, size);
        sink += rec.size;
      }
    }
  };
  run(20); // warm up and let the JIT settle
  let best = 0;
  for (let rep = 0; rep < 5; rep++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < (seconds * 1e9) / 5) {
      run(4);
      n += 4 * COUNT;
      elapsed = Number(process.hrtime.bigint() - t0);
    }
    best = Math.max(best, n / (elapsed / 1e9));
  }
  if (sink === 42) console.log('');
  return best;
}

const smallId = lib.lookupTypeName(btf, 'struct event').id;
const bigId = lib.lookupTypeName(btf, 'struct big_event').id;
const dSmall = lib.compileDecoder(btf, smallId);
const dBig = lib.compileDecoder(btf, bigId);

// both readers must agree before their speeds are compared
for (let i = 0; i < COUNT; i++) {
  const a = JSON.stringify(dSmall.decode(small, i * 32, 32));
  const b = JSON.stringify(handSmall(small, i * 32, 32));
  const c = JSON.stringify(dBig.decode(big, i * 256, 256));
  const d = JSON.stringify(handBig(big, i * 256, 256));
  if (a !== b || c !== d) throw new Error(`decoder and baseline disagree on record ${i}:\n${a}\n${b}\n${c}\n${d}`);
}

const rows = [];
for (const [label, buf, size, btfDecode, hand] of [
  ['32 B  struct event', small, 32, (u8, at, len) => dSmall.decode(u8, at, len), handSmall],
  ['256 B struct big_event', big, 256, (u8, at, len) => dBig.decode(u8, at, len), handBig],
]) {
  const ours = measure(btfDecode, buf, size);
  const base = measure(hand, buf, size);
  rows.push([label, ours, base]);
}
const fmt = (x) => `${(x / 1e6).toFixed(2)} M/s`;
console.log(`decode throughput, best of 5 over ${seconds}s (node ${process.version})`);
for (const [label, ours, base] of rows) {
  console.log(`${label.padEnd(24)} btf plan ${fmt(ours).padStart(11)}   hand-written DataView ${fmt(base).padStart(11)}   ratio ${(ours / base).toFixed(2)}x`);
}
const target = rows[0][1];
console.log(`target >= 1 M records/s for the 32-byte struct: ${target >= 1e6 ? 'met' : 'NOT met'}`);
