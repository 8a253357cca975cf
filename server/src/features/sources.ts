// Reads the files an analysis includes: the editor's open buffer when there is one (unsaved edits
// count), else the disk. Records every path asked for, so that the server knows which documents to
// re-validate when an included header changes.
import { readFileSync } from 'node:fs';
import type { SourceProvider } from '../analysis/findings';

/** Returns the text of an open document for an absolute path, or undefined when it is not open. */
export type OpenText = (absolutePath: string) => string | undefined;

export interface RecordingSources extends SourceProvider {
  /** Every absolute path read (or looked for) through this provider, existing or not. */
  readonly paths: ReadonlySet<string>;
}

export function recordingSources(openText: OpenText): RecordingSources {
  const paths = new Set<string>();
  return {
    paths,
    read(absolutePath: string): string | undefined {
      paths.add(absolutePath);
      const open = openText(absolutePath);
      if (open !== undefined) return open;
      try {
        return readFileSync(absolutePath, 'utf8');
      } catch {
        // a missing include is normal while typing; the analysis reports what it can
        return undefined;
      }
    },
  };
}

/** Which documents depend on which files, rebuilt after each analysis of a document. */
export class DependencyIndex {
  private readonly deps = new Map<string, ReadonlySet<string>>();

  set(uri: string, paths: ReadonlySet<string>): void {
    this.deps.set(uri, new Set(paths));
  }

  delete(uri: string): void {
    this.deps.delete(uri);
  }

  /** Documents whose last analysis read `absolutePath`. */
  dependents(absolutePath: string): string[] {
    const out: string[] = [];
    for (const [uri, paths] of this.deps) if (paths.has(absolutePath)) out.push(uri);
    return out;
  }
}
