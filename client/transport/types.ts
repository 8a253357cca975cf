// The contract every way of reaching the agent implements (local process, sudo, pkexec, SSH): send
// guarded requests, receive guarded events, learn once why the link closed. No vscode import here.
import type { AgentEvent, AgentRequest } from '../../common/agentProtocol';
import { render, type UserMessage } from '../../common/messages';

/** A catalogued failure: `code` is the catalogue code, `message` the rendered text. */
export interface TransportError {
  readonly code: string;
  readonly message: string;
}

/** Thrown by the `start…` functions when the agent cannot be started at all. */
export class TransportFailure extends Error implements TransportError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

/** A catalogue entry rendered as a TransportError. */
export function transportError<A extends unknown[]>(msg: UserMessage<A>, ...args: A): TransportError {
  return { code: msg.code, message: render(msg, ...args) };
}

/** A catalogue entry rendered as a TransportFailure, to throw. */
export function transportFailure<A extends unknown[]>(msg: UserMessage<A>, ...args: A): TransportFailure {
  return new TransportFailure(msg.code, render(msg, ...args));
}

export interface Disposable {
  dispose(): void;
}

export interface AgentTransport {
  /** Where the agent runs, for status lines: 'local', 'local (sudo)', 'root@host'. */
  readonly description: string;
  /** Writes one request; ignored after the link closed. */
  send(request: AgentRequest): void;
  /** Every valid event line, in order. */
  onEvent(listener: (event: AgentEvent) => void): Disposable;
  /** Non-fatal problems: malformed lines, over-long lines. */
  onProblem(listener: (problem: TransportError) => void): Disposable;
  /** Once: `undefined` after a requested close or the agent's `bye`; else why the link died. */
  onClose(listener: (error: TransportError | undefined) => void): Disposable;
  /** Makes a local .bpf.o readable by the agent; resolves with the path to put in a `load` request. */
  stageObject(localPath: string): Promise<string>;
  /** True once the link is closed. */
  readonly closed: boolean;
  /** Asks the agent to stop, ends its input, and resolves when the process has exited. */
  close(): Promise<void>;
}
