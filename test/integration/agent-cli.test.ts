// `ringscope run` on the real kernel, in the shape: builds the C fixture, takes the record type
// from the source, sets a knob, prints exactly --max-records decoded records as JSON lines {ringbuf, seq,
// ts, fields} (or a table), stats and a summary on stderr; the older --count/--json still work; a program
// the verifier rejects exits 1 with file:line and the verifier's message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { bundle, compileC, FIXTURES, runCli, type CliRun } from './support/agentHarness';

let cli = '';
let gen = '';
before(async () => {
  cli = await bundle('client/cli/main.ts');
  gen = compileC('gen');
});

/** Runs `ringscope run getpid.bpf.c` with `args` while the generator calls getpid `calls` times. */
const runWith = (args: string[], calls: number): Promise<CliRun> => runCli(cli, gen, calls, join(FIXTURES, 'getpid.bpf.c'), args);

void test('ringscope run --max-records 100 --format jsonl prints exactly 100 {ringbuf, seq, ts, fields} lines', async () => {
  const { pid, code, out, head, rest } = await runWith(['--max-records', '100', '--format', 'jsonl'], 500);
  assert.deepEqual(head, ['loaded on_getpid; rings: rb (16777216 B, struct event)', 'streaming rb']);
  assert.equal(code, 0);
  assert.equal(out.length, 100);
  const recs = out.map((l) => JSON.parse(l) as { ringbuf: string; seq: number; ts: number; fields: Record<string, unknown> });
  for (const r of recs) assert.deepEqual(Object.keys(r), ['ringbuf', 'seq', 'ts', 'fields']);
  assert.deepEqual(recs.map((r) => r.seq), Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual(recs[7]?.fields, { pid, seq: 7, cookie: 0, comm: 'gen' });
  assert.equal(recs[7]?.ringbuf, 'rb');
  // the stop may come before the generator's last calls were read: between 100 and 500 received
  const summary = /^100 records shown, (\d+) received in [\d.]+ s$/.exec(rest[rest.length - 1] ?? '');
  assert.ok(summary, rest.join('\n'));
  assert.ok(Number(summary[1]) >= 100 && Number(summary[1]) <= 500);
});

void test('the older spellings --count N --json still work', async () => {
  const { pid, code, out } = await runWith(['--count', '3', '--json'], 10);
  assert.equal(code, 0);
  assert.deepEqual(
    out.map((l) => JSON.parse(l) as { ringbuf: string; seq: number; fields: unknown }).map((r) => [r.ringbuf, r.seq, r.fields]),
    [0, 1, 2].map((i) => ['rb', i, { pid, seq: i, cookie: 0, comm: 'gen' }]),
  );
});

void test('--format table prints a header and aligned rows; --ring-size sizes the ring; --duration ends with stats and a summary', async () => {
  const { pid, code, out, head, rest } = await runWith(['--format', 'table', '--ring-size', 'rb=4096', '--duration', '3'], 20);
  assert.equal(code, 0);
  assert.deepEqual(head, ['loaded on_getpid; rings: rb (4096 B, struct event)', 'streaming rb']);
  assert.equal(out.length, 21);
  // widths: the header's, or the first row's values when longer (the pid)
  const w = [7, 3, 12, Math.max(3, String(pid).length), 3, 6];
  const row = (cells: string[]): string => cells.map((c, i) => (i < w.length ? c.padEnd(w[i] ?? 0) : c)).join('  ');
  assert.equal(out[0], row(['ringbuf', 'seq', 'time', 'pid', 'seq', 'cookie', 'comm']));
  out.slice(1).forEach((l, i) => assert.equal(l.replace(/\d\d:\d\d:\d\d\.\d{3}/, 'HH:MM:SS.mmm'), row(['rb', String(i), 'HH:MM:SS.mmm', String(pid), String(i), '0', 'gen'])));
  // every record was generated before the stop: the final stats line and the summary count all 20
  assert.match(rest[rest.length - 2] ?? '', /^rb: 20 records, \d+\/s, peak fill [\d.]+%, drops 0$/);
  assert.match(rest[rest.length - 1] ?? '', /^20 records shown, 20 received in [\d.]+ s$/);
});

void test('a 4 KiB ring that overflows: the stats lines count the drops and say why records were lost', async () => {
  const { code, rest } = await runWith(['--format', 'jsonl', '--ring-size', 'rb=4096', '--duration', '3'], 200000);
  assert.equal(code, 0);
  const stats = rest.map((l) => /^rb: (\d+) records, \d+\/s, peak fill [\d.]+%, drops (\d+)$/.exec(l)).filter((m) => m !== null);
  const last = stats[stats.length - 1];
  assert.ok(last, rest.join('\n'));
  assert.equal(Number(last[1]) + Number(last[2]), 200000, 'received + drops = calls');
  assert.ok(Number(last[2]) > 0, 'a 4 KiB ring printed to stdout record by record overflows');
  const hints = rest.filter((l) => / could not be reserved since the last statistics: ring 'rb' /.test(l));
  assert.ok(hints.length > 0, rest.join('\n'));
  assert.match(
    hints[0] ?? '',
    /^\d+ records? could not be reserved since the last statistics: ring 'rb' (was full\. At the current rate its 4 KiB hold [\d.]+ ms of records, .* Raise its max_entries \(e\.g\. to \d+ (KiB|MiB)\) or submit fewer or smaller records\. \[RS-AGENT-027\]|is full and nothing was read from it meanwhile\. .* \[RS-AGENT-028\])$/,
  );
});

void test('ringscope help run shows the issue\'s command line and the ssh options', () => {
  const r = spawnSync(process.execPath, [cli, 'help', 'run'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'usage: ringscope run <file.bpf.c|file.bpf.o> [--host ALIAS] [--duration S] [--max-records N] [--format jsonl|table]');
  for (const opt of ['--host ALIAS', '--identity FILE', '--ssh-config FILE', '--max-rate N', '--count N', '--json'])
    assert.ok(lines.some((l) => l.includes(opt)), opt);
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
