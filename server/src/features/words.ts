// Finds the C identifier under or just before a position in a document's text, without parsing:
// hover and completion only need the word, and must answer even on half-typed code.
import type { Range } from 'vscode-languageserver';

export interface WordAt {
  readonly word: string;
  readonly range: Range;
}

const isIdent = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

function lineOf(text: string, line: number): string | undefined {
  return text.split('\n')[line]?.replace(/\r$/, '');
}

/** The identifier containing `character` (or ending right before it). */
export function wordAt(text: string, line: number, character: number): WordAt | undefined {
  const l = lineOf(text, line);
  if (l === undefined) return undefined;
  let start = Math.min(character, l.length);
  let end = start;
  while (start > 0 && isIdent(l[start - 1])) start--;
  while (end < l.length && isIdent(l[end])) end++;
  if (start === end || /[0-9]/.test(l[start] ?? '')) return undefined;
  return { word: l.slice(start, end), range: { start: { line, character: start }, end: { line, character: end } } };
}

/** The identifier prefix typed before `character` (what completion filters on); '' when none. */
export function prefixAt(text: string, line: number, character: number): WordAt {
  const l = lineOf(text, line) ?? '';
  const end = Math.min(character, l.length);
  let start = end;
  while (start > 0 && isIdent(l[start - 1])) start--;
  return { word: l.slice(start, end), range: { start: { line, character: start }, end: { line, character: end } } };
}
