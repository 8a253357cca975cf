// Starts the agent on a remote host through the system `ssh`: preflight (system, Node.js ≥ 18, libbpf,
// sudo), upload of the agent bundle to a versioned per-user cache folder when missing, then the agent itself.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transportMessages as m } from '../../common/messages';
import { parseHostSpec } from './fromCli';
import { completeMarker, nativeBinaryFile, readAgentBundle, sha256Hex, type BundleFile } from './bundle';
import { lastLines, ProcessTransport, defaultExitError } from './process';
import { checkFacts, ffiTriple, parsePreflight, preflightScript, type RemoteFacts } from './remote';
import { runCommand } from './run';
import { classifySshFailure, shq, sshArgv, sshExitMasterArgv, targetName, type SshTarget, type SshTuning } from './sshArgs';
import { TransportFailure, transportFailure, type AgentTransport, type TransportError } from './types';

export interface SshOptions {
  readonly target: SshTarget;
  /** The installation root holding dist/agent.js and node_modules/ffi-rs. */
  readonly extensionRoot: string;
  readonly tuning?: Partial<SshTuning>;
  /** Node.js on the host: a name looked up on the host's PATH, or an absolute path. Default 'node'. */
  readonly remoteNode?: string;
  /** 'sudo' (default): non-root users run the agent through `sudo -n`; 'none': run it as the user. */
  readonly privilege?: 'sudo' | 'none';
}

export interface SshAgentTransport extends AgentTransport {
  readonly facts: RemoteFacts;
  /** True when this start copied the agent (false: the cached copy matched). */
  readonly uploaded: boolean;
  /** The local ssh process. */
  readonly pid: number | undefined;
}

/** Where ControlMaster sockets live by default: short, per user, mode 0700. */
export function defaultControlDir(): string {
  const base = process.env['XDG_RUNTIME_DIR'] ?? tmpdir();
  return join(base, `ringscope-ssh-${process.getuid?.() ?? 0}`);
}

function tuningOf(options: SshOptions): SshTuning {
  const t = { controlDir: defaultControlDir(), ...options.tuning };
  mkdirSync(t.controlDir, { recursive: true, mode: 0o700 });
  return t;
}

/** Runs one remote command; ssh's own failures (255) become catalogued errors. */
async function remote(target: SshTarget, tuning: SshTuning, command: string, input?: Buffer): Promise<string> {
  const r = await runCommand(sshArgv(target, tuning, command), input);
  if (r.spawnError) throw transportFailure(m.spawnFailed, 'ssh', r.spawnError.message);
  if (r.code === 255) {
    const e = classifySshFailure(target, r.stderr, false);
    throw new TransportFailure(e.code, e.message);
  }
  if (r.code !== 0) throw new RemoteCommandError(r.code, lastLines(r.stderr));
  return r.stdout;
}

class RemoteCommandError extends Error {
  constructor(
    readonly status: number | null,
    detail: string,
  ) {
    super(detail || `exit status ${status ?? 'signal'}`);
  }
}

/** Accepts `user@host:port` in `destination` too (free entry in the host pick); refuses option-like names. */
function normalizeTarget(target: SshTarget): SshTarget {
  const spec = parseHostSpec(target.destination);
  if (!spec.ok) throw new TransportFailure(spec.code, spec.message);
  const port = target.port ?? spec.target.port;
  return { ...target, destination: spec.target.destination, ...(port !== undefined ? { port } : {}) };
}

export async function startSsh(options: SshOptions): Promise<SshAgentTransport> {
  const target = normalizeTarget(options.target);
  const host = targetName(target);
  const tuning = tuningOf(options);
  const nodeName = options.remoteNode ?? 'node';
  let bundle;
  try {
    bundle = readAgentBundle(options.extensionRoot);
  } catch (e) {
    throw transportFailure(m.missingLocalFile, 'The agent bundle', (e as Error).message);
  }

  const facts = parsePreflight(await remote(target, tuning, preflightScript(nodeName, bundle.versionDir)));
  if (!facts) throw transportFailure(m.sshFailed, host, 'the host answered the preflight with unexpected output');
  const problem = checkFacts(host, facts, nodeName);
  if (problem) throw new TransportFailure(problem.code, problem.message);
  const triple = ffiTriple(facts.system, facts.machine, facts.libc) ?? `${facts.system}-${facts.machine}`;
  const native = nativeBinaryFile(options.extensionRoot, triple);
  if (!native) throw transportFailure(m.noFfiBinary, host, triple);

  const useSudo = facts.uid !== 0 && (options.privilege ?? 'sudo') === 'sudo';
  const dir = `${facts.cache}/${bundle.versionDir}`;
  if (useSudo && facts.sudo !== 'ok') {
    if (facts.sudo === 'missing') throw transportFailure(m.sudoMissing, host);
    throw transportFailure(m.sudoDenied, facts.user, host, facts.node, `${facts.cache}/agent-*/agent.js`);
  }

  const marker = completeMarker(triple);
  const uploaded = !facts.present.includes(marker);
  if (uploaded) {
    try {
      for (const f of [...bundle.common, native]) await putFile(target, tuning, dir, f);
      await remote(target, tuning, `touch ${shq(`${dir}/${marker}`)}`);
    } catch (e) {
      throw uploadFailure(host, e);
    }
  }

  const agent = `${dir}/agent.js`;
  const command = `exec ${useSudo ? 'sudo -n ' : ''}${shq(facts.node)} ${shq(agent)}`;
  const [ssh, ...args] = sshArgv(target, tuning, command);
  const child = spawn(ssh ?? 'ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const classify = (code: number | null, signal: NodeJS.Signals | null, stderr: string): TransportError =>
    code === 255 ? classifySshFailure(target, stderr, true) : defaultExitError(code, signal, stderr);
  const stage = (localPath: string): Promise<string> => stageObject(target, tuning, facts.cache, localPath);
  const who = target.destination.includes('@') ? host : `${facts.user}@${host}`;
  const description = `${who}${useSudo ? ' (sudo)' : ''}`;
  const heartbeat = { intervalSeconds: tuning.heartbeatIntervalSeconds ?? 5, timeoutSeconds: tuning.idleTimeoutSeconds ?? 30 };
  const transport = new ProcessTransport(description, child, classify, stage, heartbeat);
  return Object.assign(transport, { facts, uploaded });
}

/** A TransportFailure (ssh's own) passes through; any other error failed the upload. */
function uploadFailure(host: string, e: unknown): TransportFailure {
  return e instanceof TransportFailure ? e : transportFailure(m.uploadFailed, host, (e as Error).message);
}

/** Copies one file atomically (temp name, then rename), so a cut link never leaves a half file in place. */
async function putFile(target: SshTarget, tuning: SshTuning, dir: string, f: BundleFile): Promise<void> {
  const path = `${dir}/${f.rel}`;
  const parent = path.slice(0, path.lastIndexOf('/'));
  const cmd = `mkdir -p ${shq(parent)} && cat > ${shq(path)}.tmp.$$ && mv -f ${shq(path)}.tmp.$$ ${shq(path)}`;
  await remote(target, tuning, cmd, f.bytes);
}

/** Uploads a .bpf.o by content hash into `<cache>/objects/`, skipping the copy when it is there. */
async function stageObject(target: SshTarget, tuning: SshTuning, cache: string, localPath: string): Promise<string> {
  const bytes = readFileSync(localPath);
  const path = `${cache}/objects/${sha256Hex(bytes).slice(0, 32)}.bpf.o`;
  const exists = await remote(target, tuning, `test -f ${shq(path)} && echo yes || echo no`);
  if (exists.trim() !== 'yes') {
    try {
      await putFile(target, tuning, `${cache}/objects`, { rel: path.slice(path.lastIndexOf('/') + 1), bytes });
    } catch (e) {
      throw uploadFailure(targetName(target), e);
    }
  }
  return path;
}

/** Closes the shared connection (ControlMaster) to a target; harmless when none is open. */
export async function closeSshMaster(target: SshTarget, tuning?: Partial<SshTuning>): Promise<void> {
  await runCommand(sshExitMasterArgv(target, { controlDir: defaultControlDir(), ...tuning }));
}
