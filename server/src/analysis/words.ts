// The distinct identifiers of a text, in order of first use, remembered by text across analyses: the
// per-function context keys and the path unit cache ask for the same unchanged texts on every keystroke.
import { registerCache, trimOldest } from './caches';
import { ownCopy } from './text-memo';

const MAX_TEXTS = 8192;
const byText = new Map<string, readonly string[]>();
registerCache(() => byText.clear());

export function wordsOf(text: string): readonly string[] {
  let words = byText.get(text);
  if (words === undefined) {
    // cut from a copy: the words of a slice would keep the whole text the slice came from
    const own = ownCopy(text);
    words = identifiers(own);
    byText.set(own, words);
    trimOldest(byText, MAX_TEXTS);
  }
  return words;
}

/** 1: may start an identifier ([A-Za-z_]); 2: may continue one ([A-Za-z0-9_]). */
const CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CHAR[c] = 3;
  else if (/[0-9]/.test(ch)) CHAR[c] = 2;
}

/** The distinct identifiers ([A-Za-z_] then [A-Za-z0-9_]*) of `text` in order of first use: a scan, no regex match array. */
function identifiers(text: string): string[] {
  const seen = new Set<string>();
  someIdentifier(text, 0, text.length, (w) => {
    seen.add(w);
    return false;
  });
  return [...seen];
}

/** Whether some identifier of text[start, end) passes `test`, tried in order of appearance (as identifiers() finds them). */
export function someIdentifier(text: string, start: number, end: number, test: (word: string) => boolean): boolean {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 128 && ((CHAR[c] ?? 0) & 1) !== 0) {
      let j = i + 1;
      for (; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d >= 128 || ((CHAR[d] ?? 0) & 2) === 0) break;
      }
      if (test(text.slice(i, j))) return true;
      i = j;
    } else i++;
  }
  return false;
}
