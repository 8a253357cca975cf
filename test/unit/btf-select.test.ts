// Record-type selection: one type per ring, several types by a tag field of a common header (integer
// or enum, by number, hex or enumerator name) or by the leading bytes, the program's type as default,
// and the exact errors a wrong setting gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BtfError, compileSelection, readBpfObject, selectorForRing } from '../../client/agent/btf';
import type { RecordSelection } from '../../common/records';
import { compileFixture } from '../fixtures/btf/helpers';

const btf = readBpfObject(compileFixture('records.bpf.c')).btf;
const btfBe = readBpfObject(compileFixture('records.bpf.c', { target: 'bpfeb' })).btf;

function execRecord(le = true): Uint8Array {
  const b = new Uint8Array(20);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 1, le);
  dv.setUint32(4, 4242, le);
  b.set(new TextEncoder().encode('/bin/true'), 8);
  return b;
}

function exitRecord(kind = 2, le = true): Uint8Array {
  const b = new Uint8Array(24);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, kind, le);
  dv.setUint32(4, 4242, le);
  dv.setInt32(8, -1, le);
  dv.setBigUint64(16, 1500n, le);
  return b;
}

const EXEC = { type: 'struct exec_event', size: 20, fields: { hdr: { kind: 1, pid: 4242 }, filename: '/bin/true' } };
const EXIT = { type: 'struct exit_event', size: 24, fields: { hdr: { kind: 2, pid: 4242 }, code: -1, duration_ns: 1500 } };

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BtfError, `expected BtfError, got ${String(e)}`);
    return e.code;
  }
  assert.fail('expected an error');
}

void test('one type for every record', () => {
  const s = compileSelection(btf, { ring: 'rb', type: 'struct exec_event' });
  assert.equal(s.source, 'setting');
  assert.deepEqual(s.decode(execRecord(), 0, 20), EXEC);
  assert.deepEqual(s.decoders.map((d) => d.typeName), ['struct exec_event']);
});

void test('tag field of a common header, by a dotted path; unmatched tags stay hex or use otherwise', () => {
  const sel: RecordSelection = { ring: 'rb', tagField: 'hdr.kind', types: { '1': 'struct exec_event', '0x2': 'exit_event' } };
  const s = compileSelection(btf, sel);
  assert.deepEqual(s.decode(execRecord(), 0, 20), EXEC);
  assert.deepEqual(s.decode(exitRecord(), 0, 24), EXIT);
  assert.deepEqual(s.decode(exitRecord(3), 0, 8), { type: '', size: 8, fields: {}, hex: '0300000092100000' });
  assert.deepEqual(s.decode(exitRecord(), 0, 3), { type: '', size: 3, fields: {}, hex: '020000' }, 'too short for the tag');
  assert.deepEqual(s.decoders.map((d) => d.typeName), ['struct exec_event', 'struct exit_event']);
  const o = compileSelection(btf, { ...sel, otherwise: 'struct hdr' });
  assert.deepEqual(o.decode(exitRecord(3), 0, 24), { type: 'struct hdr', size: 24, fields: { kind: 3, pid: 4242 } });
  // a header type named explicitly, the tag being its member
  const h = compileSelection(btf, { ring: 'rb', headerType: 'struct hdr', tagField: 'kind', types: { '2': 'struct exit_event' } });
  assert.deepEqual(h.decode(exitRecord(), 0, 24), EXIT);
});

void test('an enum tag matches enumerator names', () => {
  const s = compileSelection(btf, {
    ring: 'rb',
    headerType: 'struct tagged',
    tagField: 'kind',
    types: { KIND_EXEC: 'struct exec_event', KIND_EXIT: 'struct exit_event' },
  });
  assert.deepEqual(s.decode(execRecord(), 0, 20), EXEC);
  assert.deepEqual(s.decode(exitRecord(), 0, 24), EXIT);
});

void test('the first N bytes as an integer, in the object\'s byte order', () => {
  const s = compileSelection(btf, { ring: 'rb', tagBytes: 4, types: { '1': 'struct exec_event', '2': 'struct exit_event' } });
  assert.deepEqual(s.decode(execRecord(), 0, 20), EXEC);
  assert.deepEqual(s.decode(exitRecord(), 0, 24), EXIT);
  const one = compileSelection(btf, { ring: 'rb', tagBytes: 1, tagOffset: 4, types: { '146': 'struct exit_event' } });
  assert.deepEqual(one.decode(exitRecord(), 0, 24), EXIT, 'byte 4 of pid 4242 is 0x92');
  const be = compileSelection(btfBe, { ring: 'rb', tagBytes: 4, types: { '1': 'struct exec_event', '2': 'struct exit_event' } });
  assert.deepEqual(be.decode(exitRecord(2, false), 0, 24), EXIT);
  assert.deepEqual(be.decode(exitRecord(2, true), 0, 24).type, '');
});

void test('records at an offset inside a larger buffer', () => {
  const s = compileSelection(btf, { ring: 'rb', tagField: 'hdr.kind', types: { '1': 'struct exec_event', '2': 'struct exit_event' } });
  const ring = new Uint8Array(64);
  ring.set(exitRecord(), 16);
  assert.deepEqual(s.decode(ring, 16, 24), EXIT);
  assert.deepEqual(s.decode(ring, -1, 24).type, '');
});

void test('wrong settings give the catalogue error that names what to fix', () => {
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', type: 'struct nope' })), 'RS-BTF-008');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', tagField: 'hdr.nope', types: { '1': 'struct exec_event' } })), 'RS-BTF-009');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', tagField: 'kind.x', types: { '1': 'struct hdr' } })), 'RS-BTF-009');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', tagField: 'filename', types: { '1': 'struct exec_event' } })), 'RS-BTF-010');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', tagField: 'hdr.kind', types: { banana: 'struct exec_event' } })), 'RS-BTF-011');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', type: 'struct hdr', types: { '1': 'struct exec_event' } })), 'RS-BTF-012');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb' })), 'RS-BTF-012');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', types: { '1': 'struct exec_event' } })), 'RS-BTF-012');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', tagBytes: 4, tagField: 'hdr.kind', types: { '1': 'struct hdr' } })), 'RS-BTF-012');
  assert.equal(code(() => compileSelection(btf, { ring: 'rb', tagBytes: 4, types: { '1': 'struct nope' } })), 'RS-BTF-008');
  try {
    compileSelection(btf, { ring: 'events', type: 'struct hdr', types: { '1': 'struct exec_event' } });
  } catch (e) {
    assert.ok(e instanceof Error);
    assert.equal(e.message, "The record type setting of ring 'events' is not usable: give either 'type' or 'types', not both. [RS-BTF-012]");
  }
});

void test('selectorForRing: the setting wins, then the program\'s type, then hex', () => {
  const settings: RecordSelection[] = [{ ring: 'other', type: 'struct hdr' }, { ring: 'rb', type: 'struct exit_event' }];
  const fromSetting = selectorForRing(btf, 'rb', { settings, programType: 'struct exec_event' });
  assert.equal(fromSetting.source, 'setting');
  assert.deepEqual(fromSetting.decode(exitRecord(), 0, 24), EXIT);
  const fromProgram = selectorForRing(btf, 'rb', { settings: [settings[0] ?? { ring: 'x' }], programType: 'struct exec_event' });
  assert.equal(fromProgram.source, 'program');
  assert.deepEqual(fromProgram.decode(execRecord(), 0, 20), EXEC);
  const missing = selectorForRing(btf, 'rb', { programType: 'struct not_anchored' });
  assert.equal(missing.source, 'none');
  assert.match(missing.problem ?? '', /^Type 'struct not_anchored' is not in the object's BTF\. .* \[RS-BTF-008\]$/);
  assert.deepEqual(missing.decode(new Uint8Array([0xca, 0xfe]), 0, 2), { type: '', size: 2, fields: {}, hex: 'cafe' });
  const none = selectorForRing(btf, 'rb', {});
  assert.equal(none.source, 'none');
  assert.equal(none.problem, undefined);
  assert.equal(none.select(new Uint8Array(4), 0, 4), undefined);
});
