// The transport's public face for the extension host and the CLI: start the agent on this machine or
// on an SSH host, and get an AgentTransport either way. Nothing here imports vscode or ffi-rs.
import { join } from 'node:path';
import { startLocal } from './local';
import type { PrivilegeMode } from './privilege';
import { startSsh } from './ssh';
import type { SshTarget, SshTuning } from './sshArgs';
import type { AgentTransport } from './types';

export type { AgentTransport, TransportError } from './types';
export { TransportFailure } from './types';
export type { SshTarget } from './sshArgs';
export { waitForEvent } from './wait';
export { takeTransportOptions, parseHostSpec } from './fromCli';
export { readSshHosts, type SshHostEntry } from './sshConfig';
export { closeSshMaster } from './ssh';

export interface AgentHostOptions {
  /** The installation root: holds dist/agent.js and node_modules/ffi-rs. */
  readonly extensionRoot: string;
  /** Absent: this machine. */
  readonly target?: SshTarget;
  /** Local privilege helper (ringscope.privilegeMode); default 'sudo'. */
  readonly privilegeMode?: PrivilegeMode;
  /** Node.js for the agent: locally a path (default: a system node), remotely a name or path (default 'node'). */
  readonly nodePath?: string;
  readonly sshTuning?: Partial<SshTuning>;
}

/** Starts the agent where asked; rejects with a TransportFailure carrying a catalogued message. */
export async function startAgent(options: AgentHostOptions): Promise<AgentTransport> {
  if (options.target) {
    return startSsh({
      target: options.target,
      extensionRoot: options.extensionRoot,
      ...(options.sshTuning ? { tuning: options.sshTuning } : {}),
      ...(options.nodePath ? { remoteNode: options.nodePath } : {}),
      ...(options.privilegeMode === 'none' ? { privilege: 'none' as const } : {}),
    });
  }
  return startLocal({
    agentPath: join(options.extensionRoot, 'dist', 'agent.js'),
    ...(options.nodePath ? { nodePath: options.nodePath } : {}),
    ...(options.privilegeMode ? { privilegeMode: options.privilegeMode } : {}),
  });
}
