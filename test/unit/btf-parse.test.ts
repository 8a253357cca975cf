// BTF parsing: every kind, from real clang objects (clang 14 and clang-19, both byte orders), from
// hand-written BTF for shapes no compiler here emits, from the running kernel, and from damaged data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { BtfError, findType, lookupTypeName, parseBtf, parseElf, readBpfObject, resolveType, sizeOf, typeName } from '../../client/agent/btf';
import type { Btf, BtfType } from '../../client/agent/btf';
import { MAP_TYPE_NAMES } from '../../client/agent/btf/maps';
import { BtfWriter, compileFixture, hasCommand } from '../fixtures/btf/helpers';

function btfOf(bytes: Uint8Array): Btf {
  return readBpfObject(bytes).btf;
}

function byName(btf: Btf, name: string, kind: BtfType['kind']): BtfType {
  const t = findType(btf, name, kind);
  assert.ok(t, `${kind} ${name}`);
  return t;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BtfError, `expected BtfError, got ${String(e)}`);
    return e.code;
  }
  assert.fail('expected an error');
}

for (const target of ['bpf', 'bpfeb'] as const) {
  void test(`clang 14 object (${target}): ints, structs, bitfields, arrays, enums, datasecs`, () => {
    const btf = btfOf(compileFixture('records.bpf.c', { target }));
    assert.equal(btf.littleEndian, target === 'bpf');
    assert.equal(btf.types.length, 121);

    const ev = byName(btf, 'event', 'struct');
    assert.equal(ev.kind, 'struct');
    if (ev.kind !== 'struct') return;
    assert.equal(ev.size, 32);
    assert.deepEqual(
      ev.members.map((m) => [m.name, typeName(btf, m.type), m.bitOffset, m.bitSize]),
      [
        ['pid', 'int', 0, 0],
        ['ppid', 'int', 32, 0],
        ['comm', 'char[16]', 64, 0],
        ['ts', '__u64', 192, 0],
      ],
    );

    const flags = byName(btf, 'flags', 'struct');
    assert.ok(flags.kind === 'struct' && flags.kflag);
    if (flags.kind !== 'struct') return;
    assert.deepEqual(
      flags.members.map((m) => [m.name, m.bitOffset, m.bitSize]),
      [['a', 0, 3], ['b', 3, 5], ['c', 8, 24], ['d', 64, 40], ['e', 104, 24], ['f', 128, 4], ['g', 132, 1]],
    );

    const bool = byName(btf, '_Bool', 'int');
    assert.deepEqual(bool, { kind: 'int', id: bool.id, name: '_Bool', size: 1, encoding: 4, bitOffset: 0, bits: 8 });
    const sch = byName(btf, 'signed char', 'int');
    assert.ok(sch.kind === 'int' && sch.encoding === 1 && sch.size === 1);

    const color = byName(btf, 'color', 'enum');
    assert.ok(color.kind === 'enum');
    if (color.kind !== 'enum') return;
    assert.equal(color.signed, false);
    assert.deepEqual(color.values.map((v) => [v.name, v.value]), [['RED', 0n], ['GREEN', 1n], ['BLUE', 7n]]);
    // clang 14 writes negative enumerators as unsigned 32-bit values and no signedness
    const delta = byName(btf, 'delta', 'enum');
    assert.ok(delta.kind === 'enum' && delta.values[0]?.value === 4294967294n && !delta.signed);

    const nested = byName(btf, 'nested', 'struct');
    assert.ok(nested.kind === 'struct');
    if (nested.kind !== 'struct') return;
    assert.deepEqual(nested.members.map((m) => [m.name, typeName(btf, m.type)]), [
      ['in', 'struct inner'],
      ['addr', 'union (anon)'],
      ['', 'union (anon)'],
      ['raw', '__u8[4]'],
      ['name', 'unsigned char[8]'],
      ['matrix', 'int[2][3]'],
      ['pair', 'struct inner[2]'],
    ]);
    assert.equal(sizeOf(btf, nested.id), 68);
    const matrix = nested.members[5];
    assert.ok(matrix);
    assert.equal(sizeOf(btf, matrix.type), 24);

    const knob = byName(btf, 'knob_t', 'typedef');
    assert.equal(typeName(btf, knob.id), 'knob_t');
    assert.equal(resolveType(btf, knob.id)?.name, 'unsigned int');
    assert.equal(sizeOf(btf, knob.id), 4);

    const func = byName(btf, 'handle_exec', 'func');
    assert.ok(func.kind === 'func' && func.linkage === 1);
    if (func.kind !== 'func') return;
    const proto = btf.types[func.type];
    assert.ok(proto?.kind === 'func_proto');
    if (proto?.kind !== 'func_proto') return;
    assert.deepEqual(proto.params.map((p) => [p.name, typeName(btf, p.type)]), [['ctx', 'void *']]);
    assert.equal(typeName(btf, proto.returnType), 'int');

    const rodata = byName(btf, '.rodata', 'datasec');
    assert.ok(rodata.kind === 'datasec' && rodata.vars.length === 9);
    const v = byName(btf, 'min_duration_ms', 'var');
    assert.ok(v.kind === 'var' && v.linkage === 1);
    if (v.kind !== 'var') return;
    assert.equal(typeName(btf, v.type), 'const volatile __u32');
    assert.equal(sizeOf(btf, v.id), 4);
    const f32 = byName(btf, 'float', 'float');
    assert.ok(f32.kind === 'float' && f32.size === 4);
  });
}

void test('lookupTypeName understands C spellings', () => {
  const btf = btfOf(compileFixture('records.bpf.c'));
  assert.equal(lookupTypeName(btf, 'struct event')?.name, 'event');
  assert.equal(lookupTypeName(btf, '  struct   event ')?.name, 'event');
  assert.equal(lookupTypeName(btf, 'event')?.kind, 'struct');
  assert.equal(lookupTypeName(btf, 'enum color')?.kind, 'enum');
  assert.equal(lookupTypeName(btf, '__u64')?.kind, 'typedef');
  assert.equal(lookupTypeName(btf, 'unsigned long long')?.kind, 'int');
  assert.equal(lookupTypeName(btf, 'union event'), undefined);
  assert.equal(lookupTypeName(btf, 'struct nope'), undefined);
  assert.equal(lookupTypeName(btf, ''), undefined);
});

void test('decl_tag and type_tag from clang 14', () => {
  const btf = btfOf(compileFixture('tags.bpf.c'));
  const user = byName(btf, 'user', 'decl_tag');
  assert.ok(user.kind === 'decl_tag' && user.componentIdx === 0);
  if (user.kind !== 'decl_tag') return;
  assert.equal(typeName(btf, user.type), 'struct tagged_ptr');
  const knob = byName(btf, 'knob', 'decl_tag');
  assert.ok(knob.kind === 'decl_tag' && knob.componentIdx === -1 && btf.types[knob.type]?.name === 'g');
  const percpu = byName(btf, 'percpu', 'type_tag');
  assert.ok(percpu.kind === 'type_tag');
  const s = byName(btf, 'tagged_ptr', 'struct');
  assert.ok(s.kind === 'struct');
  if (s.kind !== 'struct' || !s.members[1]) return;
  assert.equal(typeName(btf, s.members[1].type), 'int *');
  assert.equal(sizeOf(btf, s.members[1].type), 8);
});

void test('enum64 and signed enums from clang-19', { skip: hasCommand('clang-19') ? false : 'clang-19 is not installed (scripts/setup.sh installs it)' }, () => {
  for (const target of ['bpf', 'bpfeb'] as const) {
    const btf = btfOf(compileFixture('enums64.bpf.c', { target, clang: 'clang-19' }));
    const wide = byName(btf, 'wide', 'enum64');
    assert.ok(wide.kind === 'enum64' && !wide.signed && wide.size === 8);
    if (wide.kind !== 'enum64') return;
    assert.deepEqual(wide.values.map((v) => [v.name, v.value]), [['SMALL', 1n], ['HUGE', 0xf000000000000001n]]);
    const neg = byName(btf, 'neg64', 'enum64');
    assert.ok(neg.kind === 'enum64' && neg.signed);
    if (neg.kind !== 'enum64') return;
    assert.deepEqual(neg.values.map((v) => [v.name, v.value]), [['MINUS_BIG', -5000000000n], ['PLUS_ONE', 1n]]);
    const delta = byName(btf, 'delta', 'enum');
    assert.ok(delta.kind === 'enum' && delta.signed);
    if (delta.kind !== 'enum') return;
    assert.deepEqual(delta.values.map((v) => [v.name, v.value]), [['DOWN', -2n], ['STILL', 0n], ['UP', 5n]]);
  }
});

/** Hand-written BTF with the kinds and flags no compiler here produces. */
function handWritten(le: boolean): Uint8Array {
  const w = new BtfWriter(le);
  const uint = w.int('unsigned int', 4, 0); // 1
  const int = w.int('int', 4, 1); // 2
  w.type('opaque', 7, 0, false, 0); // 3 FWD struct
  w.type('maybe', 7, 0, true, 0); // 4 FWD union
  w.type('ldouble', 16, 0, false, 16); // 5 FLOAT
  w.type('r', 11, 0, false, uint); // 6 RESTRICT
  const bits4 = w.int('unsigned int', 4, 0, 4); // 7: kind_flag 0 bitfield of 4 bits
  const bits12 = w.int('int', 4, 1, 12); // 8
  const bits8at4 = w.int('unsigned int', 4, 0, 8, 4); // 9: 8 bits, 4 bits into the int
  // 10: struct old { a:4; b:12; c:8 (int offset 4) } with kind_flag 0
  w.type('old', 4, 3, false, 4, [w.str('a'), bits4, 0, w.str('b'), bits12, 4, w.str('c'), bits8at4, 16]);
  // 11: signed enum of 1 byte
  w.type('small', 6, 2, true, 1, [w.str('NEG'), -1, w.str('POS'), 1]);
  // 12: enum64 signed
  w.type('big', 19, 1, true, 8, [w.str('LOW'), 0, 0x80000000]);
  w.type('', 13, 2, false, int, [w.str('x'), uint, 0, 0]); // 13 FUNC_PROTO (int x, ...)
  return w.bytes();
}

for (const le of [true, false]) {
  void test(`hand-written BTF (${le ? 'little' : 'big'}-endian): fwd, float, restrict, kind_flag 0 bitfields, signed enum, enum64`, () => {
    const btf = parseBtf(handWritten(le));
    assert.equal(btf.littleEndian, le);
    assert.equal(btf.types.length, 14);
    assert.deepEqual(btf.types[3], { kind: 'fwd', id: 3, name: 'opaque', union: false });
    assert.deepEqual(btf.types[4], { kind: 'fwd', id: 4, name: 'maybe', union: true });
    assert.equal(typeName(btf, 4), 'union maybe');
    assert.equal(sizeOf(btf, 3), undefined);
    assert.deepEqual(btf.types[5], { kind: 'float', id: 5, name: 'ldouble', size: 16 });
    assert.equal(typeName(btf, 6), 'restrict unsigned int');
    assert.deepEqual(btf.types[9], { kind: 'int', id: 9, name: 'unsigned int', size: 4, encoding: 0, bitOffset: 4, bits: 8 });
    const old = btf.types[10];
    assert.ok(old?.kind === 'struct' && !old.kflag);
    if (old?.kind !== 'struct') return;
    assert.deepEqual(old.members.map((m) => [m.name, m.bitOffset, m.bitSize]), [['a', 0, 0], ['b', 4, 0], ['c', 16, 0]]);
    assert.deepEqual(btf.types[11], { kind: 'enum', id: 11, name: 'small', size: 1, signed: true, values: [{ name: 'NEG', value: -1n }, { name: 'POS', value: 1n }] });
    assert.deepEqual(btf.types[12], { kind: 'enum64', id: 12, name: 'big', size: 8, signed: true, values: [{ name: 'LOW', value: -(2n ** 63n) }] });
    const proto = btf.types[13];
    assert.ok(proto?.kind === 'func_proto');
    if (proto?.kind !== 'func_proto') return;
    assert.deepEqual(proto.params, [{ name: 'x', type: 1 }, { name: '', type: 0 }]);
  });
}

void test('damaged BTF gives BtfError codes, never another exception', () => {
  const good = handWritten(true);
  assert.equal(code(() => parseBtf(new Uint8Array([1, 2, 3]))), 'RS-BTF-005');
  assert.equal(code(() => parseBtf(new Uint8Array(64))), 'RS-BTF-005');
  assert.equal(code(() => parseBtf(good.subarray(0, good.length - 10))), 'RS-BTF-006');
  // a kind number past enum64
  const badKind = good.slice();
  new DataView(badKind.buffer).setUint32(24 + 4, 25 << 24, true);
  assert.equal(code(() => parseBtf(badKind)), 'RS-BTF-007');
  // RESTRICT (#6) pointing at type 999
  const dangling = good.slice();
  const dv = new DataView(dangling.buffer);
  let at = 24;
  for (let i = 1; i < 6; i++) at += [16, 16, 12, 12, 12][i - 1] ?? 0;
  dv.setUint32(at + 8, 999, true);
  assert.equal(code(() => parseBtf(dangling)), 'RS-BTF-006');
  // flipping bytes anywhere: either parses or throws BtfError
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  const real = parseElf(compileFixture('records.bpf.c')).section('.BTF');
  assert.ok(real);
  const src = parseElf(compileFixture('records.bpf.c')).data(real);
  for (let round = 0; round < 300; round++) {
    const b = src.slice();
    for (let k = 0; k < 4; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    try {
      parseBtf(b);
    } catch (e) {
      assert.ok(e instanceof BtfError, `round ${round}: ${String(e)}`);
    }
  }
});

void test('the running kernel\'s BTF (/sys/kernel/btf/vmlinux)', { skip: existsSync('/sys/kernel/btf/vmlinux') ? false : 'no kernel BTF' }, (t) => {
  const raw = new Uint8Array(readFileSync('/sys/kernel/btf/vmlinux'));
  const t0 = process.hrtime.bigint();
  const btf = parseBtf(raw, 'vmlinux');
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  t.diagnostic(`parsed ${raw.length} bytes, ${btf.types.length} types in ${ms.toFixed(1)} ms`);
  const task = findType(btf, 'task_struct', 'struct');
  assert.ok(task?.kind === 'struct');
  if (task?.kind !== 'struct') return;
  const pid = task.members.find((m) => m.name === 'pid');
  assert.ok(pid);
  assert.equal(typeName(btf, pid.type), 'pid_t');
  assert.equal(resolveType(btf, pid.type)?.name, 'int');
  const mapType = findType(btf, 'bpf_map_type', 'enum');
  assert.ok(mapType?.kind === 'enum');
  if (mapType?.kind !== 'enum') return;
  const ringbuf = mapType.values.find((v) => v.name === 'BPF_MAP_TYPE_RINGBUF');
  assert.equal(ringbuf?.value, 27n);
  // our table of map type names agrees with this kernel for every number both know
  for (const v of mapType.values) {
    const n = Number(v.value);
    if (n < MAP_TYPE_NAMES.length && v.name.startsWith('BPF_MAP_TYPE_') && !v.name.endsWith('_DEPRECATED')) {
      assert.equal(MAP_TYPE_NAMES[n], v.name.slice('BPF_MAP_TYPE_'.length).toLowerCase(), v.name);
    }
  }
  assert.equal(sizeOf(btf, findType(btf, 'bpf_ringbuf_hdr', 'struct')?.id ?? 0), 8);
});
