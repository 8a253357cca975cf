// `ringscope lint` end to end on fixtures: exit codes, usage errors, and output equal to the core's
// findings in each format; once through the in-process command, once through the bundled CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as esbuild from 'esbuild';
import { runLint } from '../../client/cli/commands/lint';
import { formatJson, formatText } from '../../client/cli/lint/format';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { defaultSettings } from '../../server/src/analysis/findings';
import { initParser } from '../../server/src/analysis/parser';
import { fixtureDir } from './lsp-fixtures';
import { root } from './lsp-harness';

async function lint(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runLint(argv, { cwd: fixtureDir, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const findingsOf = (name: string) =>
  analyzeFile(join(fixtureDir, name), readFileSync(join(fixtureDir, name), 'utf8'), defaultSettings, {
    read: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  }).findings.map((finding) => ({ shownFile: name, finding }));

void before(() => initParser());

void test('a clean program: exit 0, a zero summary, an empty JSON array', async () => {
  assert.deepEqual(await lint(['clean.bpf.c']), { code: 0, out: '0 errors, 0 warnings in 1 file\n', err: '' });
  assert.deepEqual(await lint(['--format', 'json', 'clean.bpf.c', 'sized.bpf.c']), { code: 0, out: '[]\n', err: '' });
  const sarif = JSON.parse((await lint(['--format=sarif', 'clean.bpf.c'])).out) as { version: string; runs: { results: unknown[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(sarif.runs[0]?.results, []);
});

void test('output equals the core findings; exit 1 when any is an error', async () => {
  const found = findingsOf('mistakes.bpf.c');
  const text = await lint(['mistakes.bpf.c']);
  assert.equal(text.out, formatText(found, 1));
  const json = await lint(['--format', 'json', 'mistakes.bpf.c']);
  assert.equal(json.out, formatJson(found));
  assert.equal(text.code, found.some((f) => f.finding.severity === 'error') ? 1 : 0);
  assert.equal(json.code, text.code);
});

void test('the page-size and include options reach the analysis', async () => {
  // sized.bpf.c only finds sizes.h through its own directory; -I adds search paths after it.
  const r = await lint(['--page-size', '65536', '-I', '.', '-Iinclude', '--format', 'json', 'sized.bpf.c']);
  const expected = analyzeFile(join(fixtureDir, 'sized.bpf.c'), readFileSync(join(fixtureDir, 'sized.bpf.c'), 'utf8'), { pageSize: 65536, includePaths: [fixtureDir, join(fixtureDir, 'include')] }, {
    read: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  }).findings;
  assert.equal(r.out, formatJson(expected.map((finding) => ({ shownFile: 'sized.bpf.c', finding }))));
});

void test('usage errors exit 2 with a coded message', async () => {
  assert.deepEqual(await lint([]), {
    code: 2,
    out: '',
    err: 'usage: ringscope lint <files...> [--format text|json|sarif] [-I dir] [--page-size 4096|16384|65536] [RS-LINT-001]\n',
  });
  assert.deepEqual(await lint(['--format', 'xml', 'a.bpf.c']), { code: 2, out: '', err: "unknown format 'xml' (expected text, json or sarif) [RS-LINT-003]\n" });
  assert.deepEqual(await lint(['--page-size', '8192', 'a.bpf.c']), { code: 2, out: '', err: "invalid page size '8192' (expected 4096, 16384 or 65536) [RS-LINT-004]\n" });
  const missing = await lint(['nope.bpf.c']);
  assert.equal(missing.code, 2);
  assert.equal(missing.out, '0 errors, 0 warnings in 1 file\n');
  assert.equal(missing.err, `cannot read nope.bpf.c: ENOENT: no such file or directory, open '${join(fixtureDir, 'nope.bpf.c')}' [RS-LINT-002]\n`);
});

void test('the bundled CLI runs `ringscope lint` with the same output and exit code', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ringscope-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cli = join(dir, 'cli.js');
  await esbuild.build({
    entryPoints: [join(root, 'client/cli/main.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    logLevel: 'error',
    external: ['ffi-rs'],
  });
  const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', 'clean.bpf.c', 'mistakes.bpf.c'], { cwd: fixtureDir, encoding: 'utf8' });
  const inProcess = await lint(['--format', 'json', 'clean.bpf.c', 'mistakes.bpf.c']);
  assert.equal(run.stdout, inProcess.out);
  assert.equal(run.status, inProcess.code);
});
