// `ringscope run --host` on the built CLI (dist/cli.js) against the netns sshd: exactly N JSON lines from
// N getpid() calls on the host, and a refused key ends with exit 1 and the catalogued message.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { agentMessages, render, transportMessages as m } from '../../common/messages';
import { startSshHost, UNPRIVILEGED_USER, type SshHost } from './support/sshHost';
import { buildGetpid, MAGIC, startGenerator } from './support/getpidProgram';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const cli = join(root, 'dist', 'cli.js');
let host: SshHost;
let built: { object: string; generator: string };

before(async () => {
  host = await startSshHost();
  built = buildGetpid(host.dir);
});
after(async () => {
  await host?.stop();
});

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; `onStderr` sees stderr as it grows (to act when streaming starts). */
function runCli(args: string[], onStderr?: (text: string) => void): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      onStderr?.(stderr);
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

void test('ringscope run --host streams exactly 300 records from 300 getpid() calls on the host', async () => {
  const gen = await startGenerator(built.generator, 300);
  let went: Promise<void> | undefined;
  try {
    const r = await runCli(
      [
        'run', built.object, '--host', 'rs-root', '--ssh-config', host.configFile,
        '--set', `target_pid=${gen.pid}`, '--type', 'events=struct event', '--count', '300', '--format', 'jsonl',
      ],
      (text) => {
        if (!went && /streaming/.test(text)) went = gen.go();
      },
    );
    assert.equal(r.status, 0, r.stderr);
    await went;
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ringbuf: string; fields: unknown });
    assert.equal(lines.length, 300);
    for (const l of lines) {
      assert.equal(l.ringbuf, 'events');
      assert.deepEqual(l.fields, { pid: gen.pid, magic: MAGIC });
    }
  } finally {
    gen.kill();
  }
});

void test('ringscope run --host with a key the host refuses exits 1 with the authentication message', async () => {
  const r = await runCli(['run', built.object, '--host', 'rs-wrongkey', '--ssh-config', host.configFile, '--count', '1']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const detail = `${UNPRIVILEGED_USER}@${host.address}: Permission denied (publickey).`;
  assert.equal(r.stderr.split('\n')[0], render(m.sshAuthFailed, 'rs-wrongkey', detail));
});

void test('ringscope run with a bad --host value exits 2 before doing anything', async () => {
  const r = await runCli(['run', built.object, '--host', '-oProxyCommand=x']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `${render(m.badHostSpec, '-oProxyCommand=x', "it starts with '-'")}\n`);
});

void test('ringscope run --host with a program the verifier rejects exits 1 with the C line and message', async () => {
  const object = join(host.dir, 'reject.bpf.o');
  const src = join(root, 'test', 'fixtures', 'transport', 'reject.bpf.c');
  const cc = spawnSync('clang', ['-g', '-O2', '-target', 'bpf', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', object], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  const r = await runCli(['run', object, '--host', 'rs-root', '--ssh-config', host.configFile]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const verdict = r.stderr.split('\n').find((l) => l.includes(`[${agentMessages.runVerifier.code}]`));
  assert.match(verdict ?? r.stderr, /^(?:\S*\/)?reject\.bpf\.c:16: the verifier rejected program 'rs_tr_reject': .+ \[RS-AGENT-025\]$/);
});
