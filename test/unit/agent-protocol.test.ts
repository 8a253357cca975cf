// The agent protocol's runtime guards accept every well-formed message and reject malformed ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAgentEvent, isAgentRequest, parseLine } from '../../common/agentProtocol';

void test('requests: well-formed ones pass', () => {
  for (const r of [
    { type: 'hello', version: 1 },
    { type: 'hello', version: 1, idleTimeoutSeconds: 30 },
    { type: 'ping' },
    { type: 'load', object: '/x.bpf.o' },
    { type: 'load', object: '/x.bpf.o', ringSizes: { rb: 4096 }, idleTimeoutSeconds: 0 },
    { type: 'load', object: '/x.bpf.o', knobs: { a: 1, b: '0xff', c: true }, programs: ['p'], recordTypes: [{ ring: 'rb', type: 'struct event' }] },
    { type: 'attach' },
    { type: 'startStream' },
    { type: 'startStream', maxRecordsPerSecond: 0, recordFile: '/tmp/r.jsonl', rings: ['rb'] },
    { type: 'startStream', readerPriority: 0 },
    { type: 'startStream', readerPriority: 99 },
    { type: 'stopStream' },
    { type: 'stats' },
    { type: 'stop' },
    { type: 'bye' },
  ])
    assert.equal(isAgentRequest(r), true, JSON.stringify(r));
});

void test('requests: malformed ones fail', () => {
  for (const r of [
    null,
    [],
    'hello',
    { type: 'hello' },
    { type: 'load' },
    { type: 'load', object: 1 },
    { type: 'load', object: '/x', knobs: { a: {} } },
    { type: 'load', object: '/x', recordTypes: [{ type: 'struct e' }] },
    { type: 'load', object: '/x', ringSizes: { rb: 0 } },
    { type: 'load', object: '/x', ringSizes: { rb: 4096.5 } },
    { type: 'load', object: '/x', ringSizes: [4096] },
    { type: 'hello', version: 1, idleTimeoutSeconds: -1 },
    { type: 'startStream', maxRecordsPerSecond: -1 },
    { type: 'startStream', rings: [1] },
    { type: 'startStream', readerPriority: 100 },
    { type: 'startStream', readerPriority: -1 },
    { type: 'startStream', readerPriority: 1.5 },
    { type: 'unknown' },
  ])
    assert.equal(isAgentRequest(r), false, JSON.stringify(r));
});

void test('events: well-formed ones pass, malformed ones fail', () => {
  const stats = { type: 'stats', ring: 'rb', availData: 0, ringSize: 4096, consumerPos: 8, producerPos: 8, recordsPerSec: 1, bytesPerSec: 8, peakFillPct: 0.2, drops: null, received: 1 };
  assert.equal(isAgentEvent(stats), true);
  assert.equal(isAgentEvent({ ...stats, drops: 3 }), true);
  assert.equal(isAgentEvent({ ...stats, drops: undefined }), false);
  assert.equal(isAgentEvent({ ...stats, drops: 3, failed: 2 }), true);
  assert.equal(isAgentEvent({ ...stats, failed: null }), true);
  assert.equal(isAgentEvent({ ...stats, failed: '2' }), false);
  assert.equal(isAgentEvent({ type: 'hello', version: 1, capabilities: ['zeroCopy'], libbpfVersion: '1.1', zeroCopy: true }), true);
  assert.equal(isAgentEvent({ type: 'records', ring: 'rb', batch: [{ type: '', size: 1, fields: {}, hex: '00' }], seqs: [0], ts: [1], received: 1, sent: 1 }), true);
  assert.equal(isAgentEvent({ type: 'records', ring: 'rb', batch: [{ size: 1 }], received: 1, sent: 1 }), false);
  assert.equal(isAgentEvent({ type: 'verifierError', program: 'p', message: 'm', log: 'l', line: 3, file: 'a.bpf.c' }), true);
  assert.equal(isAgentEvent({ type: 'verifierError', program: 'p', message: 'm' }), false);
  assert.equal(isAgentEvent({ type: 'streaming', rings: ['rb'], maxRecordsPerSecond: 20000 }), true);
  assert.equal(isAgentEvent({ type: 'streaming', rings: ['rb'], maxRecordsPerSecond: 20000, readerPriority: 1 }), true);
  assert.equal(isAgentEvent({ type: 'streaming', rings: ['rb'], maxRecordsPerSecond: 20000, readerPriority: '1' }), false);
  assert.equal(isAgentEvent({ type: 'error', code: 'RS-AGENT-002', message: 'x' }), true);
  assert.equal(isAgentEvent({ type: 'bye' }), true);
  assert.equal(isAgentEvent({ type: 'log', level: 'debug', message: 'x' }), false);
  assert.equal(parseLine('{'), undefined);
  assert.deepEqual(parseLine('{"type":"bye"}'), { type: 'bye' });
});
