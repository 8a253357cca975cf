// Decoding record bytes with BTF: values of every kind, filled by real clang-compiled C on the host
// (so the layout is clang's, bitfields included) or written byte by byte for the big-endian target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDecoder, decodeRecord, hexRecord, lookupTypeName, parseBtf, readBpfObject } from '../../client/agent/btf';
import type { Btf } from '../../client/agent/btf';
import { flattenFields } from '../../common/records';
import { BtfWriter, compileFixture, fromHex, hasCommand, hostBytes } from '../fixtures/btf/helpers';

const btf = readBpfObject(compileFixture('records.bpf.c')).btf;
const btfBe = readBpfObject(compileFixture('records.bpf.c', { target: 'bpfeb' })).btf;

function idOf(b: Btf, name: string): number {
  const t = lookupTypeName(b, name);
  assert.ok(t, name);
  return t.id;
}

function decode(b: Btf, type: string, bytes: Uint8Array, offset = 0, length = bytes.length) {
  return compileDecoder(b, idOf(b, type)).decode(bytes, offset, length);
}

/** struct event bytes: pid, ppid, comm (up to 16 bytes), ts as u64 (little-endian). */
function eventBytes(pid: number, ppid: number, comm: number[], ts: bigint): Uint8Array {
  const b = new Uint8Array(32);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, pid, true);
  dv.setInt32(4, ppid, true);
  b.set(comm.slice(0, 16), 8);
  dv.setBigUint64(24, ts, true);
  return b;
}

const ascii = (s: string): number[] => [...new TextEncoder().encode(s)];

void test('struct event: ints, text, u64 max as a decimal string', () => {
  const r = decode(btf, 'struct event', eventBytes(1234, -5, ascii('bash'), 2n ** 64n - 1n));
  assert.deepEqual(r, { type: 'struct event', size: 32, fields: { pid: 1234, ppid: -5, comm: 'bash', ts: '18446744073709551615' } });
  assert.equal(JSON.stringify(JSON.parse(JSON.stringify(r))), JSON.stringify(r));
});

void test('u64 at the edge of safe integers', () => {
  assert.equal(decode(btf, 'struct event', eventBytes(0, 0, [], 2n ** 53n - 1n)).fields['ts'], 9007199254740991);
  assert.equal(decode(btf, 'struct event', eventBytes(0, 0, [], 2n ** 53n)).fields['ts'], '9007199254740992');
  assert.equal(decode(btf, 'struct event', eventBytes(0, 0, [], 0n)).fields['ts'], 0);
});

void test('char arrays: no NUL, garbage after NUL, UTF-8, non-printable, empty', () => {
  const comm = (bytes: number[]) => decode(btf, 'struct event', eventBytes(1, 2, bytes, 3n)).fields['comm'];
  assert.equal(comm(ascii('abcdefghijklmnop')), 'abcdefghijklmnop');
  assert.equal(comm([...ascii('sh'), 0, 0xff, 0xfe, 0x01]), 'sh');
  assert.equal(comm(ascii('héllo wörld')), 'héllo wörld');
  assert.equal(comm([0x01, 0x02, 0x41]), '0x01024100000000000000000000000000');
  assert.equal(comm([0x41, 0xc0, 0x80]), '0x41c08000000000000000000000000000'); // overlong UTF-8 is not text
  assert.equal(comm([0x41, 0x0a, 0x42]), '0x410a4200000000000000000000000000'); // a newline is not a process name
  assert.equal(comm(ascii('€ and 😀')), '€ and 😀');
  assert.equal(comm([0x41, 0xed, 0xa0, 0x80]), '0x41eda080000000000000000000000000'); // a UTF-16 surrogate
  assert.equal(comm([0x41, 0xc2, 0x85]), '0x41c28500000000000000000000000000'); // C1 control U+0085
  assert.equal(comm([...ascii('abcdefghijklmn'), 0xe2, 0x82]), '0x6162636465666768696a6b6c6d6ee282'); // cut at the end
  assert.equal(comm([...ascii('abcdefghijklm'), 0xe2, 0x82, 0xac]), 'abcdefghijklm€');
  assert.equal(comm([]), '');
});

void test('a short record decodes what fits and is marked truncated; bad offsets never throw', () => {
  const b = eventBytes(7, 8, ascii('systemd-journald'), 99n);
  assert.deepEqual(decode(btf, 'struct event', b, 0, 20), {
    type: 'struct event',
    size: 20,
    fields: { pid: 7, ppid: 8, comm: 'systemd-jour' },
    truncated: true,
  });
  assert.deepEqual(decode(btf, 'struct event', b, 0, 6), { type: 'struct event', size: 6, fields: { pid: 7 }, truncated: true });
  assert.deepEqual(decode(btf, 'struct event', b, 0, 0), { type: 'struct event', size: 0, fields: {}, truncated: true });
  assert.deepEqual(decode(btf, 'struct event', b, 100, 32), { type: 'struct event', size: 0, fields: {}, truncated: true });
  assert.deepEqual(decode(btf, 'struct event', b, -4, 32), { type: 'struct event', size: 0, fields: {}, truncated: true });
  assert.deepEqual(decode(btf, 'struct event', b, 1.5, Number.NaN), { type: 'struct event', size: 0, fields: {}, truncated: true });
  // a record inside a larger buffer, at an offset, as the ring reader passes it
  const ring = new Uint8Array(100);
  ring.set(b, 40);
  assert.deepEqual(decode(btf, 'struct event', ring, 40, 32).fields, { pid: 7, ppid: 8, comm: 'systemd-journald', ts: 99 });
  const sub = ring.subarray(8);
  assert.deepEqual(decode(btf, 'struct event', sub, 32, 32).fields, { pid: 7, ppid: 8, comm: 'systemd-journald', ts: 99 });
});

void test('every integer width and signedness, bool, char, floats, pointers, enums (host clang layout)', () => {
  const b = hostBytes(
    'records.bpf.c',
    'struct ints',
    `v.s8 = -128; v.u8 = 255; v.s16 = -32768; v.u16 = 65535; v.s32 = -2147483647 - 1; v.u32 = 4294967295u;
     v.s64 = -9223372036854775807LL - 1; v.u64 = 18446744073709551615ULL; v.yes = 1; v.ch = 'A';
     v.f32 = 1.5f; v.f64 = -0.25; v.ptr = (void *)0xffff888012345678ULL; v.color = BLUE; v.delta = DOWN;
     v.wide = SMALL; *(__u32 *)&v.knob = 7;`,
  );
  assert.equal(b.length, 80);
  assert.deepEqual(decode(btf, 'struct ints', b), {
    type: 'struct ints',
    size: 80,
    fields: {
      s8: -128,
      u8: 255,
      s16: -32768,
      u16: 65535,
      s32: -2147483648,
      u32: 4294967295,
      s64: '-9223372036854775808',
      u64: '18446744073709551615',
      yes: true,
      ch: 65,
      f32: 1.5,
      f64: -0.25,
      ptr: '0xffff888012345678',
      color: 'BLUE',
      delta: 'DOWN',
      wide: 'SMALL',
      knob: 7,
    },
  });
  const c = hostBytes(
    'records.bpf.c',
    'struct ints',
    `v.s64 = -42; v.u64 = 42; v.yes = 0; v.f32 = __builtin_nanf(""); v.f64 = -__builtin_inf(); v.ptr = (void *)0x1000;
     v.color = (enum color)3; v.delta = UP;`,
  );
  const f = decode(btf, 'struct ints', c).fields;
  assert.deepEqual([f['s64'], f['u64'], f['yes'], f['f32'], f['f64'], f['ptr'], f['color'], f['delta'], f['wide']], [
    -42, 42, false, 'NaN', '-Infinity', '0x1000', 3, 'UP', 0,
  ]);
});

void test('bitfields of every width, signed and unsigned, enum and bool (host clang layout)', () => {
  const b = hostBytes('records.bpf.c', 'struct flags', 'v.a = 5; v.b = -3; v.c = 0xabcdef; v.d = 0xffffffffffULL; v.e = -8388608; v.f = BLUE; v.g = 1;');
  assert.deepEqual(decode(btf, 'struct flags', b).fields, { a: 5, b: -3, c: 0xabcdef, d: 1099511627775, e: -8388608, f: 'BLUE', g: true });
  const c = hostBytes('records.bpf.c', 'struct flags', 'v.a = 7; v.b = 15; v.c = 1; v.d = 0x123456789aULL; v.e = 8388607; v.f = GREEN; v.g = 0;');
  assert.deepEqual(decode(btf, 'struct flags', c).fields, { a: 7, b: 15, c: 1, d: 78187493530, e: 8388607, f: 'GREEN', g: false });
  const d = hostBytes('records.bpf.c', 'struct flags', 'v.f = (enum color)5;');
  assert.deepEqual(decode(btf, 'struct flags', d).fields, { a: 0, b: 0, c: 0, d: 0, e: 0, f: 5, g: false });
});

void test('big-endian target: bitfields counted from the most significant bit, ints in network order', () => {
  const flags = fromHex('bdabcdef 00000000 123456789a fffffe 78 00000000000000');
  assert.deepEqual(decode(btfBe, 'struct flags', flags).fields, { a: 5, b: -3, c: 0xabcdef, d: 78187493530, e: -2, f: 'BLUE', g: true });
  const ev = fromHex('000004d2 fffffffb 62617368000000000000000000000000 fffffffffffffffe');
  assert.deepEqual(decode(btfBe, 'struct event', ev).fields, { pid: 1234, ppid: -5, comm: 'bash', ts: '18446744073709551614' });
});

void test('nested structs, unions (named and anonymous), byte arrays, 2-D arrays, arrays of structs', () => {
  const b = hostBytes(
    'records.bpf.c',
    'struct nested',
    `v.in.port = 8080; v.in.proto = 6; v.addr.v4 = 0x0100007f; v.lo = 1; v.hi = 2;
     v.raw[0] = 0xde; v.raw[1] = 0xad; v.raw[2] = 0xbe; v.raw[3] = 0xef; memcpy(v.name, "eth0", 4);
     int k = 1; for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) v.matrix[i][j] = k++; v.matrix[1][2] = -6;
     v.pair[0].port = 1; v.pair[0].proto = 2; v.pair[1].port = 3; v.pair[1].proto = 4;`,
  );
  const r = decode(btf, 'struct nested', b);
  const expected = {
    in: { port: 8080, proto: 6 },
    addr: { v4: 16777343, v6: '0x7f000001000000000000000000000000' },
    lo: 1,
    hi: 2,
    both: 131073,
    raw: '0xdeadbeef',
    name: 'eth0',
    matrix: [
      [1, 2, 3],
      [4, 5, -6],
    ],
    pair: [
      { port: 1, proto: 2 },
      { port: 3, proto: 4 },
    ],
  };
  assert.deepEqual(r, { type: 'struct nested', size: 68, fields: expected });
  const flat = flattenFields(r.fields);
  assert.deepEqual(Object.keys(flat), [
    'in.port', 'in.proto', 'addr.v4', 'addr.v6', 'lo', 'hi', 'both', 'raw', 'name',
    'matrix[0][0]', 'matrix[0][1]', 'matrix[0][2]', 'matrix[1][0]', 'matrix[1][1]', 'matrix[1][2]',
    'pair[0].port', 'pair[0].proto', 'pair[1].port', 'pair[1].proto',
  ]);
  assert.equal(flat['matrix[1][2]'], -6);
  assert.equal(flat['pair[1].proto'], 4);
  const d = compileDecoder(btf, idOf(btf, 'struct nested'));
  assert.deepEqual(d.columns.map((c) => c.name), Object.keys(flat));
  assert.deepEqual(d.columns.slice(0, 9).map((c) => [c.kind, c.cType]), [
    ['uint', '__u16'], ['uint', '__u8'], ['uint', '__u32'], ['bytes', '__u8[16]'], ['uint', '__u16'], ['uint', '__u16'],
    ['uint', '__u32'], ['bytes', '__u8[4]'], ['bytes', 'unsigned char[8]'],
  ]);
  // an all-zero unsigned char array reads as bytes, not as an empty string
  const z = hostBytes('records.bpf.c', 'struct nested', 'v.in.port = 1;');
  assert.equal(decode(btf, 'struct nested', z).fields['name'], '0x0000000000000000');
  // truncated inside the array of structs: the first element and the first field of the second survive
  assert.deepEqual(decode(btf, 'struct nested', b, 0, 66).fields['pair'], [{ port: 1, proto: 2 }, { port: 3 }]);
  assert.deepEqual(decode(btf, 'struct nested', b, 0, 44).fields['matrix'], [[1, 2]]);
  assert.deepEqual(decode(btf, 'struct nested', b, 0, 52).fields['matrix'], [[1, 2, 3], [4]]);
  assert.equal(decode(btf, 'struct nested', b, 0, 36).fields['matrix'], undefined);
});

void test('a flexible char array takes the rest of the record', () => {
  const b = new Uint8Array([5, 0, 0, 0, ...ascii('hello')]);
  assert.deepEqual(decode(btf, 'struct varlen', b), { type: 'struct varlen', size: 9, fields: { len: 5, data: 'hello' } });
  assert.deepEqual(decode(btf, 'struct varlen', b, 0, 4).fields, { len: 5, data: '' });
  const d = compileDecoder(btf, idOf(btf, 'struct varlen'));
  assert.deepEqual(d.columns, [{ name: 'len', kind: 'uint', cType: '__u32' }, { name: 'data', kind: 'text', cType: 'char[0]' }]);
});

void test('enum64 and signed enums (clang-19)', { skip: hasCommand('clang-19') ? false : 'clang-19 is not installed' }, () => {
  const b19 = readBpfObject(compileFixture('enums64.bpf.c', { clang: 'clang-19' })).btf;
  const bytes = new Uint8Array(24);
  const dv = new DataView(bytes.buffer);
  dv.setBigUint64(0, 0xf000000000000001n, true);
  dv.setBigInt64(8, -5000000000n, true);
  dv.setInt32(16, -2, true);
  assert.deepEqual(decode(b19, 'struct enums', bytes).fields, { wide: 'HUGE', neg: 'MINUS_BIG', delta: 'DOWN', pad: 0 });
  dv.setBigUint64(0, 2n ** 63n, true);
  dv.setBigInt64(8, -7n, true);
  dv.setInt32(16, -7, true);
  assert.deepEqual(decode(b19, 'struct enums', bytes).fields, { wide: '9223372036854775808', neg: -7, delta: -7, pad: 0 });
});

void test('kind_flag 0 bitfields (width in the INT type), 1-byte signed enum, long double, 128-bit ints', () => {
  const w = new BtfWriter(true);
  const bits4 = w.int('unsigned int', 4, 0, 4); // 1
  const bits12 = w.int('int', 4, 1, 12); // 2
  const bits8at4 = w.int('unsigned int', 4, 0, 8, 4); // 3
  const small = w.type('small', 6, 2, true, 1, [w.str('NEG'), -1, w.str('POS'), 1]); // 4
  const ld = w.type('long double', 16, 0, false, 16); // 5
  const i128 = w.int('__int128', 16, 1); // 6
  w.type('old', 4, 6, false, 40, [
    w.str('a'), bits4, 0,
    w.str('b'), bits12, 4,
    w.str('c'), bits8at4, 16,
    w.str('s'), small, 32,
    w.str('ld'), ld, 64,
    w.str('big'), i128, 192,
  ]); // 7
  const b = parseBtf(w.bytes());
  const bytes = new Uint8Array(40);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, 0xa | ((-100 & 0xfff) << 4) | (0x5a << 20), true);
  bytes[4] = 0xff;
  bytes.fill(0x11, 8, 24);
  dv.setBigInt64(24, 0n, true);
  dv.setBigInt64(32, -1n, true);
  assert.deepEqual(compileDecoder(b, 7).decode(bytes, 0, 40).fields, {
    a: 10,
    b: -100,
    c: 0x5a,
    s: 'NEG',
    ld: '0x11111111111111111111111111111111',
    big: '-18446744073709551616',
  });
});

void test('types without a layout: compileDecoder refuses, decodeRecord falls back to hex', () => {
  const w = new BtfWriter(true);
  w.type('opaque', 7, 0, false, 0);
  const b = parseBtf(w.bytes());
  assert.throws(() => compileDecoder(b, 1), { code: 'RS-BTF-014' });
  assert.deepEqual(decodeRecord(b, 1, new Uint8Array([1, 0xab]), 0, 2), { type: '', size: 2, fields: {}, hex: '01ab' });
  assert.deepEqual(decodeRecord(b, 999, new Uint8Array([1]), 0, 1), { type: '', size: 1, fields: {}, hex: '01' });
  const big = hexRecord(new Uint8Array(5000), 0, 5000);
  assert.equal(big.hex?.length, 8192);
  assert.equal(big.hexClipped, true);
  assert.equal(big.size, 5000);
});

void test('random bytes of random lengths never throw, for every record type of the fixture', () => {
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  const buf = new Uint8Array(256);
  for (const b of [btf, btfBe]) {
    for (const name of ['struct event', 'struct ints', 'struct flags', 'struct nested', 'struct varlen', 'struct exit_event']) {
      const d = compileDecoder(b, idOf(b, name));
      for (let i = 0; i < 500; i++) {
        for (let k = 0; k < buf.length; k++) buf[k] = Math.floor(rand() * 256);
        const off = Math.floor(rand() * 200);
        const len = Math.floor(rand() * 120);
        const r = d.decode(buf, off, len);
        assert.equal(r.type, name);
        assert.equal(r.size, Math.min(len, 256 - off));
        assert.equal(r.truncated === true, r.size < d.size);
        JSON.stringify(r);
      }
    }
  }
});
