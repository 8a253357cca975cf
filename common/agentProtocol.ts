// The agent protocol: JSON lines over the agent's stdio. Requests go client → agent (stdin), events go
// agent → client (stdout); one JSON object per line, each with a `type` discriminant. Every message is
// declared here once; `isAgentRequest` / `isAgentEvent` are the runtime guards used at each boundary.
import { isPlainObject } from './guards';
import { isRecordSelection, type DecodedRecord, type RecordColumn, type RecordSelection } from './records';

export { assertNever } from './guards';

/** Bumped when a message changes incompatibly; the hello exchange carries it both ways. */
export const AGENT_PROTOCOL_VERSION = 1;

/** Default bound on records per second forwarded to the client (the rest are counted, not sent). */
export const DEFAULT_MAX_RECORDS_PER_SECOND = 20000;

/**
 * Default real-time (SCHED_FIFO) priority of the thread that reads the rings while a stream runs (the
 * agent's readerPriority.ts says why); 0 leaves it on the ordinary scheduler. The range is 1-99.
 */
export const DEFAULT_READER_PRIORITY = 1;
export const MAX_READER_PRIORITY = 99;

// ---- requests: client → agent ----------------------------------------------------------------

/** client → agent: first message; the agent answers with a `hello` event. */
export interface HelloRequest {
  readonly type: 'hello';
  readonly version: number;
  /** Heartbeat: tear down and exit when no request arrives for this many seconds (0/absent = off, e.g. local stdio). */
  readonly idleTimeoutSeconds?: number;
}

/** client → agent: keeps a remote agent alive (see `idleTimeoutSeconds`); no answer. */
export interface PingRequest {
  readonly type: 'ping';
}

/** A `const volatile` global of the object, set before load (`.rodata`). */
export type KnobValue = number | string | boolean;

/** client → agent: open and load a BPF object; answers `loaded` or `verifierError`/`error`. */
export interface LoadRequest {
  readonly type: 'load';
  /** Path of the .bpf.o on the agent's host. */
  readonly object: string;
  /** `const volatile` knob name → value (numbers may be decimal strings for 64-bit values). */
  readonly knobs?: Readonly<Record<string, KnobValue>>;
  /** Programs to load and attach; all when absent. */
  readonly programs?: readonly string[];
  /** Record type per ring (settings or the language server's finding). */
  readonly recordTypes?: readonly RecordSelection[];
  /** Ring size in bytes per ring map name, set before load (a map-in-map name sizes its inner template). */
  readonly ringSizes?: Readonly<Record<string, number>>;
  /** As in `hello`: the heartbeat timeout, for clients that set it with the load. */
  readonly idleTimeoutSeconds?: number;
}

/** client → agent: attach the loaded programs; answers `attached` or `error`. */
export interface AttachRequest {
  readonly type: 'attach';
}

/** client → agent: start reading every ring and streaming `records` and `stats`. */
export interface StartStreamRequest {
  readonly type: 'startStream';
  /** Bound on records sent per second (all are counted); default DEFAULT_MAX_RECORDS_PER_SECOND; 0 = unbounded. */
  readonly maxRecordsPerSecond?: number;
  /** Path on the agent's host to write every record to (docs/record-file.md). */
  readonly recordFile?: string;
  /** Only these rings; all when absent. */
  readonly rings?: readonly string[];
  /** SCHED_FIFO priority of the reading thread while streaming (0-99, 0 = ordinary); default DEFAULT_READER_PRIORITY. */
  readonly readerPriority?: number;
}

/** client → agent: stop reading (programs stay attached). */
export interface StopStreamRequest {
  readonly type: 'stopStream';
}

/** client → agent: send one `stats` event per ring now. */
export interface StatsRequest {
  readonly type: 'stats';
}

/** client → agent: detach, unload and exit; the agent answers `bye`. */
export interface StopRequest {
  readonly type: 'stop' | 'bye';
}

export type AgentRequest =
  | HelloRequest
  | PingRequest
  | LoadRequest
  | AttachRequest
  | StartStreamRequest
  | StopStreamRequest
  | StatsRequest
  | StopRequest;

// ---- events: agent → client ------------------------------------------------------------------

/** agent → client: who the agent is and what it can do. */
export interface HelloEvent {
  readonly type: 'hello';
  readonly version: number;
  /** Feature names, e.g. 'zeroCopy', 'recordFile', 'innerRings', 'siteCounts'. */
  readonly capabilities: readonly string[];
  /** 'major.minor' of the libbpf.so.1 loaded, or '' when it could not be loaded. */
  readonly libbpfVersion: string;
  /** true when ring pages are read in place; false when the runtime forces the copy mode. */
  readonly zeroCopy: boolean;
}

export interface RingInfo {
  /** Map name; inner rings of a map-in-map are `outer[key]`. */
  readonly name: string;
  /** Data area size in bytes (max_entries). */
  readonly size: number;
  /** C name of the record type, '' when records stay hex. */
  readonly recordType: string;
  readonly columns: readonly RecordColumn[];
  /** Why records stay hex although a type was named. */
  readonly problem?: string;
}

/** agent → client: the object loaded. */
export interface LoadedEvent {
  readonly type: 'loaded';
  readonly programs: readonly string[];
  readonly rings: readonly RingInfo[];
}

/** agent → client: the verifier rejected a program. */
export interface VerifierErrorEvent {
  readonly type: 'verifierError';
  readonly program: string;
  /** 1-based C line of the failing instruction, when the log has `@ file:LINE` annotations. */
  readonly line?: number;
  readonly file?: string;
  /** The verifier's own message (the last meaningful log line). */
  readonly message: string;
  /** The whole verifier log. */
  readonly log: string;
}

/** agent → client: every program attached. */
export interface AttachedEvent {
  readonly type: 'attached';
  readonly programs: readonly string[];
}

/** agent → client: the stream has started (answers `startStream`); records may flow from now on. */
export interface StreamingEvent {
  readonly type: 'streaming';
  readonly rings: readonly string[];
  /** The bound in effect; 0 = every record is sent. */
  readonly maxRecordsPerSecond: number;
  /** The reading thread's real-time priority in effect; 0 when it runs on the ordinary scheduler. */
  readonly readerPriority?: number;
}

/** agent → client: a batch of decoded records (may be empty: then it only updates the counts). */
export interface RecordsEvent {
  readonly type: 'records';
  readonly ring: string;
  readonly batch: readonly DecodedRecord[];
  /** Per record of `batch`: its 0-based sequence number among all records read from this ring. */
  readonly seqs?: readonly number[];
  /** Per record of `batch`: when the agent read it, ms since the epoch. */
  readonly ts?: readonly number[];
  /** Records read from this ring since the stream started. */
  readonly received: number;
  /** Records sent to the client since the stream started, this batch included. */
  readonly sent: number;
}

/** agent → client: the ring's state (the four `bpf_ringbuf_query` values) and rates. */
export interface StatsEvent {
  readonly type: 'stats';
  readonly ring: string;
  readonly availData: number;
  readonly ringSize: number;
  readonly consumerPos: number;
  readonly producerPos: number;
  readonly recordsPerSec: number;
  readonly bytesPerSec: number;
  readonly peakFillPct: number;
  /** Discarded records seen plus the program's `<ring>_drops` counter; null when the program keeps none. */
  readonly drops: number | null;
  /** The `<ring>_drops` counter alone (reserve/output calls that found the ring full); null or absent without one. */
  readonly failed?: number | null;
  /** Records read since the stream started. */
  readonly received: number;
}

/** agent → client: per-source-site counts (optional feature). */
export interface SiteCountsEvent {
  readonly type: 'siteCounts';
  readonly counts: Readonly<Record<string, number>>;
}

/** agent → client: a line of diagnostic text. */
export interface LogEvent {
  readonly type: 'log';
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

/** agent → client: a request failed; `code` is a catalogue code (RS-AGENT-…). */
export interface ErrorEvent {
  readonly type: 'error';
  readonly code: string;
  readonly message: string;
}

/** agent → client: the agent has torn everything down and is exiting. */
export interface ByeEvent {
  readonly type: 'bye';
}

export type AgentEvent =
  | HelloEvent
  | LoadedEvent
  | VerifierErrorEvent
  | AttachedEvent
  | StreamingEvent
  | RecordsEvent
  | StatsEvent
  | SiteCountsEvent
  | LogEvent
  | ErrorEvent
  | ByeEvent;

// ---- guards ----------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNonNeg = (v: unknown): boolean => isNum(v) && v >= 0;
const opt = (o: Obj, k: string, check: (v: unknown) => boolean): boolean => o[k] === undefined || check(o[k]);
const isStrArray = (v: unknown): boolean => Array.isArray(v) && v.every(isStr);
const isKnobs = (v: unknown): boolean =>
  isPlainObject(v) && Object.values(v).every((x) => isNum(x) || isStr(x) || isBool(x));
const isColumn = (v: unknown): boolean => isPlainObject(v) && isStr(v['name']) && isStr(v['kind']) && isStr(v['cType']);
const isRing = (v: unknown): boolean =>
  isPlainObject(v) &&
  isStr(v['name']) &&
  isNum(v['size']) &&
  isStr(v['recordType']) &&
  Array.isArray(v['columns']) &&
  v['columns'].every(isColumn) &&
  opt(v, 'problem', isStr);
const isRecord = (v: unknown): boolean => isPlainObject(v) && isStr(v['type']) && isNum(v['size']) && isPlainObject(v['fields']);

/** Runtime guard for a line received on the agent's stdin. */
export function isAgentRequest(x: unknown): x is AgentRequest {
  if (!isPlainObject(x)) return false;
  switch (x['type']) {
    case 'hello':
      return isNum(x['version']) && opt(x, 'idleTimeoutSeconds', isNonNeg);
    case 'load':
      return (
        isStr(x['object']) &&
        opt(x, 'ringSizes', (v) => isPlainObject(v) && Object.values(v).every((n) => isNum(n) && n > 0 && Number.isInteger(n))) &&
        opt(x, 'idleTimeoutSeconds', isNonNeg) &&
        opt(x, 'knobs', isKnobs) &&
        opt(x, 'programs', isStrArray) &&
        opt(x, 'recordTypes', (v) => Array.isArray(v) && v.every(isRecordSelection))
      );
    case 'startStream':
      return (
        opt(x, 'maxRecordsPerSecond', (v) => isNum(v) && v >= 0) &&
        opt(x, 'recordFile', isStr) &&
        opt(x, 'rings', isStrArray) &&
        opt(x, 'readerPriority', (v) => isNum(v) && Number.isInteger(v) && v >= 0 && v <= MAX_READER_PRIORITY)
      );
    case 'ping':
    case 'attach':
    case 'stopStream':
    case 'stats':
    case 'stop':
    case 'bye':
      return true;
    default:
      return false;
  }
}

/** Runtime guard for a line received on the agent's stdout. */
export function isAgentEvent(x: unknown): x is AgentEvent {
  if (!isPlainObject(x)) return false;
  switch (x['type']) {
    case 'hello':
      return isNum(x['version']) && isStrArray(x['capabilities']) && isStr(x['libbpfVersion']) && isBool(x['zeroCopy']);
    case 'loaded':
      return isStrArray(x['programs']) && Array.isArray(x['rings']) && x['rings'].every(isRing);
    case 'verifierError':
      return (
        isStr(x['program']) && isStr(x['message']) && isStr(x['log']) && opt(x, 'line', isNum) && opt(x, 'file', isStr)
      );
    case 'attached':
      return isStrArray(x['programs']);
    case 'streaming':
      return isStrArray(x['rings']) && isNum(x['maxRecordsPerSecond']) && opt(x, 'readerPriority', isNum);
    case 'records':
      return (
        isStr(x['ring']) &&
        Array.isArray(x['batch']) &&
        x['batch'].every(isRecord) &&
        isNum(x['received']) &&
        isNum(x['sent']) &&
        opt(x, 'seqs', (v) => Array.isArray(v) && v.every(isNum)) &&
        opt(x, 'ts', (v) => Array.isArray(v) && v.every(isNum))
      );
    case 'stats':
      return (
        isStr(x['ring']) &&
        ['availData', 'ringSize', 'consumerPos', 'producerPos', 'recordsPerSec', 'bytesPerSec', 'peakFillPct', 'received'].every(
          (k) => isNum(x[k]),
        ) &&
        (x['drops'] === null || isNum(x['drops'])) &&
        (x['failed'] === undefined || x['failed'] === null || isNum(x['failed']))
      );
    case 'siteCounts':
      return isPlainObject(x['counts']) && Object.values(x['counts']).every(isNum);
    case 'log':
      return (x['level'] === 'info' || x['level'] === 'warn' || x['level'] === 'error') && isStr(x['message']);
    case 'error':
      return isStr(x['code']) && isStr(x['message']);
    case 'bye':
      return true;
    default:
      return false;
  }
}

/** Parses one JSON line; undefined when it is not JSON. */
export function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
