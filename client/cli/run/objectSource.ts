// Finds the C source of a BPF object given alone, so its record types can be inferred: the sibling .bpf.c,
// else the first existing .c that the object's .BTF.ext line_info names; else none (records stay hex), with
// the name of the source that was named but is gone, so the caller can say so once.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readBpfObject } from '../../agent/btf';
import { sourceFiles } from '../../agent/btf/ext';

export type ObjectSource =
  | { readonly kind: 'sibling' | 'lineInfo'; readonly source: string }
  | { readonly kind: 'missing'; readonly named: string }
  | { readonly kind: 'none' };

export function objectSource(object: string, cwd = process.cwd()): ObjectSource {
  const sibling = object.replace(/\.o$/, '.c');
  if (sibling !== object && existsSync(sibling)) return { kind: 'sibling', source: sibling };
  let named: string[];
  try {
    named = sourceFiles(readBpfObject(new Uint8Array(readFileSync(object)), object), object);
  } catch {
    return { kind: 'none' }; // unreadable or without BTF: the agent reports that when it loads the object
  }
  // headers carry inline helpers, not the programs' reserves: .bpf.c first, then other .c files
  const c = named.filter((n) => n.endsWith('.c'));
  const ordered = [...c.filter((n) => n.endsWith('.bpf.c')), ...c.filter((n) => !n.endsWith('.bpf.c'))];
  for (const name of ordered) {
    // clang writes absolute names; a relative one is relative to where clang ran, unknown here: try the
    // object's directory, then ours
    const candidates = name.startsWith('/') ? [resolve(name)] : [resolve(dirname(object), name), resolve(cwd, name)];
    const found = candidates.find((p) => existsSync(p));
    if (found !== undefined) return { kind: 'lineInfo', source: found };
  }
  const [first] = ordered;
  return first === undefined ? { kind: 'none' } : { kind: 'missing', named: first.startsWith('/') ? resolve(first) : first };
}
