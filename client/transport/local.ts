// Starts the agent on this machine: `node dist/agent.js` directly when privileged, else through
// `sudo -n` (checked first with `sudo -n -l`) or pkexec; otherwise a catalogued message saying what to do.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { render, transportMessages as m } from '../../common/messages';
import { capabilityMask, chooseElevation, which, type PrivilegeMode } from './privilege';
import { defaultExitError, lastLines, ProcessTransport, type ExitClassifier } from './process';
import { runCommand } from './run';
import { transportFailure, type AgentTransport } from './types';

export interface LocalOptions {
  /** The agent bundle, `<extension root>/dist/agent.js`. */
  readonly agentPath: string;
  /** Node.js to run it with; default this process's node, or `node` on PATH inside Electron. */
  readonly nodePath?: string;
  /** default 'sudo' */
  readonly privilegeMode?: PrivilegeMode;
}

/** The node binary for the agent: never Electron's (its V8 sandbox turns external buffers into copies). */
export function defaultNodePath(): string {
  return process.versions['electron'] ? (which('node') ?? 'node') : process.execPath;
}

export async function startLocal(options: LocalOptions): Promise<AgentTransport> {
  const { agentPath } = options;
  if (!existsSync(agentPath)) throw transportFailure(m.missingLocalFile, 'The agent bundle', agentPath);
  const nodeName = options.nodePath ?? defaultNodePath();
  const node = which(nodeName);
  if (!node) throw transportFailure(m.spawnFailed, nodeName, 'not found on PATH');
  const uid = process.getuid?.() ?? 0;
  const user = userInfo().username;
  const ambient = capabilityMask(readStatus(), 'CapAmb');
  const elevation = chooseElevation(uid, ambient, options.privilegeMode ?? 'sudo');
  switch (elevation) {
    case 'direct':
      return launch('local', [node, agentPath]);
    case 'sudo': {
      // -l with a command answers whether exactly this command may run; -n never prompts.
      const check = await runCommand(['sudo', '-n', '-l', node, agentPath]);
      if (check.spawnError?.code === 'ENOENT') throw transportFailure(m.sudoMissing, 'this machine');
      if (check.code !== 0) throw transportFailure(m.sudoDenied, user, 'this machine', node, agentPath);
      return launch('local (sudo)', ['sudo', '-n', node, agentPath]);
    }
    case 'pkexec': {
      const pkexec = which('pkexec');
      if (!pkexec) throw transportFailure(m.pkexecMissing);
      // pkexec exits 127 when polkit refuses (or no agent can ask) and 126 when the dialog is dismissed
      const denied: ExitClassifier = (code, signal, stderr) =>
        code === 126 || code === 127
          ? { code: m.pkexecDenied.code, message: render(m.pkexecDenied, user, node, agentPath, lastLines(stderr, 1)) }
          : defaultExitError(code, signal, stderr);
      return launch('local (pkexec)', [pkexec, node, agentPath], denied);
    }
    case 'refuse':
      throw transportFailure(m.notPrivileged, user, node, agentPath);
  }
}

function launch(description: string, argv: readonly string[], classify?: ExitClassifier): AgentTransport {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error('launch: empty argv');
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return new ProcessTransport(description, child, classify);
}

function readStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}
