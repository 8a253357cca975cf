// Quick fixes: each Fix of a finding the request's range touches becomes a CodeAction with a
// workspace edit (edits may reach other files, e.g. a header), tied to the finding's diagnostic.
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver';
import type { Finding } from '../analysis/findings';
import { toDiagnostic } from './diagnostics';
import { pathToUri } from './uris';

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** True when the ranges overlap or touch (an empty request range at a finding's edge counts). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function codeActionsFor(findings: readonly Finding[], file: string, range: Range, only?: readonly string[]): CodeAction[] {
  if (only !== undefined && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const out: CodeAction[] = [];
  for (const f of findings) {
    if (f.file !== file || !rangesTouch(f.range, range) || f.fixes === undefined) continue;
    for (const fix of f.fixes) {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of fix.edits) (changes[pathToUri(e.file)] ??= []).push({ range: e.range, newText: e.newText });
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(f)],
        edit: { changes },
      };
      if (fix.preferred === true) action.isPreferred = true;
      out.push(action);
    }
  }
  return out;
}
