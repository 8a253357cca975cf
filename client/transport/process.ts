// An AgentTransport over a child process's stdio (the agent itself, sudo, pkexec or ssh): JSON lines
// through the protocol guards, stderr kept as a short tail, and the exit turned into a catalogued error.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { isAgentEvent, type AgentEvent, type AgentRequest } from '../../common/agentProtocol';
import { render, transportMessages as m } from '../../common/messages';
import { JsonLineDecoder, encodeLine } from './framing';
import type { AgentTransport, Disposable, TransportError } from './types';

const STDERR_TAIL = 4096;
/** How long close() waits for the agent's own teardown before signalling. */
const CLOSE_GRACE_MS = 5000;

/** Maps an unexpected exit to an error; `stderr` is the tail of the process's stderr. */
export type ExitClassifier = (code: number | null, signal: NodeJS.Signals | null, stderr: string) => TransportError;

export function defaultExitError(code: number | null, signal: NodeJS.Signals | null, stderr: string): TransportError {
  const how = signal ? `signal ${signal}` : `exit code ${code ?? '?'}`;
  return { code: m.agentExited.code, message: render(m.agentExited, how, lastLines(stderr)) };
}

/** The last few non-empty lines of a stderr tail, joined for a one-line message. */
export function lastLines(text: string, n = 3): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-n)
    .join(' | ');
}

class Listeners<A> {
  private readonly set = new Set<(a: A) => void>();
  add(fn: (a: A) => void): Disposable {
    this.set.add(fn);
    return { dispose: () => this.set.delete(fn) };
  }
  fire(a: A): void {
    for (const fn of [...this.set]) fn(a);
  }
}

/**
 * Remote links can die without an EOF reaching the agent (a cut network leaves sshd waiting), so the
 * client pings every `intervalSeconds` and asks the agent (in `hello`) to exit after `timeoutSeconds` without one.
 */
export interface Heartbeat {
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
}

export class ProcessTransport implements AgentTransport {
  private readonly decoder = new JsonLineDecoder<AgentEvent>(isAgentEvent);
  private readonly events = new Listeners<AgentEvent>();
  private readonly problems = new Listeners<TransportError>();
  private readonly closes = new Listeners<TransportError | undefined>();
  private stderrTail = '';
  private sawBye = false;
  private closing = false;
  private closeResult: { error: TransportError | undefined } | undefined;
  private readonly exited: Promise<void>;
  private pinger?: NodeJS.Timeout;

  constructor(
    readonly description: string,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly classify: ExitClassifier = defaultExitError,
    private readonly stager: (localPath: string) => Promise<string> = (p) => Promise.resolve(p),
    private readonly heartbeat?: Heartbeat,
  ) {
    if (heartbeat && heartbeat.timeoutSeconds > 0) {
      // unref: the heartbeat alone never keeps the client process alive
      this.pinger = setInterval(() => this.send({ type: 'ping' }), heartbeat.intervalSeconds * 1000);
      this.pinger.unref();
    }
    child.stdout.on('data', (chunk: Buffer) => this.deliver(this.decoder.push(chunk)));
    child.stdout.on('end', () => this.deliver(this.decoder.end()));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    // A write after the peer is gone raises EPIPE here; the exit handler reports the real cause.
    child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      let spawnError: Error | undefined;
      child.on('error', (err) => {
        spawnError = err;
        // 'exit' does not follow a failed spawn.
        if (child.pid === undefined) {
          this.finish({ code: m.spawnFailed.code, message: render(m.spawnFailed, child.spawnfile, err.message) });
          resolve();
        }
      });
      // 'close' (not 'exit'): every stdout line has been delivered by then.
      child.on('close', (code, signal) => {
        if (spawnError && child.pid === undefined) return;
        const clean = this.closing || this.sawBye;
        this.finish(clean ? undefined : this.classify(code, signal, this.stderrTail));
        resolve();
      });
    });
  }

  get closed(): boolean {
    return this.closeResult !== undefined;
  }

  /** The local process (the agent, sudo, pkexec or ssh). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The tail of the process's stderr (diagnostics for tests and logs). */
  get stderr(): string {
    return this.stderrTail;
  }

  send(request: AgentRequest): void {
    if (this.closed || this.child.stdin.destroyed || this.child.stdin.writableEnded) return;
    const hb = this.heartbeat;
    const req = request.type === 'hello' && hb && request.idleTimeoutSeconds === undefined ? { ...request, idleTimeoutSeconds: hb.timeoutSeconds } : request;
    this.child.stdin.write(encodeLine(req));
  }

  stageObject(localPath: string): Promise<string> {
    return this.stager(localPath);
  }

  onEvent(listener: (event: AgentEvent) => void): Disposable {
    return this.events.add(listener);
  }

  onProblem(listener: (problem: TransportError) => void): Disposable {
    return this.problems.add(listener);
  }

  onClose(listener: (error: TransportError | undefined) => void): Disposable {
    if (this.closeResult) {
      const { error } = this.closeResult;
      queueMicrotask(() => listener(error));
      return { dispose: () => undefined };
    }
    return this.closes.add(listener);
  }

  async close(): Promise<void> {
    if (!this.closed && !this.closing) {
      this.closing = true;
      this.send({ type: 'stop' });
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGTERM'), CLOSE_GRACE_MS);
      const hard = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_GRACE_MS * 2);
      try {
        await this.exited;
      } finally {
        clearTimeout(timer);
        clearTimeout(hard);
      }
    }
    await this.exited;
  }

  private deliver(frames: ReturnType<JsonLineDecoder<AgentEvent>['push']>): void {
    for (const f of frames) {
      if (f.ok) {
        if (f.message.type === 'bye') this.sawBye = true;
        this.events.fire(f.message);
      } else {
        this.problems.fire({ code: f.code, message: f.error });
      }
    }
  }

  private finish(error: TransportError | undefined): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = undefined;
    if (this.closeResult) return;
    this.closeResult = { error };
    this.closes.fire(error);
  }
}
