// Test harness: a real SSH host inside this machine. Creates netns `rs-ssh-<pid>` joined by a veth pair
// (10.231.x.1 ↔ 10.231.x.2), runs Debian's sshd there with generated keys, and tears it all down.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import type { SshTarget, SshTuning } from '../../../client/transport/sshArgs';

export const UNPRIVILEGED_USER = 'rsuser';

export interface SshHost {
  readonly ns: string;
  readonly address: string;
  readonly port: number;
  readonly dir: string;
  /** ssh config with aliases rs-root, rs-user (unprivileged) and rs-wrongkey (rs-user with a key the host refuses). */
  readonly configFile: string;
  /** The per-user cache folders the host's sshd gives root and the unprivileged user. */
  readonly rootCache: string;
  readonly userCache: string;
  readonly tuning: SshTuning;
  target(alias: 'rs-root' | 'rs-user' | 'rs-wrongkey'): SshTarget;
  /** Kills every sshd of the namespace (listener and sessions): the link drops mid-stream. */
  killSshd(): void;
  /** Takes the host's end of the veth down: packets vanish, only keepalives notice. */
  linkDown(): void;
  stop(): Promise<void>;
}

export interface SshHostOptions {
  /** Hide libbpf.so.1 from the host (bind /dev/null over it in sshd's own mount namespace). */
  readonly hideLibbpf?: boolean;
}

function sh(argv: string[], allowFail = false): string {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd ?? 'false', args, { encoding: 'utf8' });
  if (r.status !== 0 && !allowFail) throw new Error(`${argv.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

let counter = 0;

/** Makes sure the unprivileged user exists and can log in by key (a locked password blocks sshd without PAM). */
function ensureUser(): { uid: number; gid: number } {
  if (spawnSync('id', ['-u', UNPRIVILEGED_USER]).status !== 0) {
    sh(['useradd', '-m', '-s', '/bin/sh', UNPRIVILEGED_USER]);
  }
  sh(['usermod', '-p', '*', UNPRIVILEGED_USER]);
  return { uid: Number(sh(['id', '-u', UNPRIVILEGED_USER])), gid: Number(sh(['id', '-g', UNPRIVILEGED_USER])) };
}

export async function startSshHost(options: SshHostOptions = {}): Promise<SshHost> {
  const n = counter++;
  const ns = `rs-ssh-${process.pid}${n ? `-${n}` : ''}`;
  const octet = freeOctet((process.pid + n * 37) % 200);
  const hostSide = `10.231.${octet}.1`;
  const address = `10.231.${octet}.2`;
  const vethA = `rsh${process.pid % 100000}${n}a`;
  const vethB = `rsh${process.pid % 100000}${n}b`;
  const port = 20000 + ((process.pid * 7 + n) % 20000);
  const dir = mkdtempSync('/tmp/rs-ssh-');
  chmodSync(dir, 0o755);
  const user = ensureUser();

  for (const k of ['host_key', 'client_key', 'wrong_key']) {
    sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', k, '-f', join(dir, k)]);
  }
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  chmodSync(join(dir, 'authorized_keys'), 0o644);
  const hostPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts'), `[${address}]:${port} ${hostPub}\n`);
  const rootCache = join(dir, 'root-cache');
  const userCache = join(dir, 'user-cache');
  mkdirSync(rootCache, { mode: 0o700 });
  mkdirSync(userCache, { mode: 0o700 });
  chownSync(userCache, user.uid, user.gid);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      `ListenAddress ${address}`,
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowUsers root ${UNPRIVILEGED_USER}`,
      'MaxSessions 50',
      'MaxStartups 50',
      'LogLevel INFO',
      'Match User root',
      `  SetEnv XDG_CACHE_HOME=${rootCache}`,
      `Match User ${UNPRIVILEGED_USER}`,
      `  SetEnv XDG_CACHE_HOME=${userCache}`,
      '',
    ].join('\n'),
  );
  const hostBlock = (alias: string, login: string, key: string): string =>
    [
      `Host ${alias}`,
      `  HostName ${address}`,
      `  Port ${port}`,
      `  User ${login}`,
      `  IdentityFile ${join(dir, key)}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  IdentityAgent none',
      '',
    ].join('\n');
  const configFile = join(dir, 'ssh_config');
  writeFileSync(
    configFile,
    hostBlock('rs-root', 'root', 'client_key') +
      hostBlock('rs-user', UNPRIVILEGED_USER, 'client_key') +
      hostBlock('rs-wrongkey', UNPRIVILEGED_USER, 'wrong_key'),
  );

  sh(['ip', 'netns', 'add', ns]);
  sh(['ip', 'link', 'add', vethA, 'type', 'veth', 'peer', 'name', vethB]);
  sh(['ip', 'link', 'set', vethB, 'netns', ns]);
  sh(['ip', 'addr', 'add', `${hostSide}/30`, 'dev', vethA]);
  sh(['ip', 'link', 'set', vethA, 'up']);
  sh(['ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', `${address}/30`, 'dev', vethB]);
  sh(['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', vethB, 'up']);
  sh(['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);

  // `ip netns exec` gives sshd a fresh /sys without tracefs or bpffs: mount them as a real host has them.
  const sshd = ['/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')];
  let script = 'mount -t tracefs tracefs /sys/kernel/tracing && mount -t bpf bpf /sys/fs/bpf';
  if (options.hideLibbpf) script += ` && mount --bind /dev/null '${realpathSync('/usr/lib/x86_64-linux-gnu/libbpf.so.1')}'`;
  const argv = ['ip', 'netns', 'exec', ns, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', `${script} && exec "$@"`, 'sh', ...sshd];
  const daemon = spawn(argv[0] ?? 'ip', argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  await waitListening(daemon);

  const controlDir = join(dir, 'cm');
  mkdirSync(controlDir, { mode: 0o700 });
  const tuning: SshTuning = { controlDir, aliveIntervalSeconds: 1, aliveCountMax: 3, connectTimeoutSeconds: 5, persistSeconds: 30 };
  const target = (alias: string): SshTarget => ({ destination: alias, configFile });

  const killSshd = (): void => {
    for (const pid of sh(['ip', 'netns', 'pids', ns], true).split('\n').filter((x) => x.trim() !== '')) {
      const comm = readComm(pid);
      if (comm === 'sshd') sh(['kill', '-9', pid], true);
    }
  };
  return {
    ns,
    address,
    port,
    dir,
    configFile,
    rootCache,
    userCache,
    tuning,
    target,
    killSshd,
    linkDown: () => sh(['ip', 'link', 'set', vethA, 'down']),
    stop: async () => {
      for (const alias of ['rs-root', 'rs-user', 'rs-wrongkey']) {
        spawnSync('ssh', ['-F', configFile, '-o', `ControlPath=${controlDir}/%C`, '-O', 'exit', alias], { stdio: 'ignore', timeout: 5000 });
      }
      daemon.kill('SIGKILL');
      // Everything left in the namespace (sshd sessions, agents) goes with it.
      for (const pid of sh(['ip', 'netns', 'pids', ns], true).split('\n').filter((x) => x.trim() !== '')) {
        sh(['kill', '-9', pid], true);
      }
      await new Promise<void>((resolve) => (daemon.exitCode !== null || daemon.signalCode !== null ? resolve() : daemon.once('exit', () => resolve())));
      sh(['ip', 'link', 'del', vethA], true);
      sh(['ip', 'netns', 'del', ns], true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 10.231.<octet>.0/30 that no interface of this namespace uses yet (other test runs may be live). */
function freeOctet(start: number): number {
  const used = sh(['ip', '-o', '-4', 'addr', 'show'], true);
  for (let i = 0; i < 200; i++) {
    const octet = ((start + i) % 200) + 20;
    if (!used.includes(`10.231.${octet}.`)) return octet;
  }
  throw new Error('no free 10.231.x.0/30 for the ssh test host');
}

function readComm(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Resolves on sshd's "Server listening" line; rejects if it exits first. */
function waitListening(daemon: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    daemon.stderr?.on('data', (c: Buffer) => {
      log += c.toString('utf8');
      if (/Server listening on/.test(log)) resolve();
    });
    daemon.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${log}`)));
  });
}
