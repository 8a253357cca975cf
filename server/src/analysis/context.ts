// The "context" of a translation unit: every text an analysis reads besides top-level function bodies
// (declarations, preprocessor lines, included files, settings), interned to a small number. Caches that
// outlive one analysis (layouts, path units) key on it, so an edit inside a function body keeps them.
export interface ContextPart {
  readonly file: string;
  readonly masked: string;
  /** [start, end) offsets of the file's top-level function definitions, in source order. */
  readonly functions: readonly (readonly [number, number])[];
  /** Texts inside function bodies that other code can see (local struct/union/enum definitions). */
  readonly visible: readonly string[];
}

const MAX_CONTEXTS = 16;
const ids = new Map<string, number>();
let next = 0;

// Preprocessor lines (with their continuations), comments and string/char literals are kept as they are
// (`#define F (x)` is not `#define F(x)`; whitespace inside a literal is data); every other run of whitespace
// becomes one newline when it spans lines (preprocessor lines end there), nothing next to a punctuator that
// never joins another token (`( ) [ ] { } ; ,`), else one space. Unterminated comments and literals (half-typed
// code) are kept verbatim to the end of their line, or of the text.
const TOKENS =
  /(?<=(?:^|\n)[ \t]*)#(?:\\\r?\n|[^\n])*|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|"(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?|\s+/g;
const LONE = new Set(['(', ')', '[', ']', '{', '}', ';', ',']);

/** Same C meaning, same text: a blank inserted between tokens, or a blank line, keeps the context. */
function normalize(text: string): string {
  return text.replace(TOKENS, (m: string, at: number, all: string) => {
    if (!/^\s/.test(m)) return m;
    if (m.includes('\n')) return '\n';
    return LONE.has(all.charAt(at - 1)) || LONE.has(all.charAt(at + m.length)) ? '' : ' ';
  });
}

export function contextId(settings: unknown, parts: readonly ContextPart[]): number {
  const out: string[] = [JSON.stringify(settings)];
  for (const p of parts) {
    out.push(`\0${p.file}\0`);
    let at = 0;
    for (const [start, end] of p.functions) {
      if (start < at) continue;
      out.push(p.masked.slice(at, start));
      // preprocessor lines inside a body are file-wide (a #define there is seen by later functions)
      for (const m of p.masked.slice(start, end).matchAll(/^[ \t]*#.*$/gm)) out.push(`\n${m[0]}`);
      out.push('\0');
      at = end;
    }
    out.push(p.masked.slice(at), '\0', ...p.visible);
  }
  const text = normalize(out.join(''));
  let id = ids.get(text);
  if (id === undefined) {
    id = next++;
    ids.set(text, id);
    for (const [k] of ids) {
      if (ids.size <= MAX_CONTEXTS) break;
      ids.delete(k);
    }
  }
  return id;
}
