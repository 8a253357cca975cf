// Findings that the analysis of a program places in an included header (e.g. a map defined there) are
// published on the header's URI: the union over every open program that includes it, without duplicates.
import type { Diagnostic } from 'vscode-languageserver';

export class HeaderDiagnostics {
  /** owner document URI → header URI → diagnostics found there by the owner's analysis. */
  private readonly byOwner = new Map<string, ReadonlyMap<string, readonly Diagnostic[]>>();

  /** Replaces an owner's header diagnostics; returns the header URIs whose union may have changed. */
  set(owner: string, headers: ReadonlyMap<string, readonly Diagnostic[]>): string[] {
    const touched = new Set([...(this.byOwner.get(owner)?.keys() ?? []), ...headers.keys()]);
    if (headers.size === 0) this.byOwner.delete(owner);
    else this.byOwner.set(owner, headers);
    return [...touched];
  }

  /** Forgets an owner (closed); returns the header URIs to re-publish. */
  drop(owner: string): string[] {
    return this.set(owner, new Map());
  }

  /** The diagnostics to publish on a header: every owner's, each distinct one once. */
  forHeader(uri: string): Diagnostic[] {
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const headers of this.byOwner.values()) {
      for (const d of headers.get(uri) ?? []) {
        const key = JSON.stringify(d);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(d);
      }
    }
    return out;
  }
}
