// Constant folding of C expressions as clang sees them for the BPF target: integer constant
// expressions, sizeof/offsetof (via layout.ts), enums, object-like #defines, `const volatile` rodata.
import type { SyntaxNode } from './syntax/node';
import { KNOWN_CONSTANTS } from './consts';
import { type Layouts, type TypeInfo } from './layout';

/** A variable visible to an expression: its declared type and initial value. */
export interface VarDecl {
  readonly typeNode: SyntaxNode;
  readonly declarator: SyntaxNode | null;
  readonly init: SyntaxNode | undefined;
  readonly kind: 'local' | 'param' | 'global';
  /** `const volatile` global (.rodata, frozen by libbpf) or plain `const` global. */
  readonly constness?: 'rodata' | 'const';
}

export type Scope = ReadonlyMap<string, VarDecl>;

export interface Folded {
  readonly value: number;
  /** The value depends on a `const volatile` global (known to the verifier, not to the compiler). */
  readonly rodata: boolean;
}

const big = (n: number): bigint => BigInt(Math.trunc(n));

export function parseNumber(text: string): number | undefined {
  // tree-sitter-c reads `-1` as one number literal
  const neg = /^\s*-/.test(text);
  if (neg || /^\s*\+/.test(text)) {
    const v = parseNumber(text.replace(/^\s*[-+]\s*/, ''));
    return v === undefined ? undefined : neg ? -v : v;
  }
  const t = text.replace(/[uUlL]+$/, '').replace(/'/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number(BigInt(t));
  if (/^0[bB][01]+$/.test(t)) return Number(BigInt(t));
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^\d+$/.test(t)) return Number(t);
  return undefined;
}

export class Folder {
  private readonly defineCache = new Map<string, Folded | undefined>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly enums: ReadonlyMap<string, number>,
    private readonly defines: ReadonlyMap<string, string>,
    readonly globals: Scope,
    private readonly layouts: () => Layouts,
    /** Parses the text of a #define value into an expression node. */
    private readonly parseExpr: (text: string) => SyntaxNode | undefined,
  ) {}

  fold(n: SyntaxNode, scope?: Scope): number | undefined {
    return this.eval(n, scope)?.value;
  }

  eval(n: SyntaxNode, scope?: Scope): Folded | undefined {
    try {
      return this.ev(n, scope);
    } catch {
      return undefined;
    }
  }

  private ev(n: SyntaxNode, scope: Scope | undefined): Folded | undefined {
    const k = (value: number | undefined, rodata = false): Folded | undefined =>
      value === undefined || !Number.isFinite(value) ? undefined : { value, rodata };
    switch (n.type) {
      case 'number_literal':
        return k(parseNumber(n.text));
      case 'char_literal': {
        const body = n.text.slice(1, -1);
        if (body.length === 1) return k(body.charCodeAt(0));
        const esc: Record<string, number> = { '\\n': 10, '\\t': 9, '\\0': 0, '\\\\': 92, "\\'": 39, '\\r': 13 };
        return k(esc[body]);
      }
      case 'true':
        return k(1);
      case 'false':
      case 'null':
        return k(0);
      case 'parenthesized_expression': {
        const inner = n.namedChildren[0];
        return inner ? this.ev(inner, scope) : undefined;
      }
      case 'identifier':
        return this.ident(n.text, scope);
      case 'unary_expression': {
        const a = this.sub(n.childForFieldName('argument'), scope);
        if (!a) return undefined;
        const op = n.childForFieldName('operator')?.text ?? n.child(0)?.text;
        const arg = n.childForFieldName('argument');
        // `~0u`: complement within the literal's unsigned width (the folder has no general type tracking)
        const unsignedBits = arg?.type === 'number_literal' ? (/[uU]/.test(arg.text) ? (/[lL]/.test(arg.text) ? 64 : 32) : 0) : 0;
        const not = (): number =>
          unsignedBits ? Number(BigInt.asUintN(unsignedBits, ~big(a.value))) : -a.value - 1;
        const v = op === '-' ? -a.value : op === '~' ? not() : op === '!' ? Number(a.value === 0) : a.value;
        return k(v, a.rodata);
      }
      case 'binary_expression':
        return this.binary(n, scope);
      case 'conditional_expression': {
        const c = this.sub(n.childForFieldName('condition'), scope);
        if (!c) return undefined;
        const r = this.sub(n.childForFieldName(c.value !== 0 ? 'consequence' : 'alternative'), scope);
        return r && k(r.value, r.rodata || c.rodata);
      }
      case 'cast_expression': {
        const v = this.sub(n.childForFieldName('value'), scope);
        const t = this.typeDescriptor(n.childForFieldName('type'));
        if (!v) return undefined;
        if (!t || t.kind !== 'scalar' || t.size >= 8) return v;
        const bits = BigInt(t.size * 8);
        const signed = !/\b(unsigned|__u\d+|u\d+|uint\d+_t|bool|_Bool)\b/.test(t.name);
        const x = signed ? BigInt.asIntN(Number(bits), big(v.value)) : BigInt.asUintN(Number(bits), big(v.value));
        return k(Number(x), v.rodata);
      }
      case 'sizeof_expression': {
        const tn = n.childForFieldName('type');
        if (tn) return k(this.typeDescriptor(tn)?.size);
        const vn = n.childForFieldName('value');
        return k(vn ? this.typeOf(vn, scope)?.size : undefined);
      }
      case 'alignof_expression': {
        const tn = n.childForFieldName('type');
        return k(tn ? this.typeDescriptor(tn)?.align : undefined);
      }
      case 'offsetof_expression': {
        const t = this.typeDescriptor(n.childForFieldName('type'));
        const m = n.childForFieldName('member');
        return k(t && m ? this.offsetOf(t, m.text) : undefined);
      }
      case 'call_expression': {
        // offsetof() spelled as a macro call: __builtin_offsetof / offsetof(struct x, a.b)
        const fn = n.childForFieldName('function')?.text;
        if (fn !== 'offsetof' && fn !== '__builtin_offsetof') return undefined;
        // tree-sitter cannot parse a type as an argument: split the argument text at the first comma.
        const text = n.childForFieldName('arguments')?.text.slice(1, -1) ?? '';
        const comma = text.indexOf(',');
        const t = comma > 0 ? this.layouts().ofText(text.slice(0, comma)) : undefined;
        return k(t ? this.offsetOf(t, text.slice(comma + 1)) : undefined);
      }
      default:
        return undefined;
    }
  }

  private sub(n: SyntaxNode | null, scope: Scope | undefined): Folded | undefined {
    return n ? this.ev(n, scope) : undefined;
  }

  private binary(n: SyntaxNode, scope: Scope | undefined): Folded | undefined {
    const a = this.sub(n.childForFieldName('left'), scope);
    const b = this.sub(n.childForFieldName('right'), scope);
    if (!a || !b) return undefined;
    const x = a.value;
    const y = b.value;
    const B = (f: (p: bigint, q: bigint) => bigint): number => Number(f(big(x), big(y)));
    const ops: Record<string, () => number | undefined> = {
      '+': () => x + y,
      '-': () => x - y,
      '*': () => x * y,
      '/': () => (y === 0 ? undefined : Math.trunc(x / y)),
      '%': () => (y === 0 ? undefined : x % y),
      '<<': () => B((p, q) => p << q),
      '>>': () => B((p, q) => p >> q),
      '&': () => B((p, q) => p & q),
      '|': () => B((p, q) => p | q),
      '^': () => B((p, q) => p ^ q),
      '&&': () => Number(x !== 0 && y !== 0),
      '||': () => Number(x !== 0 || y !== 0),
      '==': () => Number(x === y),
      '!=': () => Number(x !== y),
      '<': () => Number(x < y),
      '>': () => Number(x > y),
      '<=': () => Number(x <= y),
      '>=': () => Number(x >= y),
    };
    const op = n.childForFieldName('operator')?.text ?? '';
    const v = ops[op]?.();
    return v === undefined ? undefined : { value: v, rodata: a.rodata || b.rodata };
  }

  private ident(name: string, scope: Scope | undefined): Folded | undefined {
    const local = scope?.get(name);
    if (local !== undefined) return undefined; // locals and params are not constants to the compiler
    const e = this.enums.get(name);
    if (e !== undefined) return { value: e, rodata: false };
    const g = this.globals.get(name);
    if (g?.constness && g.init) {
      const v = this.busy.has(name) ? undefined : this.guard(name, () => this.ev(g.init as SyntaxNode, undefined));
      return v && { value: v.value, rodata: v.rodata || g.constness === 'rodata' };
    }
    if (this.defines.has(name)) return this.define(name);
    const known = KNOWN_CONSTANTS.get(name);
    return known === undefined ? undefined : { value: known, rodata: false };
  }

  private guard<T>(name: string, f: () => T): T {
    this.busy.add(name);
    try {
      return f();
    } finally {
      this.busy.delete(name);
    }
  }

  private define(name: string): Folded | undefined {
    if (this.defineCache.has(name)) return this.defineCache.get(name);
    if (this.busy.has(name)) return undefined;
    const text = this.defines.get(name) ?? '';
    const node = this.guard(name, () => this.parseExpr(text));
    const v = node ? this.guard(name, () => this.ev(node, undefined)) : undefined;
    this.defineCache.set(name, v);
    return v;
  }

  /** The type of a `type_descriptor` node (sizeof(T), casts, offsetof). */
  typeDescriptor(n: SyntaxNode | null): TypeInfo | undefined {
    if (n === null) return undefined;
    const t = n.childForFieldName('type');
    return t ? this.layouts().ofDeclarator(t, n.childForFieldName('declarator')) : undefined;
  }

  /** The static type of an lvalue-ish expression: `e`, `*e`, `e->comm`, `a[i]`, `(T *)x`. */
  typeOf(n: SyntaxNode, scope: Scope | undefined): TypeInfo | undefined {
    switch (n.type) {
      case 'parenthesized_expression': {
        const inner = n.namedChildren[0];
        return inner ? this.typeOf(inner, scope) : undefined;
      }
      case 'identifier':
        return this.typeOfName(n.text, scope);
      case 'pointer_expression': {
        const arg = n.childForFieldName('argument');
        const op = n.childForFieldName('operator')?.text ?? n.child(0)?.text;
        if (!arg || op !== '*') return undefined;
        const t = this.typeOf(arg, scope);
        return t?.kind === 'pointer' ? t.pointee?.() : t?.kind === 'array' ? t.elem : undefined;
      }
      case 'subscript_expression': {
        const arg = n.childForFieldName('argument');
        const t = arg ? this.typeOf(arg, scope) : undefined;
        return t?.kind === 'pointer' ? t.pointee?.() : t?.kind === 'array' ? t.elem : undefined;
      }
      case 'field_expression': {
        const arg = n.childForFieldName('argument');
        const field = n.childForFieldName('field')?.text;
        let t = arg ? this.typeOf(arg, scope) : undefined;
        if (t?.kind === 'pointer' && n.childForFieldName('operator')?.text === '->') t = t.pointee?.();
        return field ? t?.fields?.get(field)?.type : undefined;
      }
      case 'cast_expression':
        return this.typeDescriptor(n.childForFieldName('type'));
      case 'number_literal':
        return { size: /[lL]/.test(n.text) ? 8 : 4, align: 4, name: 'int', kind: 'scalar' };
      default:
        return undefined;
    }
  }

  /** The declared type of a variable visible in `scope` (or a global). */
  typeOfName(name: string, scope: Scope | undefined): TypeInfo | undefined {
    const v = scope?.get(name) ?? this.globals.get(name);
    return v ? this.layouts().ofDeclarator(v.typeNode, v.declarator) : undefined;
  }

  /** offsetof(T, a.b[2]). */
  offsetOf(t: TypeInfo, member: string): number | undefined {
    let off = 0;
    let cur: TypeInfo | undefined = t;
    for (const part of member.match(/\w+|\[\s*\d+\s*\]/g) ?? []) {
      if (cur === undefined) return undefined;
      if (part.startsWith('[')) {
        if (cur.kind !== 'array' || !cur.elem) return undefined;
        off += cur.elem.size * Number(part.slice(1, -1));
        cur = cur.elem;
      } else {
        const f: { offset: number; type: TypeInfo } | undefined = cur.fields?.get(part);
        if (!f) return undefined;
        off += f.offset;
        cur = f.type;
      }
    }
    return off;
  }
}
