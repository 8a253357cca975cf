// The program model every rule reads: maps, functions (with their tree-sitter nodes), ring-buffer
// helper call sites with resolved map, record type and folded size. Built once per analysis by model-build.ts.
import type { SyntaxNode, SyntaxTree } from './syntax/node';
import type { AnalysisSettings, Range } from './findings';

/** One parsed file: the main file or a followed `#include "..."`. Positions are those of the real text. */
export interface SourceUnit {
  readonly file: string;
  /** The text tree-sitter parsed: the real text with BPF macros (SEC, __uint, ...) blanked to spaces, same length. */
  readonly masked: string;
  readonly tree: SyntaxTree;
}

/** BPF_MAP_TYPE_* values of include/uapi/linux/bpf.h. */
export const MAP_TYPE_RINGBUF = 27;
export const MAP_TYPE_USER_RINGBUF = 31;

/** A `__uint(...)`, `__type(...)` or `.field = ...` member of a map definition. */
export interface MapField {
  /** Range of the whole member (e.g. `__uint(max_entries, 4096)`), for diagnostics. */
  readonly range: Range;
  /** Folded value for numeric fields; size of the type for `__type`. */
  readonly value: number | undefined;
  /** Source text of the value (type text for `__type`). */
  readonly text: string;
}

export interface MapDef {
  readonly name: string;
  readonly file: string;
  /** Range of the map's name. */
  readonly nameRange: Range;
  /** `struct bpf_map_def SEC("maps")` (legacy) rather than a BTF `SEC(".maps")` struct. */
  readonly legacy: boolean;
  /** Numeric map type when known (27 ringbuf, 31 user ringbuf). */
  readonly type: number | undefined;
  /** Members by field name: type, max_entries, key, value, key_size, value_size, map_flags, values. */
  readonly fields: ReadonlyMap<string, MapField>;
  /** Inner map template of an `__array(values, struct X)` outer map. */
  readonly inner?: MapDef;
}

export interface FunctionDef {
  readonly name: string;
  readonly file: string;
  /** The `function_definition` node. */
  readonly node: SyntaxNode;
  /** The `compound_statement` body. */
  readonly body: SyntaxNode;
  readonly nameRange: Range;
  /** `SEC("...")` name: a program entry point. */
  readonly section: string | undefined;
  /** `static` linkage: inlined into the caller's verifier state (rule book E7); else global (E8). */
  readonly isStatic: boolean;
  readonly params: readonly { readonly name: string; readonly type: string }[];
}

export type RingHelper =
  | 'bpf_ringbuf_output'
  | 'bpf_ringbuf_reserve'
  | 'bpf_ringbuf_submit'
  | 'bpf_ringbuf_discard'
  | 'bpf_ringbuf_query'
  | 'bpf_ringbuf_reserve_dynptr'
  | 'bpf_ringbuf_submit_dynptr'
  | 'bpf_ringbuf_discard_dynptr'
  | 'bpf_user_ringbuf_drain';

export const RING_HELPERS: ReadonlySet<string> = new Set<RingHelper>([
  'bpf_ringbuf_output',
  'bpf_ringbuf_reserve',
  'bpf_ringbuf_submit',
  'bpf_ringbuf_discard',
  'bpf_ringbuf_query',
  'bpf_ringbuf_reserve_dynptr',
  'bpf_ringbuf_submit_dynptr',
  'bpf_ringbuf_discard_dynptr',
  'bpf_user_ringbuf_drain',
]);

/** How the verifier will see a size argument (rule book C1/C2). */
export type SizeKind = 'constant' | 'rodata' | 'variable';

/** A call of a ring-buffer helper, or of another kernel helper (bpf_*) given a map (`&name`). */
export interface HelperCall {
  readonly name: string;
  readonly file: string;
  /** The `call_expression` node. */
  readonly node: SyntaxNode;
  /** Offset of the call in its file (node.startIndex without looking the node up). */
  readonly start: number;
  readonly args: readonly SyntaxNode[];
  /** Enclosing function, undefined for calls outside functions (half-typed code). */
  readonly fn: FunctionDef | undefined;
  /** Map resolved from a `&name` argument (first such argument). */
  readonly map: MapDef | undefined;
  /** Size argument (reserve: arg 1; output: arg 2; reserve_dynptr: arg 1), folded. */
  readonly size: number | undefined;
  readonly sizeKind: SizeKind | undefined;
  /** Flags argument folded, when constant. */
  readonly flags: number | undefined;
  /** For reserve: the pointee type of the variable receiving the record (`struct event`), and its size. */
  readonly recordType: string | undefined;
  readonly recordSize: number | undefined;
  /** Name of the variable the result is assigned to or initialises, if any. */
  readonly target: string | undefined;
}

export interface ProgramModel {
  readonly file: string;
  readonly settings: AnalysisSettings;
  /** units[0] is the main file; the others are followed local includes. */
  readonly units: readonly SourceUnit[];
  readonly maps: ReadonlyMap<string, MapDef>;
  readonly functions: readonly FunctionDef[];
  /** Ring-buffer helper calls and map-taking helper calls, in source order per file. */
  readonly calls: readonly HelperCall[];
  /** Folds an expression node to a number (ICE, sizeof, offsetof, enum, #define, const volatile). */
  fold(node: SyntaxNode, fn?: FunctionDef): number | undefined;
  /** sizeof a type written as C text (`struct event`, `__u64`, `char[16]`), undefined if unknown. */
  sizeOfType(typeText: string): number | undefined;
  /** `const volatile` globals (.rodata, frozen by libbpf): name → folded initial value. */
  readonly rodata: ReadonlyMap<string, number | undefined>;
  /**
   * Names everything outside function bodies (context.ts): two models with the same key agree on maps,
   * types, macros and globals, so per-function results may be reused between them.
   */
  readonly contextKey: number;
  /**
   * Names what one function's results can depend on (context-index.ts): settings, included files, the text
   * no declaration carries, and the declarations its identifiers reach. Equal keys: per-function results of
   * one model may be reused in another.
   */
  contextOf(fn: FunctionDef): number;
  /** One number for (contextOf, file, name, section, text) of a function: equal numbers, equal results. */
  functionKey(fn: FunctionDef): number;
  /**
   * (functionKey, offset in the function, helper) of a call inside a function: equal keys, the same call in
   * the same function text and context. Undefined outside functions.
   */
  callKey(c: HelperCall): string | undefined;
  /**
   * Frees the wasm memory of the parse trees; nodes of this model are unusable afterwards.
   * analyzeFile() disposes its model. A model from getProgramModel() stays usable until it is disposed,
   * or until the next model of the same file is built (or 64 other files were analysed since).
   */
  dispose(): void;
}

export function rangeOf(node: SyntaxNode): Range {
  return node.range;
}
