// Waiting on a transport without sleeps: resolve with the first event a predicate accepts, reject
// with the catalogued error when the link closes first. Used by the CLI, sessions and tests.
import type { AgentEvent } from '../../common/agentProtocol';
import { TransportFailure, type AgentTransport } from './types';

export function waitForEvent<E extends AgentEvent>(
  transport: AgentTransport,
  accept: (event: AgentEvent) => event is E,
): Promise<E>;
export function waitForEvent(transport: AgentTransport, accept: (event: AgentEvent) => boolean): Promise<AgentEvent>;
export function waitForEvent(transport: AgentTransport, accept: (event: AgentEvent) => boolean): Promise<AgentEvent> {
  return new Promise((resolve, reject) => {
    const ev = transport.onEvent((e) => {
      if (!accept(e)) return;
      ev.dispose();
      cl.dispose();
      resolve(e);
    });
    const cl = transport.onClose((error) => {
      ev.dispose();
      cl.dispose();
      reject(error ? new TransportFailure(error.code, error.message) : new TransportFailure('closed', 'the agent link closed'));
    });
  });
}
