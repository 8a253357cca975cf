// Decoded ring-buffer records as every process sees them: the agent decodes bytes with BTF into a
// DecodedRecord (a JSON-safe tree of fields), the panel flattens it into dotted columns. Also the
// record-type selection setting (which type each ring's records have), with its runtime guard.

/**
 * One decoded value. Chosen to survive JSON unchanged:
 * - integers are numbers while they are safe integers, decimal strings beyond 2^53 (64-bit values);
 * - `char[]` holding text is a string (up to the first NUL); other byte arrays are `0x…` hex strings;
 * - pointers are `0x…` hex strings; floats are numbers, or 'NaN' / 'Infinity' / '-Infinity';
 * - enums are their enumerator's name, or the number when no enumerator matches;
 * - bools are booleans; structs and unions are objects; arrays are arrays.
 */
export type DecodedValue = number | string | boolean | DecodedValue[] | DecodedFields;

/** The fields of a struct or union in declaration order. Anonymous members are merged into their parent. */
export interface DecodedFields {
  [field: string]: DecodedValue;
}

/** What one column (or subtree) of a record holds, so that the panel can align and format it. */
export type FieldKind =
  | 'int'
  | 'uint'
  | 'bool'
  | 'enum'
  | 'float'
  | 'pointer'
  | 'text'
  | 'bytes'
  | 'struct'
  | 'union'
  | 'array'
  | 'unknown';

/** A record after decoding. */
export interface DecodedRecord {
  /** C name of the type the bytes were decoded as ('struct event'), or '' when they were not decoded. */
  readonly type: string;
  /** Number of bytes the record had. */
  readonly size: number;
  /** The fields; empty when the record was not decoded. */
  readonly fields: DecodedFields;
  /** The record was shorter than its type: fields that did not fit are missing. */
  readonly truncated?: true;
  /** The whole record as lowercase hex (no prefix), when no type could be applied. */
  readonly hex?: string;
  /** `hex` was cut to HEX_RECORD_LIMIT bytes. */
  readonly hexClipped?: true;
}

/** At most this many bytes of an undecoded record are carried as hex. */
export const HEX_RECORD_LIMIT = 4096;

/** A leaf column of a record type, in declaration order: `hdr.pid`, `args[0]`, `comm`. */
export interface RecordColumn {
  readonly name: string;
  readonly kind: FieldKind;
  /** C spelling of the field's type, e.g. '__u32', 'char[16]', 'enum color'. */
  readonly cType: string;
}

/** A scalar cell of a flattened record. */
export type FlatValue = number | string | boolean;

/**
 * Flattens a decoded tree into dotted column names: nested fields become `a.b`, array elements `a[0]`,
 * arrays of arrays `m[1][2]`. Text and hex strings stay one cell. The order is the declaration order.
 */
export function flattenFields(fields: DecodedFields): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = {};
  for (const key of Object.keys(fields)) {
    const v = fields[key];
    if (v !== undefined) flattenInto(out, key, v);
  }
  return out;
}

function flattenInto(out: Record<string, FlatValue>, path: string, v: DecodedValue): void {
  if (typeof v !== 'object') {
    out[path] = v;
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if (e !== undefined) flattenInto(out, `${path}[${i}]`, e);
    }
  } else {
    for (const key of Object.keys(v)) {
      const e = v[key];
      if (e !== undefined) flattenInto(out, `${path}.${key}`, e);
    }
  }
}

/**
 * Which type the records of one ring buffer have (setting `ringscope.records`, or sent by the client).
 * Either one `type` for every record, or several `types` chosen by a tag at the start of each record:
 * - `tagField`: dotted path of an integer or enum field (e.g. 'kind' or 'hdr.kind') inside `headerType`
 *   (default: the first type listed in `types`); its offset and size come from BTF;
 * - or `tagBytes`: the record's first N bytes (at `tagOffset`, default 0) as an unsigned integer in the
 *   object's byte order.
 * Keys of `types` are decimal or 0x-hex tag values, or enumerator names when the tag is an enum.
 * Records whose tag matches no key use `otherwise`, or stay hex when it is absent.
 * Type names are C spellings: 'struct event', 'union u', 'enum e', or a typedef or bare struct name.
 */
export interface RecordSelection {
  readonly ring: string;
  readonly type?: string;
  readonly tagField?: string;
  readonly headerType?: string;
  readonly tagBytes?: 1 | 2 | 4 | 8;
  readonly tagOffset?: number;
  readonly types?: Readonly<Record<string, string>>;
  readonly otherwise?: string;
}

function isStringRecord(x: unknown): x is Record<string, string> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  return Object.values(x).every((v) => typeof v === 'string');
}

function optional(o: Record<string, unknown>, key: string, check: (v: unknown) => boolean): boolean {
  return o[key] === undefined || check(o[key]);
}

const isString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/**
 * Runtime guard for a RecordSelection received from settings or over a protocol. Only the shape is
 * checked here; whether the names exist in the object's BTF is checked when the selection is compiled.
 */
export function isRecordSelection(x: unknown): x is RecordSelection {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  return (
    isString(o['ring']) &&
    optional(o, 'type', isString) &&
    optional(o, 'tagField', isString) &&
    optional(o, 'headerType', isString) &&
    optional(o, 'tagBytes', (v) => v === 1 || v === 2 || v === 4 || v === 8) &&
    optional(o, 'tagOffset', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0) &&
    optional(o, 'types', isStringRecord) &&
    optional(o, 'otherwise', isString)
  );
}
