// The transport's heartbeat against a stand-in agent (a Node child that reports each request line back
// as a `log` event): `hello` carries the idle timeout, pings follow on their own, none without a heartbeat.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import type { AgentEvent } from '../../common/agentProtocol';
import { ProcessTransport, type Heartbeat } from '../../client/transport/process';

const ECHO = `require('readline').createInterface({ input: process.stdin }).on('line', (l) =>
  process.stdout.write(JSON.stringify({ type: 'log', level: 'info', message: l }) + '\\n'));`;

function echoTransport(heartbeat?: Heartbeat): { t: ProcessTransport; seen: (n: number) => Promise<string[]> } {
  const t = new ProcessTransport('echo', spawn(process.execPath, ['-e', ECHO], { stdio: ['pipe', 'pipe', 'pipe'] }), undefined, undefined, heartbeat);
  const lines: string[] = [];
  const waiters: { n: number; resolve: (l: string[]) => void }[] = [];
  t.onEvent((e: AgentEvent) => {
    if (e.type !== 'log') return;
    lines.push(e.message);
    for (const w of waiters.splice(0)) if (lines.length >= w.n) w.resolve(lines.slice(0, w.n));
    else waiters.push(w);
  });
  return { t, seen: (n) => new Promise((resolve) => (lines.length >= n ? resolve(lines.slice(0, n)) : waiters.push({ n, resolve }))) };
}

void test('with a heartbeat, hello carries idleTimeoutSeconds and pings follow', async () => {
  const { t, seen } = echoTransport({ intervalSeconds: 0.05, timeoutSeconds: 7 });
  t.send({ type: 'hello', version: 1 });
  assert.deepEqual(await seen(3), ['{"type":"hello","version":1,"idleTimeoutSeconds":7}', '{"type":"ping"}', '{"type":"ping"}']);
  await t.close();
});

void test('an explicit idleTimeoutSeconds in hello is kept', async () => {
  const { t, seen } = echoTransport({ intervalSeconds: 60, timeoutSeconds: 7 });
  t.send({ type: 'hello', version: 1, idleTimeoutSeconds: 0 });
  assert.deepEqual(await seen(1), ['{"type":"hello","version":1,"idleTimeoutSeconds":0}']);
  await t.close();
});

void test('without a heartbeat (local stdio), hello is sent as is and nothing else', async () => {
  const { t, seen } = echoTransport();
  t.send({ type: 'hello', version: 1 });
  t.send({ type: 'stats' });
  assert.deepEqual(await seen(2), ['{"type":"hello","version":1}', '{"type":"stats"}']);
  await t.close();
});
