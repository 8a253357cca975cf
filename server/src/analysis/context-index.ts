// Per-function context keys. A function's cached results (call facts, path units, layouts) may be reused while
// its key is unchanged: settings + included files + the text nothing is attributed to (shared by every function)
// + the top-level declarations reachable from the identifiers of its text, transitively through theirs.
import type { SyntaxNode } from './syntax/node';
import type { Top } from './collect';
import { intern, normalize } from './context';
import { declName } from './layout';
import type { SecMark } from './mask';
import type { FunctionDef } from './model';
import { wordsOf } from './words';
import { registerCache } from './caches';
import { ownCopy, TextMemo } from './text-memo';

/** One parsed file, as the index needs it. */
export interface IndexUnit {
  readonly file: string;
  /** The real text (BPF macro arguments such as `__type(value, struct x)` are meaning). */
  readonly raw: string;
  /** The parsed text (macros blanked, same offsets). */
  readonly masked: string;
  /** Top-level nodes in source order (collect.ts, through `#if` blocks). */
  readonly tops: readonly Top[];
  readonly secs: readonly SecMark[];
  /** Start offsets of the tops collect.ts knows define nothing inside (no walk for nested definitions). */
  readonly plain: ReadonlySet<number>;
}

/** What one declaration text declares; a function of (node type, text) only, so remembered by them. */
interface ItemFacts {
  /** Names declared; empty = nothing to attribute it to (shared). */
  readonly names: readonly string[];
  /** Normalized text of the declaration (for a function: its header). */
  readonly norm: string;
  /** Definitions inside a function that the whole unit sees (structs, enums, #defines). */
  readonly nested: readonly { readonly names: readonly string[]; readonly norm: string }[];
  /** Texts inside a function no name can carry (`#if`, `#undef`, `#pragma` lines in its body). */
  readonly shared: readonly string[];
  /** The identities of its declarations (its own, then the nested ones) by `file\0sections`, once made. */
  readonly decls: Map<string, readonly Decl[]>;
}

const factsByText = new TextMemo<ItemFacts>(8192);
registerCache(() => factsByText.clear());

const NAMED_KINDS = new Set(['declaration', 'type_definition', 'struct_specifier', 'union_specifier', 'enum_specifier']);
const SKIPPED = new Set(['comment']);

/** The tag of a record specifier with a body, else undefined. */
function recordTag(s: SyntaxNode | null): string | undefined {
  if (s === null || (s.type !== 'struct_specifier' && s.type !== 'union_specifier') || s.childForFieldName('body') === null) return undefined;
  return s.childForFieldName('name')?.text;
}

/** Struct/union tags with a body and enumerators inside `n` (they enter the model's tables). */
function innerNames(n: SyntaxNode, text: string): string[] {
  // no brace: no body inside; one brace: at most the node's own record (or its declaration's type)
  const braces = text.split('{').length - 1;
  if (braces === 0) return [];
  if (braces === 1 && !/\benum\b/.test(text)) {
    const tag = recordTag(n.type === 'declaration' || n.type === 'type_definition' ? n.childForFieldName('type') : n);
    return tag === undefined ? [] : [tag];
  }
  const out: string[] = [];
  for (const s of n.descendantsOfType(['struct_specifier', 'union_specifier', 'enumerator'])) {
    if (s === null) continue;
    if (s.type === 'enumerator') {
      const name = s.childForFieldName('name')?.text;
      if (name) out.push(name);
    } else if (s.childForFieldName('body')) {
      const name = s.childForFieldName('name')?.text;
      if (name) out.push(name);
    }
  }
  return out;
}

// A preprocessor line of a body, with its continuations; `#define NAME` is attributed to NAME.
const PP_LINE = /^[ \t]*#(?:\\\r?\n|[^\n])*/gm;
const DEFINE = /^[ \t]*#\s*define\s+([A-Za-z_]\w*)/;

function itemFacts(n: SyntaxNode, type: string, text: string, bodyAt: number | undefined, plain: boolean): ItemFacts {
  const qualifier = `${type}\0${bodyAt ?? ''}`;
  const known = factsByText.get(text, qualifier);
  if (known !== undefined) return known;
  let facts: ItemFacts;
  if (type === 'function_definition' && bodyAt !== undefined) {
    const nested: { names: string[]; norm: string }[] = [];
    const shared: string[] = [];
    // a function collect.ts found plain (no named record with a body, no enum, no #define) defines nothing
    for (const s of plain ? [] : n.descendantsOfType(['struct_specifier', 'union_specifier', 'enum_specifier'])) {
      if (s === null) continue;
      const names = innerNames(s, s.text);
      const tag = s.type === 'enum_specifier' ? s.childForFieldName('name')?.text : undefined;
      if (tag && s.childForFieldName('body')) names.push(tag);
      if (names.length > 0) nested.push({ names, norm: normalize(s.text) });
    }
    if (text.includes('#')) {
      for (const m of text.slice(bodyAt).matchAll(PP_LINE)) {
        const line = m[0].trim();
        const def = DEFINE.exec(line)?.[1];
        // a body's #define is file-wide; one that pastes or stringizes tokens cannot be attributed
        if (def !== undefined && !line.slice(line.indexOf(def)).includes('#')) nested.push({ names: [def], norm: line });
        else shared.push(line);
      }
    }
    const name = functionName(n);
    facts = { names: name ? [name] : [], norm: normalize(text.slice(0, bodyAt)), nested, shared, decls: new Map() };
  } else {
    const names: string[] = [];
    if (type === 'preproc_def' || type === 'preproc_function_def') {
      const name = n.childForFieldName('name')?.text;
      // token pasting and stringizing make names no identifier shows: the shared part
      const value = n.childForFieldName('value')?.text ?? '';
      if (name && !value.includes('#')) names.push(name);
    } else if (NAMED_KINDS.has(type)) {
      if (type === 'declaration' || type === 'type_definition') {
        for (const d of n.childrenForFieldName('declarator')) {
          const name = declName(d);
          if (name) names.push(name);
        }
      }
      names.push(...innerNames(n, text));
      const tag = type === 'enum_specifier' ? n.childForFieldName('name')?.text : undefined;
      if (tag && n.childForFieldName('body')) names.push(tag);
    }
    facts = { names, norm: normalize(text), nested: [], shared: [], decls: new Map() };
  }
  // the memo outlives this text: keep copies, not views into the file version they were cut from
  facts = {
    ...facts,
    names: facts.names.map(ownCopy),
    nested: facts.nested.map((x) => ({ names: x.names.map(ownCopy), norm: x.norm })),
    shared: facts.shared.map(ownCopy),
  };
  factsByText.set(text, qualifier, facts);
  return facts;
}

function functionName(n: SyntaxNode): string | undefined {
  let d = n.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d?.childForFieldName('declarator')?.text;
}

/** SEC("...") belongs to the top-level node containing it, else to the next one (as model-build reads it). */
function secOwners(spans: readonly (readonly [number, number])[], secs: readonly SecMark[]): { owned: Map<number, string[]>; loose: string[] } {
  const owned = new Map<number, string[]>();
  const loose: string[] = [];
  let i = 0;
  for (const s of secs) {
    while (i < spans.length && (spans[i]?.[1] ?? 0) < s.end && (spans[i]?.[0] ?? 0) < s.end) i++;
    if (i >= spans.length) loose.push(s.name);
    else {
      const list = owned.get(i);
      if (list) list.push(s.name);
      else owned.set(i, [s.name]);
    }
  }
  return { owned, loose };
}

interface Decl {
  /** Interned identity: file, kind, sections and normalized text. */
  readonly id: number;
  readonly words: readonly string[];
}

function declOf(file: string, kind: string, secs: string, norm: string): Decl {
  return { id: intern(ownCopy(`${file}\0${kind}\0${secs}\0${norm}`)), words: wordsOf(norm) };
}

export class ContextIndex {
  private readonly decls: Decl[] = [];
  private readonly byName = new Map<string, number[]>();
  private readonly sharedId: number;
  private readonly fnKeys = new Map<FunctionDef, number>();
  private readonly wordKeys = new Map<string, number>();
  private whole: number | undefined;
  private marks = new Int32Array(0);
  private epoch = 0;

  /**
   * @param functionsAt the model's functions by their node's start offset, per file (a top-level
   * `function_definition` the model did not accept is shared text).
   */
  constructor(units: readonly IndexUnit[], settings: unknown, functionsAt: ReadonlyMap<string, ReadonlyMap<number, FunctionDef>>) {
    const shared: string[] = [JSON.stringify(settings)];
    for (const u of units) {
      shared.push(`\0${u.file}\0`);
      const spans = u.tops.map((t) => [t.start, t.end] as const);
      const { owned, loose } = secOwners(spans, u.secs);
      const fns = functionsAt.get(u.file);
      let at = 0;
      for (let i = 0; i < u.tops.length; i++) {
        const top = u.tops[i];
        if (top === undefined) continue;
        const { node: n, start, end } = top;
        // the text between top-level nodes (`;`, `#endif`, stray tokens) is shared
        const gap = u.masked.slice(at, start);
        if (/\S/.test(gap)) shared.push(normalize(gap));
        at = Math.max(at, end);
        const type = top.type;
        if (SKIPPED.has(type)) continue;
        const text = u.raw.slice(start, end);
        const fn = type === 'function_definition' ? fns?.get(start) : undefined;
        const bodyAt = fn === undefined ? undefined : fn.body.startIndex - start;
        const facts = itemFacts(n, fn === undefined && type === 'function_definition' ? 'unaccepted' : type, text, bodyAt, u.plain.has(start));
        const secs = owned.get(i)?.join('\0') ?? '';
        if (facts.names.length === 0) shared.push(`${type}\0${secs}\0${facts.norm}`);
        const where = `${u.file}\0${secs}`;
        let decls = facts.decls.get(where);
        if (decls === undefined) {
          const made: Decl[] = [];
          if (facts.names.length > 0) made.push(declOf(u.file, type, secs, facts.norm));
          for (const x of facts.nested) made.push(declOf(u.file, 'nested', '', x.norm));
          facts.decls.set(ownCopy(where), (decls = made));
        }
        let k = 0;
        if (facts.names.length > 0) this.add(decls[k++], facts.names);
        for (const x of facts.nested) this.add(decls[k++], x.names);
        shared.push(...facts.shared);
      }
      const tail = u.masked.slice(at);
      if (/\S/.test(tail)) shared.push(normalize(tail));
      if (loose.length > 0) shared.push(`SEC\0${loose.join('\0')}`);
    }
    this.sharedId = intern(shared.join('\n'));
  }

  private add(decl: Decl | undefined, names: readonly string[]): void {
    if (decl === undefined) return;
    const index = this.decls.length;
    this.decls.push(decl);
    for (const name of names) {
      const list = this.byName.get(name);
      if (list === undefined) this.byName.set(name, [index]);
      else if (list[list.length - 1] !== index) list.push(index);
    }
  }

  /** Key of everything the given identifiers can reach (declarations in source order, plus the shared part). */
  ofWords(words: readonly string[]): number {
    // a visit mark per declaration, by epoch: no set to build for each of the file's functions
    if (this.marks.length < this.decls.length) this.marks = new Int32Array(this.decls.length * 2);
    const mark = ++this.epoch;
    const marks = this.marks;
    const found: number[] = [];
    const visit = (ws: readonly string[]): void => {
      for (let i = 0; i < ws.length; i++) {
        const list = this.byName.get(ws[i] ?? '');
        if (list === undefined) continue;
        for (let j = 0; j < list.length; j++) {
          const d = list[j] ?? 0;
          if (marks[d] === mark) continue;
          marks[d] = mark;
          found.push(d);
        }
      }
    };
    visit(words);
    for (let k = 0; k < found.length; k++) visit(this.decls[found[k] ?? 0]?.words ?? []);
    // source order: among declarations of one name the later one wins, so their order is meaning
    found.sort((a, b) => a - b);
    let key = `${this.sharedId}|`;
    for (let k = 0; k < found.length; k++) key += `${k === 0 ? '' : ','}${this.decls[found[k] ?? 0]?.id ?? -1}`;
    return intern(key);
  }

  /** Key of a type name's layout (`struct event`, `typedef u32`). */
  ofName(name: string): number {
    let k = this.wordKeys.get(name);
    if (k === undefined) this.wordKeys.set(name, (k = this.ofWords(wordsOf(name))));
    return k;
  }

  /** Key of one function of the model, whose full text is `text`. */
  ofFunction(fn: FunctionDef, text: string): number {
    let k = this.fnKeys.get(fn);
    if (k === undefined) this.fnKeys.set(fn, (k = this.ofWords(wordsOf(text))));
    return k;
  }

  /** Key of the whole translation unit: every declaration and the shared part. */
  wholeKey(): number {
    return (this.whole ??= intern(`${this.sharedId}|${this.decls.map((d) => d.id).join(',')}`));
  }
}
