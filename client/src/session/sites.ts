// Finds the ring-buffer sites of a BPF C text for the live CodeLens: each bpf_ringbuf_submit/output call
// (with the ring it writes to, when it can be read from the text) and each ring-buffer map definition.
// Pure text scan (no vscode); 0-based lines.

export interface RingSite {
  readonly line: number;
  readonly kind: 'submit' | 'output' | 'map';
  /** The ring's map name; undefined when the text does not say (e.g. a reserve in another function). */
  readonly ring: string | undefined;
}

function stripComment(line: string): string {
  const i = line.indexOf('//');
  return i >= 0 ? line.slice(0, i) : line;
}

export function findRingSites(text: string): RingSite[] {
  const lines = text.split('\n').map(stripComment);
  const out: RingSite[] = [];
  let lastReserveRing: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const reserve = /\bbpf_ringbuf_reserve\s*\(\s*&\s*([A-Za-z_]\w*)/.exec(l);
    if (reserve) lastReserveRing = reserve[1];
    if (/^\s*(static|int|SEC\()/.test(l) && /\)\s*\{?\s*$/.test(l)) lastReserveRing = undefined;
    const output = /\bbpf_ringbuf_output\s*\(\s*&\s*([A-Za-z_]\w*)/.exec(l);
    if (output) out.push({ line: i, kind: 'output', ring: output[1] });
    else if (/\bbpf_ringbuf_submit\s*\(/.test(l)) out.push({ line: i, kind: 'submit', ring: lastReserveRing });
    if (/BPF_MAP_TYPE_RINGBUF\b/.test(l)) {
      let start = i;
      while (start > 0 && !/\bstruct\b/.test(lines[start] ?? '')) start--;
      let name: string | undefined;
      for (let j = i; j < Math.min(lines.length, i + 20); j++) {
        const m = /\}\s*([A-Za-z_]\w*)\s+SEC\(\s*"\.maps"\s*\)/.exec(lines[j] ?? '');
        if (m) {
          name = m[1];
          break;
        }
      }
      out.push({ line: start, kind: 'map', ring: name });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}
