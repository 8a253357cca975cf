// The agent on an SSH host behind the same face as the in-process AgentSession (`handle(request)` plus an
// event callback), for `ringscope run --host`: objects are staged on the host, requests keep their order,
// and a failed start, a load failure or a lost link end in an `error` event followed by `bye`.
import { AGENT_PROTOCOL_VERSION, type AgentEvent, type AgentRequest } from '../../common/agentProtocol';
import { transportMessages as m } from '../../common/messages';
import { startSsh } from './ssh';
import type { SshTarget, SshTuning } from './sshArgs';
import { TransportFailure, type AgentTransport } from './types';

export interface SessionLike {
  handle(request: AgentRequest): void;
}

export interface RemoteSessionOptions {
  readonly target: SshTarget;
  /** The installation root (dist/agent.js, node_modules/ffi-rs). */
  readonly extensionRoot: string;
  readonly tuning?: Partial<SshTuning>;
  readonly remoteNode?: string;
}

/** Never throws: every failure reaches `onEvent` as `error` then `bye`. */
export async function startRemoteSession(options: RemoteSessionOptions, onEvent: (event: AgentEvent) => void): Promise<SessionLike> {
  let ended = false;
  const end = (error?: { code: string; message: string }): void => {
    if (ended) return;
    ended = true;
    if (error) onEvent({ type: 'error', code: error.code, message: error.message });
    onEvent({ type: 'bye' });
  };
  let transport: AgentTransport;
  try {
    transport = await startSsh({
      target: options.target,
      extensionRoot: options.extensionRoot,
      ...(options.tuning ? { tuning: options.tuning } : {}),
      ...(options.remoteNode ? { remoteNode: options.remoteNode } : {}),
    });
  } catch (e) {
    const f = e instanceof TransportFailure ? e : new TransportFailure(m.sshFailed.code, String(e));
    queueMicrotask(() => end({ code: f.code, message: f.message }));
    return { handle: () => undefined };
  }

  // Until the programs are attached, a failure means there is nothing to stream: stop the agent, and
  // keep quiet about the attach/startStream requests that were already on their way.
  let attached = false;
  let failedEarly = false;
  transport.onEvent((e) => {
    if (e.type === 'attached') attached = true;
    if (e.type === 'bye') {
      ended = true;
      onEvent(e);
      void transport.close();
      return;
    }
    if (failedEarly && e.type === 'error') return;
    onEvent(e);
    if (!attached && (e.type === 'verifierError' || e.type === 'error')) {
      failedEarly = true;
      transport.send({ type: 'stop' });
    }
  });
  transport.onProblem((p) => onEvent({ type: 'log', level: 'warn', message: p.message }));
  transport.onClose((error) => end(error ?? undefined));
  transport.send({ type: 'hello', version: AGENT_PROTOCOL_VERSION });

  // Requests are chained so that a load waiting for its upload is not overtaken by attach/startStream.
  let queue: Promise<void> = Promise.resolve();
  return {
    handle: (request) => {
      queue = queue.then(async () => {
        if (transport.closed) return;
        if (request.type === 'load') {
          try {
            transport.send({ ...request, object: await transport.stageObject(request.object) });
          } catch (e) {
            const f = e instanceof TransportFailure ? e : new TransportFailure(m.uploadFailed.code, String(e));
            onEvent({ type: 'error', code: f.code, message: f.message });
            transport.send({ type: 'stop' });
          }
          return;
        }
        transport.send(request);
      });
    },
  };
}
