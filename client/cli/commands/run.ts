// `ringscope run <file.bpf.c|file.bpf.o> [--host ALIAS] [--duration S] [--max-records N] [--format jsonl|table]`:
// builds C, loads, attaches and prints every decoded record (unsampled unless --max-rate) on stdout, stats
// on stderr each second, then a summary; locally in this process (the agent's session), or over ssh.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_READER_PRIORITY, MAX_READER_PRIORITY, type AgentEvent, type KnobValue } from '../../../common/agentProtocol';
import { LossHints } from '../../../common/lossHint';
import { agentMessages as M, render, uiMessages as ui, withCode } from '../../../common/messages';
import type { RecordSelection } from '../../../common/records';
import { ringRecordTypes } from '../../../server/src/features/recordTypes';
import { getProgramModel } from '../../../server/src/analysis/analyze';
import { defaultSettings } from '../../../server/src/analysis/findings';
import { initParser } from '../../../server/src/analysis/parser';
import { buildBpf, defaultOutput, formatDiagnostic } from '../../agent/build';
import { takeTransportOptions } from '../../transport/fromCli';
import { startRemoteSession } from '../../transport/remoteSession';
import type { SshTarget } from '../../transport/sshArgs';
import { jsonLine, TableFormatter, type RunFormat } from '../run/format';
import { objectSource } from '../run/objectSource';

export const usage = M.runUsage.text();

export interface RunArgs {
  readonly file: string;
  readonly count?: number;
  readonly duration?: number;
  readonly format: RunFormat;
  readonly rings?: string[];
  readonly ringSizes?: Record<string, number>;
  readonly knobs: Record<string, KnobValue>;
  readonly types: RecordSelection[];
  readonly maxRate: number;
  readonly recordFile?: string;
  /** SCHED_FIFO priority of the agent's ring reader while streaming; 0 = ordinary. */
  readonly readerPriority: number;
}

const positive = (v: string | undefined): number | undefined => {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
};

/** Options that take the next argument as their value. */
const VALUE_OPTIONS = ['--count', '--max-records', '--duration', '--format', '--ring', '--set', '--type', '--ring-size', '--max-rate', '--record-file', '--reader-priority'];

/** Parses the arguments after `run`; a string is the error to show. */
export function parseRunArgs(argv: readonly string[]): RunArgs | string {
  const files: string[] = [];
  const rings: string[] = [];
  const knobs: Record<string, KnobValue> = {};
  const types: RecordSelection[] = [];
  const ringSizes: Record<string, number> = {};
  let count: number | undefined;
  let duration: number | undefined;
  let format: RunFormat = 'jsonl';
  let maxRate = 0;
  let readerPriority = DEFAULT_READER_PRIORITY;
  let recordFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = argv[i + 1];
    if (VALUE_OPTIONS.includes(a)) {
      if (value === undefined) return render(M.runBadUsage, `${a} needs a value`);
      i++;
    }
    if (a === '--json') format = 'jsonl'; // the older spelling
    else if (a === '--count' || a === '--max-records') {
      count = positive(value);
      if (count === undefined || !Number.isInteger(count)) return render(M.runBadUsage, `${a} needs a positive integer`);
    } else if (a === '--duration') {
      duration = positive(value);
      if (duration === undefined) return render(M.runBadUsage, '--duration needs a positive number of seconds');
    } else if (a === '--format') {
      // json and text: the older spellings
      if (value !== 'jsonl' && value !== 'table' && value !== 'json' && value !== 'text') return render(M.runBadUsage, '--format is jsonl or table');
      format = value === 'jsonl' || value === 'json' ? 'jsonl' : 'table';
    } else if (a === '--ring') rings.push(value ?? '');
    else if (a === '--ring-size') {
      const m = /^(.+)=(\d+)$/.exec(value ?? '');
      const bytes = Number(m?.[2]);
      if (!m?.[1] || !Number.isSafeInteger(bytes) || bytes <= 0) return render(M.runBadUsage, '--ring-size takes RING=BYTES');
      ringSizes[m[1]] = bytes;
    } else if (a === '--set' || a === '--type') {
      const eq = (value ?? '').indexOf('=');
      if (eq <= 0) return render(M.runBadUsage, `${a} takes NAME=VALUE`);
      const k = (value ?? '').slice(0, eq);
      const v = (value ?? '').slice(eq + 1);
      if (a === '--type') types.push({ ring: k, type: v });
      else knobs[k] = /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
    } else if (a === '--max-rate') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) return render(M.runBadUsage, '--max-rate needs a number ≥ 0');
      maxRate = n;
    } else if (a === '--reader-priority') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > MAX_READER_PRIORITY) return render(M.runBadUsage, `--reader-priority needs a number from 0 to ${MAX_READER_PRIORITY}`);
      readerPriority = n;
    } else if (a === '--record-file') recordFile = value;
    else if (a.startsWith('-')) return render(M.runBadUsage, `unknown option ${a}`);
    else files.push(a);
  }
  const [file] = files;
  if (file === undefined || files.length !== 1) return render(M.runBadUsage, 'give one .bpf.c or .bpf.o file');
  return {
    file,
    format,
    knobs,
    types,
    maxRate,
    readerPriority,
    ...(count !== undefined ? { count } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(rings.length ? { rings } : {}),
    ...(Object.keys(ringSizes).length ? { ringSizes } : {}),
    ...(recordFile !== undefined ? { recordFile } : {}),
  };
}

/** Record types the source reserves (what the language server would tell the editor). */
async function typesFromSource(source: string): Promise<RecordSelection[]> {
  try {
    await initParser();
    const text = readFileSync(source, 'utf8');
    const disk = { read: (p: string): string | undefined => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
    const model = getProgramModel(source, text, defaultSettings, disk);
    return model ? ringRecordTypes(model).map((r) => ({ ring: r.map, type: r.recordType })) : [];
  } catch {
    return []; // records stay hex; streaming still works
  }
}

const err = (s: string): void => void process.stderr.write(s + '\n');

export async function run(argv: string[]): Promise<number> {
  // --host/--identity: the transport's own options (client/transport/fromCli.ts)
  const where = takeTransportOptions(argv);
  if (!where.ok) {
    err(where.message);
    return 2;
  }
  const args = parseRunArgs(where.rest);
  if (typeof args === 'string') {
    err(args);
    return 2;
  }
  const file = resolve(args.file);
  let object = file;
  let source: string | undefined;
  let tmp: string | undefined;
  if (file.endsWith('.c')) {
    tmp = mkdtempSync(join(tmpdir(), 'ringscope-run-'));
    object = join(tmp, basename(defaultOutput(file)));
    const report = await buildBpf({ source: file, output: object });
    if (!report.ok) {
      if (report.error) err(withCode(report.error.message, report.error.code));
      for (const d of report.diagnostics) err(formatDiagnostic(d));
      err(render(M.runBuildFailed, args.file));
      rmSync(tmp, { recursive: true, force: true });
      return 1;
    }
    source = file;
  } else {
    // the sibling .bpf.c, else the source named in the object's .BTF.ext; when that is gone, say so once
    const found = objectSource(file);
    if (found.kind === 'sibling' || found.kind === 'lineInfo') source = found.source;
    else if (found.kind === 'missing') err(render(M.runSourceMissing, args.file, found.named));
  }
  const fromSource = source ? await typesFromSource(source) : [];
  const types = [...args.types, ...fromSource.filter((t) => !args.types.some((u) => u.ring === t.ring))];
  try {
    return await stream(args, object, types, where.target);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

async function stream(args: RunArgs, object: string, types: RecordSelection[], target?: SshTarget): Promise<number> {
  const started = Date.now();
  let shown = 0;
  let received = 0;
  const lossHints = new LossHints();
  let status = 0;
  const table = new TableFormatter();
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  let stopping = false;
  const stopSoon = (): void => {
    if (stopping) return;
    stopping = true;
    setImmediate(() => session.handle({ type: 'stop' }));
  };
  const onEvent = (e: AgentEvent): void => {
    switch (e.type) {
      case 'records': {
        received = Math.max(received, e.received);
        const out: string[] = [];
        e.batch.forEach((rec, i) => {
          if (args.count !== undefined && shown >= args.count) return;
          shown++;
          const seq = e.seqs?.[i] ?? 0;
          const ts = e.ts?.[i] ?? Date.now();
          if (args.format === 'jsonl') out.push(jsonLine(e.ring, seq, ts, rec));
          else out.push(...table.lines(e.ring, seq, ts, rec));
        });
        if (out.length) process.stdout.write(out.join('\n') + '\n');
        if (args.count !== undefined && shown >= args.count) stopSoon();
        return;
      }
      case 'stats': {
        received = Math.max(received, e.received);
        err(M.runStats.text(e.ring, e.received, e.recordsPerSec, e.peakFillPct, e.drops === null ? 'unknown' : String(e.drops)));
        const hint = lossHints.next(e);
        if (hint !== undefined) err(hint);
        return;
      }
      case 'verifierError':
        err(render(M.runVerifier, e.line !== undefined ? `${e.file ?? ''}:${e.line}` : object, e.program, e.message));
        status = 1;
        return;
      case 'error':
        err(`${e.message}`);
        status = 1;
        return;
      case 'log':
        err(e.message);
        return;
      case 'loaded':
        err(ui.runLoaded.text(e.programs.join(', '), e.rings.map((r) => ui.runRing.text(r.name, r.size, r.recordType)).join(', ')));
        return;
      case 'streaming':
        err(ui.runStreaming.text(e.rings.join(', ')));
        return;
      case 'bye':
        finish();
        return;
      case 'hello':
      case 'attached':
      case 'siteCounts':
        return;
    }
  };
  // loaded lazily: `ringscope run --help` (and --host) must not need ffi-rs here
  const session = target
    ? await startRemoteSession({ target, extensionRoot: join(__dirname, '..') }, onEvent)
    : new (await import('../../agent/session.js')).AgentSession(onEvent);
  const steps: (() => void)[] = [
    () => session.handle({ type: 'load', object, knobs: args.knobs, recordTypes: types, ...(args.ringSizes ? { ringSizes: args.ringSizes } : {}) }),
    () => session.handle({ type: 'attach' }),
    () =>
      session.handle({
        type: 'startStream',
        maxRecordsPerSecond: args.maxRate,
        readerPriority: args.readerPriority,
        ...(args.rings ? { rings: args.rings } : {}),
        ...(args.recordFile !== undefined ? { recordFile: args.recordFile } : {}),
      }),
  ];
  for (const step of steps) {
    step();
    if (status !== 0) {
      session.handle({ type: 'stop' });
      return status;
    }
  }
  const timer = args.duration !== undefined ? setTimeout(stopSoon, args.duration * 1000) : undefined;
  process.once('SIGINT', stopSoon);
  process.once('SIGTERM', stopSoon);
  await done;
  if (timer) clearTimeout(timer);
  process.removeListener('SIGINT', stopSoon);
  process.removeListener('SIGTERM', stopSoon);
  err(M.runSummary.text(shown, received, ((Date.now() - started) / 1000).toFixed(1)));
  return status;
}
