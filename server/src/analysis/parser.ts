// Loads web-tree-sitter and the tree-sitter-c grammar once (async), then parses synchronously.
// The wasm files sit next to the bundle (dist/) when bundled, or come from node_modules in tests/tools.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Tree } from 'web-tree-sitter';
// `require` form on purpose: esbuild then bundles the package's CommonJS build, whose wasm loader
// does not depend on import.meta.url (undefined in our CommonJS bundles).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import TreeSitter = require('web-tree-sitter');

const { Language, Parser } = TreeSitter;
type Parser = InstanceType<typeof TreeSitter.Parser>;

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

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
    await Parser.init({ locateFile: () => runtime });
    const lang = await Language.load(locate('tree-sitter-c.wasm', 'tree-sitter-c/tree-sitter-c.wasm'));
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
  })();
  return loading;
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
export function parseC(text: string, key?: string): Tree | undefined {
  if (!parser) return undefined;
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
