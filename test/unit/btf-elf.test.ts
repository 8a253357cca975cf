// ELF64 reading of real clang-built BPF objects in both byte orders, and the errors bad files give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BtfError, parseElf, readBpfObject } from '../../client/agent/btf';
import { SHT_NOBITS } from '../../client/agent/btf/elf';
import { compileFixture } from '../fixtures/btf/helpers';

const le = compileFixture('records.bpf.c');
const be = compileFixture('records.bpf.c', { target: 'bpfeb' });

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BtfError, `expected BtfError, got ${String(e)}`);
    return e.code;
  }
  assert.fail('expected an error');
}

for (const [label, bytes, little] of [['little', le, true], ['big', be, false]] as const) {
  void test(`${label}-endian object: sections and symbols`, () => {
    const elf = parseElf(bytes);
    assert.equal(elf.littleEndian, little);
    assert.equal(elf.machine, 247);
    for (const name of ['.BTF', '.BTF.ext', '.maps', '.rodata', '.data', '.bss', 'license', '.symtab', 'tp/syscalls/sys_enter_execve']) {
      assert.ok(elf.section(name), `section ${name}`);
    }
    const bss = elf.section('.bss');
    assert.ok(bss);
    assert.equal(bss.type, SHT_NOBITS);
    assert.equal(bss.size, 8);
    assert.equal(elf.data(bss).length, 0);
    const license = elf.section('license');
    assert.ok(license);
    assert.deepEqual([...elf.data(license)], [0x47, 0x50, 0x4c, 0]);
    const sym = (n: string) => elf.symbols.find((s) => s.name === n);
    const maps = elf.section('.maps');
    assert.ok(maps);
    assert.deepEqual(
      ['inner1', 'inner2', 'outer', 'rb', 'by_pid', 'sized'].map((n) => [n, sym(n)?.value, sym(n)?.size, sym(n)?.shndx === maps.index]),
      [
        ['inner1', 0x0, 32, true],
        ['inner2', 0x20, 32, true],
        ['outer', 0x40, 40, true],
        ['rb', 0x68, 16, true],
        ['by_pid', 0x78, 40, true],
        ['sized', 0xa0, 32, true],
      ],
    );
    assert.equal(sym('handle_exec')?.type, 2 /* STT_FUNC */);
    assert.equal(sym('target_comm')?.value, 4);
  });
}

void test('readBpfObject gives BTF, maps, data sections and the raw .BTF.ext', () => {
  const info = readBpfObject(le);
  assert.ok(info.btf.types.length > 100);
  assert.equal(info.maps.length, 6);
  assert.deepEqual(info.data.map((d) => d.name), ['.bss', '.data', '.rodata', 'license']);
  assert.ok(info.btfExt && info.btfExt.length > 0);
});

void test('not an ELF file', () => {
  assert.equal(code(() => parseElf(new TextEncoder().encode('hello, this is not an object file'))), 'RS-BTF-001');
  assert.equal(code(() => parseElf(new Uint8Array(0))), 'RS-BTF-001');
});

void test('32-bit ELF is refused with its own message', () => {
  const b = le.slice(0, 64);
  b[4] = 1;
  assert.equal(code(() => parseElf(b)), 'RS-BTF-002');
  try {
    parseElf(b, 'x.o');
  } catch (e) {
    assert.ok(e instanceof Error);
    assert.equal(e.message, 'x.o is a 32-bit ELF file; BPF objects are ELF64. Build it with clang -target bpf. [RS-BTF-002]');
  }
});

void test('a cut object reports damage, never a RangeError', () => {
  for (const n of [17, 63, 64, 200, 1000, le.length - 1]) {
    assert.equal(code(() => readBpfObject(le.subarray(0, n))), 'RS-BTF-003', `cut at ${n}`);
  }
  const badOrder = le.slice();
  badOrder[5] = 9;
  assert.equal(code(() => parseElf(badOrder)), 'RS-BTF-003');
});

void test('an object built without -g has no BTF', () => {
  const plain = compileFixture('plain.bpf.c', { debug: false });
  assert.equal(parseElf(plain).section('.BTF'), undefined);
  assert.equal(code(() => readBpfObject(plain, 'plain.bpf.o')), 'RS-BTF-004');
});
