// `ringscope run X.bpf.o` for an object copied away from its source: the record types come from the source
// that the object's .BTF.ext names, so records decode into named fields; with that source deleted, the run
// says so once (RS-AGENT-026) and streams hex.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { bundle, compileC, FIXTURES, runCli, WORK, type CliRun } from './support/agentHarness';

const CALLS = 25;
let cli = '';
let gen = '';
const srcDir = join(WORK, 'objonly-src');
const source = join(srcDir, 'getpid.bpf.c');
const object = join(WORK, 'objonly-elsewhere', 'copied.bpf.o');

before(async () => {
  cli = await bundle('client/cli/main.ts');
  gen = compileC('gen');
  mkdirSync(srcDir, { recursive: true });
  mkdirSync(join(WORK, 'objonly-elsewhere'), { recursive: true });
  copyFileSync(join(FIXTURES, 'getpid.bpf.c'), source);
  // built in its own directory from a relative name, the way a Makefile does
  const built = join(srcDir, 'getpid.bpf.o');
  execFileSync('clang', ['-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', '-I/usr/include/x86_64-linux-gnu', '-c', 'getpid.bpf.c', '-o', 'getpid.bpf.o'], {
    cwd: srcDir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  copyFileSync(built, object);
});

/** Runs `ringscope run <copied object> --max-records CALLS` while the generator calls getpid CALLS times. */
const runCopy = (): Promise<CliRun> => runCli(cli, gen, CALLS, object, ['--max-records', String(CALLS)]);

const fields = (out: string[]): unknown[] => out.map((l) => (JSON.parse(l) as { fields: unknown }).fields);

void test('an object copied elsewhere decodes by the source its .BTF.ext names: exact fields, exact count', async () => {
  const { pid, code, out, head } = await runCopy();
  assert.deepEqual(head, ['loaded on_getpid; rings: rb (16777216 B, struct event)', 'streaming rb']);
  assert.equal(code, 0);
  assert.equal(out.length, CALLS);
  assert.deepEqual(fields(out), Array.from({ length: CALLS }, (_, i) => ({ pid, seq: i, cookie: 0, comm: 'gen' })));
});

void test('with the named source deleted: RS-AGENT-026 once, then hex records', async () => {
  rmSync(source);
  const { pid, code, out, head } = await runCopy();
  assert.deepEqual(head, [
    `${object} was built from ${source}, which no longer exists, so its record types are unknown and rings without ` +
      `--type show hex. Put the source back, or pass --type RING="struct name". [RS-AGENT-026]`,
    'loaded on_getpid; rings: rb (16777216 B, hex)',
    'streaming rb',
  ]);
  assert.equal(code, 0);
  assert.equal(out.length, CALLS);
  // struct event little-endian: u32 pid, u32 seq, u64 cookie 0, char comm[16] "gen" zero-padded
  const u32 = (v: number): string => Buffer.from(new Uint32Array([v]).buffer).toString('hex');
  const comm = Buffer.concat([Buffer.from('gen'), Buffer.alloc(13)]).toString('hex');
  assert.deepEqual(fields(out), Array.from({ length: CALLS }, (_, i) => ({ hex: u32(pid) + u32(i) + '00'.repeat(8) + comm })));
});
