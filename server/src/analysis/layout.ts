// Struct layout on the BPF target (LP64, natural alignment, packed, arrays, nested structs and
// unions): sizeof/offsetof of types written in the source. Unknown types give undefined, never a guess.
import type { SyntaxNode } from './syntax/node';
import { KNOWN_STRUCTS, SCALAR_TYPEDEFS } from './consts';
import { registerCache, trimOldest } from './caches';
import { ownCopy } from './text-memo';

export interface TypeInfo {
  readonly size: number;
  readonly align: number;
  /** Display name, e.g. `struct event`, `__u32`, `char[16]`, `struct event *`. */
  readonly name: string;
  readonly kind: 'scalar' | 'pointer' | 'array' | 'record';
  /** Members of a struct/union (anonymous members flattened in), by name. */
  readonly fields?: ReadonlyMap<string, { readonly offset: number; readonly type: TypeInfo }>;
  readonly elem?: TypeInfo;
  /** Pointee of a pointer, resolved lazily (self-referencing structs). */
  readonly pointee?: () => TypeInfo | undefined;
}

function scalar(name: string, size: number): TypeInfo {
  return { size, align: size, name, kind: 'scalar' };
}

export function pointerTo(name: string, target: () => TypeInfo | undefined): TypeInfo {
  return { size: 8, align: 8, name: `${name} *`, kind: 'pointer', pointee: target };
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

function primitive(text: string): TypeInfo | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === 'void') return undefined;
  const known = SCALAR_TYPEDEFS.get(t);
  if (known !== undefined) return scalar(t, known);
  if (/\bchar\b/.test(t)) return scalar(t, 1);
  if (/\bshort\b/.test(t)) return scalar(t, 2);
  if (/\blong\b/.test(t) || t === 'double') return scalar(t, 8);
  if (/\b(int|unsigned|signed|float)\b/.test(t)) return scalar(t, 4);
  return undefined;
}

/** Layouts of named types by `${context of the name}\0${name}`, kept across analyses (pointer-free ones only). */
const shared = new Map<string, TypeInfo>();
registerCache(() => shared.clear());
const MAX_SHARED = 4096;

/** No pointer inside: a pointer's lazy pointee reads the parse tree of the model that made it. */
function selfContained(t: TypeInfo): boolean {
  if (t.kind === 'pointer') return false;
  if (t.elem !== undefined && !selfContained(t.elem)) return false;
  for (const [, f] of t.fields ?? []) if (!selfContained(f.type)) return false;
  return true;
}

export class Layouts {
  private readonly cache = new Map<number | string, TypeInfo | undefined>();
  private readonly busy = new Set<number | string>();
  /** The context key of a type name (context-index.ts), set by model-build.ts; enables the shared cache. */
  contextFor: ((name: string) => number) | undefined;

  constructor(
    /** `struct X`/`union X` → the specifier node with a body. */
    private readonly records: ReadonlyMap<string, SyntaxNode>,
    /** typedef name → [type node, declarator node]. */
    private readonly typedefs: ReadonlyMap<string, readonly [SyntaxNode, SyntaxNode]>,
    private readonly fold: (n: SyntaxNode) => number | undefined,
  ) {}

  /** Type of a declaration: its type specifier node wrapped by the declarator (pointer, array). */
  ofDeclarator(typeNode: SyntaxNode, declarator: SyntaxNode | null): TypeInfo | undefined {
    const base = (): TypeInfo | undefined => this.ofSpecifier(typeNode);
    return this.wrap(base, declarator);
  }

  private wrap(base: () => TypeInfo | undefined, d: SyntaxNode | null): TypeInfo | undefined {
    if (d === null) return base();
    switch (d.type) {
      case 'pointer_declarator':
      case 'abstract_pointer_declarator': {
        const inner = d.childForFieldName('declarator');
        const p = (): TypeInfo => pointerTo(base()?.name ?? 'void', base);
        return inner ? this.wrap(p, inner) : p();
      }
      case 'array_declarator':
      case 'abstract_array_declarator': {
        const sizeNode = d.childForFieldName('size');
        const n = sizeNode ? this.fold(sizeNode) : 0;
        const inner = d.childForFieldName('declarator');
        const arr = (): TypeInfo | undefined => {
          const e = base();
          if (e === undefined || n === undefined) return undefined;
          return { size: e.size * n, align: e.align, name: `${e.name}[${n}]`, kind: 'array', elem: e };
        };
        return inner ? this.wrap(arr, inner) : arr();
      }
      case 'parenthesized_declarator':
      case 'abstract_parenthesized_declarator': {
        const inner = d.namedChildren.find((c) => c !== null && c.type !== 'attribute_specifier');
        return inner ? this.wrap(base, inner) : base();
      }
      case 'function_declarator':
      case 'abstract_function_declarator':
        return undefined;
      case 'init_declarator':
        return this.wrap(base, d.childForFieldName('declarator'));
      default:
        return base();
    }
  }

  /** The type named by a specifier node (primitive, sized, typedef, struct/union/enum). */
  ofSpecifier(n: SyntaxNode): TypeInfo | undefined {
    switch (n.type) {
      case 'primitive_type':
      case 'sized_type_specifier':
        return primitive(n.text);
      case 'type_identifier':
        return this.ofName(n.text);
      case 'enum_specifier':
        return scalar(n.text.startsWith('enum') ? `enum ${n.childForFieldName('name')?.text ?? ''}`.trim() : 'enum', 4);
      case 'struct_specifier':
      case 'union_specifier':
        return this.ofRecord(n);
      case 'macro_type_specifier':
        return undefined;
      default:
        return undefined;
    }
  }

  /** A type written as text: `struct event`, `__u64`, `unsigned int`, `char[16]`, `struct x *`. */
  ofText(text: string): TypeInfo | undefined {
    const t = text.replace(/\s+/g, ' ').trim();
    const arr = /^(.*?)\s*\[([^\]]*)\]$/.exec(t);
    if (arr) {
      const e = this.ofText(arr[1] ?? '');
      const n = Number(arr[2]);
      return e && Number.isInteger(n) ? { size: e.size * n, align: e.align, name: t, kind: 'array', elem: e } : undefined;
    }
    if (t.endsWith('*')) {
      const inner = t.slice(0, -1).trim();
      return pointerTo(inner, () => this.ofText(inner));
    }
    const rec = /^(struct|union)\s+(\w+)$/.exec(t);
    if (rec) return this.ofRecordName(t);
    if (/^enum\s+\w+$/.test(t)) return scalar(t, 4);
    return this.ofName(t);
  }

  private ofName(name: string): TypeInfo | undefined {
    const p = primitive(name);
    if (p) return p;
    const td = this.typedefs.get(name);
    if (!td) return undefined;
    return this.memo(`typedef ${name}`, () => {
      const t = this.ofDeclarator(td[0], td[1].type === 'type_identifier' ? null : td[1]);
      return t && { ...t, name };
    });
  }

  private ofRecordName(key: string): TypeInfo | undefined {
    const node = this.records.get(key);
    if (node) return this.memo(key, () => this.ofRecord(node));
    const k = KNOWN_STRUCTS.get(key);
    return k ? { size: k[0], align: k[1], name: key, kind: 'record', fields: new Map() } : undefined;
  }

  private ofRecord(n: SyntaxNode): TypeInfo | undefined {
    const kw = n.type === 'union_specifier' ? 'union' : 'struct';
    const name = n.childForFieldName('name')?.text;
    const body = n.childForFieldName('body');
    if (!body) return name ? this.ofRecordName(`${kw} ${name}`) : undefined;
    return this.memo(n.id, () => this.layout(n, body, kw, name)); // SyntaxNode objects are recreated: key by id
  }

  private memo(key: number | string, f: () => TypeInfo | undefined): TypeInfo | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    // a named type is the same in every model where the declarations its name reaches are: reuse it across analyses
    const sharedKey = typeof key === 'string' && this.contextFor !== undefined ? `${this.contextFor(key)}\0${key}` : undefined;
    const known = sharedKey === undefined ? undefined : shared.get(sharedKey);
    if (known !== undefined) {
      this.cache.set(key, known);
      return known;
    }
    if (this.busy.has(key)) return undefined; // a struct containing itself by value: not C
    this.busy.add(key);
    const t = f();
    this.busy.delete(key);
    this.cache.set(key, t);
    if (sharedKey !== undefined && t !== undefined && selfContained(t)) {
      shared.set(ownCopy(sharedKey), t); // a copy: the key is made of views into the file's text
      trimOldest(shared, MAX_SHARED);
    }
    return t;
  }

  private layout(n: SyntaxNode, body: SyntaxNode, kw: 'struct' | 'union', name: string | undefined): TypeInfo | undefined {
    const packed = n.children.some((c) => c?.type === 'attribute_specifier' && /\bpacked\b/.test(c.text));
    const alignedAttr = n.children
      .filter((c) => c?.type === 'attribute_specifier')
      .map((c) => /\baligned\s*\(\s*(\d+)\s*\)/.exec(c?.text ?? ''))
      .find((m) => m);
    const fields = new Map<string, { offset: number; type: TypeInfo }>();
    let size = 0;
    let align = 1;
    for (const f of body.namedChildren) {
      if (f === null || f.type !== 'field_declaration') continue;
      const typeNode = f.childForFieldName('type');
      if (!typeNode) return undefined;
      if (f.namedChildren.some((c) => c?.type === 'bitfield_clause')) return undefined; // bit layouts: not guessed
      const decls = f.childrenForFieldName('declarator');
      const entries: [string | undefined, TypeInfo | undefined][] =
        decls.length === 0 ? [[undefined, this.ofSpecifier(typeNode)]] : decls.map((d) => [declName(d), this.ofDeclarator(typeNode, d)]);
      for (const [fname, t] of entries) {
        if (t === undefined) return undefined;
        const a = packed ? 1 : t.align;
        const off = kw === 'union' ? 0 : alignUp(size, a);
        size = kw === 'union' ? Math.max(size, t.size) : off + t.size;
        align = Math.max(align, a);
        if (fname !== undefined) fields.set(fname, { offset: off, type: t });
        else for (const [k, v] of t.fields ?? []) fields.set(k, { offset: off + v.offset, type: v.type });
      }
    }
    if (alignedAttr?.[1] !== undefined) align = Math.max(align, Number(alignedAttr[1]));
    return { size: alignUp(size, align), align, name: name ? `${kw} ${name}` : kw, kind: 'record', fields };
  }
}

/** The identifier a declarator declares (through pointers, arrays, parentheses, initialisers). */
export function declName(d: SyntaxNode | null): string | undefined {
  while (d !== null) {
    if (d.type === 'identifier' || d.type === 'field_identifier' || d.type === 'type_identifier') return d.text;
    const next = d.childForFieldName('declarator');
    if (next === null) {
      d = d.namedChildren.find((c) => c !== null && c.type !== 'attribute_specifier') ?? null;
      if (d?.type === 'parameter_list') return undefined;
    } else d = next;
  }
  return undefined;
}
