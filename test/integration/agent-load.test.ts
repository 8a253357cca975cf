// The agent's load path and protocol robustness on the real kernel: a verifier rejection comes back with
// the C line and the verifier's message; malformed lines become error events and the agent keeps
// serving; after `kill -9` of a streaming agent no program or link of ours stays loaded.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Agent, compileBpf, eventually, linkIdsOf, progIds } from './support/agentHarness';

let reject = '';
let getpid = '';
before(() => {
  reject = compileBpf('reject');
  // a program name of its own: other test runs load the getpid fixture (on_getpid) at the same time
  getpid = compileBpf('getpid', ['on_getpid=rs_ld_getpid'], 'getpid-load');
});

void test('a verifier rejection returns the program, the failing C line and the message', async () => {
  const agent = await Agent.start();
  try {
    agent.send({ type: 'load', object: reject });
    const e = (await agent.until('verifierError')).last;
    assert.equal(e.program, 'on_getpid');
    assert.equal(e.file, 'reject.bpf.c');
    assert.equal(e.line, 16);
    assert.equal(e.message, "R0 invalid mem access 'ringbuf_mem_or_null'");
    assert.match(e.log, /; \*e = 1; @ reject\.bpf\.c:16\n6: \(63\) \*\(u32 \*\)\(r0 \+0\) = r1\n/);
  } finally {
    await agent.stop();
  }
});

void test('malformed lines become error events and the agent keeps serving', async () => {
  const agent = await Agent.start();
  try {
    for (const bad of ['garbage', '[1,2]', '{"type":"load"}', '{"type":"nope"}', '{"type":"startStream","maxRecordsPerSecond":-1}']) {
      agent.send(bad);
      const e = await agent.next();
      assert.equal(e.type, 'error');
      assert.equal(e.type === 'error' && e.code, 'RS-AGENT-002');
    }
    agent.send({ type: 'attach' });
    const e = await agent.next();
    assert.deepEqual(e.type === 'error' && e.code, 'RS-AGENT-008');
    agent.send({ type: 'load', object: '/nonexistent/x.bpf.o' });
    const missing = await agent.next();
    assert.equal(missing.type === 'error' && missing.code, 'RS-AGENT-003');
    agent.send({ type: 'hello', version: 1 });
    const hello = await agent.next();
    assert.equal(hello.type, 'hello');
    assert.equal(hello.type === 'hello' && hello.libbpfVersion, '1.1');
  } finally {
    await agent.stop();
  }
  assert.equal(await agent.exited, 0);
});

void test('stdin EOF tears down and exits 0', async () => {
  const before = progIds('rs_ld_getpid');
  const agent = await Agent.start();
  agent.send({ type: 'load', object: getpid });
  await agent.until('loaded');
  agent.send({ type: 'attach' });
  await agent.until('attached');
  const ours = progIds('rs_ld_getpid').filter((id) => !before.includes(id));
  assert.equal(ours.length, 1);
  agent.proc.stdin?.end();
  await agent.until('bye');
  assert.equal(await agent.exited, 0);
  await eventually(() => progIds('rs_ld_getpid').every((id) => !ours.includes(id)), 'program unloaded');
});

void test('kill -9 of a streaming agent leaves no program or link loaded', async () => {
  const before = progIds('rs_ld_getpid');
  const agent = await Agent.start();
  agent.send({ type: 'load', object: getpid });
  await agent.until('loaded');
  agent.send({ type: 'attach' });
  await agent.until('attached');
  agent.send({ type: 'startStream' });
  await agent.until('streaming');
  const ours = progIds('rs_ld_getpid').filter((id) => !before.includes(id));
  assert.equal(ours.length, 1);
  assert.equal(linkIdsOf(ours).length, 1);
  agent.proc.kill('SIGKILL');
  await agent.exited;
  await eventually(() => progIds('rs_ld_getpid').every((id) => !ours.includes(id)), 'program unloaded');
  assert.deepEqual(linkIdsOf(ours), []);
});
