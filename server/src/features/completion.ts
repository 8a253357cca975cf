// Completion limited to the ring-buffer vocabulary: BPF_RB_* flags and a reserve / NULL-check / submit
// snippet. Answers nothing for any other word, so that clangd or cpptools keep general C completion.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { flagDocs } from './helperDocs';
import { prefixAt } from './words';
import { uiMessages as ui } from '../../../common/messages';

/** Map symbols of ring buffers in the text, so the snippet can name a real one (best effort). */
export function ringMapNames(text: string): string[] {
  const out: string[] = [];
  const re = /__uint\s*\(\s*type\s*,\s*BPF_MAP_TYPE_RINGBUF\s*\)[^}]*\}\s*([A-Za-z_]\w*)\s+SEC\s*\(\s*"\.maps"\s*\)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m[1] !== undefined) out.push(m[1]);
  return out;
}

export const SNIPPET_LABEL = 'bpf_ringbuf_reserve/submit';

function reserveSnippet(text: string): string {
  const ring = ringMapNames(text)[0] ?? 'rb';
  return [
    'struct ${1:event} *${2:e} = bpf_ringbuf_reserve(&${3:' + ring + '}, sizeof(*${2:e}), 0);',
    'if (!${2:e})',
    '\treturn 0;',
    '$0',
    'bpf_ringbuf_submit(${2:e}, 0);',
  ].join('\n');
}

export function completionsAt(text: string, line: number, character: number): CompletionItem[] {
  const { word, range } = prefixAt(text, line, character);
  if (word.length === 0) return [];
  const items: CompletionItem[] = [];
  for (const [name, doc] of Object.entries(flagDocs)) {
    if (!name.startsWith(word)) continue;
    items.push({
      label: name,
      kind: CompletionItemKind.Constant,
      detail: doc.signature,
      documentation: { kind: MarkupKind.Markdown, value: doc.text },
      textEdit: { range, newText: name },
    });
  }
  if ('bpf_ringbuf_reserve'.startsWith(word) && word.length >= 3) {
    items.push({
      label: SNIPPET_LABEL,
      kind: CompletionItemKind.Snippet,
      filterText: 'bpf_ringbuf_reserve',
      detail: ui.snippetDetail.text(),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: reserveSnippet(text) },
    });
  }
  return items;
}
