// The clang-output parser on stderr captured from the real clang 14 and clang 19 on this host
// (test/fixtures/build/captured/): locations, caret ranges, flags, notes, includes and driver errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic, parseClangDiagnostics } from '../../client/agent/build';
import { isBuildDiagnostic } from '../../common/build';

const root = process.env['RINGSCOPE_ROOT'] ?? join(__dirname, '..', '..', '..');
const captured = (name: string): string => readFileSync(join(root, 'test', 'fixtures', 'build', 'captured', name), 'utf8');

for (const clang of ['clang', 'clang-19']) {
  void test(`${clang}: a warning with a note and an undeclared identifier`, () => {
    const ds = parseClangDiagnostics(captured(`${clang}-broken.txt`));
    assert.deepEqual(ds, [
      {
        severity: 'warning',
        message: 'equality comparison result unused',
        flag: '-Wunused-comparison',
        location: { file: 'broken.bpf.c', line: 20, column: 4, endColumn: 8 },
        notes: [
          {
            severity: 'note',
            message: "use '=' to turn this equality comparison into an assignment",
            location: { file: 'broken.bpf.c', line: 20, column: 4, endColumn: 6 },
            notes: [],
          },
        ],
      },
      {
        severity: 'error',
        message: "use of undeclared identifier 'pid_of_task'",
        location: { file: 'broken.bpf.c', line: 21, column: 7, endColumn: 18 },
        notes: [],
      },
    ]);
    assert.ok(ds.every(isBuildDiagnostic));
    assert.equal(formatDiagnostic(ds[0]!), 'broken.bpf.c:20:4: warning: equality comparison result unused [-Wunused-comparison]');
  });

  void test(`${clang}: an error in an included header and a missing header (fatal)`, () => {
    assert.deepEqual(parseClangDiagnostics(captured(`${clang}-includes.txt`)), [
      {
        severity: 'error',
        message: "expected ';' at end of declaration list",
        location: { file: './bad-header.h', line: 3, column: 11, endColumn: 12 },
        notes: [],
      },
      {
        severity: 'error',
        message: "'not-there.h' file not found",
        location: { file: 'includes-bad.bpf.c', line: 5, column: 10, endColumn: 23 },
        notes: [],
      },
    ]);
  });

  void test(`${clang}: -Werror names the specific flag; a lone caret covers the identifier`, () => {
    assert.deepEqual(parseClangDiagnostics(captured(`${clang}-werror.txt`)), [
      {
        severity: 'error',
        message: "unused variable 'unused_counter'",
        flag: '-Wunused-variable',
        location: { file: 'unused.bpf.c', line: 5, column: 6, endColumn: 20 },
        notes: [],
      },
    ]);
  });

  void test(`${clang}: driver errors have no location`, () => {
    const ds = parseClangDiagnostics(captured(`${clang}-driver.txt`));
    assert.deepEqual(ds, [
      { severity: 'error', message: "no such file or directory: 'no-such-file.bpf.c'", notes: [] },
      { severity: 'error', message: 'no input files', notes: [] },
    ]);
    assert.equal(formatDiagnostic(ds[1]!), 'error: no input files');
  });
}

void test('empty output and the summary line give no diagnostics', () => {
  assert.deepEqual(parseClangDiagnostics(''), []);
  assert.deepEqual(parseClangDiagnostics('1 warning and 1 error generated.\n'), []);
  assert.deepEqual(parseClangDiagnostics('2 errors generated.\n'), []);
});
