// Remote hosts over SSH against a real sshd in a network namespace: the agent is uploaded once and cached,
// runs there as root and streams exactly N records; a refused key, a missing Node.js and a lost link give catalogued errors.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { render, transportMessages as m } from '../../common/messages';
import { readAgentBundle } from '../../client/transport/bundle';
import { startSsh } from '../../client/transport/ssh';
import { TransportFailure, type TransportError } from '../../client/transport/types';
import { waitForEvent } from '../../client/transport/wait';
import { startSshHost, UNPRIVILEGED_USER, type SshHost } from './support/sshHost';
import { buildGetpid, collect, loadForPid, MAGIC, startGenerator } from './support/getpidProgram';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
let host: SshHost;
let built: { object: string; generator: string };

before(async () => {
  host = await startSshHost();
  built = buildGetpid(host.dir);
});
after(async () => {
  await host?.stop();
});

const closedWith = (t: { onClose(l: (e: TransportError | undefined) => void): unknown }): Promise<TransportError | undefined> =>
  new Promise((resolve) => t.onClose(resolve));

async function rejection(p: Promise<unknown>): Promise<TransportFailure> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TransportFailure) return e;
    throw e;
  }
  throw new Error('expected a TransportFailure');
}

void test('root over ssh: preflight, upload to the cache, 2000 getpid() calls give exactly 2000 records', async () => {
  const t = await startSsh({ target: host.target('rs-root'), extensionRoot: root, tuning: host.tuning });
  assert.equal(t.uploaded, true);
  assert.equal(t.facts.uid, 0);
  assert.equal(t.facts.user, 'root');
  assert.equal(t.facts.cache, join(host.rootCache, 'ringscope'));
  assert.equal(t.facts.libbpf, '/lib/x86_64-linux-gnu/libbpf.so.1');
  assert.equal(t.description, 'root@rs-root');
  const versionDir = readAgentBundle(root).versionDir;
  assert.deepEqual(readdirSync(join(host.rootCache, 'ringscope', versionDir)).sort(), [
    '.complete-linux-x64-gnu',
    'agent.js',
    'node_modules',
  ]);
  assert.deepEqual(readdirSync(join(host.rootCache, 'ringscope', versionDir, 'node_modules', 'ffi-rs')).sort(), [
    'ffi-rs.linux-x64-gnu.node',
    'index.js',
    'package.json',
  ]);

  const remoteObject = await t.stageObject(built.object);
  assert.match(remoteObject, new RegExp(`^${join(host.rootCache, 'ringscope', 'objects')}/[0-9a-f]{32}\\.bpf\\.o$`));
  assert.ok(existsSync(remoteObject));

  const gen = await startGenerator(built.generator, 2000);
  try {
    await loadForPid(t, remoteObject, gen.pid);
    const records = collect(t, 2000);
    await gen.go();
    const got = await records;
    assert.equal(got.length, 2000);
    for (const r of got) assert.deepEqual(r, { type: 'struct event', size: 8, fields: { pid: gen.pid, magic: MAGIC } });
    const stats = waitForEvent(t, (e) => e.type === 'stats' && e.ring === 'events');
    t.send({ type: 'stats' });
    const s = await stats;
    assert.equal(s.type === 'stats' && s.received, 2000);
  } finally {
    gen.kill();
  }
  const closed = closedWith(t);
  await t.close();
  assert.equal(await closed, undefined);
});

void test('a second start finds the cached agent and uploads nothing', async () => {
  const t = await startSsh({ target: host.target('rs-root'), extensionRoot: root, tuning: host.tuning });
  assert.equal(t.uploaded, false);
  const hello = waitForEvent(t, (e) => e.type === 'hello');
  t.send({ type: 'hello', version: 1 });
  const h = await hello;
  assert.equal(h.type === 'hello' && h.libbpfVersion, '1.1');
  await t.close();
});

void test('a key the host refuses gives the catalogued authentication message', async () => {
  const target = host.target('rs-wrongkey');
  // Its own control folder: an open shared connection to the same user@host:port would be reused without auth.
  const tuning = { ...host.tuning, controlDir: join(host.dir, 'cm-wrongkey') };
  mkdirSync(tuning.controlDir, { mode: 0o700 });
  const e = await rejection(startSsh({ target, extensionRoot: root, tuning }));
  assert.equal(e.code, m.sshAuthFailed.code);
  assert.equal(e.message, `${m.sshAuthFailed.text('rs-wrongkey', `${UNPRIVILEGED_USER}@${host.address}: Permission denied (publickey).`)} [RS-TRANSPORT-010]`);
});

void test('a host without the configured Node.js says so and how to fix it', async () => {
  const e = await rejection(
    startSsh({ target: host.target('rs-root'), extensionRoot: root, tuning: host.tuning, remoteNode: 'node-not-installed' }),
  );
  assert.equal(e.code, m.remoteNoNode.code);
  assert.equal(e.message, `${m.remoteNoNode.text('rs-root', 'node-not-installed')} [RS-TRANSPORT-016]`);
});

/** Streams n records from a host of its own, breaks the host with `cut`, and returns the close error. */
async function breakMidStream(n: number, cut: (h: SshHost) => void): Promise<TransportError | undefined> {
  const own = await startSshHost();
  try {
    const t = await startSsh({ target: own.target('rs-root'), extensionRoot: root, tuning: own.tuning });
    const gen = await startGenerator(built.generator, n);
    try {
      await loadForPid(t, await t.stageObject(built.object), gen.pid);
      const records = collect(t, n);
      await gen.go();
      assert.equal((await records).length, n);
      const closed = closedWith(t);
      cut(own);
      const err = await closed;
      assert.equal(t.closed, true);
      // close() after the link died resolves at once instead of waiting for the agent.
      await t.close();
      return err;
    } finally {
      gen.kill();
    }
  } finally {
    await own.stop();
  }
}

void test('killing sshd mid-stream closes the transport with the lost-link error', async () => {
  const err = await breakMidStream(100, (h) => h.killSshd());
  assert.deepEqual(err, {
    code: m.sshLinkLost.code,
    message: render(m.sshLinkLost, 'rs-root', 'ssh exited with status 255'),
  });
});

void test('taking the link down mid-stream is noticed by keepalives: the lost-link error, no hang', async () => {
  const err = await breakMidStream(50, (h) => h.linkDown());
  assert.equal(err?.code, m.sshLinkLost.code);
  assert.match(err?.message ?? '', /^The SSH connection to rs-root was lost \(.+\)\./);
});

void test('a typed user@host:port destination with an identity file reaches the same host', async () => {
  const tuning = { ...host.tuning, controlDir: join(host.dir, 'cm-typed') };
  mkdirSync(tuning.controlDir, { mode: 0o700 });
  const t = await startSsh({
    target: {
      destination: `root@${host.address}:${host.port}`,
      identity: join(host.dir, 'client_key'),
      configFile: '/dev/null',
      options: [`UserKnownHostsFile=${join(host.dir, 'known_hosts')}`, 'GlobalKnownHostsFile=/dev/null'],
    },
    extensionRoot: root,
    tuning,
  });
  assert.equal(t.description, `root@${host.address}:${host.port}`);
  assert.equal(t.uploaded, false);
  const hello = waitForEvent(t, (e) => e.type === 'hello');
  t.send({ type: 'hello', version: 1 });
  assert.equal((await hello).type, 'hello');
  await t.close();
});

/** Program ids named like the fixture's (bpftool truncates names to 15 bytes). */
function fixturePrograms(): number[] {
  const r = spawnSync('bpftool', ['-j', 'prog', 'list'], { encoding: 'utf8' });
  const progs = JSON.parse(r.stdout || '[]') as Array<{ id: number; name?: string }>;
  return progs.filter((p) => p.name === 'rs_tr_getpid').map((p) => p.id);
}

void test('killing the local ssh client ends the session: the agent on the host detaches everything', async () => {
  const t = await startSsh({ target: host.target('rs-root'), extensionRoot: root, tuning: host.tuning });
  const gen = await startGenerator(built.generator, 10);
  try {
    await loadForPid(t, await t.stageObject(built.object), gen.pid);
    assert.equal(fixturePrograms().length, 1);
    const closed = closedWith(t);
    process.kill(t.pid ?? 0, 'SIGKILL');
    assert.deepEqual(await closed, { code: m.agentExited.code, message: render(m.agentExited, 'signal SIGKILL', '') });
    // No event tells us when the remote agent finished its teardown: poll bpftool (bounded).
    for (let i = 0; i < 200 && fixturePrograms().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(fixturePrograms(), []);
  } finally {
    gen.kill();
  }
});
