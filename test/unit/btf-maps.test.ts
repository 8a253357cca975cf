// Map definitions from `.maps` (read as libbpf reads __uint/__type/__array) and the globals of the data
// sections with the offsets libbpf gives them, from real clang objects in both byte orders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecord, findGlobal, readBpfObject } from '../../client/agent/btf';
import { compileFixture } from '../fixtures/btf/helpers';

for (const target of ['bpf', 'bpfeb'] as const) {
  const info = readBpfObject(compileFixture('records.bpf.c', { target }));

  void test(`map definitions (${target})`, () => {
    const summary = info.maps.map((m) => ({
      name: m.name,
      type: m.typeName,
      maxEntries: m.maxEntries,
      key: m.keyTypeName,
      value: m.valueTypeName,
      keySize: m.keySize,
      valueSize: m.valueSize,
      flags: m.mapFlags,
      inner: m.inner?.typeName,
    }));
    assert.deepEqual(summary, [
      { name: 'inner1', type: 'array', maxEntries: 4, key: '__u32', value: '__u64', keySize: 4, valueSize: 8, flags: undefined, inner: undefined },
      { name: 'inner2', type: 'array', maxEntries: 4, key: '__u32', value: '__u64', keySize: 4, valueSize: 8, flags: undefined, inner: undefined },
      { name: 'outer', type: 'array_of_maps', maxEntries: 2, key: '__u32', value: undefined, keySize: 4, valueSize: undefined, flags: undefined, inner: 'array' },
      { name: 'rb', type: 'ringbuf', maxEntries: 262144, key: undefined, value: undefined, keySize: undefined, valueSize: undefined, flags: undefined, inner: undefined },
      { name: 'by_pid', type: 'hash', maxEntries: 1024, key: '__u32', value: 'struct ints', keySize: 4, valueSize: 80, flags: 1, inner: undefined },
      { name: 'sized', type: 'array', maxEntries: 1, key: undefined, value: undefined, keySize: 4, valueSize: 8, flags: undefined, inner: undefined },
    ]);
    const rb = info.maps.find((m) => m.name === 'rb');
    assert.equal(rb?.type, 27);
    const outer = info.maps.find((m) => m.name === 'outer');
    assert.equal(outer?.inner?.maxEntries, 4);
    assert.equal(outer?.inner?.valueSize, 8);
    assert.deepEqual(outer?.otherInts, {});
  });

  void test(`globals of .rodata, .bss, .data with symbol offsets and initial values (${target})`, () => {
    const layout = info.data.map((d) => [d.name, d.size, d.variables.map((v) => [v.name, v.offset, v.size])]);
    assert.deepEqual(layout, [
      ['.bss', 8, [['rb_drops', 0, 8]]],
      ['.data', 4, [['verbose', 0, 4]]],
      [
        '.rodata',
        80,
        [
          ['min_duration_ms', 0, 4],
          ['target_comm', 4, 16],
          ['ev_anchor', 24, 8],
          ['flags_anchor', 32, 8],
          ['nested_anchor', 40, 8],
          ['exec_anchor', 48, 8],
          ['exit_anchor', 56, 8],
          ['tagged_anchor', 64, 8],
          ['varlen_anchor', 72, 8],
        ],
      ],
      ['license', 4, [['LICENSE', 0, 4]]],
    ]);
    const knob = findGlobal(info.data, 'min_duration_ms');
    assert.ok(knob);
    assert.deepEqual(decodeRecord(info.btf, knob.typeId, knob.initial, 0, knob.initial.length).fields, { value: 250 });
    const comm = findGlobal(info.data, 'target_comm');
    assert.ok(comm);
    assert.deepEqual(decodeRecord(info.btf, comm.typeId, comm.initial, 0, comm.initial.length).fields, { value: 'bash' });
    const drops = findGlobal(info.data, 'rb_drops');
    assert.ok(drops);
    assert.deepEqual([...drops.initial], [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(decodeRecord(info.btf, drops.typeId, drops.initial, 0, 8).fields, { value: 0 });
    const verbose = findGlobal(info.data, 'verbose');
    assert.deepEqual(verbose && decodeRecord(info.btf, verbose.typeId, verbose.initial, 0, 4).fields, { value: 1 });
    assert.equal(findGlobal(info.data, 'nope'), undefined);
  });
}
