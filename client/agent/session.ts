// The agent's engine, apart from any transport: handles AgentRequests and emits AgentEvents. It loads
// one object through libbpf, attaches it, reads every ring in place on an adaptive timer (never
// blocking the event loop), decodes records with BTF, sends them at a bounded rate with received/sent
// counts, writes the optional record file, reports stats each second and tears everything down on stop.
import * as fs from 'node:fs';
import {
  AGENT_PROTOCOL_VERSION,
  assertNever,
  DEFAULT_MAX_RECORDS_PER_SECOND,
  DEFAULT_READER_PRIORITY,
  type AgentEvent,
  type AgentRequest,
  type HelloEvent,
  type LoadRequest,
  type RingInfo,
  type StartStreamRequest,
} from '../../common/agentProtocol';
import { agentMessages as M, render } from '../../common/messages';
import type { RecordSelection } from '../../common/records';
import { BtfError, readBpfObject, selectorForRing, type Btf, type RecordSelector } from './btf';
import * as L from './libbpf/api';
import { openLibraries, selfTestZeroCopy } from './libbpf/ffi';
import { AgentFailure, BpfObject, type RingMap } from './libbpf/object';
import { ReaderPriority } from './readerPriority';
import { RecordFileWriter, RECORD_FILE_FORMAT, RECORD_FILE_VERSION } from './recordFile';
import { RingConsumer } from './ring/consumer';
import { Outbox } from './ring/outbox';
import { SampledRecords, type SampleBatch } from './ring/samples';
import { RingFailure, RingReader } from './ring/reader';
import { RingCounters } from './ring/stats';
import { compileWalker } from './ring/walk';
import { RingWaiter } from './ring/waiter';

const FLUSH_MS = 50;
/**
 * Record bytes per records event at most while records flow (see ring/outbox.ts). Building and serialising an
 * event runs on the reading thread: 16 KiB of 256-byte records is ~35 KB of JSON, ~0.1 ms, where 64 KiB took
 * 0.25-0.6 ms of the ~1 ms a fast producer takes to fill a 4 MiB ring. The whole agent at saturation (ring
 * bench's session rows, 256 B, 15 rounds each, alternated): 2.3 % lost on average with 64 KiB, 1.6 % with 16 KiB,
 * 2.4 % with 8 KiB (more events, each with its own cost).
 */
const EVENT_RECORD_BYTES = 16 << 10;
/** Records waiting in an outbox beyond which it is sent whole, slices or not: memory stays bounded. */
const MAX_OUTBOX = 65536;
const STATS_MS = 1000;
const MAX_PENDING = 4096;
const DRAIN_BATCH = 65536;
const TICK_BUDGET_MS = 20;
const MAX_IDLE_MS = 1; // epoll timeout (and timer fallback): BPF_RB_NO_WAKEUP producers never wake epoll
const SPIN_CHECKS = 256; // producer_pos looks (a few µs; more would bounce its cache line under the producer) before epoll
const HOT_MS = 50; // records came this recently: wait in epoll on this thread (≤ MAX_IDLE_MS), not a pool thread
const IDLE_TREES = 256; // sampled records' trees built each time the rings are caught up (~0.3 ms at 256 bytes)

interface Ring {
  readonly map: RingMap;
  readonly info: RingInfo;
  readonly selector: RecordSelector;
  readonly reader: RingReader;
  readonly counters: RingCounters;
  readonly consumer: RingConsumer;
  /** The records of the next batch (trees built when it is sent). */
  readonly samples: SampledRecords;
  /** Taken from `samples` with their trees, being sent a slice at a time. */
  readonly outbox: Outbox;
}

export type Emit = (e: AgentEvent) => void;

export class AgentSession {
  private obj?: BpfObject;
  private objectPath = '';
  private selectors = new Map<string, RecordSelector>();
  private ringMaps: RingMap[] = [];
  private btf?: Btf;
  private recordTypes?: readonly RecordSelection[];
  private rings: Ring[] = [];
  private streaming = false;
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private flushTimer?: NodeJS.Timeout;
  private statsTimer?: NodeJS.Timeout;
  private waiter?: RingWaiter;
  /** Bumped per stream, so a wait that returns after a restart does not start a second loop. */
  private generation = 0;
  private rate = DEFAULT_MAX_RECORDS_PER_SECOND;
  /** This thread's real-time priority while the stream runs (readerPriority.ts). */
  private priority?: ReaderPriority;
  private tokens = 0;
  private lastRefill = 0;
  private file?: RecordFileWriter;
  private now = Date.now();
  private lastDataAt = 0;
  readonly zeroCopy: boolean;
  readonly libbpfVersion: string;
  /** Called once after `stop`, when everything is torn down. */
  onStopped?: () => void;

  constructor(private readonly emit: Emit) {
    let version = '';
    let zeroCopy = false;
    try {
      openLibraries();
      version = L.libbpfVersion();
      // RINGSCOPE_AGENT_COPY_MODE=1 forces the copy mode (as under Electron), for tests and comparison
      zeroCopy = selfTestZeroCopy() && process.env['RINGSCOPE_AGENT_COPY_MODE'] !== '1';
    } catch (e) {
      emit({ type: 'error', code: M.noLibbpf.code, message: render(M.noLibbpf, e instanceof Error ? e.message : String(e)) });
    }
    this.libbpfVersion = version;
    this.zeroCopy = zeroCopy;
    if (version !== '' && !zeroCopy) emit({ type: 'log', level: 'warn', message: render(M.copyMode) });
  }

  hello(): HelloEvent {
    return {
      type: 'hello',
      version: AGENT_PROTOCOL_VERSION,
      capabilities: ['innerRings', 'recordFile', 'knobs', ...(this.zeroCopy ? ['zeroCopy'] : [])],
      libbpfVersion: this.libbpfVersion,
      zeroCopy: this.zeroCopy,
    };
  }

  /** Handles one request; failures become `error` / `verifierError` events, never exceptions. */
  handle(req: AgentRequest): void {
    try {
      this.dispatch(req);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    if (e instanceof AgentFailure && e.verifier) {
      const v = e.verifier;
      this.emit({
        type: 'verifierError',
        program: v.program,
        message: v.message,
        log: v.log,
        ...(v.line !== undefined ? { line: v.line } : {}),
        ...(v.file !== undefined ? { file: v.file } : {}),
      });
    } else if (e instanceof AgentFailure || e instanceof BtfError) {
      this.emit({ type: 'error', code: e.code, message: e.message });
    } else {
      this.emit({ type: 'error', code: M.internalError.code, message: render(M.internalError, e instanceof Error ? e.message : String(e)) });
    }
  }

  private dispatch(req: AgentRequest): void {
    switch (req.type) {
      case 'hello':
        if (req.version !== AGENT_PROTOCOL_VERSION)
          this.emit({ type: 'error', code: M.versionMismatch.code, message: render(M.versionMismatch, req.version, AGENT_PROTOCOL_VERSION) });
        this.emit(this.hello());
        return;
      case 'load':
        this.load(req);
        return;
      case 'ping':
        return; // the heartbeat is kept by the stdio loop (main.ts): any request counts
      case 'attach': {
        if (!this.obj) throw new AgentFailure(M.notLoaded.code, render(M.notLoaded, 'attach'));
        this.emit({ type: 'attached', programs: this.obj.attach() });
        return;
      }
      case 'startStream':
        this.startStream(req);
        return;
      case 'stopStream':
        this.stopStream();
        return;
      case 'stats':
        this.emitStats();
        return;
      case 'stop':
      case 'bye':
        this.stop();
        return;
      default:
        assertNever(req);
    }
  }

  private load(req: LoadRequest): void {
    if (this.libbpfVersion === '') throw new AgentFailure(M.noLibbpf.code, render(M.noLibbpf, 'not loaded'));
    this.unload();
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(fs.readFileSync(req.object));
    } catch (e) {
      const errno = Math.abs((e as NodeJS.ErrnoException).errno ?? 0);
      throw new AgentFailure(M.openFailed.code, render(M.openFailed, req.object, errno));
    }
    const info = readBpfObject(bytes, req.object);
    const obj = BpfObject.open(req.object, info, req.knobs ?? {}, req.programs, req.ringSizes ?? {});
    try {
      obj.load();
    } catch (e) {
      obj.close();
      throw e;
    }
    this.obj = obj;
    this.objectPath = req.object;
    this.btf = info.btf;
    this.recordTypes = req.recordTypes;
    this.ringMaps = obj.rings();
    const out = this.ringMaps.map((r) => this.ringInfo(r));
    this.emit({ type: 'loaded', programs: obj.programs, rings: out });
  }

  /** The record selector of a ring (inner rings `outer[k]` also match a setting for `outer`). */
  private selectorFor(name: string): RecordSelector {
    const known = this.selectors.get(name);
    if (known) return known;
    const btf = this.btf;
    if (!btf) throw new AgentFailure(M.notLoaded.code, render(M.notLoaded, 'decode'));
    const outer = name.replace(/\[.*\]$/, '');
    const settings = this.recordTypes?.map((s) => (s.ring === outer && name !== outer ? { ...s, ring: name } : s));
    const sel = selectorForRing(btf, name, settings ? { settings } : {});
    this.selectors.set(name, sel);
    return sel;
  }

  private ringInfo(r: RingMap): RingInfo {
    const sel = this.selectorFor(r.name);
    const d = sel.decoders[0];
    return {
      name: r.name,
      size: r.size,
      recordType: d?.typeName ?? '',
      columns: d?.columns ?? [],
      ...(sel.problem !== undefined ? { problem: sel.problem } : {}),
    };
  }

  private refill(): void {
    if (this.rate === 0) return;
    const dt = this.now - this.lastRefill;
    this.lastRefill = this.now;
    this.tokens = Math.min(Math.max(1, this.rate / 10), this.tokens + (this.rate * dt) / 1000);
  }

  /** How many of the next records to decode into trees: all with a record file or no rate bound, else the tokens. */
  private readonly wanted = (): number => (this.file || this.rate === 0 ? Infinity : this.tokens);

  private makeRing(map: RingMap): Ring {
    const selector = this.selectorFor(map.name);
    const reader = new RingReader(map.fd, map.size, this.zeroCopy, true);
    const info = this.ringInfo(map);
    const counters = new RingCounters(map.name, map.size, this.now);
    const btf = this.btf;
    const walker = selector.only && btf ? compileWalker(btf, selector.only.typeId) : undefined;
    const samples = new SampledRecords((buf, off, len) => selector.decode(buf, off, len));
    const take = (buf: Uint8Array, off: number, len: number, seq: number): void => {
      // with a record file every record is decoded now; sent ones keep that tree
      const rec = this.file ? selector.decode(buf, off, len) : undefined;
      if (rec) this.file?.write({ ring: map.name, seq, ts: this.now, record: rec });
      if (this.rate !== 0 && this.tokens < 1) return;
      if (this.rate !== 0) this.tokens -= 1;
      if (rec) samples.addTree(rec, seq, this.now);
      else samples.addBytes(buf, off, len, seq, this.now);
    };
    const consumer = new RingConsumer(reader, counters, walker, this.wanted, take);
    return { map, info, selector, reader, counters, consumer, samples, outbox: new Outbox() };
  }

  private startStream(req: StartStreamRequest): void {
    if (!this.obj) throw new AgentFailure(M.notLoaded.code, render(M.notLoaded, 'stream'));
    this.stopStream();
    // inner rings may have been put into their map-in-map since load: look again
    this.ringMaps = this.obj.rings();
    const chosen = req.rings ?? this.ringMaps.map((r) => r.name);
    const known = this.ringMaps.map((r) => r.name);
    for (const name of chosen)
      if (!known.includes(name)) throw new AgentFailure(M.unknownRing.code, render(M.unknownRing, name, known.join(', ') || '-'));
    if (chosen.length === 0) throw new AgentFailure(M.noRings.code, render(M.noRings));
    this.rate = req.maxRecordsPerSecond ?? DEFAULT_MAX_RECORDS_PER_SECOND;
    this.now = Date.now();
    this.lastRefill = this.now;
    this.tokens = Math.max(1, this.rate / 10);
    try {
      for (const name of chosen) {
        const map = this.ringMaps.find((r) => r.name === name);
        if (map) this.rings.push(this.makeRing(map));
      }
    } catch (e) {
      this.closeRings();
      if (e instanceof RingFailure) throw new AgentFailure(M.mmapFailed.code, render(M.mmapFailed, chosen.join(', '), e.errno));
      throw e;
    }
    if (req.recordFile !== undefined) {
      try {
        this.file = new RecordFileWriter(req.recordFile, {
          format: RECORD_FILE_FORMAT,
          version: RECORD_FILE_VERSION,
          object: this.objectPath,
          started: this.now,
          rings: this.rings.map((r) => r.info),
        });
      } catch (e) {
        this.closeRings();
        throw new AgentFailure(M.recordFileFailed.code, render(M.recordFileFailed, req.recordFile, e instanceof Error ? e.message : String(e)));
      }
    }
    try {
      this.waiter = new RingWaiter(this.rings.map((r) => r.map.fd));
    } catch {
      this.waiter = undefined; // no epoll: poll on the timer alone
    }
    this.streaming = true;
    this.generation++;
    this.flushTimer = setInterval(() => this.flush(), FLUSH_MS);
    this.statsTimer = setInterval(() => this.emitStats(), STATS_MS);
    this.raisePriority(req.readerPriority ?? DEFAULT_READER_PRIORITY);
    this.emit({ type: 'streaming', rings: this.rings.map((r) => r.map.name), maxRecordsPerSecond: this.rate, readerPriority: this.priority?.effective ?? 0 });
    this.tick();
  }

  /** Drains every ring within a time budget; runs again at once while records flow, else backs off. */
  private readonly tick = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    if (!this.streaming) return;
    this.now = Date.now();
    this.priority?.pace(this.now);
    const until = this.now + TICK_BUDGET_MS;
    let got = 0;
    try {
      for (;;) {
        let round = 0;
        this.refill();
        for (const r of this.rings) {
          r.counters.sampleFill(r.reader.pending());
          round += r.consumer.drain(DRAIN_BATCH);
          if (r.samples.length >= MAX_PENDING) this.flushRing(r, false);
          else this.sendSlice(r, false);
        }
        got += round;
        if (round === 0) {
          // caught up: build some of the sampled records' trees now rather than all at the flush, and send what waits
          for (const r of this.rings) {
            r.samples.prepare(IDLE_TREES);
            this.sendSlice(r, true);
          }
          break;
        }
        this.now = Date.now();
        this.priority?.pace(this.now);
        if (this.now >= until) break;
      }
    } catch (e) {
      this.fail(e);
    }
    if (got > 0) this.lastDataAt = this.now;
    // One place schedules the next turn at once, whichever reason: a path that first runs in the middle of a
    // stream (a record arriving during the hand-back below is rare) would deoptimise the tick there.
    let again = got > 0 || this.rings.some((r) => r.reader.spin(SPIN_CHECKS));
    if (!again) {
      // about to wait: hand back every byte read, so the next committed record wakes epoll (reader.ts holdBack);
      // a record that came before that hand-back woke nobody: drain it first
      for (const r of this.rings) if (r.reader.release()) again = true;
      if (!again && this.waiter && this.now - this.lastDataAt < HOT_MS) {
        // a hot stream: the pool thread's extra wake-up costs more than this bounded wait blocks the loop
        this.waiter.waitSync(MAX_IDLE_MS);
        again = true;
      }
    }
    if (again) {
      this.immediate = setImmediate(this.tick);
    } else if (this.waiter) {
      const generation = this.generation;
      void this.waiter.wait(MAX_IDLE_MS).then(() => {
        if (generation === this.generation) this.tick();
      });
    } else this.timer = setTimeout(this.tick, MAX_IDLE_MS);
  };

  /**
   * Moves the held records to the outbox (building their trees) and sends a slice of it, or all of it when `all`;
   * an empty records event when only the counts moved (sampling is never silent).
   */
  private flushRing(r: Ring, all: boolean): void {
    if (r.samples.length > 0) r.outbox.add(r.samples.take());
    if (r.outbox.length > 0) this.sendSlice(r, all);
    else if (r.counters.markReported()) this.emitRecords(r, { batch: [], seqs: [], ts: [] });
  }

  /** Sends one slice of the outbox (nothing when it is empty), or all of it when `all` or when it holds too many. */
  private sendSlice(r: Ring, all: boolean): void {
    const whole = all || r.outbox.length > MAX_OUTBOX;
    while (r.outbox.length > 0) {
      this.emitRecords(r, r.outbox.slice(EVENT_RECORD_BYTES));
      if (!whole) break;
    }
  }

  private emitRecords(r: Ring, { batch, seqs, ts }: SampleBatch): void {
    r.counters.markReported();
    r.counters.sent += batch.length;
    this.emit({ type: 'records', ring: r.map.name, batch, seqs, ts, received: r.counters.received, sent: r.counters.sent });
  }

  /** The flush timer's turn: while records flow, a slice per ring (the tick sends the rest between drains). */
  private flush(all = this.now - this.lastDataAt >= HOT_MS): void {
    for (const r of this.rings) this.flushRing(r, all);
  }

  /** One stats event per ring (streaming rings, or every ring of the loaded object). */
  private emitStats(): void {
    const now = Date.now();
    for (const r of this.rings) {
      const drops = this.obj?.readDrops(r.map.name);
      this.emit(r.counters.snapshot(r.reader.positions(), now, r.reader.discarded, drops));
    }
  }

  /** Final drain, flush and stats, then unmaps the rings. */
  stopStream(): void {
    if (!this.streaming) return;
    this.streaming = false;
    this.generation++;
    // ordinary again before the last events go out: a client that sees them sees an ordinary agent
    this.priority?.restore();
    this.priority = undefined;
    this.waiter?.close();
    this.waiter = undefined;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.now = Date.now();
    try {
      // read what was committed before the stop, not what a busy producer keeps adding after it
      for (const r of this.rings) {
        const target = r.reader.positions().producer;
        while (r.reader.positions().consumer < target && r.consumer.drain(DRAIN_BATCH) > 0)
          if (r.samples.length >= MAX_PENDING) this.flushRing(r, true);
      }
    } catch (e) {
      this.fail(e);
    }
    this.flush(true);
    this.emitStats();
    this.closeRings();
  }

  /** This thread reads the rings: real-time while the stream runs (readerPriority.ts); a warning when not allowed. */
  private raisePriority(priority: number): void {
    const p = new ReaderPriority(priority);
    const errno = p.raise(this.now);
    if (errno !== 0) this.emit({ type: 'log', level: 'warn', message: render(M.readerPriorityFailed, priority, errno) });
    this.priority = p;
  }

  private closeRings(): void {
    for (const r of this.rings) r.reader.close();
    this.rings = [];
    this.file?.close();
    this.file = undefined;
  }

  private unload(): void {
    this.stopStream();
    this.obj?.close();
    this.obj = undefined;
    this.selectors.clear();
    this.ringMaps = [];
    this.btf = undefined;
    this.recordTypes = undefined;
  }

  /** Tears everything down and says bye; idempotent. */
  stop(): void {
    this.unload();
    this.emit({ type: 'bye' });
    const cb = this.onStopped;
    this.onStopped = undefined;
    cb?.();
  }
}
