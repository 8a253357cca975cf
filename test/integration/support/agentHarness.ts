// Test harness for the agent: bundles client/agent/main.ts (so tests run the current source), compiles
// the BPF and C fixtures of test/fixtures/agent, runs the agent over its JSON-lines protocol and the
// getpid() generator. Waiting is on events (lines, exits), never on sleeps.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as readline from 'node:readline';
import * as esbuild from 'esbuild';
import { isAgentEvent, type AgentEvent, type AgentRequest } from '../../../common/agentProtocol';

export const ROOT = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'agent');
export const WORK = mkdtempSync(join(tmpdir(), 'rs-agent-'));
// Shared by every test of the importing file, so it goes when the process does.
process.on('exit', () => rmSync(WORK, { recursive: true, force: true }));

const bundles = new Map<string, string>();

/** Bundles an entry (repo-relative .ts) into out/ (inside the repo, so `ffi-rs` resolves from node_modules). */
export async function bundle(entry: string): Promise<string> {
  const known = bundles.get(entry);
  if (known) return known;
  const dir = join(ROOT, 'out', 'test-agent');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${entry.replace(/[/.]/g, '_')}-${process.pid}.js`);
  await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['ffi-rs', 'web-tree-sitter'],
    logLevel: 'warning',
  });
  bundles.set(entry, out);
  return out;
}

export const bundleAgent = (): Promise<string> => bundle('client/agent/main.ts');

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Compiles test/fixtures/agent/<name>.bpf.c with clang 14 (and -D defines); returns the .bpf.o path. */
export function compileBpf(name: string, defines: string[] = [], outName = name): string {
  const out = join(WORK, `${outName}.bpf.o`);
  const d = defines.map((x) => `-D${x}`);
  run('clang', ['-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', ...d, '-I/usr/include/x86_64-linux-gnu', '-c', join(FIXTURES, `${name}.bpf.c`), '-o', out]);
  return out;
}

/** Compiles test/fixtures/agent/<name>.c with cc; returns the binary. */
export function compileC(name: string, extra: string[] = []): string {
  const out = join(WORK, name);
  run('cc', ['-O2', '-I', WORK, '-o', out, join(FIXTURES, `${name}.c`), ...extra]);
  return out;
}

export function bpftoolJson<T>(args: string[]): T {
  return JSON.parse(run('bpftool', ['-j', ...args])) as T;
}

/** Ids of loaded programs with this name. */
export function progIds(name: string): number[] {
  return bpftoolJson<{ id: number; name?: string }[]>(['prog', 'list'])
    .filter((p) => p.name === name)
    .map((p) => p.id);
}

/** Ids of links whose program is one of `ids`. */
export function linkIdsOf(ids: readonly number[]): number[] {
  return bpftoolJson<{ id: number; prog_id?: number }[]>(['link', 'list'])
    .filter((l) => l.prog_id !== undefined && ids.includes(l.prog_id))
    .map((l) => l.id);
}

/** Polls `check` until it is true; the kernel frees programs shortly after their last fd closes (RCU). */
export async function eventually(check: () => boolean, what: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never became true: ${what}`);
}

/** Lines of a child's stdout, awaited one by one. */
export class Lines {
  private readonly queue: string[] = [];
  private waiter?: (l: string | undefined) => void;
  private ended = false;

  constructor(stream: NodeJS.ReadableStream) {
    const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (l) => {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(l);
      } else this.queue.push(l);
    });
    rl.on('close', () => {
      this.ended = true;
      this.waiter?.(undefined);
    });
  }

  /** The next line, or undefined at end of stream. */
  next(): Promise<string | undefined> {
    const l = this.queue.shift();
    if (l !== undefined) return Promise.resolve(l);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiter = resolve));
  }
}

/** A running agent: send requests, await events. */
export class Agent {
  readonly proc: ChildProcess;
  private readonly lines: Lines;
  readonly exited: Promise<number | null>;
  stderr = '';

  private constructor(js: string, env: NodeJS.ProcessEnv, wrapper: readonly string[]) {
    const [cmd, ...args] = [...wrapper, process.execPath, js];
    this.proc = spawn(cmd ?? process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.lines = new Lines(this.proc.stdout as NodeJS.ReadableStream);
    this.proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
  }

  /** `wrapper` runs the agent through a command, e.g. setpriv to take capabilities away. */
  static async start(env: NodeJS.ProcessEnv = {}, wrapper: readonly string[] = []): Promise<Agent> {
    return new Agent(await bundleAgent(), env, wrapper);
  }

  send(req: AgentRequest | string): void {
    this.proc.stdin?.write((typeof req === 'string' ? req : JSON.stringify(req)) + '\n');
  }

  /** The next event; throws on a line that is not a valid event, or when the agent ends. */
  async next(): Promise<AgentEvent> {
    const l = await this.lines.next();
    if (l === undefined) throw new Error(`agent ended; stderr: ${this.stderr}`);
    const e = JSON.parse(l) as unknown;
    if (!isAgentEvent(e)) throw new Error(`not an agent event: ${l}`);
    return e;
  }

  /** Events until one of `type` (inclusive); returns them all. */
  async until<K extends AgentEvent['type']>(type: K): Promise<{ last: Extract<AgentEvent, { type: K }>; all: AgentEvent[] }> {
    const all: AgentEvent[] = [];
    for (;;) {
      const e = await this.next();
      all.push(e);
      if (e.type === type) return { last: e as Extract<AgentEvent, { type: K }>, all };
    }
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    this.proc.stdin?.end();
    await this.exited;
  }
}

/** The getpid() generator: started paused; `go()` makes it call getpid N times and exit. */
export class Generator {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  private readonly lines: Lines;

  constructor(bin: string, n: number) {
    this.proc = spawn(bin, [String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = new Lines(this.proc.stdout as NodeJS.ReadableStream);
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
  }

  async pid(): Promise<number> {
    return Number(await this.lines.next());
  }

  async go(): Promise<void> {
    this.proc.stdin?.write('go\n');
    const code = await this.exited;
    if (code !== 0) throw new Error(`generator exited with ${code}`);
  }
}

/** test/fixtures/agent/gen-steps.c, running: "<n>" on stdin makes n getpid() calls, answered by "done". */
export interface Stepper {
  readonly pid: Promise<number>;
  /** Makes `n` getpid() calls and waits for them. */
  step(n: number): Promise<void>;
  end(): void;
}

export function startStepper(): Stepper {
  const p = spawn(compileC('gen-steps'), [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = new Lines(p.stdout as NodeJS.ReadableStream);
  return {
    pid: lines.next().then(Number),
    step: async (n) => {
      p.stdin?.write(`${n}\n`);
      const l = await lines.next();
      if (l !== 'done') throw new Error(`stepped generator answered ${String(l)}`);
    },
    end: () => p.stdin?.end(),
  };
}

/** What `runCli` saw: the generator's pid, the exit code, stdout lines, stderr up to `streaming` and after. */
export interface CliRun {
  pid: number;
  code: number | null;
  out: string[];
  head: string[];
  rest: string[];
}

/**
 * Runs `ringscope run <target> --set target_pid=<pid> ...args` (the bundled `cli`) against a generator
 * (`gen`) of `calls` getpid calls, starting the generator once the run prints `streaming`.
 */
export async function runCli(cli: string, gen: string, calls: number, target: string, args: string[]): Promise<CliRun> {
  const g = new Generator(gen, calls);
  const pid = await g.pid();
  const p = spawn(process.execPath, [cli, 'run', target, '--set', `target_pid=${pid}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errLines = new Lines(p.stderr);
  const outLines = new Lines(p.stdout);
  const head: string[] = [];
  for (let l = await errLines.next(); l !== undefined; l = await errLines.next()) {
    head.push(l);
    if (l.startsWith('streaming')) break;
  }
  await g.go();
  const out: string[] = [];
  for (let l = await outLines.next(); l !== undefined; l = await outLines.next()) out.push(l);
  const code = await new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.on('exit', r)));
  const rest: string[] = [];
  for (let l = await errLines.next(); l !== undefined; l = await errLines.next()) rest.push(l);
  return { pid, code, out, head, rest };
}
