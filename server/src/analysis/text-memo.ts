// A memo keyed by (a long text, a short qualifier) without building one string of both: a function's text is
// hashed once per string object (V8 keeps the hash in the string) and never copied into a concatenation.
import { trimOldest } from './caches';

const MAX_PER_TEXT = 64;

/**
 * A copy of `s` that keeps no other string alive. V8 makes a substring of 13 characters or more a view into its
 * parent, and a concatenation a pair of its parts: a memo entry holding either would hold a whole file version.
 * Slicing a fresh concatenation makes V8 flatten it into a new string first (a heap snapshot after 1,200 edits
 * of the bench file holds 3 file versions with this, 2,386 without it).
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

export class TextMemo<V> {
  private readonly byText = new Map<string, Map<string, V>>();

  /** At most `max` distinct texts are kept; the oldest go first. */
  constructor(private readonly max: number) {}

  get(text: string, qualifier: string): V | undefined {
    return this.byText.get(text)?.get(qualifier);
  }

  set(text: string, qualifier: string, value: V): void {
    let inner = this.byText.get(text);
    if (inner === undefined) {
      this.byText.set(ownCopy(text), (inner = new Map()));
      trimOldest(this.byText, this.max);
    }
    // one text seen in many contexts (a function while the struct it uses is typed): keep the recent ones
    if (inner.size >= MAX_PER_TEXT) inner.clear();
    inner.set(ownCopy(qualifier), value);
  }

  clear(): void {
    this.byText.clear();
  }
}
