// Reaches the agent for a run: on this machine through startLocal (privilege mode from settings), or on
// an SSH host through startSsh (agent uploaded on demand); then stages the built object on the agent's host.
import { startLocal } from '../../transport/local';
import type { PrivilegeMode } from '../../transport/privilege';
import { startSsh } from '../../transport/ssh';
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
  readonly extensionRoot: string;
  readonly agentPath: string;
  readonly privilegeMode: PrivilegeMode;
  /** The built .bpf.o on this machine. */
  readonly object: string;
}

export async function connect(target: RunTarget, opts: ConnectOptions): Promise<Connection> {
  const transport =
    target.kind === 'local'
      ? await startLocal({ agentPath: opts.agentPath, privilegeMode: opts.privilegeMode })
      : await startSsh({
          target: { destination: target.destination, ...(target.configFile ? { configFile: target.configFile } : {}) },
          extensionRoot: opts.extensionRoot,
          privilege: opts.privilegeMode === 'none' ? 'none' : 'sudo',
        });
  try {
    const objectPath = await transport.stageObject(opts.object);
    return { transport, objectPath, host: transport.description };
  } catch (e) {
    await transport.close();
    throw e;
  }
}
