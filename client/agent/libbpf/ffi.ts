// The one place that touches ffi-rs: opens libc and libbpf.so.1 once and offers typed call helpers,
// raw memory (malloc/free, read/write through external buffers) and pointers as numeric addresses.
// Pointers cross as bigint addresses so they can be stored in structs; `external()` turns one back.
import { createExternalBuffer, DataType, load, open, type FieldType, type JsExternal } from 'ffi-rs';

export const LIBC = 'libc';
export const LIBBPF = 'libbpf';
export { DataType as T };

let opened = false;

/** Opens libc and libbpf.so.1; throws when libbpf is missing (the caller reports it). */
export function openLibraries(): void {
  if (opened) return;
  open({ library: LIBC, path: 'libc.so.6' });
  open({ library: LIBBPF, path: 'libbpf.so.1' });
  opened = true;
}

export type Addr = bigint;

/** Calls a C function synchronously. */
export function call<R>(library: string, funcName: string, retType: FieldType, paramsType: FieldType[], paramsValue: unknown[]): R {
  return load({ library, funcName, retType, paramsType, paramsValue }) as R;
}

/** Calls a C function and returns its value with errno (read right after the call, on the same thread). */
export function callErrno<R>(
  library: string,
  funcName: string,
  retType: FieldType,
  paramsType: FieldType[],
  paramsValue: unknown[],
): { value: R; errno: number } {
  const r = load({ library, funcName, retType, paramsType, paramsValue, errno: true }) as unknown as {
    value: R;
    errnoCode: number;
  };
  return { value: r.value, errno: r.errnoCode };
}

/** Allocates `size` zeroed bytes with calloc; the caller frees them. */
export function calloc(size: number): Addr {
  const a = call<bigint>(LIBC, 'calloc', DataType.BigInt, [DataType.U64, DataType.U64], [1, Math.max(1, size)]);
  if (a === 0n) throw new Error(`calloc(${size}) failed`);
  return a;
}

export function free(addr: Addr): void {
  if (addr !== 0n) call<undefined>(LIBC, 'free', DataType.Void, [DataType.BigInt], [addr]);
}

/** The JsExternal of an address (memcpy of 0 bytes returns its destination unchanged). */
export function external(addr: Addr): JsExternal {
  return call<JsExternal>(LIBC, 'memcpy', DataType.External, [DataType.BigInt, DataType.BigInt, DataType.U64], [addr, addr, 0]);
}

/** A Buffer over native memory; shares it unless the runtime forces copies (see selfTestZeroCopy). */
export function view(addr: Addr, length: number): Buffer {
  return createExternalBuffer(external(addr), length);
}

/** Copies native memory into a new Buffer (works under every runtime). */
export function readMemory(addr: Addr, length: number): Buffer {
  const out = Buffer.alloc(length);
  copyOut(out, addr, length);
  return out;
}

/** memcpy(dst JS buffer, src native address, length). */
export function copyOut(dst: Buffer, addr: Addr, length: number): void {
  if (length > 0) call<undefined>(LIBC, 'memcpy', DataType.Void, [DataType.U8Array, DataType.BigInt, DataType.U64], [dst, addr, length]);
}

/** Copies a JS buffer into native memory. */
export function writeMemory(addr: Addr, bytes: Uint8Array): void {
  if (bytes.length > 0)
    call<undefined>(LIBC, 'memcpy', DataType.Void, [DataType.BigInt, DataType.U8Array, DataType.U64], [addr, Buffer.from(bytes), bytes.length]);
}

/** Reads a NUL-terminated string at an address (at most `max` bytes). */
export function readCString(addr: Addr, max: number): string {
  const b = readMemory(addr, max);
  const end = b.indexOf(0);
  return b.toString('utf8', 0, end < 0 ? max : end);
}

/**
 * true when a Buffer from createExternalBuffer really shares native memory. Under a V8 sandbox
 * (Electron) it silently becomes a copy, and a reader on it would never see the producer move.
 */
export function selfTestZeroCopy(): boolean {
  const a = calloc(16);
  try {
    const v = view(a, 16);
    v.writeUInt32LE(0x5a5aa5a5, 0);
    const back = readMemory(a, 4).readUInt32LE(0);
    return back === 0x5a5aa5a5;
  } catch {
    return false;
  } finally {
    free(a);
  }
}
