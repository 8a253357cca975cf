// The agent's heartbeat on the real kernel: a local agent told `idleTimeoutSeconds` in hello says why and
// exits with nothing loaded when no request comes, and stays while pings come; over SSH, taking the
// link down (no EOF reaches the agent: sshd keeps waiting) still unloads the remote agent's programs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { render, agentMessages as A, transportMessages as T } from '../../common/messages';
import { startSsh } from '../../client/transport/ssh';
import type { TransportError } from '../../client/transport/types';
import { spawn } from 'node:child_process';
import { Agent, bundleAgent, compileBpf, compileC, eventually, Generator, linkIdsOf, progIds } from './support/agentHarness';
import { startSshHost, type SshHost } from './support/sshHost';
import { loadForPid, startGenerator } from './support/getpidProgram';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
let local = '';
let host: SshHost;
let remoteObject = '';
let generator = '';
let gen = '';

before(async () => {
  // program names of their own: other test files load the same fixtures concurrently
  local = compileBpf('getpid', ['on_getpid=rs_hb_local'], 'getpid-heartbeat');
  gen = compileC('gen');
  host = await startSshHost();
  remoteObject = join(host.dir, 'hb.bpf.o');
  generator = join(host.dir, 'getpid-gen');
  const fx = join(root, 'test', 'fixtures', 'transport');
  const cc = (argv: string[]): void => {
    const r = spawnSync(argv[0] ?? 'clang', argv.slice(1), { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  cc(['clang', '-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', '-Drs_tr_getpid=rs_hb_remote', '-I/usr/include/x86_64-linux-gnu', '-c', join(fx, 'getpid.bpf.c'), '-o', remoteObject]);
  cc(['clang', '-O2', '-o', generator, join(fx, 'getpid-gen.c')]);
});
after(async () => {
  await host?.stop();
});

async function loadLocal(agent: Agent, idleTimeoutSeconds: number): Promise<void> {
  agent.send({ type: 'hello', version: 1, idleTimeoutSeconds });
  await agent.until('hello');
  agent.send({ type: 'load', object: local, knobs: { target_pid: 1 } });
  await agent.until('loaded');
  agent.send({ type: 'attach' });
  await agent.until('attached');
}

void test('a local agent without requests for idleTimeoutSeconds says why, unloads and exits', async () => {
  const agent = await Agent.start();
  try {
    await loadLocal(agent, 1);
    const ids = progIds('rs_hb_local');
    assert.equal(ids.length, 1);
    assert.equal(linkIdsOf(ids).length, 1);
    // nothing more is sent: the watchdog fires
    const { all } = await agent.until('bye');
    assert.deepEqual(all, [
      { type: 'log', level: 'error', message: render(A.idleTimeout, 1) },
      { type: 'bye' },
    ]);
    assert.equal(await agent.exited, 0);
    await eventually(() => progIds('rs_hb_local').length === 0, 'programs unloaded');
  } finally {
    agent.proc.kill('SIGKILL');
  }
});

void test('pings keep a local agent with a 1 s idle timeout alive for 3 s', async () => {
  const agent = await Agent.start();
  try {
    await loadLocal(agent, 1);
    // waiting on the pings' own timer is the point here: each ping resets the agent's idle clock
    for (let i = 0; i < 12; i++) {
      agent.send({ type: 'ping' });
      await new Promise((r) => setTimeout(r, 250));
    }
    agent.send({ type: 'hello', version: 1 }); // answered at once: the agent still serves
    const e = await agent.next();
    assert.equal(e.type, 'hello');
    assert.equal(progIds('rs_hb_local').length, 1);
  } finally {
    await agent.stop();
  }
});

void test('an agent streaming into a client that stopped reading still unloads and exits after the idle timeout', async () => {
  // stdout is a pipe nobody reads (as when a link stalls): 300,000 records fill it, and the agent must
  // neither block on it nor wait for its bye to drain before exiting
  const g = new Generator(gen, 300000);
  const pid = await g.pid();
  const proc = spawn(process.execPath, [await bundleAgent()], { stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => proc.on('exit', (code, signal) => resolve(signal ?? code)));
  try {
    for (const req of [
      { type: 'hello', version: 1, idleTimeoutSeconds: 1 },
      { type: 'load', object: local, knobs: { target_pid: pid } },
      { type: 'attach' },
      { type: 'startStream', maxRecordsPerSecond: 0 },
    ])
      proc.stdin.write(JSON.stringify(req) + '\n');
    await eventually(() => linkIdsOf(progIds('rs_hb_local')).length === 1, 'attached', 400);
    await g.go();
    assert.equal(await exited, 0);
    await eventually(() => progIds('rs_hb_local').length === 0, 'programs unloaded');
  } finally {
    proc.kill('SIGKILL');
    g.proc.kill();
  }
});

/** pids of processes in the host's namespace running the agent bundle. */
function remoteAgents(h: SshHost): string[] {
  const r = spawnSync('ip', ['netns', 'pids', h.ns], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter((p) => p.trim() !== '')
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('agent.js');
      } catch {
        return false;
      }
    });
}

void test('over SSH, taking the link down makes the remote agent detach everything after the idle timeout', async () => {
  const tuning = { ...host.tuning, heartbeatIntervalSeconds: 1, idleTimeoutSeconds: 3 };
  const t = await startSsh({ target: host.target('rs-root'), extensionRoot: root, tuning });
  const gen = await startGenerator(generator, 10);
  try {
    await loadForPid(t, await t.stageObject(remoteObject), gen.pid);
    const ids = progIds('rs_hb_remote');
    assert.equal(ids.length, 1);
    assert.equal(linkIdsOf(ids).length, 1);
    assert.equal(remoteAgents(host).length, 1);
    const closed = new Promise<TransportError | undefined>((resolve) => t.onClose(resolve));
    host.linkDown();
    // the client notices through ssh's keepalives; the agent only through the missing pings
    assert.equal((await closed)?.code, T.sshLinkLost.code);
    await eventually(() => progIds('rs_hb_remote').length === 0, 'remote programs unloaded', 800);
    assert.deepEqual(linkIdsOf(ids), []);
    await eventually(() => remoteAgents(host).length === 0, 'remote agent exited', 400);
  } finally {
    gen.kill();
  }
});
