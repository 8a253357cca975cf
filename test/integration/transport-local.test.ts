// The local transport as root: `node dist/agent.js` started directly streams exactly N records; and a
// misbehaving agent process (junk lines, stderr, exit 3) gives problems and an exit error, never a crash.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { render, transportMessages as m } from '../../common/messages';
import { startLocal } from '../../client/transport/local';
import { TransportFailure, type TransportError } from '../../client/transport/types';
import { buildGetpid, collect, loadForPid, MAGIC, startGenerator } from './support/getpidProgram';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
let dir: string;
let built: { object: string; generator: string };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rs-local-'));
  built = buildGetpid(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

void test('as root the agent starts directly and 1000 getpid() calls give exactly 1000 records', async () => {
  const t = await startLocal({ agentPath: join(root, 'dist', 'agent.js'), privilegeMode: 'none' });
  assert.equal(t.description, 'local');
  assert.equal(await t.stageObject(built.object), built.object);
  const gen = await startGenerator(built.generator, 1000);
  try {
    await loadForPid(t, built.object, gen.pid);
    const records = collect(t, 1000);
    await gen.go();
    const got = await records;
    assert.equal(got.length, 1000);
    assert.deepEqual(new Set(got.map((r) => JSON.stringify(r.fields))), new Set([JSON.stringify({ pid: gen.pid, magic: MAGIC })]));
  } finally {
    gen.kill();
  }
  const closed = new Promise<TransportError | undefined>((resolve) => t.onClose(resolve));
  await t.close();
  assert.equal(await closed, undefined);
});

void test('junk lines become problems, a bye split across writes still arrives, and the exit after it is clean', async () => {
  const fake = join(dir, 'fake-agent.js');
  writeFileSync(
    fake,
    [
      "process.stdout.write('not json\\n{\"type\":');",
      "process.stdout.write('\"bye\"}\\n{\"type\":\"what\"}\\n');",
      "process.stderr.write('fake agent: libbpf.so.1 missing\\n');",
      'process.exitCode = 3;',
    ].join('\n'),
  );
  const t = await startLocal({ agentPath: fake, privilegeMode: 'none' });
  const problems: string[] = [];
  const events: string[] = [];
  t.onProblem((p) => problems.push(p.code));
  t.onEvent((e) => events.push(e.type));
  const closed = await new Promise<TransportError | undefined>((resolve) => t.onClose(resolve));
  assert.deepEqual(problems, [m.badLine.code, m.badLine.code]);
  // A bye was seen, so the exit counts as the agent's own goodbye.
  assert.deepEqual(events, ['bye']);
  assert.equal(closed, undefined);
});

void test('a process that dies without bye closes with the catalogued exit message and its stderr tail', async () => {
  const fake = join(dir, 'dying-agent.js');
  writeFileSync(fake, "process.stderr.write('first\\nsecond\\n'); process.exitCode = 3;\n");
  const t = await startLocal({ agentPath: fake, privilegeMode: 'none' });
  const closed = await new Promise<TransportError | undefined>((resolve) => t.onClose(resolve));
  assert.deepEqual(closed, { code: m.agentExited.code, message: render(m.agentExited, 'exit code 3', 'first | second') });
  await t.close();
});

void test('a missing agent bundle is a catalogued failure before anything starts', async () => {
  await assert.rejects(startLocal({ agentPath: join(dir, 'nope.js') }), (e: unknown) => {
    assert.ok(e instanceof TransportFailure);
    assert.equal(e.message, render(m.missingLocalFile, 'The agent bundle', join(dir, 'nope.js')));
    return true;
  });
});
