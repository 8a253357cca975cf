// Map definitions from the `.maps` DATASEC, read the way libbpf reads them: `__uint(x, N)` is a member
// `int (*x)[N]` (the value is the array length), `__type(x, T)` is `T *x`, `__array(values, struct inner)`
// is `struct inner *values[]` (an inner map definition, read recursively). Unknown members are kept by
// name so that nothing the program declares is lost.
import type { Btf, BtfComposite, BtfType } from './types';
import { MAP_TYPE_NAMES as UAPI_MAP_TYPE_NAMES, MAP_TYPE_RINGBUF, MAP_TYPE_USER_RINGBUF } from '../../../common/bpfUapi';
import { resolveType, sizeOf, typeName } from './resolve';

/** Names of enum bpf_map_type values, as the kernel spells them without BPF_MAP_TYPE_, lower case. */
export const MAP_TYPE_NAMES: readonly string[] = UAPI_MAP_TYPE_NAMES.map((n) => n.toLowerCase());

export { MAP_TYPE_RINGBUF, MAP_TYPE_USER_RINGBUF };

export interface MapDefinition {
  /** Variable name of the map ('rb'); '' for an inner definition. */
  readonly name: string;
  /** BTF id of the map's VAR ('' inner definitions: of the struct). */
  readonly typeId: number;
  /** enum bpf_map_type value, when `type` was given. */
  readonly type?: number;
  /** 'ringbuf', 'hash', ... or 'type N' for a number this table does not know. */
  readonly typeName?: string;
  readonly maxEntries?: number;
  readonly mapFlags?: number;
  readonly numaNode?: number;
  readonly pinning?: number;
  readonly mapExtra?: number;
  /** BTF id and C spelling of the key and value (from `__type`). */
  readonly keyType?: number;
  readonly keyTypeName?: string;
  readonly valueType?: number;
  readonly valueTypeName?: string;
  /** From `__type` (sizeof the type) or `__uint(key_size, N)`. */
  readonly keySize?: number;
  readonly valueSize?: number;
  /** `__array(values, struct inner)`: the inner map's definition. */
  readonly inner?: MapDefinition;
  /** `__array(values, ...)` of a function prototype: a program array's slots. */
  readonly valuesArePrograms?: boolean;
  /** Other `__uint` members by name, e.g. extensions newer than this reader. */
  readonly otherInts: Readonly<Record<string, number>>;
}

const INT_FIELDS: Readonly<Record<string, keyof MapDefinition>> = {
  type: 'type',
  max_entries: 'maxEntries',
  map_flags: 'mapFlags',
  numa_node: 'numaNode',
  pinning: 'pinning',
  map_extra: 'mapExtra',
  key_size: 'keySize',
  value_size: 'valueSize',
};

/** `int (*x)[N]` → N; undefined for any other shape. */
function uintValue(btf: Btf, memberType: number): number | undefined {
  const ptr = resolveType(btf, memberType);
  if (ptr?.kind !== 'ptr') return undefined;
  const arr = resolveType(btf, ptr.type);
  return arr?.kind === 'array' ? arr.nelems : undefined;
}

/** `T *x` → T's id. */
function pointee(btf: Btf, memberType: number): number | undefined {
  const ptr = resolveType(btf, memberType);
  return ptr?.kind === 'ptr' ? ptr.type : undefined;
}

/** Reads one map definition struct (outer or inner). */
export function readMapStruct(btf: Btf, def: BtfComposite, name: string, typeId: number): MapDefinition {
  const out: { -readonly [K in keyof MapDefinition]: MapDefinition[K] } = { name, typeId, otherInts: {} };
  const other: Record<string, number> = {};
  for (const m of def.members) {
    if (m.name === 'key' || m.name === 'value') {
      const t = pointee(btf, m.type);
      if (t === undefined) continue;
      const size = sizeOf(btf, t);
      if (m.name === 'key') {
        out.keyType = t;
        out.keyTypeName = typeName(btf, t);
        if (size !== undefined) out.keySize = size;
      } else {
        out.valueType = t;
        out.valueTypeName = typeName(btf, t);
        if (size !== undefined) out.valueSize = size;
      }
      continue;
    }
    if (m.name === 'values') {
      const arr = resolveType(btf, m.type);
      if (arr?.kind !== 'array') continue;
      const target = pointee(btf, arr.type);
      const t: BtfType | undefined = target === undefined ? undefined : resolveType(btf, target);
      if (t?.kind === 'struct') out.inner = readMapStruct(btf, t, '', t.id);
      else if (t?.kind === 'func_proto') out.valuesArePrograms = true;
      continue;
    }
    const v = uintValue(btf, m.type);
    if (v === undefined) continue;
    const field = INT_FIELDS[m.name];
    if (field === 'type') {
      out.type = v;
      out.typeName = MAP_TYPE_NAMES[v] ?? `type ${v}`;
    } else if (field === 'maxEntries') out.maxEntries = v;
    else if (field === 'mapFlags') out.mapFlags = v;
    else if (field === 'numaNode') out.numaNode = v;
    else if (field === 'pinning') out.pinning = v;
    else if (field === 'mapExtra') out.mapExtra = v;
    else if (field === 'keySize') out.keySize ??= v;
    else if (field === 'valueSize') out.valueSize ??= v;
    else other[m.name] = v;
  }
  out.otherInts = other;
  return out;
}

/** Every map of the `.maps` section, in the order of the DATASEC (clang's order, not the source's). */
export function mapDefinitions(btf: Btf): MapDefinition[] {
  const sec = btf.types.find((t) => t.kind === 'datasec' && t.name === '.maps');
  if (sec?.kind !== 'datasec') return [];
  const out: MapDefinition[] = [];
  for (const v of sec.vars) {
    const variable = btf.types[v.type];
    if (variable?.kind !== 'var') continue;
    const def = resolveType(btf, variable.type);
    if (def?.kind !== 'struct') continue;
    out.push(readMapStruct(btf, def, variable.name, variable.id));
  }
  return out;
}
