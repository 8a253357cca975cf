// A BPF object through libbpf: open (with `const volatile` knobs written into .rodata and the programs
// chosen), load with a per-program verifier log, attach, find every ring buffer (also inside
// ARRAY_OF_MAPS / HASH_OF_MAPS), read `<ring>_drops` counters, close. Everything we hold is an fd,
// so a killed agent leaves nothing loaded. Failures are thrown as AgentFailure with a catalogue code.
import { agentMessages as M, render } from '../../../common/messages';
import type { KnobValue } from '../../../common/agentProtocol';
import { findGlobal, MAP_TYPE_RINGBUF, type BpfObjectInfo, type GlobalVariable } from '../btf';
import * as L from './api';
import { calloc, free, readCString, readMemory, writeMemory, type Addr } from './ffi';
import { parseVerifierLog, type VerifierFailure } from './verifierLog';

/** A failure with a catalogue code; `verifier` is set when the kernel rejected a program. */
export class AgentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly verifier?: VerifierFailure & { readonly program: string; readonly log: string },
  ) {
    super(message);
  }
}

export interface RingMap {
  /** Map name; an inner ring of a map-in-map is `outer[key]`. */
  readonly name: string;
  readonly fd: number;
  /** Data area size (max_entries). */
  readonly size: number;
}

const MAP_TYPE_ARRAY = 2;
const MAP_TYPE_PERCPU_ARRAY = 6;
const MAP_TYPE_ARRAY_OF_MAPS = 12;
const MAP_TYPE_HASH_OF_MAPS = 13;
const OPEN_OPTS_SIZE = 80; // sizeof(struct bpf_object_open_opts) in libbpf 1.1 (last field kernel_log_level)
const LOG_SIZE = 4 << 20; // per program; the kernel keeps the tail when it overflows
const OBJECT_LOG_SIZE = 1 << 20;
const MAP_INFO_SIZE = 88;

function* walk(first: () => Addr, next: (prev: Addr) => Addr): Generator<Addr> {
  for (let p = first(); p !== 0n; p = next(p)) yield p;
}

/** Little-endian bytes of a knob value for a variable of `size` bytes. */
function knobBytes(v: GlobalVariable, value: KnobValue): Uint8Array {
  const out = new Uint8Array(v.size);
  if (typeof value === 'string' && !/^-?(0x[0-9a-f]+|\d+)$/i.test(value)) {
    const text = new TextEncoder().encode(value);
    if (text.length >= v.size) throw new AgentFailure(M.badKnobValue.code, render(M.badKnobValue, v.name, value));
    out.set(text);
    return out;
  }
  let n: bigint;
  try {
    n = typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value);
  } catch {
    throw new AgentFailure(M.badKnobValue.code, render(M.badKnobValue, v.name, String(value)));
  }
  const bits = BigInt(v.size * 8);
  if (v.size > 8 || n >= 1n << bits || n < -(1n << (bits - 1n)))
    throw new AgentFailure(M.badKnobValue.code, render(M.badKnobValue, v.name, String(value)));
  let u = BigInt.asUintN(v.size * 8, n);
  for (let i = 0; i < v.size; i++, u >>= 8n) out[i] = Number(u & 0xffn);
  return out;
}

export class BpfObject {
  private readonly links: Addr[] = [];
  private readonly ownedFds: number[] = [];
  private logBufs = new Map<string, Addr>();
  private objectLog: Addr = 0n;
  private closed = false;

  private constructor(
    private readonly path: string,
    private readonly obj: Addr,
    private readonly info: BpfObjectInfo,
    readonly programs: readonly string[],
  ) {}

  /** Opens `path` (info = its parsed BTF, for knob offsets), selects programs, writes knobs and ring sizes. */
  static open(
    path: string,
    info: BpfObjectInfo,
    knobs: Readonly<Record<string, KnobValue>> = {},
    programs?: readonly string[],
    ringSizes: Readonly<Record<string, number>> = {},
  ): BpfObject {
    L.silenceLibbpf();
    const opts = calloc(OPEN_OPTS_SIZE);
    // the object-wide log (kernel_log_buf) catches what no program log does, e.g. a BTF the kernel refuses
    const objectLog = calloc(OBJECT_LOG_SIZE);
    let obj: Addr;
    try {
      const o = Buffer.alloc(OPEN_OPTS_SIZE);
      o.writeBigUInt64LE(BigInt(OPEN_OPTS_SIZE), 0); // sz
      o.writeBigUInt64LE(objectLog, 56); // kernel_log_buf
      o.writeBigUInt64LE(BigInt(OBJECT_LOG_SIZE), 64); // kernel_log_size
      o.writeUInt32LE(0, 72); // kernel_log_level: 0 = only when a load fails
      writeMemory(opts, o);
      const r = L.openFile(path, opts);
      if (r.value === 0n) {
        free(objectLog);
        throw new AgentFailure(M.openFailed.code, render(M.openFailed, path, r.errno));
      }
      obj = r.value;
    } finally {
      free(opts);
    }
    try {
      const all = [...walk(() => L.nextProgram(obj, 0n), (p) => L.nextProgram(obj, p))];
      const names = all.map(L.programName);
      for (const want of programs ?? [])
        if (!names.includes(want)) throw new AgentFailure(M.unknownProgram.code, render(M.unknownProgram, want, names.join(', ')));
      const chosen: string[] = [];
      const self = new BpfObject(path, obj, info, chosen);
      self.objectLog = objectLog;
      all.forEach((p, i) => {
        const name = names[i] ?? '';
        if (programs && !programs.includes(name)) L.programSetAutoload(p, false);
        if (!L.programAutoload(p)) return;
        chosen.push(name);
        const buf = calloc(LOG_SIZE);
        self.logBufs.set(name, buf);
        L.programSetLogBuf(p, buf, LOG_SIZE);
      });
      self.writeKnobs(knobs);
      self.setRingSizes(ringSizes);
      return self;
    } catch (e) {
      L.objectClose(obj);
      free(objectLog);
      throw e;
    }
  }

  /**
   * bpf_map__set_max_entries before load: a ring by its name, or a map-in-map's inner template by the
   * outer name (rings libbpf creates for static slots are named maps, so they are sized by their names).
   */
  private setRingSizes(sizes: Readonly<Record<string, number>>): void {
    for (const [name, size] of Object.entries(sizes)) {
      const map = L.findMapByName(this.obj, name);
      const type = map === 0n ? -1 : L.mapType(map);
      const target =
        type === MAP_TYPE_RINGBUF ? map : type === MAP_TYPE_ARRAY_OF_MAPS || type === MAP_TYPE_HASH_OF_MAPS ? L.mapInnerMap(map) : 0n;
      if (target === 0n || (target !== map && L.mapType(target) !== MAP_TYPE_RINGBUF))
        throw new AgentFailure(M.unknownRing.code, render(M.unknownRing, name, this.ringNames().join(', ') || '-'));
      const r = L.mapSetMaxEntries(target, size);
      if (r < 0) throw new AgentFailure(M.badRingSize.code, render(M.badRingSize, name, size, -r));
    }
  }

  /** Names of the ring maps and ring-holding map-in-maps (for messages). */
  private ringNames(): string[] {
    return this.maps()
      .filter((m) => L.mapType(m) === MAP_TYPE_RINGBUF)
      .map((m) => L.mapName(m));
  }

  private writeKnobs(knobs: Readonly<Record<string, KnobValue>>): void {
    for (const [name, value] of Object.entries(knobs)) {
      const v = findGlobal(this.info.data, name);
      if (!v || !v.section.startsWith('.rodata')) throw new AgentFailure(M.unknownKnob.code, render(M.unknownKnob, name));
      const map = L.findMapByName(this.obj, v.section);
      if (map === 0n) throw new AgentFailure(M.unknownKnob.code, render(M.unknownKnob, name));
      const psize = calloc(8);
      try {
        const data = L.mapInitialValue(map, psize);
        const size = Number(readMemory(psize, 8).readBigUInt64LE(0));
        if (data === 0n || v.offset + v.size > size) throw new AgentFailure(M.unknownKnob.code, render(M.unknownKnob, name));
        writeMemory(data + BigInt(v.offset), knobBytes(v, value));
      } finally {
        free(psize);
      }
    }
  }

  /** Loads every chosen program; a verifier rejection carries the program, its line and the log. */
  load(): void {
    try {
      const r = L.objectLoad(this.obj);
      if (r >= 0) return;
      // only the failing program's log is written: the others load with log level 0
      for (const [program, buf] of this.logBufs) {
        const log = readCString(buf, LOG_SIZE);
        if (log.trim() === '') continue;
        const f = parseVerifierLog(log);
        const where = f.line !== undefined ? ` at ${f.file ?? ''}:${f.line}` : '';
        throw new AgentFailure(M.verifierRejected.code, render(M.verifierRejected, program, where, f.message), { ...f, program, log });
      }
      const objectLog = this.objectLog !== 0n ? readCString(this.objectLog, OBJECT_LOG_SIZE).trim() : '';
      const detail = objectLog === '' ? '' : `\n${objectLog.split('\n').slice(-20).join('\n')}`;
      throw new AgentFailure(M.loadFailed.code, render(M.loadFailed, this.path, -r) + detail);
    } finally {
      for (const p of this.programHandles()) L.programSetLogBuf(p, 0n, 0);
      for (const buf of this.logBufs.values()) free(buf);
      this.logBufs.clear();
    }
  }

  private programHandles(): Addr[] {
    return [...walk(() => L.nextProgram(this.obj, 0n), (p) => L.nextProgram(this.obj, p))];
  }

  /** Attaches every loaded program; links are fds, so they vanish with the process. */
  attach(): string[] {
    const out: string[] = [];
    for (const p of this.programHandles()) {
      if (!L.programAutoload(p)) continue;
      const name = L.programName(p);
      const r = L.programAttach(p);
      if (r.value === 0n) throw new AgentFailure(M.attachFailed.code, render(M.attachFailed, name, r.errno));
      this.links.push(r.value);
      out.push(name);
    }
    return out;
  }

  private maps(): Addr[] {
    return [...walk(() => L.nextMap(this.obj, 0n), (m) => L.nextMap(this.obj, m))];
  }

  /** Every ring buffer after load: top-level maps, then inner rings of map-in-maps. */
  rings(): RingMap[] {
    for (const fd of this.ownedFds.splice(0)) L.closeFd(fd);
    const out: RingMap[] = [];
    const seen = new Set<number>();
    for (const m of this.maps())
      if (L.mapType(m) === MAP_TYPE_RINGBUF) {
        out.push({ name: L.mapName(m), fd: L.mapFd(m), size: L.mapMaxEntries(m) });
        seen.add(this.mapInfo(L.mapFd(m))?.id ?? -1);
      }
    for (const m of this.maps()) {
      const type = L.mapType(m);
      if (type === MAP_TYPE_ARRAY_OF_MAPS || type === MAP_TYPE_HASH_OF_MAPS) out.push(...this.innerRings(m, type, seen));
    }
    return out;
  }

  /** type, id and max_entries of a map fd (struct bpf_map_info). */
  private mapInfo(fd: number): { type: number; id: number; maxEntries: number } | undefined {
    const info = calloc(MAP_INFO_SIZE);
    const len = calloc(4);
    try {
      const l = Buffer.alloc(4);
      l.writeUInt32LE(MAP_INFO_SIZE);
      writeMemory(len, l);
      if (L.objGetInfoByFd(fd, info, len) !== 0) return undefined;
      const b = readMemory(info, 24);
      return { type: b.readUInt32LE(0), id: b.readUInt32LE(4), maxEntries: b.readUInt32LE(16) };
    } finally {
      free(info);
      free(len);
    }
  }

  /** Rings in the slots of a map-in-map, except those already known by their own name (`seen` ids). */
  private innerRings(map: Addr, type: number, seen: Set<number>): RingMap[] {
    const out: RingMap[] = [];
    const outerFd = L.mapFd(map);
    const name = L.mapName(map);
    const keySize = L.mapKeySize(map);
    const keys: Buffer[] = [];
    if (type === MAP_TYPE_ARRAY_OF_MAPS) {
      for (let i = 0; i < L.mapMaxEntries(map); i++) {
        const k = Buffer.alloc(4);
        k.writeUInt32LE(i);
        keys.push(k);
      }
    } else {
      const cur = calloc(keySize);
      const next = calloc(keySize);
      try {
        let prev = 0n;
        while (L.mapGetNextKey(outerFd, prev, next) === 0 && keys.length < 65536) {
          const k = readMemory(next, keySize);
          keys.push(k);
          writeMemory(cur, k);
          prev = cur;
        }
      } finally {
        free(cur);
        free(next);
      }
    }
    const key = calloc(keySize);
    const value = calloc(8);
    try {
      for (const k of keys) {
        writeMemory(key, k);
        if (L.mapLookupElem(outerFd, key, value).value !== 0) continue; // empty slot
        const id = readMemory(value, 4).readUInt32LE(0);
        if (seen.has(id)) continue;
        const fd = L.mapGetFdById(id).value;
        if (fd < 0) continue;
        const info = this.mapInfo(fd);
        if (info?.type !== MAP_TYPE_RINGBUF) {
          L.closeFd(fd);
          continue;
        }
        this.ownedFds.push(fd);
        const label = k.length === 4 ? String(k.readUInt32LE(0)) : k.length <= 6 ? String(k.readUIntLE(0, k.length)) : `0x${k.toString('hex')}`;
        out.push({ name: `${name}[${label}]`, fd, size: info.maxEntries });
      }
    } finally {
      free(key);
      free(value);
    }
    return out;
  }

  /**
   * The program's own drop counter for a ring: a global `<ring>_drops` (any data section) or a map of
   * that name (per-CPU array summed over CPUs, or array), slot 0. undefined when the program keeps none.
   */
  readDrops(ring: string): number | undefined {
    const name = `${ring}_drops`;
    for (const m of this.maps()) {
      if (L.mapName(m) !== name) continue;
      const type = L.mapType(m);
      if (type !== MAP_TYPE_PERCPU_ARRAY && type !== MAP_TYPE_ARRAY) return undefined;
      const vs = L.mapValueSize(m);
      const stride = type === MAP_TYPE_PERCPU_ARRAY ? Math.ceil(vs / 8) * 8 : vs;
      const n = type === MAP_TYPE_PERCPU_ARRAY ? L.numPossibleCpus() : 1;
      return this.lookupSum(L.mapFd(m), vs, stride, n, 0, Math.min(vs, 8));
    }
    const g = findGlobal(this.info.data, name);
    if (!g) return undefined;
    const sec = L.findMapByName(this.obj, g.section);
    if (sec === 0n) return undefined;
    return this.lookupSum(L.mapFd(sec), L.mapValueSize(sec), 0, 1, g.offset, Math.min(g.size, 8));
  }

  private lookupSum(fd: number, valueSize: number, stride: number, n: number, offset: number, size: number): number | undefined {
    const key = calloc(4);
    const value = calloc(Math.max(valueSize, stride) * n);
    try {
      if (L.mapLookupElem(fd, key, value).value !== 0) return undefined;
      const bytes = readMemory(value, Math.max(valueSize, stride) * n);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += bytes.readUIntLE(i * stride + offset, Math.min(size, 6)); // counters stay below 2^48
      return sum;
    } finally {
      free(key);
      free(value);
    }
  }

  /** Detaches and unloads; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.links.splice(0)) L.linkDestroy(l);
    for (const fd of this.ownedFds.splice(0)) L.closeFd(fd);
    for (const buf of this.logBufs.values()) free(buf);
    this.logBufs.clear();
    L.objectClose(this.obj);
    free(this.objectLog); // after close: libbpf holds the pointer until then
    this.objectLog = 0n;
  }
}
