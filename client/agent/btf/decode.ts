// Turns record bytes into DecodedRecords. `compileDecoder` builds the plan of a type once (throws
// BtfError when the type has no layout); `decode` then never throws, whatever the bytes: fields that
// do not fit are left out and the record is marked truncated. `hexRecord` is the undecoded fallback.
import { btfMessages as M } from '../../../common/messages';
import { HEX_RECORD_LIMIT, type DecodedFields, type DecodedRecord, type RecordColumn } from '../../../common/records';
import { BtfError } from './errors';
import { columnsOf, compilePlan } from './plan';
import { resolveType, typeName } from './resolve';
import { hexBytes } from './scalars';
import type { Btf } from './types';

export interface RecordDecoder {
  readonly typeId: number;
  /** C spelling, e.g. 'struct event'. */
  readonly typeName: string;
  /** sizeof the type; shorter records are truncated. */
  readonly size: number;
  readonly columns: readonly RecordColumn[];
  /** Decodes `length` bytes of `bytes` from `offset`. Never throws. */
  decode(bytes: Uint8Array, offset: number, length: number): DecodedRecord;
}

// Records usually come one after another from one ring buffer: keep the view of the last buffer.
let lastBytes: Uint8Array | undefined;
let lastView: DataView = new DataView(new ArrayBuffer(0));

function viewOf(bytes: Uint8Array): DataView {
  if (bytes !== lastBytes) {
    lastView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    lastBytes = bytes;
  }
  return lastView;
}

/** The [start, end) a request may read: clamped to the buffer, empty for nonsense. */
function span(bytes: Uint8Array, offset: number, length: number): [number, number] {
  const start = Number.isInteger(offset) && offset >= 0 ? Math.min(offset, bytes.length) : bytes.length;
  const len = Number.isInteger(length) && length >= 0 ? length : 0;
  return [start, Math.min(bytes.length, start + len)];
}

export function hexRecord(bytes: Uint8Array, offset: number, length: number): DecodedRecord {
  const [start, end] = span(bytes, offset, length);
  const stop = Math.min(end, start + HEX_RECORD_LIMIT);
  const hex = hexBytes(bytes, start, stop);
  return stop < end ? { type: '', size: end - start, fields: {}, hex, hexClipped: true } : { type: '', size: end - start, fields: {}, hex };
}

export function compileDecoder(btf: Btf, typeId: number): RecordDecoder {
  const name = typeName(btf, typeId);
  const plan = compilePlan({ btf, le: btf.littleEndian }, typeId);
  if (!plan) throw BtfError.of(M.typeNotDecodable, name, `it is ${resolveType(btf, typeId)?.kind ?? 'missing'}, not a type with a layout`);
  const composite = plan.kind === 'struct' || plan.kind === 'union';
  const size = plan.size;
  const read = plan.read;
  return {
    typeId,
    typeName: name,
    size,
    columns: columnsOf(btf, typeId),
    decode(bytes, offset, length) {
      const [start, end] = span(bytes, offset, length);
      let fields: DecodedFields;
      try {
        const v = read(viewOf(bytes), bytes, start, end);
        if (composite) fields = v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : {};
        else fields = v === undefined ? {} : { value: v };
      } catch {
        // a plan reads only inside [start, end); this is a last guard so one record never stops a stream
        return hexRecord(bytes, offset, length);
      }
      return end - start < size
        ? { type: name, size: end - start, fields, truncated: true }
        : { type: name, size: end - start, fields };
    },
  };
}

const cache = new WeakMap<Btf, Map<number, RecordDecoder | null>>();

/** The cached decoder of a type, or undefined when it has none. */
export function decoderFor(btf: Btf, typeId: number): RecordDecoder | undefined {
  let perBtf = cache.get(btf);
  if (!perBtf) {
    perBtf = new Map();
    cache.set(btf, perBtf);
  }
  let d = perBtf.get(typeId);
  if (d === undefined) {
    try {
      d = compileDecoder(btf, typeId);
    } catch {
      d = null;
    }
    perBtf.set(typeId, d);
  }
  return d ?? undefined;
}

/** One-shot decode with a cached plan; a type without a layout gives the hex record. Never throws. */
export function decodeRecord(btf: Btf, typeId: number, bytes: Uint8Array, offset: number, length: number): DecodedRecord {
  const d = decoderFor(btf, typeId);
  return d ? d.decode(bytes, offset, length) : hexRecord(bytes, offset, length);
}
