// Which source `ringscope run X.bpf.o` infers record types from, on objects built by the real clang: the
// sibling .bpf.c, else the one .BTF.ext names (absolute, or relative to the object's directory or the cwd),
// else the named-but-deleted file, else none (no BTF, not ELF).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectSource } from '../../client/cli/run/objectSource';
import { fixtureDir } from '../fixtures/btf/helpers';

const work = mkdtempSync(join(tmpdir(), 'rs-objsrc-'));
// shared by this file's tests: gone once they have all run
after(() => rmSync(work, { recursive: true, force: true }));

/** Copies records.bpf.c (+ fixture.h) into `dir` and builds `out` there from the relative name. */
function build(dir: string, out: string, extra: string[] = []): string {
  mkdirSync(dir, { recursive: true });
  for (const f of ['records.bpf.c', 'fixture.h']) copyFileSync(join(fixtureDir, f), join(dir, f));
  execFileSync('clang', ['-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', ...extra, '-c', 'records.bpf.c', '-o', out], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return join(dir, out);
}

void test('the sibling .bpf.c comes first', () => {
  const dir = join(work, 'sibling');
  const obj = build(dir, 'records.bpf.o', ['-g']);
  assert.deepEqual(objectSource(obj), { kind: 'sibling', source: join(dir, 'records.bpf.c') });
});

void test('an object copied elsewhere finds the absolute source its line_info names; deleted, it is named as missing', () => {
  const dir = join(work, 'abs');
  const built = build(dir, 'records.bpf.o', ['-g']);
  const copy = join(work, 'elsewhere.bpf.o');
  copyFileSync(built, copy);
  assert.deepEqual(objectSource(copy), { kind: 'lineInfo', source: join(dir, 'records.bpf.c') });
  rmSync(join(dir, 'records.bpf.c'));
  assert.deepEqual(objectSource(copy), { kind: 'missing', named: join(dir, 'records.bpf.c') });
});

void test('a relative name (-fdebug-compilation-dir=.) resolves against the object directory, then the cwd', () => {
  const dir = join(work, 'rel');
  const obj = build(dir, 'renamed.o', ['-g', '-fdebug-compilation-dir=.']);
  assert.deepEqual(objectSource(obj), { kind: 'lineInfo', source: join(dir, 'records.bpf.c') });
  const copy = join(work, 'rel-copy.bpf.o');
  copyFileSync(obj, copy);
  assert.deepEqual(objectSource(copy, dir), { kind: 'lineInfo', source: join(dir, 'records.bpf.c') });
  assert.deepEqual(objectSource(copy, join(work, 'abs')), { kind: 'missing', named: './records.bpf.c' });
});

void test('no BTF (built without -g) or not an object at all: none', () => {
  const obj = build(join(work, 'nog'), 'plain.o');
  assert.deepEqual(objectSource(obj), { kind: 'none' });
  const junk = join(work, 'junk.bpf.o');
  writeFileSync(junk, 'not an object');
  assert.deepEqual(objectSource(junk), { kind: 'none' });
});
