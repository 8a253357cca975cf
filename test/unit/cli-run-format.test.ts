// `ringscope run`'s argument parsing and record formats, in plain Node: the issue's flags, the older
// spellings (--count, --json), --ring-size, and exact jsonl / table lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRunArgs } from '../../client/cli/commands/run';
import { jsonLine, TableFormatter } from '../../client/cli/run/format';

void test('the issue\'s flags parse; jsonl is the default and nothing is sampled', () => {
  assert.deepEqual(parseRunArgs(['x.bpf.o', '--duration', '2.5', '--max-records', '10', '--format', 'table']), {
    file: 'x.bpf.o',
    format: 'table',
    knobs: {},
    types: [],
    maxRate: 0,
    readerPriority: 1,
    count: 10,
    duration: 2.5,
  });
  assert.deepEqual(parseRunArgs(['x.bpf.c']), { file: 'x.bpf.c', format: 'jsonl', knobs: {}, types: [], maxRate: 0, readerPriority: 1 });
});

void test('older spellings and the ring size', () => {
  const a = parseRunArgs(['--count', '3', '--json', 'x.bpf.o', '--ring-size', 'rb=4096', '--max-rate', '100']);
  assert.deepEqual(a, { file: 'x.bpf.o', format: 'jsonl', knobs: {}, types: [], maxRate: 100, readerPriority: 1, count: 3, ringSizes: { rb: 4096 } });
  assert.equal(parseRunArgs(['x.bpf.o', '--ring-size', 'rb']), 'ringscope run: --ring-size takes RING=BYTES. See: ringscope help run [RS-AGENT-021]');
  assert.equal(parseRunArgs(['x.bpf.o', '--format', 'csv']), 'ringscope run: --format is jsonl or table. See: ringscope help run [RS-AGENT-021]');
});

void test('--reader-priority: 0 to 99, 0 keeps the reader ordinary', () => {
  const ok = (v: string): unknown => {
    const a = parseRunArgs(['x.bpf.o', '--reader-priority', v]);
    return typeof a === 'string' ? a : a.readerPriority;
  };
  assert.equal(ok('0'), 0);
  assert.equal(ok('99'), 99);
  for (const bad of ['100', '-1', '1.5', 'high'])
    assert.equal(ok(bad), 'ringscope run: --reader-priority needs a number from 0 to 99. See: ringscope help run [RS-AGENT-021]');
});

void test('jsonl: exactly ringbuf, seq, ts, fields; hex records as fields.hex', () => {
  assert.equal(
    jsonLine('rb', 7, 1700000000123, { type: 'struct event', size: 8, fields: { pid: 42, comm: 'gen' } }),
    '{"ringbuf":"rb","seq":7,"ts":1700000000123,"fields":{"pid":42,"comm":"gen"}}',
  );
  assert.equal(jsonLine('rb', 0, 1, { type: '', size: 2, fields: {}, hex: 'abcd' }), '{"ringbuf":"rb","seq":0,"ts":1,"fields":{"hex":"abcd"}}');
});

void test('table: a header per ring, then rows aligned to it, nested fields dotted', () => {
  const t = new TableFormatter();
  const ts = Date.UTC(2026, 0, 1, 12, 34, 56, 789);
  assert.deepEqual(t.lines('rb', 0, ts, { type: 'struct e', size: 16, fields: { pid: 4242, hdr: { cpu: 1 } } }), [
    'ringbuf  seq  time          pid   hdr.cpu',
    'rb       0    12:34:56.789  4242  1',
  ]);
  assert.deepEqual(t.lines('rb', 1, ts, { type: 'struct e', size: 16, fields: { pid: 7, hdr: { cpu: 0 } } }), ['rb       1    12:34:56.789  7     0']);
});
