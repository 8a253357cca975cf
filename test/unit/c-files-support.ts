// The C sources (.c and .h) below a folder, recursively: the corpus of the syntax and word tests.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function cFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) cFiles(p, out);
    else if (/\.(c|h)$/.test(name)) out.push(p);
  }
  return out;
}
