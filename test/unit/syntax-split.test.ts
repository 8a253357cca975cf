// Two-thread parses (server/src/analysis/syntax/split.ts, the parse worker dist/parseWorker.js): a file cut at a
// top-level boundary gives the same tree as a whole parse; a part with an error means a whole parse; a file's
// first parse is split and the next one whole (reused by the edits after it), or incremental after
// completeParse; and analyses find exactly the same with and without the split.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { clearAnalysisCaches } from '../../server/src/analysis/caches';
import { defaultSettings } from '../../server/src/analysis/findings';
import { maskBpfMacros } from '../../server/src/analysis/mask';
import { completeParse, initParser, languageTables, parseC, parseRaw, parseSplit, rawReader } from '../../server/src/analysis/parser';
import { flatten, flatTree, typeIndex } from '../../server/src/analysis/syntax/flat';
import { flagsOf } from '../../server/src/analysis/syntax/node';
import { rawFlatten } from '../../server/src/analysis/syntax/raw';
import { treeDifference } from '../../server/src/analysis/syntax/compare';
import type { SyntaxTree } from '../../server/src/analysis/syntax/node';
import { setSplitThreshold, splitPoint, splitWorkerIdle, stopSplitWorker } from '../../server/src/analysis/syntax/split';
import { benchProgram } from '../fixtures/lint/benchProgram';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const lintDir = join(root, 'test/fixtures/lint');
const DEFAULT_THRESHOLD = 16 * 1024;

async function workerIdle(): Promise<void> {
  for (let i = 0; i < 500 && !splitWorkerIdle(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(splitWorkerIdle(), 'the parse worker did not start (is dist/parseWorker.js built?)');
}

before(async () => {
  await initParser();
  await workerIdle();
});

after(async () => {
  setSplitThreshold(DEFAULT_THRESHOLD);
  await stopSplitWorker();
});

/** Whether the tree came from a split parse: the worker's nodes have negative ids. */
const wasSplit = (t: SyntaxTree): boolean => t.rootNode.children.some((c) => c.id < 0);

void test('split: the cut is just after a closing brace line near the middle, never near an end', () => {
  const text = 'int a(void)\n{\n}\nint b(void)\n{\n}\nint c(void)\n{\n}\n';
  assert.equal(splitPoint(text), text.indexOf('int c'));
  assert.equal(splitPoint('int a;\nint b;\n'), undefined);
  assert.equal(splitPoint('int a(void)\n{\n}\n' + 'int x;\n'.repeat(40)), undefined);
});

void test('split: every lint and verifier fixture and the bench program parse to the same tree in two parts as whole', () => {
  setSplitThreshold(0, true);
  try {
    const texts = [lintDir, join(root, 'test/fixtures/verifier'), join(root, 'test/fixtures/lint/paths')]
      .filter((d) => existsSync(d))
      .flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.c')).map((n) => join(d, n)))
      .map((f) => ({ name: f, text: maskBpfMacros(readFileSync(f, 'utf8')).text }));
    texts.push({ name: 'bench 2000 lines', text: maskBpfMacros(benchProgram({ lines: 2000 })).text });
    let split = 0;
    for (const { name, text } of texts) {
      const whole = parseC(text);
      assert.ok(whole);
      const two = parseSplit(text);
      if (two !== undefined) {
        split++;
        assert.ok(wasSplit(two), name);
        assert.equal(treeDifference(two, whole, ['id']), undefined, name);
        two.delete();
      } else {
        // no boundary, or a part with an error: then the whole file has one too, or has no `}` line
        assert.ok(whole.rootNode.hasError || splitPoint(text) === undefined, name);
      }
      whole.delete();
    }
    assert.ok(split >= 20, `only ${split} of ${texts.length} split`);
  } finally {
    setSplitThreshold(DEFAULT_THRESHOLD);
  }
});

void test('split: both flat encodings (from wasm memory, from nodes) give back the same tree, errors included', () => {
  const lang = rawReader().lang;
  assert.ok(lang);
  const { types, fields } = languageTables();
  const bench = maskBpfMacros(benchProgram({ blocks: 12 })).text;
  const texts = [bench, bench.slice(0, 1500) + '{ int = ;' + bench.slice(1509), readFileSync(join(lintDir, 'half_typed.bpf.c'), 'utf8')];
  for (const text of texts) {
    const whole = parseC(text);
    const raw = parseRaw(text);
    assert.ok(whole && raw);
    const r = raw.rootNode;
    const fromMemory = flatTree(text, rawFlatten(lang, r.id, r.startIndex * 2, r.typeId, flagsOf(r), r.endIndex * 2), types, fields);
    const fromNodes = flatTree(text, flatten(whole.rootNode, typeIndex(types), typeIndex(fields.map((f) => f ?? undefined))), types, fields);
    assert.equal(treeDifference(fromMemory, whole, ['id']), undefined);
    assert.equal(treeDifference(fromNodes, whole, ['id']), undefined);
    raw.delete();
    whole.delete();
  }
});

void test('split: when the worker has not started, this thread parses the second part too: the same tree', () => {
  setSplitThreshold(DEFAULT_THRESHOLD, false, true);
  try {
    const texts = [maskBpfMacros(benchProgram({ lines: 2000 })).text, maskBpfMacros(benchProgram({ lines: 900 })).text];
    for (const text of texts) {
      const two = parseSplit(text);
      const whole = parseC(text);
      assert.ok(two && whole);
      assert.ok(!wasSplit(two), 'no node from the worker');
      assert.equal(treeDifference(two, whole, ['id']), undefined);
      // the second part's nodes keep their offsets in the whole text, and read their children there
      const last = two.rootNode.namedChildren.at(-1);
      assert.ok(last && last.startIndex > text.length / 2);
      assert.equal(last.text, text.slice(last.startIndex, last.endIndex));
      two.delete();
      whole.delete();
    }
    // the job was never taken: the worker is free for the next split
    assert.ok(splitWorkerIdle());
  } finally {
    setSplitThreshold(DEFAULT_THRESHOLD);
  }
});

void test('split: an error in either part means one whole parse', () => {
  const text = maskBpfMacros(benchProgram({ lines: 2000 })).text;
  const at = splitPoint(text);
  assert.ok(at !== undefined);
  for (const broken of [text.slice(0, 200) + '{ int = ;' + text.slice(209), text.slice(0, at + 200) + '{ int = ;' + text.slice(at + 209)]) {
    assert.equal(parseSplit(broken), undefined);
    const t = parseC(broken, `broken-${broken.length}-${Math.random()}`);
    assert.ok(t && !wasSplit(t) && t.rootNode.hasError);
    t.delete();
  }
});

void test("split: a file's first parse is split, its next one whole, and completeParse keeps a whole tree", () => {
  const text = maskBpfMacros(benchProgram({ lines: 2000 })).text;
  const key = `split-${Math.random()}.bpf.c`;
  const first = parseC(text, key);
  assert.ok(first && wasSplit(first));
  first.delete();
  const second = parseC(text.replace('prog_1(', 'prog_x('), key);
  assert.ok(second && !wasSplit(second));
  second.delete();
  const other = `split-${Math.random()}.bpf.c`;
  parseC(text, other)?.delete();
  completeParse(other);
  const edited = parseC(text.replace('prog_2(', 'prog_y('), other);
  assert.ok(edited && !wasSplit(edited));
  assert.equal(edited.rootNode.descendantsOfType('identifier').filter((n) => n.text === 'prog_y').length, 1);
  edited.delete();
});

void test('split: analyses find the same with and without the split (every lint fixture, first analyses)', () => {
  const source = { read: (p: string): string | undefined => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
  const files = readdirSync(lintDir).filter((n) => n.endsWith('.bpf.c')).map((n) => join(lintDir, n));
  const run = (threshold: number): string[] => {
    setSplitThreshold(threshold, true);
    return files.map((f, i) => {
      clearAnalysisCaches();
      // a new name: a first analysis, as the server makes when a file opens
      const name = join(lintDir, `first-${threshold}-${i}-${Math.random()}.bpf.c`);
      const findings = analyzeFile(name, readFileSync(f, 'utf8'), defaultSettings, source).findings;
      return JSON.stringify(findings).split(JSON.stringify(name).slice(1, -1)).join(f);
    });
  };
  try {
    const whole = run(Number.MAX_SAFE_INTEGER);
    const split = run(0);
    assert.deepEqual(split, whole);
    assert.ok(whole.some((f) => f !== '[]'));
  } finally {
    setSplitThreshold(DEFAULT_THRESHOLD);
  }
});
