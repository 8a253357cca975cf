// `ringscope run` on the real kernel: builds the C fixture, takes the record type from the source,
// sets a knob, prints exactly --count decoded records as JSON lines, then a summary; a program the
// verifier rejects exits 1 with file:line and the verifier's message.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { bundle, compileC, FIXTURES, Generator, Lines } from './support/agentHarness';

let cli = '';
let gen = '';
before(async () => {
  cli = await bundle('client/cli/main.ts');
  gen = compileC('gen');
});

void test('ringscope run prints --count decoded records as JSON lines', async () => {
  const g = new Generator(gen, 500);
  const pid = await g.pid();
  const p = spawn(process.execPath, [cli, 'run', join(FIXTURES, 'getpid.bpf.c'), '--set', `target_pid=${pid}`, '--count', '100', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errLines = new Lines(p.stderr);
  const outLines = new Lines(p.stdout);
  const stderr: string[] = [];
  for (let l = await errLines.next(); l !== undefined; l = await errLines.next()) {
    stderr.push(l);
    if (l.startsWith('streaming')) break;
  }
  assert.deepEqual(stderr, ['loaded on_getpid; rings: rb (16777216 B, struct event)', 'streaming rb']);
  await g.go();
  const out: string[] = [];
  for (let l = await outLines.next(); l !== undefined; l = await outLines.next()) out.push(l);
  const code = await new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.on('exit', r)));
  const rest: string[] = [];
  for (let l = await errLines.next(); l !== undefined; l = await errLines.next()) rest.push(l);
  assert.equal(code, 0);
  assert.equal(out.length, 100);
  const recs = out.map((l) => JSON.parse(l) as { ringbuf: string; seq: number; ts: number; type: string; fields: Record<string, unknown> });
  assert.deepEqual(recs.map((r) => r.seq), Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual(recs[7]?.fields, { pid, seq: 7, cookie: 0, comm: 'gen' });
  assert.equal(recs[7]?.ringbuf, 'rb');
  assert.equal(recs[7]?.type, 'struct event');
  // the stop may come before the generator's last calls were read: between 100 and 500 received
  const summary = /^100 records shown, (\d+) received in [\d.]+ s$/.exec(rest[rest.length - 1] ?? '');
  assert.ok(summary, rest.join('\n'));
  assert.ok(Number(summary[1]) >= 100 && Number(summary[1]) <= 500);
});

void test('ringscope run exits 1 with the verifier message and line', () => {
  const r = spawnSync(process.execPath, [cli, 'run', join(FIXTURES, 'reject.bpf.c')], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /reject\.bpf\.c:16: the verifier rejected program 'on_getpid': R0 invalid mem access 'ringbuf_mem_or_null' \[RS-AGENT-025\]/);
});

void test('ringscope run rejects bad usage with exit 2', () => {
  const r = spawnSync(process.execPath, [cli, 'run', '--count', 'x', 'a.bpf.o'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'ringscope run: --count needs a positive integer. See: ringscope help run [RS-AGENT-021]\n');
});
