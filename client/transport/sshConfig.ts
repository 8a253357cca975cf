// Host aliases of an OpenSSH client config, for the host quick pick: a pure parser (text → aliases with
// HostName/User/Port as written, plus Include patterns) and a small reader that follows Includes.
import { readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

export interface SshHostEntry {
  /** The alias as written after `Host` (never a pattern). */
  readonly alias: string;
  readonly hostName?: string;
  readonly user?: string;
  readonly port?: number;
  /** 1-based line of the `Host` keyword, in `file` when read through `readSshHosts`. */
  readonly line: number;
  readonly file?: string;
}

export interface ParsedSshConfig {
  readonly hosts: SshHostEntry[];
  /** Include arguments, as written (may be relative to ~/.ssh and contain globs). */
  readonly includes: string[];
}

/** Splits a config line into keyword and arguments: `Key value`, `Key=value`, "quoted args". */
export function splitConfigLine(line: string): { keyword: string; args: string[] } | undefined {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const m = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+)(.*)$/.exec(text);
  if (!m) return { keyword: text.toLowerCase(), args: [] };
  const keyword = (m[1] ?? '').toLowerCase();
  const args: string[] = [];
  const rest = m[2] ?? '';
  const re = /"([^"]*)"|(\S+)/g;
  for (let t = re.exec(rest); t; t = re.exec(rest)) {
    const word = t[1] ?? t[2] ?? '';
    if (t[1] === undefined && word.startsWith('#')) break;
    args.push(word);
  }
  return { keyword, args };
}

const isPattern = (alias: string): boolean => /[*?!]/.test(alias);

export function parseSshConfig(text: string): ParsedSshConfig {
  const hosts: SshHostEntry[] = [];
  const includes: string[] = [];
  // The aliases of the current Host block and the options seen in it so far (first one wins).
  let block: { aliases: string[]; line: number; opts: { hostName?: string; user?: string; port?: number } } | undefined;
  const flush = (): void => {
    if (!block) return;
    for (const alias of block.aliases) hosts.push({ alias, line: block.line, ...block.opts });
    block = undefined;
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const parsed = splitConfigLine(raw);
    if (!parsed) return;
    const { keyword, args } = parsed;
    if (keyword === 'host') {
      flush();
      block = { aliases: args.filter((a) => !isPattern(a)), line: i + 1, opts: {} };
    } else if (keyword === 'match') {
      // Match blocks select by criteria, not by a name the user can pick.
      flush();
    } else if (keyword === 'include') {
      includes.push(...args);
    } else if (block) {
      const value = args[0];
      if (value === undefined) return;
      if (keyword === 'hostname' && block.opts.hostName === undefined) block.opts.hostName = value;
      else if (keyword === 'user' && block.opts.user === undefined) block.opts.user = value;
      else if (keyword === 'port' && block.opts.port === undefined) {
        const port = Number(value);
        if (Number.isInteger(port) && port > 0 && port < 65536) block.opts.port = port;
      }
    }
  });
  flush();
  return { hosts, includes };
}

/** Expands one Include argument: `~/`, relative to ~/.ssh, and `*`/`?` in the last component. */
export function expandInclude(pattern: string, sshDir: string, list: (dir: string) => string[]): string[] {
  let p = pattern.startsWith('~/') ? join(dirname(sshDir), pattern.slice(2)) : pattern;
  if (!isAbsolute(p)) p = join(sshDir, p);
  const name = basename(p);
  if (!/[*?]/.test(name)) return [p];
  const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const dir = dirname(p);
  return list(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Every alias of ~/.ssh/config and its Includes, first occurrence of an alias kept, in file order. */
export function readSshHosts(configPath = join(homedir(), '.ssh', 'config')): SshHostEntry[] {
  const sshDir = dirname(configPath);
  const seen = new Set<string>();
  const out: SshHostEntry[] = [];
  const visited = new Set<string>();
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  const visit = (file: string, depth: number): void => {
    // OpenSSH limits Include nesting too; this also stops cycles.
    if (depth > 16 || visited.has(file)) return;
    visited.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    const parsed = parseSshConfig(text);
    for (const h of parsed.hosts) {
      if (seen.has(h.alias)) continue;
      seen.add(h.alias);
      out.push({ ...h, file });
    }
    for (const inc of parsed.includes) for (const f of expandInclude(inc, sshDir, list)) visit(f, depth + 1);
  };
  visit(configPath, 0);
  return out;
}
