// Loads web-tree-sitter and the tree-sitter-c grammar once (async), then parses synchronously into SyntaxTrees
// (syntax/node.ts), read from wasm memory when a sample parse proves the layout (syntax/raw.ts).
// The wasm files sit next to the bundle (dist/) when bundled, or come from node_modules in tests/tools.
import { existsSync } from 'node:fs';
import { trimOldest } from './caches';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { childSource, syntaxTree } from './syntax/build';
import { treeDifference } from './syntax/compare';
import type { SyntaxTree } from './syntax/node';
import type { LanguageInfo, WasmHeap } from './syntax/raw';
import { RawLanguage, rawTail } from './syntax/raw';
import { SAMPLE_C } from './syntax/sample';
import { splitParse, startSplitWorker } from './syntax/split';
// `require` form on purpose: esbuild then bundles the package's CommonJS build, whose wasm loader
// does not depend on import.meta.url (undefined in our CommonJS bundles).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import TreeSitter = require('web-tree-sitter');

const { Language, Parser } = TreeSitter;
type Parser = InstanceType<typeof TreeSitter.Parser>;

let parser: Parser | undefined;
let loading: Promise<void> | undefined;
let tables: { readonly types: readonly (string | undefined)[]; readonly fields: readonly (string | null)[] } = { types: [], fields: [] };

/** The language's type names by symbol and field names by id (empty before `initParser()` resolved). */
export function languageTables(): typeof tables {
  return tables;
}

/** Undefined until loaded, or when the raw reader disagreed with the API on the sample: nodes come from the API. */
let rawLanguage: RawLanguage | undefined;
/** Why the raw reader is not used (undefined when it is). */
let rawRefusal: string | undefined = 'not loaded';

/** The parse worker's script: next to this bundle (dist/), else the repository's dist/ (tests, benchmarks). */
function workerScript(): string | undefined {
  const candidates = [
    typeof __dirname === 'string' ? join(__dirname, 'parseWorker.js') : undefined,
    process.env['RINGSCOPE_ROOT'] === undefined ? undefined : join(process.env['RINGSCOPE_ROOT'], 'dist/parseWorker.js'),
    join(process.cwd(), 'dist/parseWorker.js'),
  ];
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

/** Finds a wasm file: next to this bundle first (dist/), else through node_modules. */
function locate(bundled: string, pkgPath: string): string {
  const here = typeof __dirname === 'string' ? join(__dirname, bundled) : undefined;
  if (here !== undefined && existsSync(here)) return here;
  // Tests and scripts run from out/ or a temp dir: try the bundle, then the repo root, then cwd.
  const bases = [typeof __filename === 'string' ? __filename : undefined, process.env['RINGSCOPE_ROOT'], process.cwd()];
  for (const base of bases) {
    if (base === undefined) continue;
    try {
      return createRequire(base.endsWith('.js') ? base : join(base, 'x.js')).resolve(pkgPath);
    } catch {
      // not reachable from this base; try the next one
    }
  }
  throw new Error(`cannot find ${pkgPath}`);
}

/** Resolves once the parser can be used; later calls return the same promise. */
export function initParser(): Promise<void> {
  loading ??= (async () => {
    const runtime = locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    // Emscripten makes this object its Module: the heap views appear on it
    const module: Partial<WasmHeap> & { locateFile: () => string } = { locateFile: () => runtime };
    await Parser.init(module);
    const lang = await Language.load(locate('tree-sitter-c.wasm', 'tree-sitter-c/tree-sitter-c.wasm'));
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
    const info: LanguageInfo = {
      address: (lang as unknown as Record<number, number>)[0] ?? 0,
      abiVersion: lang.abiVersion,
      types: lang.types,
      fields: lang.fields,
    };
    tables = { types: lang.types, fields: lang.fields };
    const heap = module.HEAPU8 && module.HEAPU16 && module.HEAPU32 ? (module as WasmHeap) : undefined;
    setRawLanguage(heap && RawLanguage.read(heap, info));
    startSplitWorker(workerScript());
  })();
  return loading;
}

/**
 * Uses `lang` to read trees when it reads the sample exactly as the API does (else the API: slower, same
 * nodes). Returns why it was refused, undefined when it is used. Tests pass undefined to force the API.
 */
export function setRawLanguage(lang: RawLanguage | undefined): string | undefined {
  rawLanguage = undefined;
  rawRefusal = lang === undefined ? 'the language layout is not the one the raw reader knows' : selfTest(lang);
  if (rawRefusal === undefined) rawLanguage = lang;
  return rawRefusal;
}

/** The raw reader in use, if any; and why not. */
export function rawReader(): { readonly lang: RawLanguage | undefined; readonly refusal: string | undefined } {
  return { lang: rawLanguage, refusal: rawRefusal };
}

function selfTest(lang: RawLanguage): string | undefined {
  const p = parser;
  if (!p) return 'parser not loaded';
  const a = p.parse(SAMPLE_C);
  if (!a) return 'the sample did not parse';
  // each SyntaxTree owns (and deletes) its tree: the API reads a copy, which shares all but the root
  const raw = syntaxTree(a, SAMPLE_C, lang);
  const api = syntaxTree(a.copy(), SAMPLE_C, undefined);
  try {
    // the root of a copy is another slot: ids differ, everything else must not
    return treeDifference(raw, api, ['id']);
  } finally {
    raw.delete();
    api.delete();
  }
}

export function parserReady(): boolean {
  return parser !== undefined;
}

// The last tree of each recently parsed file, so that re-parsing after an edit is incremental.
const previous = new Map<string, { text: string; tree: Tree }>();
const MAX_CACHED = 64;

function point(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    start = i + 1;
  }
  return { row, column: index - start };
}

/** Tells the old tree what changed (one replaced span: common prefix and suffix kept). */
function editTree(tree: Tree, before: string, after: string): void {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  tree.edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: point(before, start),
    oldEndPosition: point(before, oldEnd),
    newEndPosition: point(after, newEnd),
  });
}

/**
 * Parses C text; undefined if `initParser()` has not resolved yet. With a `key` (the file), the
 * previous tree of that key is reused (incremental parse). The caller owns (and deletes) the result.
 */
export function parseC(text: string, key?: string): SyntaxTree | undefined {
  if (key !== undefined && parser !== undefined && !previous.has(key) && !unparsed.has(key)) {
    // a file not parsed before: no tree to reuse, so two threads parse it (when large and error-free); its
    // next parse is whole (or completeParse made one), to be reused by the parses after it
    const split = parseSplit(text);
    if (split !== undefined) {
      unparsed.set(key, text);
      trimOldest(unparsed, MAX_CACHED);
      return split;
    }
  }
  const tree = parseRaw(text, key);
  return tree && syntaxTree(tree, text, rawLanguage);
}

/** `text` parsed on two threads (syntax/split.ts), or undefined when it cannot be. */
export function parseSplit(text: string): SyntaxTree | undefined {
  const p = parser;
  if (p === undefined) return undefined;
  const lang = rawLanguage;
  return splitParse(
    text,
    (head) => p.parse(head) ?? undefined,
    (raw, tree, root) => childSource(raw, tree, root, lang),
    tables.types,
    tables.fields,
    lang === undefined ? undefined : (raw, tree, base) => rawTail(lang, raw, tree, base),
  );
}

// Files last parsed in two parts: no whole tree kept for the next (incremental) parse yet.
const unparsed = new Map<string, string>();

/**
 * Keeps a whole tree of `key`'s last text when its last parse was split, so that the next edit parses
 * incrementally. The server calls this when idle after a first analysis.
 */
export function completeParse(key: string): void {
  const text = unparsed.get(key);
  unparsed.delete(key);
  if (text === undefined || previous.has(key)) return;
  parseRaw(text, key)?.delete();
}

/** parseC's web-tree-sitter tree (tests compare the two readers on it). */
export function parseRaw(text: string, key?: string): Tree | undefined {
  if (!parser) return undefined;
  if (key !== undefined) unparsed.delete(key);
  const old = key === undefined ? undefined : previous.get(key);
  if (old && old.text !== text) editTree(old.tree, old.text, text);
  const tree = parser.parse(text, old?.tree ?? null) ?? undefined;
  if (key !== undefined && tree) {
    old?.tree.delete();
    previous.delete(key);
    previous.set(key, { text, tree: tree.copy() });
    for (const [k, v] of previous) {
      if (previous.size <= MAX_CACHED) break;
      v.tree.delete();
      previous.delete(k);
    }
  }
  return tree;
}
