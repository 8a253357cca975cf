// The BTF type graph as parsed from a .BTF section or /sys/kernel/btf/vmlinux: one entry per type id
// (id 0 is void), a discriminated union on `kind`. Shapes only; parsing is in parse.ts, lookups in
// resolve.ts. Names are '' for anonymous types.

/** Kind names indexed by their number in the BTF format (include/uapi/linux/btf.h). */
export const KIND_NAMES = [
  'void',
  'int',
  'ptr',
  'array',
  'struct',
  'union',
  'enum',
  'fwd',
  'typedef',
  'volatile',
  'const',
  'restrict',
  'func',
  'func_proto',
  'var',
  'datasec',
  'float',
  'decl_tag',
  'type_tag',
  'enum64',
] as const;

export type BtfKind = (typeof KIND_NAMES)[number];

/** INT encoding bits. */
export const INT_SIGNED = 1;
export const INT_CHAR = 2;
export const INT_BOOL = 4;

interface Base {
  readonly id: number;
  readonly name: string;
}

export interface BtfVoid extends Base {
  readonly kind: 'void';
}

export interface BtfInt extends Base {
  readonly kind: 'int';
  readonly size: number;
  /** INT_SIGNED | INT_CHAR | INT_BOOL */
  readonly encoding: number;
  /** Bit offset inside `size` bytes (old-style bitfields). */
  readonly bitOffset: number;
  readonly bits: number;
}

/** PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG: a named or qualified reference to `type`. */
export interface BtfRef extends Base {
  readonly kind: 'ptr' | 'typedef' | 'volatile' | 'const' | 'restrict' | 'type_tag';
  readonly type: number;
}

export interface BtfArray extends Base {
  readonly kind: 'array';
  readonly type: number;
  readonly indexType: number;
  readonly nelems: number;
}

export interface BtfMember {
  readonly name: string;
  readonly type: number;
  /** Offset from the start of the struct, in bits. */
  readonly bitOffset: number;
  /** Width of a kflag bitfield; 0 when not a bitfield or when the width is in the INT type (kflag 0). */
  readonly bitSize: number;
}

export interface BtfComposite extends Base {
  readonly kind: 'struct' | 'union';
  readonly size: number;
  /** Members carry bitfield sizes (kind_flag set). */
  readonly kflag: boolean;
  readonly members: readonly BtfMember[];
}

export interface BtfEnumValue {
  readonly name: string;
  readonly value: bigint;
}

export interface BtfEnum extends Base {
  readonly kind: 'enum' | 'enum64';
  readonly size: number;
  readonly signed: boolean;
  readonly values: readonly BtfEnumValue[];
}

export interface BtfFwd extends Base {
  readonly kind: 'fwd';
  readonly union: boolean;
}

export interface BtfFunc extends Base {
  readonly kind: 'func';
  readonly type: number;
  /** 0 static, 1 global, 2 extern */
  readonly linkage: number;
}

export interface BtfParam {
  readonly name: string;
  readonly type: number;
}

export interface BtfFuncProto extends Base {
  readonly kind: 'func_proto';
  readonly returnType: number;
  readonly params: readonly BtfParam[];
}

export interface BtfVar extends Base {
  readonly kind: 'var';
  readonly type: number;
  /** 0 static, 1 global allocated, 2 extern */
  readonly linkage: number;
}

export interface BtfVarSecInfo {
  readonly type: number;
  readonly offset: number;
  readonly size: number;
}

export interface BtfDatasec extends Base {
  readonly kind: 'datasec';
  readonly size: number;
  readonly vars: readonly BtfVarSecInfo[];
}

export interface BtfFloat extends Base {
  readonly kind: 'float';
  readonly size: number;
}

export interface BtfDeclTag extends Base {
  readonly kind: 'decl_tag';
  readonly type: number;
  /** -1: the tag is on the type or variable itself; otherwise the member or parameter index. */
  readonly componentIdx: number;
}

export type BtfType =
  | BtfVoid
  | BtfInt
  | BtfRef
  | BtfArray
  | BtfComposite
  | BtfEnum
  | BtfFwd
  | BtfFunc
  | BtfFuncProto
  | BtfVar
  | BtfDatasec
  | BtfFloat
  | BtfDeclTag;

export interface Btf {
  /** Byte order of the BTF data, which is also the byte order of the records it describes. */
  readonly littleEndian: boolean;
  /** Indexed by type id; types[0] is void. */
  readonly types: readonly BtfType[];
}
