// Builds the ProgramModel of one translation unit: follows local includes through the SourceProvider,
// collects #defines, enums, structs, typedefs, globals, maps, functions and helper calls.
import type { Node, Tree } from 'web-tree-sitter';
import type { AnalysisSettings, SourceProvider } from './findings';
import { cacheCall, cachedCall, functionId, type CallFacts } from './call-cache';
import { contextId } from './context';
import { registerDeclarations } from './fn-decls';
import { Folder, type Scope, type VarDecl } from './fold';
import { Layouts, declName } from './layout';
import { maskBpfMacros, type Masked } from './mask';
import {
  RING_HELPERS,
  rangeOf,
  type FunctionDef,
  type HelperCall,
  type MapDef,
  type MapField,
  type ProgramModel,
  type SizeKind,
  type SourceUnit,
} from './model';
import { parseC } from './parser';
import { callArgs, strip } from './ranges/syntax';
import { classifySize, type SizeContext } from './size-kind';
import { lineStarts, positionAt } from './lines';

// Headers that are never parsed: generated or system headers whose few needed facts are built in (consts.ts).
const SKIPPED_INCLUDES = /(^|\/)(vmlinux\.h|bpf_helpers\.h|bpf_tracing\.h|bpf_core_read\.h|bpf_endian\.h)$/;

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

function joinPath(dir: string, rel: string): string {
  if (rel.startsWith('/')) return rel;
  const parts = `${dir}/${rel}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else if (p !== '.' && !(p === '' && out.length > 0)) out.push(p);
  }
  return out.join('/') || '/';
}


interface ParsedUnit extends SourceUnit {
  readonly marks: Masked;
  readonly lines: readonly number[];
  /** Nodes of the kinds the model needs, found in one walk of the tree. */
  readonly nodes: ReadonlyMap<string, readonly Node[]>;
}

// `declaration`: the locals of every function body come from this one walk too (scopeOf).
const WANTED = ['preproc_include', 'preproc_def', 'struct_specifier', 'union_specifier', 'enumerator_list', 'call_expression', 'declaration'];

function collect(root: Node): Map<string, Node[]> {
  const out = new Map<string, Node[]>(WANTED.map((t) => [t, []]));
  for (const n of root.descendantsOfType(WANTED)) if (n) out.get(n.type)?.push(n);
  return out;
}

function loadUnits(file: string, text: string, settings: AnalysisSettings, sources: SourceProvider): ParsedUnit[] {
  const units: ParsedUnit[] = [];
  const seen = new Set<string>();
  const visit = (f: string, t: string): void => {
    if (seen.has(f) || units.length > 64) return;
    seen.add(f);
    const marks = maskBpfMacros(t);
    const tree = parseC(marks.text, f);
    if (!tree) return;
    const nodes = collect(tree.rootNode);
    units.push({ file: f, masked: marks.text, tree, marks, lines: lineStarts(marks.text), nodes });
    for (const inc of nodes.get('preproc_include') ?? []) {
      const path = inc?.childForFieldName('path');
      if (!path || path.type !== 'string_literal') continue;
      const rel = path.text.slice(1, -1);
      if (SKIPPED_INCLUDES.test(rel)) continue;
      for (const dir of [dirOf(f), ...settings.includePaths]) {
        const p = joinPath(dir, rel);
        const body = seen.has(p) ? undefined : sources.read(p);
        if (body !== undefined) {
          visit(p, body);
          break;
        }
      }
    }
  };
  visit(file, text);
  return units;
}

/** Top-level nodes, looking through `#ifdef`/`#if` blocks and `extern "C"`-like wrappers. */
function topLevel(root: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    for (const c of n.namedChildren) {
      if (c === null) continue;
      if (/^preproc_(if|ifdef|else|elif|elifdef)$/.test(c.type)) walk(c);
      else out.push(c);
    }
  };
  walk(root);
  return out;
}

function isConstVolatile(decl: Node): 'rodata' | 'const' | undefined {
  const quals = decl.namedChildren.filter((c) => c?.type === 'type_qualifier').map((c) => c?.text);
  if (!quals.includes('const')) return undefined;
  return quals.includes('volatile') ? 'rodata' : 'const';
}

export function buildModel(file: string, text: string, settings: AnalysisSettings, sources: SourceProvider): ProgramModel | undefined {
  const units = loadUnits(file, text, settings, sources);
  if (units.length === 0) return undefined;
  const enums = new Map<string, number>();
  const defines = new Map<string, string>();
  const records = new Map<string, Node>();
  const typedefs = new Map<string, readonly [Node, Node]>();
  const globals = new Map<string, VarDecl>();
  // Folder and Layouts need each other (array sizes fold; sizeof needs layouts): tie them through a holder.
  const ref: { layouts?: Layouts } = {};
  // the trees of parsed #define values, freed with the model (their nodes are only read while folding)
  const defineTrees: Tree[] = [];
  const folder = new Folder(enums, defines, globals, () => ref.layouts as Layouts, (t) => {
    const tree = parseC(`long __rs_v = (${t});`);
    if (tree) defineTrees.push(tree);
    return tree?.rootNode.descendantsOfType('init_declarator')[0]?.childForFieldName('value') ?? undefined;
  });
  const layouts = new Layouts(records, typedefs, (n) => folder.fold(n));
  ref.layouts = layouts;

  // Top-level nodes of each unit, listed once (both passes walk them).
  const tops = new Map<ParsedUnit, Node[]>();
  const topsOf = (u: ParsedUnit): Node[] => {
    let t = tops.get(u);
    if (t === undefined) tops.set(u, (t = topLevel(u.tree.rootNode)));
    return t;
  };

  // Pass 1: names (all units, includes first so the main file wins on redefinition).
  for (const u of [...units].reverse()) {
    for (const d of u.nodes.get('preproc_def') ?? []) {
      const name = d?.childForFieldName('name')?.text;
      const value = d?.childForFieldName('value')?.text.trim();
      if (name && value) defines.set(name, value);
    }
    for (const s of [...(u.nodes.get('struct_specifier') ?? []), ...(u.nodes.get('union_specifier') ?? [])]) {
      const name = s?.childForFieldName('name')?.text;
      if (s && name && s.childForFieldName('body')) records.set(`${s.type === 'union_specifier' ? 'union' : 'struct'} ${name}`, s);
    }
    for (const list of u.nodes.get('enumerator_list') ?? []) {
      let next = 0;
      for (const e of list?.namedChildren ?? []) {
        if (e?.type !== 'enumerator') continue;
        const name = e.childForFieldName('name')?.text;
        const vn = e.childForFieldName('value');
        const v = vn ? folder.fold(vn) : next;
        if (name !== undefined && v !== undefined) enums.set(name, v);
        next = (v ?? next) + 1;
      }
    }
    for (const n of topsOf(u)) {
      if (n.type === 'type_definition') {
        const t = n.childForFieldName('type');
        for (const d of n.childrenForFieldName('declarator')) {
          const name = declName(d);
          if (t && d && name) typedefs.set(name, [t, d]);
        }
      } else if (n.type === 'declaration') {
        const t = n.childForFieldName('type');
        const constness = isConstVolatile(n);
        for (const d of n.childrenForFieldName('declarator')) {
          const name = declName(d);
          if (!t || !d || !name || d.type === 'function_declarator') continue;
          const init = d.type === 'init_declarator' ? d.childForFieldName('value') ?? undefined : undefined;
          globals.set(name, {
            typeNode: t,
            declarator: d.type === 'init_declarator' ? d.childForFieldName('declarator') : d,
            init,
            kind: 'global',
            ...(constness ? { constness } : {}),
          });
        }
      }
    }
  }

  const maps = new Map<string, MapDef>();
  const functions: FunctionDef[] = [];
  const unitOf = (n: Node): ParsedUnit | undefined => units.find((x) => x.tree.rootNode.id === n.tree.rootNode.id);
  for (const u of units) {
    const tops = topsOf(u);
    const secOf = sectionFinder(tops, u.marks);
    for (const n of tops) {
      const sec = secOf(n);
      if (n.type === 'declaration' && (sec === '.maps' || sec === 'maps')) {
        const m = mapFromDecl(n, u, sec === 'maps', folder, layouts, records, unitOf);
        if (m) maps.set(m.name, m);
      } else if (n.type === 'function_definition') {
        const f = functionDef(n, u.file, sec);
        if (f) functions.push(f);
      }
    }
  }

  const contextKey = contextOf(units, functions, settings);
  layouts.contextKey = contextKey;

  const calls: HelperCall[] = [];
  // Scopes are built on demand: only functions with helper calls need them.
  const scopes = new Map<FunctionDef, Scope>();
  const declarations = new Map<string, { starts: number[]; nodes: readonly Node[] }>();
  const inBody = new Map<FunctionDef, readonly Node[]>();
  // the declarations of a body, cut from the one walk of its file (sorted by offset)
  const declarationsOf = (fn: FunctionDef): readonly Node[] => {
    let list = inBody.get(fn);
    if (list === undefined) {
      let d = declarations.get(fn.file);
      if (d === undefined) {
        const nodes = units.find((u) => u.file === fn.file)?.nodes.get('declaration') ?? [];
        declarations.set(fn.file, (d = { starts: nodes.map((n) => n.startIndex), nodes }));
      }
      list = bodySlice(fn, d.starts, d.nodes);
      inBody.set(fn, list);
    }
    return list;
  };
  for (const fn of functions) registerDeclarations(fn, () => declarationsOf(fn));
  const scopeFor = (fn: FunctionDef): Scope => {
    let sc = scopes.get(fn);
    if (!sc) scopes.set(fn, (sc = scopeOf(fn, declarationsOf(fn))));
    return sc;
  };
  // Every call of the tree, also those inside ERROR nodes of half-typed code (then without a function).
  const sites: { node: Node; name: string; file: string; fn: FunctionDef | undefined }[] = [];
  for (const u of units) {
    const fns = functions.filter((f) => f.file === u.file); // in source order
    const spans = fns.map((f) => [f.node.startIndex, f.node.endIndex] as const); // node getters cross into wasm: read once
    const list = u.nodes.get('call_expression') ?? [];
    const starts = list.map((c) => c.startIndex);
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      const start = starts[i];
      if (c === undefined || start === undefined) continue;
      // `name (` at the call's start is its callee, unless another call starts there too (`f(a)(b)`)
      let name = starts[i - 1] === start || starts[i + 1] === start ? undefined : calleeAt(u.masked, start);
      if (name === undefined) {
        const callee = c.childForFieldName('function');
        if (callee?.type !== 'identifier') continue;
        name = callee.text;
      }
      sites.push({ node: c, name, file: u.file, fn: enclosing(fns, spans, start) });
    }
  }
  const callerCache = new Map<string, { args: Node[]; fn: FunctionDef | undefined }[]>();
  const ctx: SizeContext = {
    folder,
    scopeFor,
    callers: (name) => {
      let list = callerCache.get(name);
      if (!list) {
        list = sites.filter((s) => s.name === name).map((s) => ({ args: callArgs(s.node), fn: s.fn }));
        callerCache.set(name, list);
      }
      return list;
    },
  };
  const unitText = new Map(units.map((u) => [u.file, u.masked]));
  // Per-call facts are reused across analyses, keyed by the context and the enclosing function's text.
  const fnKeys = new Map<FunctionDef, { start: number; key: string }>();
  const siteKey = (fn: FunctionDef, at: number, name: string): string => {
    let k = fnKeys.get(fn);
    if (k === undefined) {
      const start = fn.node.startIndex;
      k = { start, key: String(functionId(`${contextKey}\0${fn.file}\0${unitText.get(fn.file)?.slice(start, fn.node.endIndex) ?? ''}`)) };
      fnKeys.set(fn, k);
    }
    return `${k.key}\0${at - k.start}\0${name}`;
  };
  const noScope: Scope = new Map<string, VarDecl>();
  for (const s of sites) {
    const fn = s.fn;
    const call = helperCall(s.node, unitText.get(s.file) ?? '', s.name, s.file, fn, () => (fn ? scopeFor(fn) : noScope), maps, ctx, (at) =>
      fn ? siteKey(fn, at, s.name) : undefined,
    );
    if (call) calls.push(call);
  }

  const rodata = new Map<string, number | undefined>();
  for (const [name, g] of globals) if (g.constness === 'rodata') rodata.set(name, g.init ? folder.fold(g.init) : undefined);

  let disposed = false;
  const model: ProgramModel = {
    file,
    settings,
    units,
    maps,
    functions,
    calls,
    rodata,
    contextKey,
    fold: (node, fn) => folder.fold(node, fn ? scopeFor(fn) : undefined),
    sizeOfType: (t) => layouts.ofText(t)?.size,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      if (live.get(file) === model) live.delete(file);
      for (const u of units) u.tree.delete();
      for (const t of defineTrees) t.delete();
    },
  };
  // Safety net against leaked wasm memory: a new model of a file replaces (disposes) the previous one
  // of the same file, and at most MAX_LIVE_FILES files keep a model.
  live.get(file)?.dispose();
  live.set(file, model);
  for (const [, old] of live) {
    if (live.size <= MAX_LIVE_FILES) break;
    old.dispose();
  }
  return model;
}

/** contextId (context.ts) of a model: the files outside function bodies, plus type definitions inside them. */
function contextOf(units: readonly ParsedUnit[], functions: readonly FunctionDef[], settings: AnalysisSettings): number {
  return contextId(
    settings,
    units.map((u) => {
      const spans = functions.filter((f) => f.file === u.file).map((f) => [f.node.startIndex, f.node.endIndex] as const);
      const visible: string[] = [];
      if (spans.length > 0) {
        for (const kind of ['struct_specifier', 'union_specifier', 'enumerator_list']) {
          for (const n of u.nodes.get(kind) ?? []) {
            const at = n.startIndex;
            const inBody = spans.some(([a, b]) => a <= at && at < b);
            if (inBody && (kind === 'enumerator_list' || n.childForFieldName('body'))) visible.push(u.masked.slice(at, n.endIndex));
          }
        }
      }
      return { file: u.file, masked: u.masked, functions: spans, visible };
    }),
  );
}

const MAX_LIVE_FILES = 64;
const live = new Map<string, ProgramModel>();

/** The function whose body contains `offset` (functions in source order, not nested in C; spans = their offsets). */
function enclosing(fns: readonly FunctionDef[], spans: readonly (readonly [number, number])[], offset: number): FunctionDef | undefined {
  let lo = 0;
  let hi = fns.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const sp = spans[mid];
    if (!sp) break;
    if (sp[0] <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const sp = spans[best];
  return sp && offset < sp[1] ? fns[best] : undefined;
}

const CALLEE = /[A-Za-z_]\w*(?=\s*\()/y;

/** The identifier callee of the call starting at `start`, read from the text; undefined when it is not that simple. */
function calleeAt(text: string, start: number): string | undefined {
  CALLEE.lastIndex = start;
  return CALLEE.exec(text)?.[0];
}

/** SEC("...") belongs to the top-level node containing it, else to the next node after it. */
function sectionFinder(tops: readonly Node[], marks: Masked): (n: Node) => string | undefined {
  const owner = new Map<number, string>();
  const spans = tops.map((t) => [t.startIndex, t.endIndex] as const); // read once: node getters cross into wasm
  let i = 0;
  for (const s of marks.secs) {
    // secs and tops are both in source order
    while (i < spans.length && (spans[i]?.[1] ?? 0) < s.end && (spans[i]?.[0] ?? 0) < s.end) i++;
    const span = spans[i];
    if (span === undefined) break;
    if (!owner.has(i)) owner.set(i, s.name);
  }
  const index = new Map<number, number>(tops.map((t, k) => [t.id, k]));
  return (n) => {
    const k = index.get(n.id);
    return k === undefined ? undefined : owner.get(k);
  };
}

function functionDef(n: Node, file: string, section: string | undefined): FunctionDef | undefined {
  const body = n.childForFieldName('body');
  let d = n.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const nameNode = d?.childForFieldName('declarator');
  if (!body || !d || !nameNode) return undefined;
  // parameters read from the tree only when asked (most functions' never are after an edit elsewhere)
  let params: FunctionDef['params'] | undefined;
  const paramsOf = (): FunctionDef['params'] =>
    (d.childForFieldName('parameters')?.namedChildren ?? [])
      .filter((p): p is Node => p?.type === 'parameter_declaration')
      .map((p) => ({ name: declName(p.childForFieldName('declarator')) ?? '', type: p.text }));
  const isStatic = n.namedChildren.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static');
  return {
    name: nameNode.text,
    file,
    node: n,
    body,
    nameRange: rangeOf(nameNode),
    section,
    isStatic,
    get params(): FunctionDef['params'] {
      return (params ??= paramsOf());
    },
  };
}

/** First index in sorted `xs` with xs[i] >= x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The nodes of `decls` (the file's declarations in tree order, at offsets `starts`) inside fn's body. */
function bodySlice(fn: FunctionDef, starts: readonly number[], decls: readonly Node[]): Node[] {
  const bodyStart = fn.body.startIndex;
  const bodyEnd = fn.body.endIndex;
  const out: Node[] = [];
  for (let i = lowerBound(starts, bodyStart); i < decls.length && (starts[i] ?? bodyEnd) < bodyEnd; i++) {
    const n = decls[i];
    if (n !== undefined) out.push(n);
  }
  return out;
}

/** Parameters and locals of fn (`inBody`: the declarations of its body, in tree order). */
function scopeOf(fn: FunctionDef, inBody: readonly Node[]): Scope {
  const scope = new Map<string, VarDecl>();
  let d = fn.node.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  for (const p of d?.childForFieldName('parameters')?.namedChildren ?? []) {
    const t = p?.childForFieldName('type');
    const decl = p?.childForFieldName('declarator') ?? null;
    const name = declName(decl);
    if (t && name) scope.set(name, { typeNode: t, declarator: decl, init: undefined, kind: 'param' });
  }
  for (const decl of inBody) {
    const t = decl?.childForFieldName('type');
    for (const dn of decl?.childrenForFieldName('declarator') ?? []) {
      const name = declName(dn);
      if (!t || !dn || !name || scope.has(name)) continue;
      const isInit = dn.type === 'init_declarator';
      scope.set(name, {
        typeNode: t,
        declarator: isInit ? dn.childForFieldName('declarator') : dn,
        init: isInit ? dn.childForFieldName('value') ?? undefined : undefined,
        kind: 'local',
      });
    }
  }
  return scope;
}

function mapFromDecl(
  n: Node,
  u: ParsedUnit,
  legacy: boolean,
  folder: Folder,
  layouts: Layouts,
  records: ReadonlyMap<string, Node>,
  unitOf: (n: Node) => ParsedUnit | undefined,
): MapDef | undefined {
  const d = n.childrenForFieldName('declarator')[0] ?? null;
  const name = declName(d);
  const nameNode = d?.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
  const typeNode = n.childForFieldName('type');
  if (!name || !nameNode || !typeNode) return undefined;
  if (legacy) {
    const fields = new Map<string, MapField>();
    const init = d?.type === 'init_declarator' ? d.childForFieldName('value') : null;
    for (const p of init?.namedChildren ?? []) {
      if (p?.type !== 'initializer_pair') continue;
      const f = p.childForFieldName('designator')?.text.replace(/^\./, '');
      const v = p.childForFieldName('value');
      if (f && v) fields.set(f, { range: rangeOf(p), value: folder.fold(v), text: v.text });
    }
    return { name, file: u.file, nameRange: rangeOf(nameNode), legacy, type: fields.get('type')?.value, fields };
  }
  // `struct rb_def { ... } rb SEC(".maps")` or `struct rb_def rb SEC(".maps")` with the struct defined before
  const named = typeNode.childForFieldName('name')?.text;
  const defined = typeNode.childForFieldName('body') ? undefined : named ? records.get(`struct ${named}`) : undefined;
  const body = typeNode.childForFieldName('body') ?? defined?.childForFieldName('body');
  if (!body) return undefined;
  const bodyUnit = defined ? (unitOf(defined) ?? u) : u;
  const own = structMapFields(body, bodyUnit, folder, layouts);
  // members written in another file (a header's struct type): report them on this map's name
  const fields =
    bodyUnit.file === u.file ? own : new Map([...own].map(([k, v]) => [k, { ...v, range: rangeOf(nameNode) }] as const));
  const values = u.marks.macros.find((m) => m.kind === 'array' && m.start >= body.startIndex && m.end <= body.endIndex);
  let inner: MapDef | undefined;
  if (values) {
    const tmpl = records.get(values.valueText.replace(/\s+/g, ' '));
    const tb = tmpl?.childForFieldName('body');
    if (tmpl && tb) {
      const tname = tmpl.childForFieldName('name');
      const tf = structMapFields(tb, u, folder, layouts);
      inner = { name: values.valueText, file: u.file, nameRange: rangeOf(tname ?? tmpl), legacy: false, type: tf.get('type')?.value, fields: tf };
    }
  }
  return {
    name,
    file: u.file,
    nameRange: rangeOf(nameNode),
    legacy,
    type: fields.get('type')?.value,
    fields,
    ...(inner ? { inner } : {}),
  };
}

/** Members of a BTF map struct body: `__uint` (now `__uint name[expr]`) and `__type`/`__array` macros. */
function structMapFields(body: Node, u: ParsedUnit, folder: Folder, layouts: Layouts): Map<string, MapField> {
  const fields = new Map<string, MapField>();
  let members: (Node | null)[] | undefined;
  const [bodyStart, bodyEnd] = [body.startIndex, body.endIndex]; // read once: each read is a wasm call
  for (const m of u.marks.macros) {
    if (m.start < bodyStart || m.end > bodyEnd) continue;
    members ??= body.namedChildren;
    const fd = members.find((c) => c !== null && c.startIndex <= m.start && m.end <= c.endIndex);
    // the masked text keeps the real text's lines, so its line starts give the real positions
    const range = { start: positionAt(u.lines, m.start), end: positionAt(u.lines, m.end) };
    if (m.kind === 'uint') {
      const arr = fd?.childForFieldName('declarator');
      const size = arr?.type === 'array_declarator' ? arr.childForFieldName('size') : null;
      fields.set(m.field, { range, value: size ? folder.fold(size) : undefined, text: m.valueText });
    } else {
      fields.set(m.field, { range, value: m.kind === 'type' ? layouts.ofText(m.valueText)?.size : undefined, text: m.valueText });
    }
  }
  return fields;
}

const SIZE_ARG: Readonly<Record<string, number>> = { bpf_ringbuf_reserve: 1, bpf_ringbuf_output: 2, bpf_ringbuf_reserve_dynptr: 1 };
const FLAGS_ARG: Readonly<Record<string, number>> = {
  bpf_ringbuf_reserve: 2,
  bpf_ringbuf_submit: 1,
  bpf_ringbuf_discard: 1,
  bpf_ringbuf_output: 3,
  bpf_ringbuf_query: 1,
  bpf_ringbuf_reserve_dynptr: 2,
  bpf_ringbuf_submit_dynptr: 1,
  bpf_ringbuf_discard_dynptr: 1,
  bpf_user_ringbuf_drain: 3,
};

function mapArg(args: readonly Node[], maps: ReadonlyMap<string, MapDef>): MapDef | undefined {
  for (const a of args) {
    const s = strip(a);
    const id = s.type === 'pointer_expression' && s.child(0)?.text === '&' ? s.childForFieldName('argument') : s;
    if (id?.type === 'identifier') {
      const m = maps.get(id.text);
      if (m) return m;
    }
  }
  return undefined;
}

/** The variable a call's result goes to: `T *e = call(...)` or `e = call(...)`, through casts. */
function targetOf(call: Node): string | undefined {
  let n: Node = call;
  while (n.parent && (n.parent.type === 'cast_expression' || n.parent.type === 'parenthesized_expression')) n = n.parent;
  const p = n.parent;
  if (p?.type === 'init_declarator') return declName(p.childForFieldName('declarator'));
  if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.id === n.id) {
    const l = p.childForFieldName('left');
    return l?.type === 'identifier' ? l.text : undefined;
  }
  return undefined;
}

/** Whether the call's text mentions any map's name as a word (a superset of mapArg finding one). */
function namesMap(c: Node, text: string, maps: ReadonlyMap<string, MapDef>): boolean {
  if (maps.size === 0) return false;
  for (const m of text.slice(c.startIndex, c.endIndex).matchAll(/[A-Za-z_]\w*/g)) if (maps.has(m[0])) return true;
  return false;
}

function helperCall(
  c: Node,
  text: string,
  name: string,
  file: string,
  fn: FunctionDef | undefined,
  scopeOf: () => Scope,
  maps: ReadonlyMap<string, MapDef>,
  ctx: SizeContext,
  keyOf: (at: number) => string | undefined,
): HelperCall | undefined {
  // Kernel helpers only (bpf_*): user functions are followed by the path analysis, not listed here.
  if (!name.startsWith('bpf_')) return undefined;
  // Cheap early-out before reading the arguments from the tree: neither a ring helper nor naming a map.
  if (!RING_HELPERS.has(name) && !namesMap(c, text, maps)) return undefined;
  const key = keyOf(c.startIndex);
  const known = key === undefined ? undefined : cachedCall(key);
  if (known === null) return undefined;
  if (known !== undefined) {
    const { map, ...rest } = known;
    // arguments read from the tree only when a rule asks (each read crosses into wasm)
    let args: Node[] | undefined;
    return {
      name,
      file,
      node: c,
      get args(): Node[] {
        return (args ??= callArgs(c));
      },
      fn,
      map: map === undefined ? undefined : maps.get(map),
      ...rest,
    };
  }
  const args = callArgs(c);
  const folder = ctx.folder;
  const map = mapArg(args, maps);
  if (!RING_HELPERS.has(name) && !map) {
    if (key !== undefined) cacheCall(key, null);
    return undefined;
  }
  const scope = scopeOf();
  const sizeIdx = SIZE_ARG[name];
  const sizeNode = sizeIdx === undefined ? undefined : args[sizeIdx];
  const sized = sizeNode ? folder.eval(sizeNode, scope) : undefined;
  let sizeKind: SizeKind | undefined;
  // a size classified through the callers of its function (other functions' text) is not cached
  let fromCallers = false;
  const watched: SizeContext = {
    folder: ctx.folder,
    scopeFor: (f) => ctx.scopeFor(f),
    callers: (n) => {
      fromCallers = true;
      return ctx.callers(n);
    },
  };
  if (sizeNode) sizeKind = sized ? (sized.rodata ? 'rodata' : 'constant') : fn ? classifySize(sizeNode, fn, watched) : undefined;
  const flagsIdx = FLAGS_ARG[name];
  const flagsNode = flagsIdx === undefined ? undefined : args[flagsIdx];
  const target = targetOf(c);
  let recordType: string | undefined;
  let recordSize: number | undefined;
  if (target !== undefined && name === 'bpf_ringbuf_reserve') {
    const t = folder.typeOfName(target, scope);
    const pointee = t?.kind === 'pointer' ? t.pointee?.() : undefined;
    recordType = t?.kind === 'pointer' ? t.name.replace(/\s*\*$/, '') : undefined;
    recordSize = pointee?.size;
  }
  const facts: CallFacts = {
    map: map?.name,
    size: sized?.value,
    sizeKind,
    flags: flagsNode ? folder.fold(flagsNode, scope) : undefined,
    recordType,
    recordSize,
    target,
  };
  if (key !== undefined && !fromCallers) cacheCall(key, facts);
  return { name, file, node: c, args, fn, ...facts, map };
}
