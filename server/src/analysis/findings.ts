// What the analysis core produces: findings with 0-based ranges (LSP-like), independent of any
// protocol. The LSP glue and the CLI convert these; rules only ever create them.
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based column in UTF-16 code units (what LSP and tree-sitter's `column` use for ASCII C). */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface TextEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

export interface RelatedLocation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix a user most likely wants (VS Code's isPreferred). */
  readonly preferred?: boolean;
}

export interface Finding {
  /** Stable rule code, e.g. "RB-C1" style ids from rules/index.ts. */
  readonly code: string;
  readonly severity: Severity;
  readonly file: string;
  readonly range: Range;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

export interface AnalysisSettings {
  /** Page size of the target host: ring sizes must be power-of-2 multiples of it. */
  readonly pageSize: number;
  /** Include directories searched for `#include "..."` after the including file's directory. */
  readonly includePaths: readonly string[];
  /** `major.minor` of the oldest kernel the program must load on (rule book K3); undefined: no check. */
  readonly targetKernel?: string;
}

export const defaultSettings: AnalysisSettings = { pageSize: 4096, includePaths: [] };

/**
 * The pure core has no filesystem: the caller gives it a way to read included files.
 * Returns undefined when the file does not exist.
 */
export interface SourceProvider {
  read(absolutePath: string): string | undefined;
}
