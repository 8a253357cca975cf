// Preprocessor-lite, first half: blanks the BPF macros tree-sitter cannot parse (SEC, __uint, __type,
// __array, inline markers) to spaces of the same length, so every position stays that of the real text.
export interface SecMark {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** A `__uint(field, value)`/`__type(field, T)`/`__array(field, T)` member of a BTF map struct. */
export interface MapMacro {
  readonly kind: 'uint' | 'type' | 'array';
  readonly field: string;
  readonly start: number;
  readonly end: number;
  /** Offsets and text of the value argument. */
  readonly valueStart: number;
  readonly valueText: string;
}

export interface Masked {
  readonly text: string;
  readonly secs: readonly SecMark[];
  readonly macros: readonly MapMacro[];
}

// Words from bpf_helpers.h that expand to attributes; tree-sitter sees them as stray identifiers.
const BLANK_WORDS = /\b(?:__always_inline|__noinline|__weak|__hidden|__maybe_unused|__ksym|__kconfig|__inline|__attribute_const__)\b/g;

/** Index just after the `)` closing the `(` at `open`, or -1 (half-typed code). */
function closeParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

function blank(chars: Uint16Array, start: number, end: number): void {
  for (let i = start; i < end; i++) if (chars[i] !== NEWLINE) chars[i] = SPACE;
}

/** UTF-16 code units of a text, edited in place (a char array costs an object per character). */
function codesOf(text: string): Uint16Array {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const utf16 = new TextDecoder('utf-16le');

export function maskBpfMacros(text: string): Masked {
  const chars = codesOf(text);
  const secs: SecMark[] = [];
  const macros: MapMacro[] = [];
  for (const m of text.matchAll(/\bSEC\s*\(\s*"([^"\n]*)"\s*\)/g)) {
    secs.push({ start: m.index, end: m.index + m[0].length, name: m[1] ?? '' });
    blank(chars, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(/\b__(uint|ulong|type|array)\s*\(\s*(\w+)\s*,/g)) {
    const open = text.indexOf('(', m.index);
    const end = closeParen(text, open);
    if (end < 0) continue;
    const comma = m.index + m[0].length - 1;
    const valueText = text.slice(comma + 1, end - 1);
    const valueStart = comma + 1 + (valueText.length - valueText.trimStart().length);
    const kind = m[1] === 'type' ? 'type' : m[1] === 'array' ? 'array' : 'uint';
    macros.push({ kind, field: m[2] ?? '', start: m.index, end, valueStart, valueText: valueText.trim() });
    if (kind === 'uint') {
      // `__uint(max_entries, 4 * 4096)` -> `__uint max_entries[ 4 * 4096]`: the value stays an expression node.
      chars[open] = SPACE;
      chars[comma] = 0x5b; // [
      chars[end - 1] = 0x5d; // ]
    } else {
      // `__type(key, struct event)` -> `__type key` and blanks; the type text is kept in `macros`.
      chars[open] = SPACE;
      blank(chars, comma, end);
    }
  }
  let changed = secs.length > 0 || macros.length > 0;
  for (const m of text.matchAll(BLANK_WORDS)) {
    blank(chars, m.index, m.index + m[0].length);
    changed = true;
  }
  return { text: changed ? utf16.decode(chars) : text, secs, macros };
}
