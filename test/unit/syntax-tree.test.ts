// The plain syntax nodes (server/src/analysis/syntax): the wasm-memory reader is in use here, and it builds the
// same trees as web-tree-sitter's API on every C file of the repository and on truncated and garbled copies of
// them (types, named flags, ranges, field names, errors, missing nodes, ids); field lookups and index lookups
// answer as tree-sitter's own; the API fallback gives the same findings; a deleted tree's nodes refuse to be read.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { clearAnalysisCaches } from '../../server/src/analysis/caches';
import { defaultSettings } from '../../server/src/analysis/findings';
import { initParser, parseC, parseRaw, rawReader, setRawLanguage } from '../../server/src/analysis/parser';
import { syntaxTree } from '../../server/src/analysis/syntax/build';
import { treeDifference } from '../../server/src/analysis/syntax/compare';
import type { SyntaxNode } from '../../server/src/analysis/syntax/node';
import type { RawLanguage } from '../../server/src/analysis/syntax/raw';
import { cFiles } from './c-files-support';
import { rng } from './rng-support';

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();


/** Each file's text, and copies cut short or with a few characters replaced by `{(x` at five places. */
function corpus(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of [...cFiles(join(root, 'test/fixtures')), ...cFiles(join(root, 'bpf-templates'))]) {
    const text = readFileSync(f, 'utf8');
    out.push({ name: f, text });
    for (let k = 1; k < 6; k++) {
      const at = Math.floor((text.length * k) / 6);
      out.push({ name: `${f} cut at ${at}`, text: text.slice(0, at) });
      out.push({ name: `${f} garbled at ${at}`, text: text.slice(0, at) + '{(x' + text.slice(at + 7) });
    }
  }
  return out;
}

let raw: RawLanguage | undefined;

before(async () => {
  await initParser();
  raw = rawReader().lang;
});

const key = (n: { type: string; startIndex: number; endIndex: number; id: number } | null): string =>
  n === null ? 'null' : `${n.type}@${n.startIndex}-${n.endIndex}#${n.id}`;

void test('syntax: the wasm-memory reader passed its self-test and is in use', () => {
  assert.equal(rawReader().refusal, undefined);
  assert.ok(raw);
});

void test('syntax: the raw reader and the API build the same trees on every C file, whole, cut and garbled', () => {
  assert.ok(raw);
  let trees = 0;
  for (const { name, text } of corpus()) {
    const a = parseRaw(text);
    const b = parseRaw(text);
    assert.ok(a && b);
    const x = syntaxTree(a, text, raw);
    const y = syntaxTree(b, text, undefined);
    // separate parses: the ids (addresses) differ; the next test compares them on one tree
    assert.equal(treeDifference(x, y, ['id']), undefined, name);
    x.delete();
    y.delete();
    trees++;
  }
  assert.ok(trees > 1000, `only ${trees} trees`);
});

void test("syntax: ids, field lookups and index lookups answer as web-tree-sitter's on the same tree", () => {
  assert.ok(raw);
  const random = rng(7);
  const names = ['declarator', 'body', 'type', 'name', 'value', 'condition', 'argument', 'function', 'arguments', 'left', 'right', 'path', 'field', 'index'];
  let checked = 0;
  for (const { name, text } of corpus().filter((c) => c.name.includes('/lint/') || c.name.includes('/verifier/'))) {
    const t = parseRaw(text);
    assert.ok(t);
    const tree = syntaxTree(t, text, raw);
    const pairs: [SyntaxNode, Node][] = [[tree.rootNode, t.rootNode]];
    for (let p = pairs.pop(); p !== undefined; p = pairs.pop()) {
      const [x, y] = p;
      assert.equal(x.id, y.id, name);
      for (const f of new Set([...names, ...x.children.map((c) => c.field ?? 'declarator')])) {
        assert.equal(key(x.childForFieldName(f)), key(y.childForFieldName(f)), `${name}: ${key(x)}.${f}`);
        checked++;
      }
      const kids = y.children;
      x.children.forEach((c, i) => {
        const k = kids[i];
        assert.ok(k);
        pairs.push([c, k]);
      });
    }
    for (let i = 0; i < 30; i++) {
      const start = Math.floor(random() * text.length);
      const end = Math.min(text.length, start + Math.floor(random() * 40));
      assert.equal(key(tree.rootNode.descendantForIndex(start, end)), key(t.rootNode.descendantForIndex(start, end)), `${name} [${start}, ${end}]`);
    }
    for (const types of [['call_expression'], ['declaration', 'struct_specifier', 'preproc_def'], ['field_identifier', 'type_identifier'], ['ERROR']]) {
      assert.deepEqual(tree.rootNode.descendantsOfType(types).map(key), t.rootNode.descendantsOfType(types).map(key), `${name} ${types.join()}`);
    }
    tree.delete();
  }
  assert.ok(checked > 100_000, `only ${checked} field lookups`);
});

void test('syntax: positions are UTF-16 rows and columns; no field below an ERROR node', () => {
  const text = '/* é ü */ int x;\n  int  y = 1;\nint f(void) { int = ; return 0 }\n';
  const tree = parseC(text);
  assert.ok(tree);
  const decls = tree.rootNode.namedChildren.filter((n) => n.type === 'declaration');
  assert.deepEqual(decls.map((d) => [d.startPosition, d.endPosition, d.text]), [
    [{ row: 0, column: 10 }, { row: 0, column: 16 }, 'int x;'],
    [{ row: 1, column: 2 }, { row: 1, column: 13 }, 'int  y = 1;'],
  ]);
  assert.equal(decls[1]?.childForFieldName('declarator')?.childForFieldName('value')?.text, '1');
  const error = tree.rootNode.descendantsOfType('ERROR')[0];
  assert.ok(error);
  assert.ok(error.hasError);
  assert.deepEqual(error.children.filter((c) => c.field !== null), []);
  tree.delete();
});

void test('syntax: through the API (an unknown wasm layout) the lint goldens find the same', () => {
  assert.ok(raw);
  const dir = join(root, 'test/fixtures/lint');
  const source = { read: (p: string): string | undefined => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
  const files = readdirSync(dir).filter((n) => n.endsWith('.bpf.c')).map((n) => join(dir, n));
  const run = (): string[] =>
    files.map((f) => {
      clearAnalysisCaches();
      return JSON.stringify(analyzeFile(f, readFileSync(f, 'utf8'), defaultSettings, source).findings);
    });
  const viaRaw = run();
  try {
    assert.equal(setRawLanguage(undefined), 'the language layout is not the one the raw reader knows');
    assert.equal(rawReader().lang, undefined);
    assert.deepEqual(run(), viaRaw);
  } finally {
    assert.equal(setRawLanguage(raw), undefined);
  }
  assert.ok(viaRaw.some((f) => f !== '[]'));
});

void test('syntax: nodes of a deleted tree throw instead of reading freed memory', () => {
  const tree = parseC('int f(void) { return 0; }');
  assert.ok(tree);
  const fn = tree.rootNode.namedChildren[0];
  assert.ok(fn);
  tree.delete();
  assert.throws(() => fn.children, /syntax node used after its tree was deleted/);
});
