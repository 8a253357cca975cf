// Test support for transport tests: builds the getpid fixture (BPF object + generator) with the real
// clang, and drives one load → attach → stream → N getpid() calls → exactly N records cycle over a transport.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import type { AgentEvent, RecordsEvent } from '../../../common/agentProtocol';
import type { DecodedRecord } from '../../../common/records';
import type { AgentTransport } from '../../../client/transport/types';
import { waitForEvent } from '../../../client/transport/wait';

export const MAGIC = 0x52494e47;

const fixtures = (): string => join(process.env['RINGSCOPE_ROOT'] ?? process.cwd(), 'test', 'fixtures', 'transport');

/** Compiles getpid.bpf.o and getpid-gen into `dir`; returns their paths. */
export function buildGetpid(dir: string): { object: string; generator: string } {
  const object = join(dir, 'getpid.bpf.o');
  const generator = join(dir, 'getpid-gen');
  const run = (argv: string[]): void => {
    const r = spawnSync(argv[0] ?? 'clang', argv.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  };
  run(['clang', '-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', '-I/usr/include/x86_64-linux-gnu', '-c', join(fixtures(), 'getpid.bpf.c'), '-o', object]);
  run(['clang', '-O2', '-o', generator, join(fixtures(), 'getpid-gen.c')]);
  return { object, generator };
}

export interface Generator {
  readonly pid: number;
  /** Starts the getpid() calls; resolves when the generator printed "done". */
  go(): Promise<void>;
  kill(): void;
}

export async function startGenerator(path: string, n: number): Promise<Generator> {
  const child: ChildProcessWithoutNullStreams = spawn(path, [String(n)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const lines = new Set<(text: string) => void>();
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    for (const fn of lines) fn(out);
  });
  const waitFor = (re: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (text: string): void => {
        const m = re.exec(text);
        if (m) {
          lines.delete(check);
          resolve(m);
        }
      };
      lines.add(check);
      check(out);
      child.once('exit', (code) => reject(new Error(`generator exited ${code}: ${out}`)));
    });
  const ready = await waitFor(/ready (\d+)\n/);
  return {
    pid: Number(ready[1]),
    go: async () => {
      child.stdin.write('go\n');
      await waitFor(/done\n/);
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/** Loads and attaches the object for `pid`, starts an unsampled stream; resolves after `attached`. */
export async function loadForPid(transport: AgentTransport, remoteObject: string, pid: number): Promise<void> {
  const hello = waitForEvent(transport, (e) => e.type === 'hello' || e.type === 'error');
  transport.send({ type: 'hello', version: 1 });
  const h = await hello;
  if (h.type !== 'hello') throw new Error(JSON.stringify(h));
  const loaded = waitForEvent(transport, (e) => e.type === 'loaded' || e.type === 'error' || e.type === 'verifierError');
  transport.send({
    type: 'load',
    object: remoteObject,
    knobs: { target_pid: pid },
    recordTypes: [{ ring: 'events', type: 'struct event' }],
  });
  const l = await loaded;
  if (l.type !== 'loaded') throw new Error(JSON.stringify(l));
  const attached = waitForEvent(transport, (e) => e.type === 'attached' || e.type === 'error');
  transport.send({ type: 'attach' });
  const a = await attached;
  if (a.type !== 'attached') throw new Error(JSON.stringify(a));
  transport.send({ type: 'startStream', maxRecordsPerSecond: 0 });
}

/** Collects records of ring `events` until `n` arrived; rejects on an error event or a closed link. */
export function collect(transport: AgentTransport, n: number): Promise<DecodedRecord[]> {
  const records: DecodedRecord[] = [];
  return new Promise((resolve, reject) => {
    const ev = transport.onEvent((e: AgentEvent) => {
      if (e.type === 'error') {
        ev.dispose();
        reject(new Error(`${e.code}: ${e.message}`));
      }
      if (e.type !== 'records' || e.ring !== 'events') return;
      records.push(...(e as RecordsEvent).batch);
      if (records.length >= n) {
        ev.dispose();
        resolve(records);
      }
    });
    transport.onClose((err) => reject(new Error(`closed: ${err?.message ?? 'cleanly'}`)));
  });
}
