// Privilege paths for an unprivileged user, locally and over SSH: without a sudoers entry the start fails
// with the exact line to add; with the test's own /etc/sudoers.d file the agent runs as root and loads for real.
// The same for pkexec against a real polkitd: refused without a rule, running as root with one.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { transportMessages as m, render } from '../../common/messages';
import { startLocal } from '../../client/transport/local';
import type { PrivilegeMode } from '../../client/transport/privilege';
import { startSsh } from '../../client/transport/ssh';
import { TransportFailure } from '../../client/transport/types';
import { waitForEvent } from '../../client/transport/wait';
import { startPolkit, waitForPkexec, type Polkit } from './support/polkit';
import { startSshHost, UNPRIVILEGED_USER, type SshHost } from './support/sshHost';
import { buildGetpid, collect, loadForPid, MAGIC, startGenerator } from './support/getpidProgram';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const agentPath = join(root, 'dist', 'agent.js');
const sudoers = `/etc/sudoers.d/ringscope-test-${process.pid}`;

/** Installs a sudoers file after checking it with visudo, as an administrator would. */
function allow(line: string): void {
  writeFileSync(sudoers, `${line}\n`, { mode: 0o440 });
  chmodSync(sudoers, 0o440);
  const check = spawnSync('visudo', ['-c', '-f', sudoers], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
}
const disallow = (): void => rmSync(sudoers, { force: true });

// ---- driver mode: this same bundle, re-run as the unprivileged user, starts a local agent --------------
interface DriverResult {
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly description?: string;
  readonly load?: string;
  readonly attach?: string;
}

async function driver(): Promise<DriverResult> {
  try {
    const mode = (process.env['RS_PRIV_MODE'] ?? 'sudo') as PrivilegeMode;
    const t = await startLocal({ agentPath, privilegeMode: mode });
    const loaded = waitForEvent(t, (e) => e.type === 'loaded' || e.type === 'error' || e.type === 'verifierError');
    t.send({ type: 'hello', version: 1 });
    t.send({ type: 'load', object: process.env['RS_OBJECT'] ?? '' });
    const l = await loaded;
    const attached = waitForEvent(t, (e) => e.type === 'attached' || e.type === 'error');
    t.send({ type: 'attach' });
    const a = l.type === 'loaded' ? (await attached).type : 'skipped';
    await t.close();
    return { ok: true, description: t.description, load: l.type, attach: a };
  } catch (e) {
    if (e instanceof TransportFailure) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

function runDriverAs(user: string, object: string, caps: string[] = [], mode = 'sudo'): DriverResult {
  const self = __filename;
  const r = spawnSync(
    'setpriv',
    ['--reuid', user, '--regid', user, '--init-groups', ...caps, process.execPath, self],
    {
      encoding: 'utf8',
      // A login-like environment of that user, plus what the driver needs.
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: `/home/${user}`,
        USER: user,
        LOGNAME: user,
        RS_TRANSPORT_DRIVER: '1',
        RS_OBJECT: object,
        RS_PRIV_MODE: mode,
        RINGSCOPE_ROOT: root,
      },
    },
  );
  assert.equal(r.status, 0, `driver failed: ${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as DriverResult;
}

if (process.env['RS_TRANSPORT_DRIVER']) {
  driver().then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exitCode = 1;
    },
  );
} else {
  let host: SshHost;
  let built: { object: string; generator: string };
  // pkexec's tests alone fail when polkit cannot be started
  let polkit: Promise<Polkit | Error> = Promise.resolve(new Error('polkit not started'));
  const authority = async (): Promise<Polkit> => {
    const p = await polkit;
    if (p instanceof Error) throw p;
    return p;
  };

  before(async () => {
    host = await startSshHost();
    built = buildGetpid(host.dir);
    disallow();
    polkit = startPolkit().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    await polkit;
  });
  after(async () => {
    disallow();
    const p = await polkit;
    if (!(p instanceof Error)) p.stop();
    await host?.stop();
  });

  void test('ssh as an unprivileged user without sudo rights: the exact sudoers line, nothing uploaded', async () => {
    let failure: unknown;
    try {
      await startSsh({ target: host.target('rs-user'), extensionRoot: root, tuning: host.tuning });
    } catch (e) {
      failure = e;
    }
    assert.ok(failure instanceof TransportFailure);
    assert.equal(failure.code, m.sudoDenied.code);
    const pattern = `${host.userCache}/ringscope/agent-*/agent.js`;
    assert.equal(failure.message, render(m.sudoDenied, UNPRIVILEGED_USER, 'rs-user', '/usr/bin/node', pattern));
    assert.equal(existsSync(join(host.userCache, 'ringscope')), false);
  });

  void test('ssh as an unprivileged user with a NOPASSWD line: the agent runs through sudo and streams 500 records', async () => {
    allow(`${UNPRIVILEGED_USER} ALL=(root) NOPASSWD: /usr/bin/node ${host.userCache}/ringscope/agent-*/agent.js`);
    try {
      const t = await startSsh({ target: host.target('rs-user'), extensionRoot: root, tuning: host.tuning });
      assert.equal(t.description, `${UNPRIVILEGED_USER}@rs-user (sudo)`);
      assert.equal(t.facts.uid > 0, true);
      assert.equal(t.uploaded, true);
      const gen = await startGenerator(built.generator, 500);
      try {
        // The object is staged into the user's own cache; root (through sudo) reads it there.
        await loadForPid(t, await t.stageObject(built.object), gen.pid);
        const records = collect(t, 500);
        await gen.go();
        const got = await records;
        assert.equal(got.length, 500);
        assert.deepEqual(got[499], { type: 'struct event', size: 8, fields: { pid: gen.pid, magic: MAGIC } });
      } finally {
        gen.kill();
      }
      await t.close();
    } finally {
      disallow();
    }
  });

  void test('locally as an unprivileged user without sudo rights: the exact sudoers line', () => {
    const r = runDriverAs(UNPRIVILEGED_USER, built.object);
    assert.deepEqual(r, {
      ok: false,
      code: m.sudoDenied.code,
      message: render(m.sudoDenied, UNPRIVILEGED_USER, 'this machine', '/usr/bin/node', agentPath),
    });
  });

  void test('locally as an unprivileged user with a NOPASSWD line: sudo -n runs the agent, which loads the object', () => {
    allow(`${UNPRIVILEGED_USER} ALL=(root) NOPASSWD: /usr/bin/node ${agentPath}`);
    try {
      const r = runDriverAs(UNPRIVILEGED_USER, built.object);
      assert.deepEqual(r, { ok: true, description: 'local (sudo)', load: 'loaded', attach: 'attached' });
    } finally {
      disallow();
    }
  });

  void test('locally as an unprivileged user with ambient CAP_BPF+CAP_PERFMON+CAP_DAC_READ_SEARCH: started directly', () => {
    const caps = '+bpf,+perfmon,+dac_read_search';
    const r = runDriverAs(UNPRIVILEGED_USER, built.object, ['--inh-caps', caps, '--ambient-caps', caps]);
    assert.deepEqual(r, { ok: true, description: 'local', load: 'loaded', attach: 'attached' });
  });

  void test("locally as an unprivileged user with privilege mode 'pkexec' and no polkit rule: the exact rule to add", async () => {
    const polkit = await authority();
    polkit.disallow();
    await waitForPkexec(UNPRIVILEGED_USER, ['/usr/bin/node', agentPath], false);
    const r = runDriverAs(UNPRIVILEGED_USER, built.object, [], 'pkexec');
    assert.equal(r.ok, false);
    assert.equal(r.code, m.pkexecDenied.code);
    // pkexec's own last line says why (here: no terminal for a textual authentication agent)
    assert.match(r.message ?? '', /^pkexec did not run the agent as root for 'rsuser' \(.+\): polkit refused/);
    assert.ok(r.message?.includes(`action.lookup("command_line") == "/usr/bin/node ${agentPath}" && subject.user == "rsuser"`), r.message);
  });

  void test("locally as an unprivileged user with privilege mode 'pkexec' and a polkit rule: the agent runs as root and loads", async () => {
    const polkit = await authority();
    polkit.allow(UNPRIVILEGED_USER, `/usr/bin/node ${agentPath}`);
    try {
      await waitForPkexec(UNPRIVILEGED_USER, ['/usr/bin/node', agentPath], true);
      const r = runDriverAs(UNPRIVILEGED_USER, built.object, [], 'pkexec');
      assert.deepEqual(r, { ok: true, description: 'local (pkexec)', load: 'loaded', attach: 'attached' });
    } finally {
      polkit.disallow();
    }
  });

  void test("locally as an unprivileged user with privilege mode 'none': what to do instead", () => {
    const r = runDriverAs(UNPRIVILEGED_USER, built.object, [], 'none');
    assert.deepEqual(r, {
      ok: false,
      code: m.notPrivileged.code,
      message: render(m.notPrivileged, UNPRIVILEGED_USER, '/usr/bin/node', agentPath),
    });
  });
}
