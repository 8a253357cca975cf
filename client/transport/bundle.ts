// What the agent needs on a remote host, read from this installation: dist/agent.js plus the ffi-rs
// package and its native binary for the host's triple, laid out so `require('ffi-rs')` resolves there.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BundleFile {
  /** Path inside the version folder. */
  readonly rel: string;
  readonly bytes: Buffer;
}

export interface AgentBundle {
  /** Folder name on the host: changes whenever the agent or ffi-rs changes. */
  readonly versionDir: string;
  /** Files independent of the host's architecture. */
  readonly common: readonly BundleFile[];
}

/** Reads the architecture-independent part; throws a plain Error naming a missing file. */
export function readAgentBundle(root: string): AgentBundle {
  const files: BundleFile[] = [
    { rel: 'agent.js', bytes: mustRead(join(root, 'dist', 'agent.js')) },
    { rel: 'node_modules/ffi-rs/index.js', bytes: mustRead(join(root, 'node_modules', 'ffi-rs', 'index.js')) },
    { rel: 'node_modules/ffi-rs/package.json', bytes: mustRead(join(root, 'node_modules', 'ffi-rs', 'package.json')) },
  ];
  const h = createHash('sha256');
  for (const f of files) h.update(f.rel).update('\0').update(f.bytes).update('\0');
  return { versionDir: `agent-${h.digest('hex').slice(0, 16)}`, common: files };
}

/** Local path of ffi-rs's native binary for a triple, undefined when this installation has none. */
export function nativeBinaryPath(root: string, triple: string): string | undefined {
  const candidates = [
    join(root, 'node_modules', '@yuuang', `ffi-rs-${triple}`, `ffi-rs.${triple}.node`),
    join(root, 'node_modules', 'ffi-rs', `ffi-rs.${triple}.node`),
  ];
  return candidates.find((p) => existsSync(p));
}

/** The native binary sits next to ffi-rs's index.js, which looks there first. */
export function nativeBinaryFile(root: string, triple: string): BundleFile | undefined {
  const p = nativeBinaryPath(root, triple);
  return p ? { rel: `node_modules/ffi-rs/ffi-rs.${triple}.node`, bytes: readFileSync(p) } : undefined;
}

/** The marker written last, so an interrupted upload is redone. */
export const completeMarker = (triple: string): string => `.complete-${triple}`;

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function mustRead(p: string): Buffer {
  if (!existsSync(p)) throw new Error(p);
  return readFileSync(p);
}
