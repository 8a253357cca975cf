// The scaffold points clangd and the C/C++ extension at the build cache's vmlinux.h when it is known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFlags, cppProperties } from '../../client/templates/scaffold';

void test('compile_flags.txt adds the cached vmlinux.h folder after the program folder', () => {
  assert.equal(compileFlags('x86', '/c/vmlinux/ab'), ['-target', 'bpf', '-D__TARGET_ARCH_x86', '-I.', '-I/c/vmlinux/ab', '-I/usr/include', '-g', '-O2', '-Wall'].join('\n') + '\n');
  assert.equal(compileFlags('x86').includes('/c/vmlinux'), false);
});

void test('c_cpp_properties.json lists the cached vmlinux.h folder in includePath', () => {
  const config = JSON.parse(cppProperties('x86', 'src', '/c/vmlinux/ab')) as { configurations: { includePath: string[] }[] };
  assert.deepEqual(config.configurations[0]?.includePath, ['${workspaceFolder}/src', '/c/vmlinux/ab', '/usr/include']);
});
