// JSON-lines framing of the agent link: lines split across chunks (also inside a UTF-8 character),
// several lines per chunk, CRLF, blank lines, malformed and over-long lines as error frames, never a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAgentEvent, type AgentEvent } from '../../common/agentProtocol';
import { transportMessages as m } from '../../common/messages';
import { JsonLineDecoder, encodeLine, type Frame } from '../../client/transport/framing';

const hello = { type: 'hello', version: 1, capabilities: ['zeroCopy'], libbpfVersion: '1.1', zeroCopy: true };
const log = { type: 'log', level: 'info', message: 'comm ünïcödé ✓' };
const ok = (message: unknown): Frame<AgentEvent> => ({ ok: true, message: message as AgentEvent });

void test('a line split into one-byte chunks, including inside multi-byte characters, decodes once', () => {
  const d = new JsonLineDecoder(isAgentEvent);
  const bytes = Buffer.from(encodeLine(log), 'utf8');
  const frames: Frame<AgentEvent>[] = [];
  for (let i = 0; i < bytes.length; i++) frames.push(...d.push(bytes.subarray(i, i + 1)));
  assert.deepEqual(frames, [ok(log)]);
});

void test('several lines in one chunk, with CRLF and blank lines, come out in order', () => {
  const d = new JsonLineDecoder(isAgentEvent);
  const frames = d.push(`${JSON.stringify(hello)}\r\n\n${JSON.stringify(log)}\n${JSON.stringify({ type: 'bye' })}\n`);
  assert.deepEqual(frames, [ok(hello), ok(log), ok({ type: 'bye' })]);
});

void test('a partial last line waits for its newline; end() flushes a final line without one', () => {
  const d = new JsonLineDecoder(isAgentEvent);
  const text = JSON.stringify(hello);
  assert.deepEqual(d.push(text.slice(0, 10)), []);
  assert.deepEqual(d.push(text.slice(10)), []);
  assert.deepEqual(d.end(), [ok(hello)]);
  assert.deepEqual(d.end(), []);
});

void test('malformed JSON and valid JSON of the wrong shape become error frames; later lines still decode', () => {
  const d = new JsonLineDecoder(isAgentEvent);
  const frames = d.push(`{"type":"hello",\n{"type":"nonsense"}\n[1,2]\n${JSON.stringify({ type: 'bye' })}\n`);
  assert.deepEqual(frames, [
    { ok: false, code: m.badLine.code, error: 'The agent sent a line that is not a valid protocol message: {"type":"hello", [RS-TRANSPORT-007]' },
    { ok: false, code: m.badLine.code, error: 'The agent sent a line that is not a valid protocol message: {"type":"nonsense"} [RS-TRANSPORT-007]' },
    { ok: false, code: m.badLine.code, error: 'The agent sent a line that is not a valid protocol message: [1,2] [RS-TRANSPORT-007]' },
    ok({ type: 'bye' }),
  ]);
});

void test('a long malformed line is quoted only by its first 200 characters', () => {
  const d = new JsonLineDecoder(isAgentEvent);
  const [frame] = d.push(`${'x'.repeat(1000)}\n`);
  assert.equal(frame?.ok, false);
  assert.equal(frame && !frame.ok && frame.error, `${m.badLine.text(`${'x'.repeat(200)}…`)} [RS-TRANSPORT-007]`);
});

void test('an over-long line is dropped with one error, across chunks, and the next line decodes', () => {
  const d = new JsonLineDecoder(isAgentEvent, 64);
  const frames = [
    ...d.push('y'.repeat(50)),
    ...d.push('y'.repeat(50)),
    ...d.push('y'.repeat(50)),
    ...d.push(`yyy\n${JSON.stringify({ type: 'bye' })}\n`),
  ];
  assert.deepEqual(frames, [
    { ok: false, code: m.lineTooLong.code, error: 'The agent sent a line longer than 64 bytes; it was dropped. [RS-TRANSPORT-008]' },
    ok({ type: 'bye' }),
  ]);
});

void test('an over-long line that arrives whole in one chunk is dropped too', () => {
  const d = new JsonLineDecoder(isAgentEvent, 16);
  const frames = d.push(`${JSON.stringify(hello)}\n{"type":"bye"}\n`);
  assert.deepEqual(frames.map((f) => (f.ok ? f.message.type : f.code)), [m.lineTooLong.code, 'bye']);
});

void test('arbitrary bytes never throw', () => {
  const d = new JsonLineDecoder(isAgentEvent);
  const junk = Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0xc3, 0x0a, 0x7b, 0x0a]);
  const frames = d.push(junk);
  assert.deepEqual(frames.map((f) => f.ok), [false, false, false]);
});

void test('encodeLine writes one compact JSON line', () => {
  assert.equal(encodeLine({ type: 'stats' }), '{"type":"stats"}\n');
});
