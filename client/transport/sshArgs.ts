// Pure pieces of driving the system `ssh`: the argument vector (batch mode, connection reuse, keepalive),
// quoting for the remote shell, and mapping ssh's exit 255 + stderr to a catalogued error.
import { render, transportMessages as m } from '../../common/messages';
import { transportError, type TransportError } from './types';

export interface SshTarget {
  /** A ~/.ssh/config alias, `host`, or `user@host`; never starts with '-'. */
  readonly destination: string;
  readonly port?: number;
  /** Private key file (`-i`, with IdentitiesOnly so the agent's other keys are not offered first). */
  readonly identity?: string;
  /** An ssh config file to use instead of ~/.ssh/config (`-F`). */
  readonly configFile?: string;
  /** Extra `-o Key=value` options. */
  readonly options?: readonly string[];
}

export interface SshTuning {
  /** Folder for ControlMaster sockets (mode 0700, short path: sockets are limited to ~100 bytes). */
  readonly controlDir: string;
  /** Seconds between keepalives on an idle link; the link counts as dead after `aliveCountMax` misses. */
  readonly aliveIntervalSeconds?: number;
  readonly aliveCountMax?: number;
  readonly connectTimeoutSeconds?: number;
  /** Seconds the shared connection stays up after the last session. */
  readonly persistSeconds?: number;
  /** Heartbeat: a `ping` to the agent this often (default 5)... */
  readonly heartbeatIntervalSeconds?: number;
  /** ...and the agent exits when none arrived for this long (default 30; 0 = off), detaching everything. */
  readonly idleTimeoutSeconds?: number;
}

/** The full argv for running `remoteCommand` on the target (argv[0] is 'ssh'). */
export function sshArgv(target: SshTarget, tuning: SshTuning, remoteCommand: string): string[] {
  if (target.destination.startsWith('-') || /[\s\0]/.test(target.destination)) {
    throw new Error(render(m.badHostSpec, target.destination, "it starts with '-' or contains white space"));
  }
  const o = (kv: string): string[] => ['-o', kv];
  const argv = ['ssh'];
  if (target.configFile) argv.push('-F', target.configFile);
  argv.push(
    ...o('BatchMode=yes'),
    ...o(`ConnectTimeout=${tuning.connectTimeoutSeconds ?? 10}`),
    ...o(`ServerAliveInterval=${tuning.aliveIntervalSeconds ?? 5}`),
    ...o(`ServerAliveCountMax=${tuning.aliveCountMax ?? 3}`),
    ...o('ControlMaster=auto'),
    ...o(`ControlPath=${tuning.controlDir}/%C`),
    ...o(`ControlPersist=${tuning.persistSeconds ?? 60}`),
  );
  if (target.port !== undefined) argv.push('-p', String(target.port));
  if (target.identity) argv.push('-i', target.identity, ...o('IdentitiesOnly=yes'));
  for (const opt of target.options ?? []) argv.push(...o(opt));
  // -T: no pty, so the agent's stdio stays a clean byte pipe and EOF reaches it when the link ends.
  argv.push('-T', '--', target.destination, remoteCommand);
  return argv;
}

/** The argv that asks the shared connection's master to exit. */
export function sshExitMasterArgv(target: SshTarget, tuning: SshTuning): string[] {
  const argv = sshArgv(target, tuning, 'true');
  // Replace `-T -- dest cmd` by `-O exit -- dest`.
  return [...argv.slice(0, -4), '-O', 'exit', '--', target.destination];
}

/** Quotes one word for a POSIX remote shell. */
export function shq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A human name for the target in messages. */
export function targetName(target: SshTarget): string {
  return target.port !== undefined ? `${target.destination}:${target.port}` : target.destination;
}

const AUTH = /Permission denied|Too many authentication failures|no matching (?:host key|key exchange)|Authentication failed/i;
const HOST_KEY = /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No \S+ host key is known/i;
const UNREACHABLE =
  /Could not resolve hostname|Connection refused|No route to host|Network is unreachable|connect to host .* (?:timed out|Connection timed out)|Connection timed out during banner exchange/i;
const LOST =
  /Timeout, server .* not responding|Connection reset|closed by remote host|Broken pipe|client_loop|mux_client|Connection to .* closed|Control socket connect|master .* (?:exited|closed)/i;

/** The catalogued error for ssh's own failure (exit 255); `connected` tells setup from a live session. */
export function classifySshFailure(target: SshTarget, stderr: string, connected: boolean): TransportError {
  const host = targetName(target);
  const detail = lastMeaningfulLine(stderr) || 'ssh exited with status 255';
  if (HOST_KEY.test(stderr)) return transportError(m.sshHostKey, host, detail);
  if (AUTH.test(stderr)) return transportError(m.sshAuthFailed, host, detail);
  if (UNREACHABLE.test(stderr)) return transportError(m.sshUnreachable, host, detail);
  if (connected || LOST.test(stderr)) return transportError(m.sshLinkLost, host, detail);
  return transportError(m.sshFailed, host, detail);
}

function lastMeaningfulLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Warning: Permanently added/.test(l));
  return lines[lines.length - 1] ?? '';
}
