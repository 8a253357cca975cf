// Lookups over a parsed BTF graph: follow modifiers and typedefs, sizes, C spellings of types, and
// finding a type by name and kind ('struct event', 'event', '__u32'). Pure and total: a missing or
// cyclic reference gives undefined, never an exception.
import type { Btf, BtfKind, BtfType } from './types';

/** BPF pointers are 64-bit on every target. */
export const POINTER_SIZE = 8;
const MAX_DEPTH = 64;

export function typeAt(btf: Btf, id: number): BtfType | undefined {
  return btf.types[id];
}

function isModifier(t: BtfType): boolean {
  return t.kind === 'volatile' || t.kind === 'const' || t.kind === 'restrict' || t.kind === 'type_tag';
}

/** The referenced type of a modifier or typedef; undefined for every other kind. */
function referenced(t: BtfType): number | undefined {
  return t.kind === 'volatile' || t.kind === 'const' || t.kind === 'restrict' || t.kind === 'type_tag' || t.kind === 'typedef'
    ? t.type
    : undefined;
}

/** Follows const/volatile/restrict/type_tag and typedefs to the type that gives the layout. */
export function resolveType(btf: Btf, id: number): BtfType | undefined {
  let t = btf.types[id];
  for (let depth = 0; t; depth++) {
    const next = referenced(t);
    if (next === undefined) return t;
    if (depth > MAX_DEPTH) return undefined;
    t = btf.types[next];
  }
  return t;
}

/** Follows modifiers only, keeping typedef names (they name columns better: '__u32' over 'unsigned int'). */
export function skipModifiers(btf: Btf, id: number): BtfType | undefined {
  let t = btf.types[id];
  for (let depth = 0; t && isModifier(t); depth++) {
    if (depth > MAX_DEPTH) return undefined;
    t = btf.types[referenced(t) ?? 0];
  }
  return t;
}

/** Size in bytes of an object of the type, or undefined for void, functions, forward declarations. */
export function sizeOf(btf: Btf, id: number, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const t = resolveType(btf, id);
  if (!t) return undefined;
  switch (t.kind) {
    case 'int':
    case 'struct':
    case 'union':
    case 'enum':
    case 'enum64':
    case 'float':
    case 'datasec':
      return t.size;
    case 'ptr':
      return POINTER_SIZE;
    case 'array': {
      const e = sizeOf(btf, t.type, depth + 1);
      return e === undefined ? undefined : e * t.nelems;
    }
    case 'var':
      return sizeOf(btf, t.type, depth + 1);
    default:
      return undefined;
  }
}

const TAGGED: ReadonlySet<BtfKind> = new Set<BtfKind>(['struct', 'union', 'enum', 'enum64', 'fwd']);

/** The C spelling of a type: 'struct event', 'char[16]', 'const __u32', 'int *', 'struct (anon)'. */
export function typeName(btf: Btf, id: number, depth = 0): string {
  const t = btf.types[id];
  if (!t || depth > MAX_DEPTH) return '?';
  const name = t.name === '' ? '(anon)' : t.name;
  switch (t.kind) {
    case 'void':
      return 'void';
    case 'struct':
    case 'union':
      return `${t.kind} ${name}`;
    case 'enum':
    case 'enum64':
      return `enum ${name}`;
    case 'fwd':
      return `${t.union ? 'union' : 'struct'} ${name}`;
    case 'ptr':
      return `${typeName(btf, t.type, depth + 1)} *`;
    case 'array': {
      // C writes the outermost dimension first: int m[2][3] is an array of 2 int[3]
      let dims = `[${t.nelems}]`;
      let elem = btf.types[t.type];
      for (let d = depth; elem?.kind === 'array' && d < MAX_DEPTH; d++) {
        dims += `[${elem.nelems}]`;
        elem = btf.types[elem.type];
      }
      return `${typeName(btf, elem?.id ?? 0, depth + 1)}${dims}`;
    }
    case 'const':
    case 'volatile':
    case 'restrict':
      return `${t.kind} ${typeName(btf, t.type, depth + 1)}`;
    case 'type_tag':
      return typeName(btf, t.type, depth + 1);
    case 'func_proto':
      return 'function';
    default:
      return name;
  }
}

const indexes = new WeakMap<Btf, Map<string, number[]>>();

function nameIndex(btf: Btf): Map<string, number[]> {
  let idx = indexes.get(btf);
  if (!idx) {
    idx = new Map();
    for (const t of btf.types) {
      if (t.name === '') continue;
      const ids = idx.get(t.name);
      if (ids) ids.push(t.id);
      else idx.set(t.name, [t.id]);
    }
    indexes.set(btf, idx);
  }
  return idx;
}

/** Ids of all types with this exact name, optionally of the given kinds, in id order. */
export function findTypes(btf: Btf, name: string, kinds?: readonly BtfKind[]): number[] {
  const ids = nameIndex(btf).get(name) ?? [];
  if (!kinds) return ids.slice();
  return ids.filter((id) => {
    const t = btf.types[id];
    return t !== undefined && kinds.includes(t.kind);
  });
}

/** The first type with this name and kind; a complete struct/union wins over a forward declaration. */
export function findType(btf: Btf, name: string, kind?: BtfKind): BtfType | undefined {
  const ids = findTypes(btf, name, kind ? [kind] : undefined);
  const first = ids[0];
  return first === undefined ? undefined : btf.types[first];
}

/**
 * Finds the type a C spelling names: 'struct x', 'union x', 'enum x' (either width), or a bare name that
 * is tried as a typedef, then a struct, union, enum, int or float. Spaces are normalised.
 */
export function lookupTypeName(btf: Btf, spelling: string): BtfType | undefined {
  const words = spelling.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const [first, ...rest] = words;
  if ((first === 'struct' || first === 'union') && rest.length === 1 && rest[0]) return findType(btf, rest[0], first);
  if (first === 'enum' && rest.length === 1 && rest[0]) {
    return findType(btf, rest[0], 'enum') ?? findType(btf, rest[0], 'enum64');
  }
  const name = words.join(' ');
  for (const kind of ['typedef', 'struct', 'union', 'enum', 'enum64', 'int', 'float'] as const) {
    const t = findType(btf, name, kind);
    if (t) return t;
  }
  return undefined;
}

/** True for kinds that give a C tag namespace (struct/union/enum), for callers that spell names. */
export function isTagged(kind: BtfKind): boolean {
  return TAGGED.has(kind);
}
