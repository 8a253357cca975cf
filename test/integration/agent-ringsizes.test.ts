// The load request's `ringSizes` on the real kernel: a ring is created with the size asked for (the
// loaded event and the kernel's own map info agree), and a name that is no ring is a catalogued error.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { render, agentMessages as M } from '../../common/messages';
import { Agent, bpftoolJson, compileBpf } from './support/agentHarness';

let getpid = '';
before(() => {
  getpid = compileBpf('getpid', ['on_getpid=rs_rsz_getpid'], 'getpid-ringsizes');
});

/** max_entries of the ring map named `rb` that the program `rs_rsz_getpid` uses. */
function kernelRingSize(): number | undefined {
  const prog = bpftoolJson<{ name?: string; map_ids?: number[] }[]>(['prog', 'list']).find((p) => p.name === 'rs_rsz_getpid');
  const maps = bpftoolJson<{ id: number; name?: string; type?: string; max_entries?: number }[]>(['map', 'list']);
  return maps.find((m) => prog?.map_ids?.includes(m.id) && m.name === 'rb' && m.type === 'ringbuf')?.max_entries;
}

void test('ringSizes sets a ring to 8192 bytes before load', async () => {
  const agent = await Agent.start();
  try {
    agent.send({ type: 'load', object: getpid, knobs: { target_pid: 1 }, ringSizes: { rb: 8192 } });
    const loaded = (await agent.until('loaded')).last;
    assert.deepEqual(loaded.rings.map((r) => [r.name, r.size]), [['rb', 8192]]);
    assert.equal(kernelRingSize(), 8192);
  } finally {
    await agent.stop();
  }
});

void test('ringSizes naming no ring is refused with the rings the object has', async () => {
  const agent = await Agent.start();
  try {
    agent.send({ type: 'load', object: getpid, ringSizes: { events: 4096 } });
    const e = (await agent.until('error')).last;
    assert.deepEqual(e, { type: 'error', code: M.unknownRing.code, message: render(M.unknownRing, 'events', 'rb') });
  } finally {
    await agent.stop();
  }
});

void test('a malformed ringSizes (not a positive integer) is a malformed request', async () => {
  const agent = await Agent.start();
  try {
    agent.send(JSON.stringify({ type: 'load', object: getpid, ringSizes: { rb: -1 } }));
    const e = (await agent.until('error')).last;
    assert.equal(e.code, M.malformedRequest.code);
  } finally {
    await agent.stop();
  }
});
