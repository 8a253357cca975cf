// The remote preflight in one round trip: a fixed POSIX script reports the host's system, user, Node.js,
// libbpf.so.1, cache folder and sudo rights as key=value lines; the parser turns them into checks.
import { transportMessages as m } from '../../common/messages';
import { shq } from './sshArgs';
import { transportError, type TransportError } from './types';

export interface RemoteFacts {
  readonly system: string;
  readonly machine: string;
  readonly libc: 'gnu' | 'musl';
  readonly uid: number;
  readonly user: string;
  /** Absolute path of node, '' when missing. */
  readonly node: string;
  readonly nodeVersion: string;
  /** Path of a readable libbpf.so.1, '' when none. */
  readonly libbpf: string;
  /** Absolute per-user cache folder (`${XDG_CACHE_HOME:-$HOME/.cache}/ringscope`). */
  readonly cache: string;
  /** Entries of the agent's version folder (empty when it does not exist). */
  readonly present: readonly string[];
  /** For non-root users: whether `sudo -n` may run node on the agent. */
  readonly sudo: 'ok' | 'denied' | 'missing' | 'root';
}

/** The script; `nodeName` is the configured node (a name on PATH or a path), `versionDir` the bundle's folder name. */
export function preflightScript(nodeName: string, versionDir: string): string {
  return [
    'c="${XDG_CACHE_HOME:-$HOME/.cache}/ringscope"',
    'echo "cache=$c"',
    'echo "system=$(uname -s)"',
    'echo "machine=$(uname -m)"',
    'echo "uid=$(id -u)"',
    'echo "user=$(id -un)"',
    `n=$(command -v ${shq(nodeName)} 2>/dev/null || true)`,
    'echo "node=$n"',
    'if [ -n "$n" ]; then echo "nodeVersion=$("$n" --version 2>/dev/null)"; fi',
    'if ldd --version 2>&1 | grep -qi musl; then echo libc=musl; else echo libc=gnu; fi',
    'l=',
    // ldconfig's cache first, then the usual folders; -f rejects anything but a regular file.
    'for p in $( (ldconfig -p || /sbin/ldconfig -p) 2>/dev/null | sed -n "s/^[[:space:]]*libbpf\\.so\\.1 .*=> //p")' +
      ' /usr/lib/x86_64-linux-gnu/libbpf.so.1 /usr/lib/aarch64-linux-gnu/libbpf.so.1 /usr/lib64/libbpf.so.1' +
      ' /lib64/libbpf.so.1 /usr/lib/libbpf.so.1 /usr/local/lib/libbpf.so.1 /usr/local/lib64/libbpf.so.1; do',
    '  if [ -f "$p" ] && [ -r "$p" ]; then l=$p; break; fi',
    'done',
    'echo "libbpf=$l"',
    `a="$c/${versionDir}"`,
    'echo "present=$(ls -A "$a" 2>/dev/null | tr "\\n" " ")"',
    'if [ "$(id -u)" = 0 ]; then echo sudo=root',
    'elif ! command -v sudo >/dev/null 2>&1; then echo sudo=missing',
    'elif [ -n "$n" ] && sudo -n -l "$n" "$a/agent.js" >/dev/null 2>&1; then echo sudo=ok',
    'else echo sudo=denied; fi',
  ].join('\n');
}

export function parsePreflight(stdout: string): RemoteFacts | undefined {
  const kv = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  const cache = kv.get('cache');
  const uid = Number(kv.get('uid'));
  if (!cache || !Number.isInteger(uid)) return undefined;
  const sudo = kv.get('sudo');
  return {
    system: kv.get('system') ?? '',
    machine: kv.get('machine') ?? '',
    libc: kv.get('libc') === 'musl' ? 'musl' : 'gnu',
    uid,
    user: kv.get('user') ?? '',
    node: kv.get('node') ?? '',
    nodeVersion: kv.get('nodeVersion') ?? '',
    libbpf: kv.get('libbpf') ?? '',
    cache,
    present: (kv.get('present') ?? '').split(' ').filter((x) => x !== ''),
    sudo: sudo === 'ok' || sudo === 'denied' || sudo === 'missing' || sudo === 'root' ? sudo : 'missing',
  };
}

/** The napi triple of ffi-rs's binary package for a host (`linux-x64-gnu`), undefined when unsupported. */
export function ffiTriple(system: string, machine: string, libc: 'gnu' | 'musl'): string | undefined {
  if (system !== 'Linux') return undefined;
  switch (machine) {
    case 'x86_64':
      return `linux-x64-${libc}`;
    case 'aarch64':
    case 'arm64':
      return `linux-arm64-${libc}`;
    case 'armv7l':
      return libc === 'gnu' ? 'linux-arm-gnueabihf' : undefined;
    default:
      return undefined;
  }
}

/** The first failed check as a catalogued error; undefined when the host can run the agent. */
export function checkFacts(host: string, facts: RemoteFacts, nodeName: string): TransportError | undefined {
  if (facts.system !== 'Linux') return transportError(m.remoteNotLinux, host, facts.system || 'an unknown system');
  if (!facts.node) return transportError(m.remoteNoNode, host, nodeName);
  const major = Number(/^v(\d+)\./.exec(facts.nodeVersion)?.[1] ?? NaN);
  if (!(major >= 18)) return transportError(m.remoteOldNode, host, facts.nodeVersion || 'of unknown version');
  if (!facts.libbpf) return transportError(m.remoteNoLibbpf, host);
  return undefined;
}
