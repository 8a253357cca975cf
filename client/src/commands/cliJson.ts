// Runs the bundled CLI (`node dist/cli.js <args> --json`) outside the extension host and returns its
// JSON report once the guard accepts it; a string says why there is no report.
import * as path from 'node:path';
import { runCommand } from '../../transport/run';
import { defaultNodePath } from '../../transport/local';

export async function runCliJson<T>(extensionRoot: string, args: readonly string[], guard: (v: unknown) => v is T): Promise<T | string> {
  const cli = path.join(extensionRoot, 'dist', 'cli.js');
  const r = await runCommand([defaultNodePath(), cli, ...args]);
  if (r.spawnError) return r.spawnError.message;
  let value: unknown;
  try {
    value = JSON.parse(r.stdout) as unknown;
  } catch {
    const said = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' ');
    return said || `exit status ${String(r.code)}`;
  }
  return guard(value) ? value : 'the report has an unexpected shape';
}
