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
    words = [...new Set(own.match(/[A-Za-z_]\w*/g) ?? [])];
    byText.set(own, words);
    trimOldest(byText, MAX_TEXTS);
  }
  return words;
}
