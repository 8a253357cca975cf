// This installation carries ffi-rs's native binary for every Linux triple the SSH transport can meet
// (scripts/ffi-binaries.mjs adds those npm skips on this machine), each built for its triple's CPU (ELF
// e_machine), and the transport uploads it where ffi-rs's index.js looks first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ffiTriple } from '../../client/transport/remote';
import { nativeBinaryFile } from '../../client/transport/bundle';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const EM_ARM = 40;
const EM_X86_64 = 62;
const EM_AARCH64 = 183;

const hosts: [machine: string, libc: 'gnu' | 'musl', triple: string, elfMachine: number][] = [
  ['x86_64', 'gnu', 'linux-x64-gnu', EM_X86_64],
  ['x86_64', 'musl', 'linux-x64-musl', EM_X86_64],
  ['aarch64', 'gnu', 'linux-arm64-gnu', EM_AARCH64],
  ['aarch64', 'musl', 'linux-arm64-musl', EM_AARCH64],
  ['armv7l', 'gnu', 'linux-arm-gnueabihf', EM_ARM],
];

for (const [machine, libc, triple, elfMachine] of hosts) {
  void test(`a Linux ${machine} (${libc}) host gets ffi-rs.${triple}.node, an ELF for its CPU`, () => {
    assert.equal(ffiTriple('Linux', machine, libc), triple);
    const f = nativeBinaryFile(root, triple);
    assert.ok(f, `no binary for ${triple}: run node scripts/ffi-binaries.mjs`);
    assert.equal(f.rel, `node_modules/ffi-rs/ffi-rs.${triple}.node`);
    assert.deepEqual([...f.bytes.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], 'ELF magic');
    assert.equal(f.bytes.readUInt16LE(18), elfMachine, 'e_machine');
  });
}
