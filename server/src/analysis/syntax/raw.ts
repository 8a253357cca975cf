// Reads a tree-sitter tree straight from the wasm memory of web-tree-sitter 0.25 (language ABI 14/15, 32-bit
// wasm): the subtree structs of lib/src/subtree.h and the tables of TSLanguage (lib/src/parser.h). Children are
// visible subtrees and aliased hidden ones, hidden ones flattened, fields as ts_node_child_by_field_id finds them
// (none below a node whose production maps none, such as ERROR), offsets halved (the parse is UTF-16). parser.ts
// checks the layout against the API when it starts (selfTest) and uses this reader only when every node of a
// sample parse agrees.
import type { Tree } from 'web-tree-sitter';
import type { ChildSource, SyntaxTree } from './node';
import type { TailChildren } from './flat';
import { FLAT_FIELD_SHIFT, FLAT_INTS } from './flat';
import { EXTRA, HAS_ERROR, MISSING, NAMED, NO_NODES, SyntaxNode } from './node';

/** The Emscripten module of web-tree-sitter: its heap views (replaced when the memory grows). */
export interface WasmHeap {
  readonly HEAPU8: Uint8Array;
  readonly HEAPU16: Uint16Array;
  readonly HEAPU32: Uint32Array;
}

/** What raw reading needs of a web-tree-sitter Language. */
export interface LanguageInfo {
  /** The TSLanguage address. */
  readonly address: number;
  readonly abiVersion: number;
  /** Names by symbol (public symbols; aliases included). */
  readonly types: readonly (string | undefined)[];
  /** Field names by field id (0: none). */
  readonly fields: readonly (string | null)[];
}

// TSLanguage (ABI 15; ABI 14 has the same prefix), 32-bit pointers
const LANG_SYMBOL_COUNT = 4;
const LANG_ALIAS_COUNT = 8;
const LANG_PRODUCTION_ID_COUNT = 28;
const LANG_FIELD_COUNT = 32;
const LANG_MAX_ALIAS_SEQUENCE = 36;
const LANG_FIELD_MAP_SLICES = 64;
const LANG_FIELD_MAP_ENTRIES = 68;
const LANG_SYMBOL_METADATA = 72;
const LANG_PUBLIC_SYMBOL_MAP = 76;
const LANG_ALIAS_SEQUENCES = 84;
// SubtreeHeapData
const HEAP_PADDING_BYTES = 4;
const HEAP_SIZE_BYTES = 16;
const HEAP_ERROR_COST = 32;
const HEAP_CHILD_COUNT = 36;
const HEAP_SYMBOL = 40;
const HEAP_FLAGS = 44; // u16: visible, named, extra, ... bit 9 is_missing
const HEAP_PRODUCTION_ID = 66;
// SubtreeInlineData: byte 0 flags (is_inline, visible, named, extra, has_changes, is_missing), byte 1 symbol
const INLINE_PADDING_BYTES = 6;
const INLINE_SIZE_BYTES = 7;
const SYM_ERROR = 0xffff;

/** The language tables raw reading uses, copied out of wasm memory once. */
export class RawLanguage {
  private readonly publicSymbol: Uint16Array;
  private readonly namedSymbol: Uint8Array;
  /** Per production id: field id by structural child index (non-inherited entries), or undefined when none. */
  private readonly fieldsByProduction: (Uint16Array | undefined)[] = [];
  private readonly aliasSequences: number;
  private readonly maxAliasSequence: number;

  /** Undefined when the language's header does not match the API's view of it. */
  static read(heap: WasmHeap, lang: LanguageInfo): RawLanguage | undefined {
    if (lang.abiVersion !== 14 && lang.abiVersion !== 15) return undefined;
    const u32 = (off: number): number => heap.HEAPU32[(lang.address + off) >> 2] ?? 0;
    if (u32(0) !== lang.abiVersion) return undefined;
    if (u32(LANG_SYMBOL_COUNT) + u32(LANG_ALIAS_COUNT) !== lang.types.length) return undefined;
    if (u32(LANG_FIELD_COUNT) + 1 !== lang.fields.length) return undefined;
    return new RawLanguage(heap, lang);
  }

  private constructor(
    readonly heap: WasmHeap,
    readonly info: LanguageInfo,
  ) {
    const at = (off: number): number => heap.HEAPU32[(info.address + off) >> 2] ?? 0;
    const count = info.types.length;
    this.publicSymbol = heap.HEAPU16.slice(at(LANG_PUBLIC_SYMBOL_MAP) >> 1, (at(LANG_PUBLIC_SYMBOL_MAP) >> 1) + count);
    const meta = at(LANG_SYMBOL_METADATA);
    this.namedSymbol = new Uint8Array(count);
    for (let s = 0; s < count; s++) this.namedSymbol[s] = heap.HEAPU8[meta + s * 3 + 1] ?? 0; // {visible, named, supertype}
    this.aliasSequences = at(LANG_ALIAS_SEQUENCES);
    this.maxAliasSequence = heap.HEAPU16[(info.address + LANG_MAX_ALIAS_SEQUENCE) >> 1] ?? 0;
    const slices = at(LANG_FIELD_MAP_SLICES);
    const entries = at(LANG_FIELD_MAP_ENTRIES);
    if (at(LANG_FIELD_COUNT) > 0 && slices !== 0) {
      const u16 = heap.HEAPU16;
      const productions = at(LANG_PRODUCTION_ID_COUNT);
      for (let p = 0; p < productions; p++) {
        const index = u16[(slices >> 1) + p * 2] ?? 0;
        const length = u16[(slices >> 1) + p * 2 + 1] ?? 0;
        if (length === 0) continue;
        const byChild: number[] = [];
        for (let e = 0; e < length; e++) {
          const entry = entries + (index + e) * 4; // {u16 field_id, u8 child_index, bool inherited}
          if ((heap.HEAPU8[entry + 3] ?? 0) !== 0) continue;
          const child = heap.HEAPU8[entry + 2] ?? 0;
          byChild[child] ??= u16[entry >> 1] ?? 0;
        }
        const arr = new Uint16Array(byChild.length);
        for (let i = 0; i < byChild.length; i++) arr[i] = byChild[i] ?? 0;
        this.fieldsByProduction[p] = arr;
      }
    }
  }

  /** The public symbol of a symbol (its name's first symbol). */
  publicOf(symbol: number): number {
    return symbol === SYM_ERROR ? SYM_ERROR : (this.publicSymbol[symbol] ?? symbol);
  }

  /** The type name of a public symbol. */
  publicTypeOf(symbol: number): string {
    return this.info.types[symbol] ?? 'ERROR';
  }

  isNamedSymbol(symbol: number): boolean {
    return symbol === SYM_ERROR || this.namedSymbol[symbol] === 1;
  }

  alias(production: number, structuralIndex: number): number {
    if (production === 0 || this.aliasSequences === 0 || structuralIndex >= this.maxAliasSequence) return 0;
    return this.heap.HEAPU16[(this.aliasSequences >> 1) + production * this.maxAliasSequence + structuralIndex] ?? 0;
  }

  /** Whether the production maps any child to a field (tree-sitter finds no field below a node whose production has none). */
  hasFields(production: number): boolean {
    return this.fieldsByProduction[production] !== undefined;
  }

  field(production: number, structuralIndex: number): number {
    return this.fieldsByProduction[production]?.[structuralIndex] ?? 0;
  }

  fieldName(id: number): string | null {
    return id === 0 ? null : (this.info.fields[id] ?? null);
  }
}

/** Ints per child in RawReader's scratch: slot, public symbol, flags, start byte, end byte, field id. */
const CHILD_INTS = 6;

/**
 * Reads the visible children of a node (hidden ones flattened) into a scratch array, for RawChildren (which
 * makes SyntaxNodes of them) and rawFlatten (which packs a whole tree for another thread).
 */
export class RawReader {
  /** The children last read: CHILD_INTS ints each. */
  scratch = new Int32Array(64 * CHILD_INTS);
  private count = 0;

  constructor(readonly lang: RawLanguage) {}

  /** Reads the children of the subtree in `slot`, which starts at byte `start`; returns how many. */
  read(slot: number, start: number): number {
    this.count = 0;
    const { HEAPU8: u8, HEAPU16: u16, HEAPU32: u32 } = this.lang.heap;
    if (((u8[slot] ?? 1) & 1) !== 0) return 0; // an inline subtree is a leaf
    const ptr = u32[slot >> 2] ?? 0;
    if ((u32[(ptr + HEAP_CHILD_COUNT) >> 2] ?? 0) === 0) return 0;
    // as ts_node_child_by_field_id: below a node whose production maps no field (an ERROR) no child has a field,
    // even where a hidden child's own production names some
    const fields = this.lang.hasFields(u16[(ptr + HEAP_PRODUCTION_ID) >> 1] ?? 0);
    this.collect(ptr, start, 0, fields);
    return this.count;
  }

  /**
   * Appends the visible children of the subtree at `ptr` (which starts at byte `pos`), flattening hidden ones;
   * `inherited`: the field of the hidden subtree being flattened (its children's own fields come first).
   */
  private collect(ptr: number, pos: number, inherited: number, fields: boolean): void {
    const { HEAPU8: u8, HEAPU16: u16, HEAPU32: u32 } = this.lang.heap;
    const lang = this.lang;
    const count = u32[(ptr + HEAP_CHILD_COUNT) >> 2] ?? 0;
    if (count === 0) return;
    const production = u16[(ptr + HEAP_PRODUCTION_ID) >> 1] ?? 0;
    const first = ptr - count * 8;
    let structural = 0;
    let p = pos;
    for (let i = 0; i < count; i++) {
      const slot = first + i * 8;
      const b0 = u8[slot] ?? 0;
      const inline = (b0 & 1) !== 0;
      const heap = inline ? 0 : (u32[slot >> 2] ?? 0);
      let padding: number, size: number, flags: number, symbol: number;
      if (inline) {
        padding = u8[slot + INLINE_PADDING_BYTES] ?? 0;
        size = u8[slot + INLINE_SIZE_BYTES] ?? 0;
        symbol = u8[slot + 1] ?? 0;
        // to the heap flags' layout: visible bit 0, named bit 1, extra bit 2, missing bit 9
        flags = ((b0 >> 1) & 7) | (((b0 >> 5) & 1) << 9);
      } else {
        padding = u32[(heap + HEAP_PADDING_BYTES) >> 2] ?? 0;
        size = u32[(heap + HEAP_SIZE_BYTES) >> 2] ?? 0;
        symbol = u16[(heap + HEAP_SYMBOL) >> 1] ?? 0;
        flags = u16[(heap + HEAP_FLAGS) >> 1] ?? 0;
      }
      if (i > 0) p += padding;
      const extra = (flags & 4) !== 0;
      let alias = 0;
      let field = 0;
      if (!extra) {
        alias = lang.alias(production, structural);
        if (fields) field = lang.field(production, structural) || inherited;
        structural++;
      }
      if ((flags & 1) !== 0 || alias !== 0) {
        const missing = (flags & 0x200) !== 0;
        const hasError = missing || (!inline && (u32[(heap + HEAP_ERROR_COST) >> 2] ?? 0) > 0);
        const named = alias !== 0 ? lang.isNamedSymbol(alias) : (flags & 2) !== 0;
        const bits = (named ? NAMED : 0) | (hasError ? HAS_ERROR : 0) | (missing ? MISSING : 0) | (extra ? EXTRA : 0);
        let o = this.count * CHILD_INTS;
        if (o + CHILD_INTS > this.scratch.length) {
          const grown = new Int32Array(this.scratch.length * 2);
          grown.set(this.scratch);
          this.scratch = grown;
        }
        const out = this.scratch;
        out[o++] = slot;
        out[o++] = lang.publicOf(alias || symbol);
        out[o++] = bits;
        out[o++] = p;
        out[o++] = p + size;
        out[o] = field;
        this.count++;
      } else if (!inline) {
        this.collect(heap, p, field, fields);
      }
      p += size;
    }
  }
}

/** Children of one tree's nodes, read from wasm memory. */
export class RawChildren implements ChildSource {
  private readonly reader: RawReader;

  /** `base`: where the parsed text starts in the tree's text (a split parse's second part parsed here). */
  constructor(
    lang: RawLanguage,
    private readonly tree: SyntaxTree,
    private readonly free: () => void,
    private readonly base = 0,
  ) {
    this.reader = readerOf(lang);
  }

  childrenOf(node: SyntaxNode): SyntaxNode[] {
    return this.childrenAt(node.id, node.startIndex, node, 0);
  }

  /** The children of the subtree in `slot`, which starts at `start` in the tree's text, as `parent`'s from index `first`. */
  childrenAt(slot: number, start: number, parent: SyntaxNode, first: number): SyntaxNode[] {
    const r = this.reader;
    const base = this.base;
    const n = r.read(slot, (start - base) * 2);
    if (n === 0) return NO_NODES;
    const out: SyntaxNode[] = new Array<SyntaxNode>(n);
    const s = r.scratch;
    const lang = r.lang;
    for (let i = 0, o = 0; i < n; i++, o += CHILD_INTS) {
      out[i] = new SyntaxNode(
        this.tree,
        s[o] ?? 0,
        lang.publicTypeOf(s[o + 1] ?? 0),
        s[o + 2] ?? 0,
        ((s[o + 3] ?? 0) >> 1) + base,
        ((s[o + 4] ?? 0) >> 1) + base,
        lang.fieldName(s[o + 5] ?? 0),
        parent,
        first + i,
      );
    }
    return out;
  }

  delete(): void {
    this.free();
  }
}

/**
 * The second part of a split parse when this thread parsed it too (the worker had not started): `raw` is the
 * tree of the text from `base` on, read with offsets moved by `base`. It owns `raw`.
 */
export function rawTail(lang: RawLanguage, raw: Tree, tree: SyntaxTree, base: number): TailChildren {
  const children = new RawChildren(lang, tree, () => raw.delete(), base);
  const r = raw.rootNode;
  const slot = r.id;
  const start = r.startIndex + base;
  return {
    // the first part ends at `base`: every node from there on is the second part's
    owns: (node) => node.startIndex >= base,
    rootChildren: (parent, first) => children.childrenAt(slot, start, parent, first),
    childrenOf: (node) => children.childrenOf(node),
    delete: () => children.delete(),
  };
}

const readers = new WeakMap<RawLanguage, RawReader>();

/** One reader (one scratch array) per language. */
function readerOf(lang: RawLanguage): RawReader {
  let r = readers.get(lang);
  if (r === undefined) readers.set(lang, (r = new RawReader(lang)));
  return r;
}

/**
 * The tree below the node in `slot` (starting at byte `start`; the root first), breadth-first, in flat.ts's
 * layout, straight from wasm memory. Type indexes are public symbols (the index of their name in `types`).
 */
export function rawFlatten(lang: RawLanguage, slot: number, start: number, rootType: number, rootBits: number, end: number): Int32Array {
  const reader = readerOf(lang);
  // per node: slot, start byte (to read its children), then flat.ts's six ints
  const slots: number[] = [slot];
  const starts: number[] = [start];
  let out = new Int32Array(4096 * FLAT_INTS);
  out[0] = rootType;
  out[1] = rootBits;
  out[2] = start >> 1;
  out[3] = end >> 1;
  let total = 1;
  for (let i = 0; i < total; i++) {
    const n = reader.read(slots[i] ?? 0, starts[i] ?? 0);
    const o = i * FLAT_INTS;
    out[o + 4] = total;
    out[o + 5] = n;
    if ((total + n) * FLAT_INTS > out.length) {
      const grown = new Int32Array(Math.max(out.length * 2, (total + n) * FLAT_INTS));
      grown.set(out);
      out = grown;
    }
    const s = reader.scratch;
    for (let c = 0, q = 0; c < n; c++, q += CHILD_INTS) {
      const p = (total + c) * FLAT_INTS;
      slots.push(s[q] ?? 0);
      starts.push(s[q + 3] ?? 0);
      out[p] = s[q + 1] ?? 0;
      out[p + 1] = (s[q + 2] ?? 0) | ((s[q + 5] ?? 0) << FLAT_FIELD_SHIFT);
      out[p + 2] = (s[q + 3] ?? 0) >> 1;
      out[p + 3] = (s[q + 4] ?? 0) >> 1;
    }
    total += n;
  }
  return out.slice(0, total * FLAT_INTS);
}
