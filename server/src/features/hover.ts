// Hover: the semantics of ring-buffer helpers and BPF_RB_* flags (helperDocs.ts), and on a reservation
// (the reserve call or the variable holding its record) the record type, its size and the ring's size.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { HelperCall, ProgramModel } from '../analysis/model';
import { symbolDoc } from './helperDocs';
import { wordAt } from './words';

function contains(call: HelperCall, line: number, character: number): boolean {
  const s = call.node.startPosition;
  const e = call.node.endPosition;
  if (line < s.row || line > e.row) return false;
  if (line === s.row && character < s.column) return false;
  return !(line === e.row && character > e.column);
}

function inFunction(call: HelperCall, line: number): boolean {
  const fn = call.fn?.node;
  return fn !== undefined && line >= fn.startPosition.row && line <= fn.endPosition.row;
}

/** The reserve call at the position, or the last one before it that initialised the hovered variable. */
export function reservationAt(model: ProgramModel, file: string, line: number, character: number, word: string | undefined): HelperCall | undefined {
  const reserves = model.calls.filter((c) => c.name === 'bpf_ringbuf_reserve' && c.file === file);
  const direct = reserves.find((c) => contains(c, line, character));
  if (direct !== undefined) return direct;
  if (word === undefined) return undefined;
  let best: HelperCall | undefined;
  for (const c of reserves) {
    if (c.target !== word || !inFunction(c, line) || c.node.startPosition.row > line) continue;
    best = c;
  }
  return best;
}

const bytes = (n: number | undefined): string => (n === undefined ? 'unknown' : `${n} byte${n === 1 ? '' : 's'}`);

export function reservationMarkdown(call: HelperCall): string {
  const ring = call.map?.name ?? 'unknown ring';
  const ringSize = call.map?.fields.get('max_entries')?.value;
  const size = call.size ?? call.recordSize;
  const lines = [
    `**Reservation** in \`${ring}\``,
    '',
    `- record type: \`${call.recordType ?? 'unknown'}\`${call.recordSize !== undefined ? ` (${bytes(call.recordSize)})` : ''}`,
    `- reserved size: ${bytes(size)}${size !== undefined ? `, ${Math.ceil((size + 8) / 8) * 8} bytes of ring space with the header` : ''}`,
    `- ring size: ${bytes(ringSize)}`,
  ];
  return lines.join('\n');
}

export function hoverAt(text: string, line: number, character: number, model: ProgramModel | undefined, file: string): Hover | null {
  const w = wordAt(text, line, character);
  const parts: string[] = [];
  const doc = w === undefined ? undefined : symbolDoc(w.word);
  if (doc !== undefined) parts.push('```c\n' + doc.signature + '\n```\n' + doc.text);
  if (model !== undefined) {
    const call = reservationAt(model, file, line, character, w?.word);
    if (call !== undefined && (doc === undefined || w?.word === 'bpf_ringbuf_reserve')) parts.push(reservationMarkdown(call));
  }
  if (parts.length === 0) return null;
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
  if (w !== undefined) hover.range = w.range;
  return hover;
}
