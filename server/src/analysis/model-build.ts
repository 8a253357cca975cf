// Builds the ProgramModel of one translation unit: follows local includes through the SourceProvider,
// collects #defines, enums, structs, typedefs, globals, maps, functions and helper calls.
import type { SyntaxNode, SyntaxTree } from './syntax/node';
import type { AnalysisSettings, SourceProvider } from './findings';
import { forgetModel } from './caches';
import { cacheCall, cachedCall, functionId, type CallFacts } from './call-cache';
import { collect, type CallSite, type Collected, type Top } from './collect';
import { ContextIndex } from './context-index';
import { cacheMap, cachedMap } from './map-cache';
import { someIdentifier, wordsOf } from './words';
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
import { positionAt } from './lines';

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
  /** The real text (masked is what was parsed). */
  readonly raw: string;
  readonly marks: Masked;
  readonly lines: readonly number[];
  /** Top-level nodes, nodes of the kinds the model needs and call sites (collect.ts). */
  readonly found: Collected;
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
    const found = collect(tree.rootNode, marks.text);
    units.push({ file: f, raw: t, masked: marks.text, tree, marks, lines: tree.lineStarts(), found });
    for (const inc of found.nodes.get('preproc_include') ?? []) {
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

function isConstVolatile(decl: SyntaxNode): 'rodata' | 'const' | undefined {
  const quals = decl.namedChildren.filter((c) => c?.type === 'type_qualifier').map((c) => c?.text);
  if (!quals.includes('const')) return undefined;
  return quals.includes('volatile') ? 'rodata' : 'const';
}

export function buildModel(file: string, text: string, settings: AnalysisSettings, sources: SourceProvider): ProgramModel | undefined {
  const units = loadUnits(file, text, settings, sources);
  if (units.length === 0) return undefined;
  try {
    return modelOf(file, units, settings);
  } catch (err) {
    // a model that failed half-way frees its trees (parser.ts keeps its own copies for the next parse)
    for (const u of units) u.tree.delete();
    throw err;
  }
}

function modelOf(file: string, units: ParsedUnit[], settings: AnalysisSettings): ProgramModel {
  const enums = new Map<string, number>();
  const defines = new Map<string, string>();
  const records = new Map<string, SyntaxNode>();
  const typedefs = new Map<string, readonly [SyntaxNode, SyntaxNode]>();
  const globals = new Map<string, VarDecl>();
  // Folder and Layouts need each other (array sizes fold; sizeof needs layouts): tie them through a holder.
  const ref: { layouts?: Layouts } = {};
  // the trees of parsed #define values, freed with the model (their nodes are only read while folding)
  const defineTrees: SyntaxTree[] = [];
  const folder = new Folder(enums, defines, globals, () => ref.layouts as Layouts, (t) => {
    const tree = parseC(`long __rs_v = (${t});`);
    if (tree) defineTrees.push(tree);
    return tree?.rootNode.descendantsOfType('init_declarator')[0]?.childForFieldName('value') ?? undefined;
  });
  const layouts = new Layouts(records, typedefs, (n) => folder.fold(n));
  ref.layouts = layouts;

  // Pass 1: names (all units, includes first so the main file wins on redefinition).
  for (const u of [...units].reverse()) {
    const nodes = u.found.nodes;
    for (const d of nodes.get('preproc_def') ?? []) {
      const name = d?.childForFieldName('name')?.text;
      const value = d?.childForFieldName('value')?.text.trim();
      if (name && value) defines.set(name, value);
    }
    for (const s of [...(nodes.get('struct_specifier') ?? []), ...(nodes.get('union_specifier') ?? [])]) {
      const name = s?.childForFieldName('name')?.text;
      if (s && name && s.childForFieldName('body')) records.set(`${s.type === 'union_specifier' ? 'union' : 'struct'} ${name}`, s);
    }
    for (const list of nodes.get('enumerator_list') ?? []) {
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
    for (const { node: n, type } of u.found.tops) {
      if (type === 'type_definition') {
        const t = n.childForFieldName('type');
        for (const d of n.childrenForFieldName('declarator')) {
          const name = declName(d);
          if (t && d && name) typedefs.set(name, [t, d]);
        }
      } else if (type === 'declaration') {
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
  const unitOf = (n: SyntaxNode): ParsedUnit | undefined => units.find((x) => x.tree.rootNode.id === n.tree.rootNode.id);
  const mapTops: { u: ParsedUnit; top: Top; legacy: boolean }[] = [];
  for (const u of units) {
    const tops = u.found.tops;
    const secs = sections(tops, u.marks);
    for (let i = 0; i < tops.length; i++) {
      const top = tops[i];
      if (top === undefined) continue;
      const n = top.node;
      const sec = secs.get(i);
      if (top.type === 'declaration' && (sec === '.maps' || sec === 'maps')) {
        mapTops.push({ u, top, legacy: sec === 'maps' });
      } else if (top.type === 'function_definition') {
        const f = functionDef(n, u.file, sec);
        if (f) functions.push(f);
      }
    }
  }

  const fnSpan = (fn: FunctionDef): readonly [number, number] => [fn.node.startIndex, fn.node.endIndex];
  const index = contextIndexOf(units, functions, fnSpan, settings);
  layouts.contextFor = (name) => index.ofName(name);
  // maps in source order; one whose declaration reads the same in the same context comes from map-cache.ts
  for (const { u, top, legacy } of mapTops) {
    const text = u.raw.slice(top.start, top.end);
    const key = `${index.ofWords(wordsOf(text))}\0${u.file}\0${legacy ? 'maps' : '.maps'}\0${text}`;
    const start = positionAt(u.lines, top.start);
    let m = cachedMap(key, start);
    if (m === undefined) {
      m = mapFromDecl(top.node, u, legacy, folder, layouts, records, unitOf);
      if (m) cacheMap(key, m, start, positionAt(u.lines, top.end));
    }
    if (m) maps.set(m.name, m);
  }
  const rawText = new Map(units.map((u) => [u.file, u.raw]));
  const contextOfFn = (fn: FunctionDef): number => {
    const [start, end] = fnSpan(fn);
    return index.ofFunction(fn, rawText.get(fn.file)?.slice(start, end) ?? '');
  };

  const calls: HelperCall[] = [];
  // Scopes are built on demand: only functions with helper calls need them.
  const scopes = new Map<FunctionDef, Scope>();
  const declarations = new Map<string, { starts: number[]; nodes: readonly SyntaxNode[] }>();
  const inBody = new Map<FunctionDef, readonly SyntaxNode[]>();
  const unitOfFile = new Map(units.map((u) => [u.file, u]));
  // the declarations of a body, cut from the one walk of its file (sorted by offset), or read from the body
  // when collect.ts did not walk it
  const declarationsOf = (fn: FunctionDef): readonly SyntaxNode[] => {
    let list = inBody.get(fn);
    if (list === undefined) {
      const u = unitOfFile.get(fn.file);
      if (u?.found.unwalked.has(fnSpan(fn)[0])) {
        list = fn.body.descendantsOfType('declaration');
      } else {
        let d = declarations.get(fn.file);
        if (d === undefined) {
          const nodes = u?.found.nodes.get('declaration') ?? [];
          declarations.set(fn.file, (d = { starts: nodes.map((n) => n.startIndex), nodes }));
        }
        list = bodySlice(fn, d.starts, d.nodes);
      }
      inBody.set(fn, list);
    }
    return list;
  };
  const unitText = new Map(units.map((u) => [u.file, u.masked]));
  /** The parsed (masked) text of a function: collect.ts's string when it has one (its hash is already known). */
  const functionText = (fn: FunctionDef): string => {
    const [start, end] = fnSpan(fn);
    return unitOfFile.get(fn.file)?.found.functionTexts.get(start) ?? unitText.get(fn.file)?.slice(start, end) ?? '';
  };
  for (const fn of functions) registerDeclarations(fn, () => declarationsOf(fn), () => functionText(fn));
  const scopeFor = (fn: FunctionDef): Scope => {
    let sc = scopes.get(fn);
    if (!sc) scopes.set(fn, (sc = scopeOf(fn, declarationsOf(fn))));
    return sc;
  };
  // Every call of the tree, also those inside ERROR nodes of half-typed code (then without a function).
  const sites: { site: CallSite; name: string; file: string; fn: FunctionDef | undefined }[] = [];
  for (const u of units) {
    const fns = functions.filter((f) => f.file === u.file); // in source order
    const spans = fns.map(fnSpan);
    for (const site of u.found.calls) sites.push({ site, name: site.name, file: u.file, fn: enclosing(fns, spans, site.start) });
  }
  const callerCache = new Map<string, { args: SyntaxNode[]; fn: FunctionDef | undefined }[]>();
  const ctx: SizeContext = {
    folder,
    scopeFor,
    callers: (name) => {
      let list = callerCache.get(name);
      if (!list) {
        list = sites.filter((s) => s.name === name).map((s) => ({ args: callArgs(s.site.node()), fn: s.fn }));
        callerCache.set(name, list);
      }
      return list;
    },
  };
  // Per-call facts are reused across analyses, keyed by the context and the enclosing function's text.
  // (context, file, name, section, text) of a function as one number: call facts and path units key on it
  const fnIds = new Map<FunctionDef, number>();
  const functionKey = (fn: FunctionDef): number => {
    let id = fnIds.get(fn);
    if (id === undefined) {
      fnIds.set(fn, (id = functionId(functionText(fn), `${contextOfFn(fn)}\0${fn.file}\0${fn.name}\0${fn.section ?? ''}`)));
    }
    return id;
  };
  const siteKey = (fn: FunctionDef, at: number, name: string): string => `${functionKey(fn)}\0${at - fnSpan(fn)[0]}\0${name}`;
  const noScope: Scope = new Map<string, VarDecl>();
  for (const s of sites) {
    const fn = s.fn;
    const call = helperCall(s.site, unitText.get(s.file) ?? '', s.name, s.file, fn, () => (fn ? scopeFor(fn) : noScope), maps, ctx, (at) =>
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
    get contextKey(): number {
      return index.wholeKey();
    },
    contextOf: contextOfFn,
    functionKey,
    callKey: (c) => (c.fn ? siteKey(c.fn, c.start, c.name) : undefined),
    fold: (node, fn) => folder.fold(node, fn ? scopeFor(fn) : undefined),
    sizeOfType: (t) => layouts.ofText(t)?.size,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      if (live.get(file) === model) live.delete(file);
      forgetModel(model);
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

/** The per-function context keys of a model (context-index.ts). */
function contextIndexOf(
  units: readonly ParsedUnit[],
  functions: readonly FunctionDef[],
  fnSpan: (fn: FunctionDef) => readonly [number, number],
  settings: AnalysisSettings,
): ContextIndex {
  const at = new Map<string, Map<number, FunctionDef>>();
  for (const f of functions) {
    let m = at.get(f.file);
    if (m === undefined) at.set(f.file, (m = new Map()));
    m.set(fnSpan(f)[0], f);
  }
  return new ContextIndex(
    units.map((u) => ({ file: u.file, raw: u.raw, masked: u.masked, tops: u.found.tops, secs: u.marks.secs, plain: u.found.plain })),
    settings,
    at,
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

/** SEC("...") belongs to the top-level node containing it, else to the next node after it: top index → name. */
function sections(tops: readonly Top[], marks: Masked): Map<number, string> {
  const owner = new Map<number, string>();
  let i = 0;
  for (const s of marks.secs) {
    // secs and tops are both in source order
    while (i < tops.length && (tops[i]?.end ?? 0) < s.end && (tops[i]?.start ?? 0) < s.end) i++;
    if (i >= tops.length) break;
    if (!owner.has(i)) owner.set(i, s.name);
  }
  return owner;
}

function functionDef(n: SyntaxNode, file: string, section: string | undefined): FunctionDef | undefined {
  const body = n.childForFieldName('body');
  let d = n.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const nameNode = d?.childForFieldName('declarator');
  if (!body || !d || !nameNode) return undefined;
  // parameters read from the tree only when asked (most functions' never are after an edit elsewhere)
  let params: FunctionDef['params'] | undefined;
  const paramsOf = (): FunctionDef['params'] =>
    (d.childForFieldName('parameters')?.namedChildren ?? [])
      .filter((p): p is SyntaxNode => p?.type === 'parameter_declaration')
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

/** First index i < count with key(i) >= x, the keys being sorted (count when none). */
function lowerBound(count: number, key: (i: number) => number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The nodes of `decls` (the file's declarations in tree order, at offsets `starts`) inside fn's body. */
function bodySlice(fn: FunctionDef, starts: readonly number[], decls: readonly SyntaxNode[]): SyntaxNode[] {
  const bodyStart = fn.body.startIndex;
  const bodyEnd = fn.body.endIndex;
  const out: SyntaxNode[] = [];
  for (let i = lowerBound(starts.length, (k) => starts[k] ?? 0, bodyStart); i < decls.length && (starts[i] ?? bodyEnd) < bodyEnd; i++) {
    const n = decls[i];
    if (n !== undefined) out.push(n);
  }
  return out;
}

/** Parameters and locals of fn (`inBody`: the declarations of its body, in tree order). */
function scopeOf(fn: FunctionDef, inBody: readonly SyntaxNode[]): Scope {
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
  n: SyntaxNode,
  u: ParsedUnit,
  legacy: boolean,
  folder: Folder,
  layouts: Layouts,
  records: ReadonlyMap<string, SyntaxNode>,
  unitOf: (n: SyntaxNode) => ParsedUnit | undefined,
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
function structMapFields(body: SyntaxNode, u: ParsedUnit, folder: Folder, layouts: Layouts): Map<string, MapField> {
  const fields = new Map<string, MapField>();
  let members: (SyntaxNode | null)[] | undefined;
  const bodyStart = body.startIndex;
  const bodyEnd = body.endIndex;
  // the macros are in text order: start at the first inside the body (a file has one per map field)
  const macros = u.marks.macros;
  for (let i = lowerBound(macros.length, (k) => macros[k]?.start ?? 0, bodyStart); i < macros.length; i++) {
    const m = macros[i];
    if (m === undefined || m.start >= bodyEnd) break;
    if (m.end > bodyEnd) continue;
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

function mapArg(args: readonly SyntaxNode[], maps: ReadonlyMap<string, MapDef>): MapDef | undefined {
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
function targetOf(call: SyntaxNode): string | undefined {
  let n: SyntaxNode = call;
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
function namesMap(c: CallSite, text: string, maps: ReadonlyMap<string, MapDef>): boolean {
  return maps.size > 0 && someIdentifier(text, c.start, c.end, (w) => maps.has(w));
}

function helperCall(
  site: CallSite,
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
  const key = keyOf(site.start);
  const known = key === undefined ? undefined : cachedCall(key);
  if (known === null) return undefined;
  // Cheap early-out before reading the arguments from the tree: neither a ring helper nor naming a map
  // (remembered like any other verdict on the site: the map names it could match are in its key).
  if (known === undefined && !RING_HELPERS.has(name) && !namesMap(site, text, maps)) {
    if (key !== undefined) cacheCall(key, null);
    return undefined;
  }
  if (known !== undefined) {
    const { map, ...rest } = known;
    // the node and its arguments read from the tree only when a rule asks (a remembered call's node is found in the tree on first use)
    let args: SyntaxNode[] | undefined;
    return {
      name,
      file,
      get node(): SyntaxNode {
        return site.node();
      },
      start: site.start,
      get args(): SyntaxNode[] {
        return (args ??= callArgs(site.node()));
      },
      fn,
      map: map === undefined ? undefined : maps.get(map),
      ...rest,
    };
  }
  const c = site.node();
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
  return { name, file, node: c, start: site.start, args, fn, ...facts, map };
}
