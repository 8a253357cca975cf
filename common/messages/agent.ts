// Messages of the agent (client/agent/): loading, attaching, streaming and the protocol. Each says what
// failed, why when the errno tells, and what to do.
import { DEFAULT_READER_PRIORITY, MAX_READER_PRIORITY } from '../agentProtocol';
import { message } from './catalog';

const errnoHint = (errno: number): string =>
  errno === 1
    ? ' (EPERM: run as root, or grant CAP_BPF + CAP_PERFMON)'
    : errno === 13
      ? ' (EACCES: tracefs is mode 0700; CAP_DAC_READ_SEARCH is needed as well as CAP_BPF + CAP_PERFMON)'
      : errno === 2
        ? ' (ENOENT: is tracefs mounted? mount -t tracefs tracefs /sys/kernel/tracing)'
        : '';

export const noLibbpf = message('RS-AGENT-001', (detail: string) =>
  `libbpf.so.1 could not be loaded (${detail}). Install it: apt-get install libbpf1 (or libbpf-dev).`,
);
export const malformedRequest = message('RS-AGENT-002', (line: string) =>
  `Ignored a malformed request line: ${line.length > 200 ? line.slice(0, 200) + '…' : line}`,
);
export const openFailed = message('RS-AGENT-003', (path: string, errno: number) =>
  `Could not open BPF object ${path}: errno ${errno}${errnoHint(errno)}. Is it a .bpf.o built by clang -target bpf?`,
);
export const loadFailed = message('RS-AGENT-004', (path: string, errno: number) =>
  `Loading ${path} failed: errno ${errno}${errnoHint(errno)}.`,
);
export const attachFailed = message('RS-AGENT-005', (program: string, errno: number) =>
  `Attaching program '${program}' failed: errno ${errno}${errnoHint(errno)}. kprobes are not available on every kernel; tracepoints (SEC("tp/...")) are.`,
);
export const unknownKnob = message('RS-AGENT-006', (name: string) =>
  `'${name}' is not a const volatile global of the object; knobs must be declared 'const volatile' in .rodata.`,
);
export const badKnobValue = message('RS-AGENT-007', (name: string, value: string) =>
  `Value '${value}' does not fit knob '${name}'.`,
);
export const notLoaded = message('RS-AGENT-008', (what: string) => `Cannot ${what}: no object is loaded yet (send 'load' first).`);
export const unknownProgram = message('RS-AGENT-009', (name: string, known: string) =>
  `The object has no program '${name}' (it has: ${known}).`,
);
export const noRings = message('RS-AGENT-010', () => 'The object has no ring buffer (BPF_MAP_TYPE_RINGBUF) to stream.');
export const mmapFailed = message('RS-AGENT-011', (ring: string, errno: number) => `Mapping ring buffer '${ring}' failed: errno ${errno}.`);
export const recordFileFailed = message('RS-AGENT-012', (path: string, detail: string) =>
  `Cannot write the record file ${path}: ${detail}.`,
);
export const copyMode = message('RS-AGENT-013', () =>
  'This runtime copies external buffers (a V8 sandbox, e.g. Electron); reading rings in copy mode. Run the agent with a system Node for zero-copy.',
);
export const versionMismatch = message('RS-AGENT-014', (theirs: number, ours: number) =>
  `The client speaks agent protocol ${theirs}, this agent speaks ${ours}; update the extension or the agent.`,
);
export const internalError = message('RS-AGENT-015', (detail: string) => `Agent error: ${detail}`);
export const verifierRejected = message('RS-AGENT-016', (program: string, where: string, msg: string) =>
  `The verifier rejected program '${program}'${where}: ${msg}`,
);
export const unknownRing = message('RS-AGENT-017', (name: string, known: string) =>
  `The object has no ring buffer '${name}' (it has: ${known}).`,
);
export const badRingSize = message('RS-AGENT-018', (ring: string, size: number, errno: number) =>
  `Cannot set ring buffer '${ring}' to ${size} bytes: errno ${errno}. A ring's size is a power-of-2 multiple of the page size.`,
);
export const idleTimeout = message('RS-AGENT-019', (seconds: number) =>
  `No message from the client for ${seconds} s (heartbeat lost): detaching everything and exiting.`,
);

// `ringscope run`
export const runUsage = message('RS-AGENT-020', () =>
  [
    'usage: ringscope run <file.bpf.c|file.bpf.o> [--host ALIAS] [--duration S] [--max-records N] [--format jsonl|table]',
    '  builds (when given C), loads, attaches and streams every decoded record, unsampled, until stopped',
    '  --host ALIAS                 run on that host through the system ssh: a ~/.ssh/config alias or user@host[:port]',
    '  --identity FILE              private key for --host (ssh -i)',
    '  --ssh-config FILE            ssh config file for --host instead of ~/.ssh/config (ssh -F)',
    '  --duration S                 stop after S seconds',
    '  --max-records N              stop after N records (also: --count N)',
    '  --format jsonl|table         jsonl (default; also --json): one JSON object per record {ringbuf, seq, ts, fields};',
    '                               table: aligned columns, a header per ring',
    '  --max-rate N                 sample: show at most N records/s (all are counted); default every record',
    `  --reader-priority N          real-time (SCHED_FIFO) priority of the agent's ring reader while streaming, 0-${MAX_READER_PRIORITY};`,
    `                               0 keeps it on the ordinary scheduler (default ${DEFAULT_READER_PRIORITY})`,
    '  --ring NAME                  stream only this ring (repeatable)',
    '  --ring-size RING=BYTES       set a ring\'s size before load, e.g. --ring-size rb=4096 (repeatable)',
    '  --set KNOB=VALUE             set a const volatile knob before load (repeatable)',
    '  --type RING=TYPE             record type of a ring, e.g. --type rb="struct event"',
    '  --record-file PATH           also write every record to PATH on the agent\'s host (docs/record-file.md)',
    'Stats go to stderr once a second, then a summary. Exit 1 when build, load or attach fails (with the',
    "verifier's message and C line), 2 on bad usage.",
  ].join('\n'),
);
export const runBadUsage = message('RS-AGENT-021', (detail: string) => `ringscope run: ${detail}. See: ringscope help run`);
export const runBuildFailed = message('RS-AGENT-022', (source: string) => `Building ${source} failed; nothing was loaded.`);
export const runStats = message('RS-AGENT-023', (ring: string, received: number, perSec: number, fill: number, drops: string) =>
  `${ring}: ${received} ${received === 1 ? 'record' : 'records'}, ${perSec}/s, peak fill ${fill}%, drops ${drops}`,
);
export const ringFull = message('RS-AGENT-027', (lost: number, ring: string, size: string, holdsMs: string, suggested: string) =>
  `${lost} ${lost === 1 ? 'record' : 'records'} could not be reserved since the last statistics: ring '${ring}' was ` +
    `full. At the current rate its ${size} hold ${holdsMs} of records, so any pause of the reader longer than ` +
    `that loses records. Raise its max_entries (e.g. to ${suggested}) or submit fewer or smaller records.`,
);
export const ringFullUnread = message('RS-AGENT-028', (lost: number, ring: string) =>
  `${lost} ${lost === 1 ? 'record' : 'records'} could not be reserved since the last statistics: ring '${ring}' is ` +
    `full and nothing was read from it meanwhile. Records are read only while the stream runs.`,
);
export const runSummary = message('RS-AGENT-024', (shown: number, received: number, seconds: string) =>
  `${shown} ${shown === 1 ? 'record' : 'records'} shown, ${received} received in ${seconds} s`,
);
export const runVerifier = message('RS-AGENT-025', (where: string, program: string, msg: string) =>
  `${where}: the verifier rejected program '${program}': ${msg}`,
);
export const runSourceMissing = message('RS-AGENT-026', (object: string, source: string) =>
  `${object} was built from ${source}, which no longer exists, so its record types are unknown and rings without ` +
    `--type show hex. Put the source back, or pass --type RING="struct name".`,
);
export const readerPriorityFailed = message('RS-AGENT-029', (priority: number, errno: number) =>
  `The ring reader could not take real-time priority ${priority} (errno ${errno}${errno === 1 ? ': EPERM, CAP_SYS_NICE is missing' : ''}), ` +
    `so other tasks can delay it and a very fast producer may drop records. Run the agent as root or grant it ` +
    `CAP_SYS_NICE, or set ringscope.readerPriority (ringscope run: --reader-priority) to 0 to keep the reader on the ` +
    `ordinary scheduler.`,
);
