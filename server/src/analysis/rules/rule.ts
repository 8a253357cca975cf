// The contract of one lint rule: a stable code, the rule-book rows it predicts, and a pure check
// over the program model. The registry (rules/index.ts) wraps every check so a failing rule yields nothing.
import type { Finding } from '../findings';
import type { ProgramModel } from '../model';

export interface Rule {
  /** Stable code (RSnnn), documented at docs/rules.md#<code lower-case>. */
  readonly code: string;
  /** Rows of ../shared/ringbuf-rules.md this rule predicts, e.g. ['C1', 'C2']. */
  readonly rows: readonly string[];
  /** One-line summary for docs and hovers. */
  readonly summary: string;
  check(model: ProgramModel): Finding[];
}

/** Link target of a code's documentation (LSP codeDescription). */
export function docsAnchor(code: string): string {
  return `docs/rules.md#${code.toLowerCase()}`;
}
