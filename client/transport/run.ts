// Runs a short helper command to completion (sudo -l, ssh preflight, uploads) with argument vectors
// only, never a local shell; optional stdin bytes; resolves with the exit status and both outputs.
import { spawn } from 'node:child_process';

export interface RunResult {
  /** Exit code; null when killed by a signal; -1 when the command could not be started. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not be started (ENOENT, EACCES). */
  readonly spawnError?: NodeJS.ErrnoException;
}

export function runCommand(argv: readonly string[], input?: Buffer | string, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error('runCommand: empty argv');
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.on('close', (code) => {
      const base = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      resolve(spawnError ? { ...base, code: -1, spawnError } : { ...base, code });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}
