// .BTF.ext of real clang-built objects (both byte orders, clang 14 and 19): func_info, line_info and the
// source files they name; and the BtfError codes that cut or damaged .BTF.ext bytes give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BtfError, readBpfObject } from '../../client/agent/btf';
import { btfStrings, parseBtfExt, sourceFiles } from '../../client/agent/btf/ext';
import { compileFixture, fixtureDir, hasCommand } from '../fixtures/btf/helpers';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BtfError, `expected BtfError, got ${String(e)}`);
    return e.code;
  }
  assert.fail('expected an error');
}

const records = join(fixtureDir, 'records.bpf.c');

for (const target of ['bpfel', 'bpfeb'] as const) {
  void test(`${target} object: func_info and line_info of records.bpf.c`, () => {
    const obj = readBpfObject(compileFixture('records.bpf.c', { target }));
    assert.ok(obj.btfExt);
    const btf = obj.elf.section('.BTF');
    assert.ok(btf);
    const ext = parseBtfExt(obj.btfExt, btfStrings(obj.elf.data(btf)));
    assert.deepEqual(ext.funcInfo.map((s) => [s.section, s.records.map((r) => r.insnOff)]), [['tp/syscalls/sys_enter_execve', [0]]]);
    const [lines] = ext.lineInfo;
    assert.equal(ext.lineInfo.length, 1);
    assert.equal(lines?.section, 'tp/syscalls/sys_enter_execve');
    assert.deepEqual(lines?.records[0], {
      insnOff: 0,
      file: records,
      text: '\te = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);',
      line: 156,
      column: 6,
    });
    assert.ok(lines.records.every((r) => r.file === records && r.line >= 153 && r.line <= 165), JSON.stringify(lines.records));
    assert.deepEqual(sourceFiles(obj), [records]);
  });
}

void test('an object compiled from a relative path in its directory names the absolute source; clang 19 too', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rs-btf-ext-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'helper.h'), 'static __attribute__((always_inline)) inline int twice(int x) { return x * 2; }\n');
  writeFileSync(
    join(dir, 'two.bpf.c'),
    '#include "helper.h"\n__attribute__((section("tp/x/y"), used)) int prog(int *ctx) {\n  return twice(*ctx);\n}\n' +
      'char LICENSE[] __attribute__((section("license"), used)) = "GPL";\n',
  );
  for (const clang of ['clang', ...(hasCommand('clang-19') ? ['clang-19'] : [])]) {
    execFileSync(clang, ['-g', '-O2', '-target', 'bpf', '-c', 'two.bpf.c', '-o', 'two.bpf.o'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const obj = readBpfObject(new Uint8Array(readFileSync(join(dir, 'two.bpf.o'))));
    // as clang wrote them: the include keeps its './' (the resolver normalises)
    assert.deepEqual(sourceFiles(obj), [join(dir, 'two.bpf.c'), `${dir}/./helper.h`], clang);
  }
});

void test('an object without .BTF.ext names no sources', () => {
  const obj = readBpfObject(compileFixture('records.bpf.c'));
  const { btfExt: _, ...rest } = obj;
  assert.deepEqual(sourceFiles(rest), []);
});

void test('cut or damaged .BTF.ext: RS-BTF-005 for the magic, RS-BTF-006 for lengths, never a RangeError', () => {
  const obj = readBpfObject(compileFixture('records.bpf.c'));
  const ext = obj.btfExt;
  const btf = obj.elf.section('.BTF');
  assert.ok(ext && btf);
  const strings = btfStrings(obj.elf.data(btf));
  assert.equal(code(() => parseBtfExt(ext.subarray(0, 10), strings)), 'RS-BTF-006');
  const badMagic = ext.slice();
  badMagic[0] = 0;
  assert.equal(code(() => parseBtfExt(badMagic, strings)), 'RS-BTF-005');
  // every cut inside the line_info part is caught as damage
  for (let len = 24; len < ext.length; len++) assert.equal(code(() => parseBtfExt(ext.subarray(0, len), strings)), 'RS-BTF-006', `cut at ${len}`);
  // a file name offset past the string section
  assert.equal(code(() => parseBtfExt(ext, strings.subarray(0, 8))), 'RS-BTF-006');
  // a .BTF whose string section lies past the end
  assert.equal(code(() => btfStrings(obj.elf.data(btf).subarray(0, 40))), 'RS-BTF-006');
  // a header length beyond the bytes
  const badHdr = ext.slice();
  new DataView(badHdr.buffer).setUint32(4, 1 << 20, true);
  assert.equal(code(() => parseBtfExt(badHdr, strings)), 'RS-BTF-006');
});
