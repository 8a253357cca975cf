// Puts ffi-rs's native binary for every Linux triple into node_modules/@yuuang/, not only this machine's.
// npm installs just the host's optional package, but the .vsix must carry the others: VS Code installs it
// on Remote-SSH hosts of any architecture, and the SSH transport uploads the binary of the remote's
// triple. Each tarball comes through `npm pack` (the user's registry and proxy settings apply) at the
// version package-lock.json pins, and is checked against the lock's sha512 before it is unpacked.
// Idempotent: a triple already present is left alone. Usage: node scripts/ffi-binaries.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const PREFIX = 'node_modules/@yuuang/ffi-rs-linux-';

const wanted = Object.entries(lock.packages ?? {}).filter(([path]) => path.startsWith(PREFIX));
if (wanted.length === 0) {
  console.error('ffi-binaries: package-lock.json lists no @yuuang/ffi-rs-linux-* packages');
  process.exit(1);
}

let fetched = 0;
for (const [path, meta] of wanted) {
  const name = path.slice('node_modules/'.length);
  const triple = name.slice('@yuuang/ffi-rs-'.length);
  const dest = join(root, path);
  if (existsSync(join(dest, `ffi-rs.${triple}.node`))) continue;
  const work = mkdtempSync(join(tmpdir(), 'ringscope-ffi-'));
  try {
    const spec = `${name}@${meta.version}`;
    const out = execFileSync('npm', ['pack', spec, '--pack-destination', work, '--silent'], { cwd: work, encoding: 'utf8' });
    const tgz = join(work, out.trim().split('\n').pop() ?? '');
    const [algo, digest] = String(meta.integrity).split('-');
    const actual = createHash(algo).update(readFileSync(tgz)).digest('base64');
    if (actual !== digest) throw new Error(`${spec}: ${algo} ${actual} does not match package-lock.json's ${digest}`);
    execFileSync('tar', ['-xzf', tgz, '-C', work]);
    const unpacked = join(work, 'package');
    if (!readdirSync(unpacked).includes(`ffi-rs.${triple}.node`)) throw new Error(`${spec} has no ffi-rs.${triple}.node`);
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dirname(dest), { recursive: true });
    renameSync(unpacked, dest);
    fetched++;
  } catch (e) {
    console.error(`ffi-binaries: ${e instanceof Error ? e.message : String(e)}`);
    // process.exit skips the finally below
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (fetched > 0) console.log(`ffi-binaries: added ${fetched} of ${wanted.length} Linux binaries of ffi-rs`);
