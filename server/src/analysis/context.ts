// Text identities for the caches that outlive one analysis: `normalize` (same C meaning, same text) and
// `intern` (a text → a small number, never reused for another text, so an evicted entry only costs a miss).
// context-index.ts builds the per-function context keys from these.
import { registerCache, trimOldest } from './caches';
import { ownCopy } from './text-memo';

const MAX_INTERNED = 16384;
const ids = new Map<string, number>();
let next = 0;

/** The number of a text: equal numbers mean equal texts (numbers are never given twice). */
export function intern(text: string): number {
  let id = ids.get(text);
  if (id === undefined) {
    id = next++;
    ids.set(text, id);
    trimOldest(ids, MAX_INTERNED);
  }
  return id;
}

// Preprocessor lines (with their continuations), comments and string/char literals are kept as they are
// (`#define F (x)` is not `#define F(x)`; whitespace inside a literal is data); every other run of whitespace
// becomes one newline when it spans lines (preprocessor lines end there), nothing next to a punctuator that
// never joins another token (`( ) [ ] { } ; ,`), else one space. Unterminated comments and literals (half-typed
// code) are kept verbatim to the end of their line, or of the text.
const TOKENS =
  /(?<=(?:^|\n)[ \t]*)#(?:\\\r?\n|[^\n])*|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|"(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?|\s+/g;
const LONE = new Set(['(', ')', '[', ']', '{', '}', ';', ',']);

const MAX_NORMALIZED = 8192;
const normalized = new Map<string, string>();
registerCache(() => normalized.clear());

/** Same C meaning, same text: a blank inserted between tokens, or a blank line, keeps the result. */
export function normalize(text: string): string {
  let out = normalized.get(text);
  if (out === undefined) {
    const own = ownCopy(text); // kept by the memo: not a view into a whole file version
    out = own.replace(TOKENS, (m: string, at: number, all: string) => {
      if (!/^\s/.test(m)) return m;
      if (m.includes('\n')) return '\n';
      return LONE.has(all.charAt(at - 1)) || LONE.has(all.charAt(at + m.length)) ? '' : ' ';
    });
    normalized.set(own, out);
    trimOldest(normalized, MAX_NORMALIZED);
  }
  return out;
}
