// Agreement of the linter with the real verifier: every test/fixtures/verifier/*.bpf.c is compiled with
// clang, loaded with bpftool on this kernel, and linted. Lint errors must appear exactly when loading fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { initParser } from '../../server/src/analysis/parser';
import type { Finding } from '../../server/src/analysis/findings';
import { loadAll, prepareKernel, run, vmlinuxDir } from './support/kernel';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const dir = join(root, 'test/fixtures/verifier');
const work = mkdtempSync(join(tmpdir(), 'rs-verifier-'));
// the objects of every fixture: gone once all have been loaded
after(() => rmSync(work, { recursive: true, force: true }));

type Expect = 'reject' | 'accept' | 'map-create-fails' | 'runtime';
interface Header {
  readonly expect: Expect;
  readonly rows: string[];
  readonly lint: string[];
  /** Regex the loader's output must match when loading fails: the failure has the expected cause. */
  readonly verifier: RegExp | undefined;
}

function header(text: string, file: string): Header {
  const find = (key: string): string | undefined =>
    new RegExp(`^// ${key}: (.*)$`, 'm').exec(text.split('\n').slice(0, 12).join('\n'))?.[1]?.trim();
  const get = (key: string): string => {
    const v = find(key);
    if (v === undefined) throw new Error(`${file}: missing '// ${key}:' header`);
    return v;
  };
  const verifier = find('verifier');
  const expect = get('expect') as Expect;
  if (!['reject', 'accept', 'map-create-fails', 'runtime'].includes(expect)) throw new Error(`${file}: bad expect ${expect}`);
  const lint = get('lint');
  return { expect, rows: get('rows').split(/\s*,\s*/), lint: lint === 'none' ? [] : lint.split(/\s*,\s*/).sort(), verifier: verifier === undefined ? undefined : new RegExp(verifier) };
}

/** `CODE@LINE` for the fixture itself, `CODE@path:LINE` for findings in included files. */
function key(f: Finding, main: string): string {
  const where = f.file === main ? '' : `${relative(dirname(main), f.file)}:`;
  return `${f.code}@${where}${f.range.start.line + 1}`;
}

const source = { read: (p: string): string | undefined => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.bpf.c')).sort();
const results: { name: string; agree: boolean }[] = [];

before(async () => {
  await initParser();
  await prepareKernel();
});

fixtures.forEach((name, n) => {
  void test(`verifier agreement: ${name}`, async () => {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    const h = header(text, name);
    const obj = join(work, `${basename(name, '.bpf.c')}.o`);
    await run('clang', ['-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', `-I${vmlinuxDir}`, '-c', file, '-o', obj]);
    const failure = (await loadAll(obj, `/sys/fs/bpf/rs-test-${process.pid}-${n}`))?.trim();
    const findings = analyzeFile(file, text, { pageSize: 4096, includePaths: [] }, source).findings;
    const hasError = findings.some((f) => f.severity === 'error');
    results.push({ name, agree: hasError === (failure !== undefined) });
    const shouldFail = h.expect === 'reject' || h.expect === 'map-create-fails';
    assert.equal(failure !== undefined, shouldFail, `${name}: expected ${h.expect}, bpftool said: ${failure?.split('\n').slice(-6).join('\n') ?? 'loaded'}`);
    if (failure !== undefined && h.verifier) assert.match(failure, h.verifier, `${name}: failed for another reason`);
    assert.deepEqual(findings.map((f) => key(f, file)).sort(), h.lint, `${name}: findings ${JSON.stringify(findings.map((f) => `${key(f, file)} ${f.message}`))}`);
    assert.equal(hasError, failure !== undefined, `${name}: lint error ${hasError ? 'on a program that loads' : 'missing for a rejected program'}`);
  });
});

void test('verifier agreement: summary', () => {
  const agree = results.filter((r) => r.agree).length;
  console.log(`verifier agreement: ${agree}/${results.length} fixtures (${((100 * agree) / Math.max(1, results.length)).toFixed(1)}%)`);
  assert.equal(results.length, fixtures.length);
});
