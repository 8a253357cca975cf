// Reaches the agent for a run through startAgent: on this machine (privilege mode from settings) or on
// an SSH host (agent uploaded on demand); then stages the built object on the agent's host.
import { startAgent } from '../../transport';
import type { PrivilegeMode } from '../../transport/privilege';
import type { AgentTransport } from '../../transport/types';

export type RunTarget =
  | { readonly kind: 'local' }
  /** `configFile`: an ssh config to use instead of ~/.ssh/config (setting ringscope.sshConfigFile). */
  | { readonly kind: 'ssh'; readonly destination: string; readonly configFile?: string };

export interface Connection {
  readonly transport: AgentTransport;
  /** Path of the object on the agent's host. */
  readonly objectPath: string;
  /** For the status bar and panel: 'local', 'root@host'. */
  readonly host: string;
}

export interface ConnectOptions {
  /** The installation root: dist/agent.js, node_modules/ffi-rs. */
  readonly extensionRoot: string;
  readonly privilegeMode: PrivilegeMode;
  /** The built .bpf.o on this machine. */
  readonly object: string;
}

export async function connect(target: RunTarget, opts: ConnectOptions): Promise<Connection> {
  const transport = await startAgent({
    extensionRoot: opts.extensionRoot,
    privilegeMode: opts.privilegeMode,
    ...(target.kind === 'ssh'
      ? { target: { destination: target.destination, ...(target.configFile ? { configFile: target.configFile } : {}) } }
      : {}),
  });
  try {
    const objectPath = await transport.stageObject(opts.object);
    return { transport, objectPath, host: transport.description };
  } catch (e) {
    await transport.close();
    throw e;
  }
}
