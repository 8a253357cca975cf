// Formats retained panel rows for "Export": JSON lines (one object per record) or CSV (RFC 4180 quoting,
// columns in first-seen order). Pure functions, no vscode.
import type { PanelRow } from '../../../common/webviewProtocol';
import type { FlatValue } from '../../../common/records';

export function columnsOf(rows: readonly PanelRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.cells)) seen.add(k);
  return [...seen];
}

export function toJsonl(rows: readonly PanelRow[]): string {
  return rows.map((r) => JSON.stringify({ seq: r.seq, type: r.type, ...r.cells }) + '\n').join('');
}

function csvCell(v: FlatValue | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly PanelRow[]): string {
  const cols = columnsOf(rows);
  const lines = [['seq', 'type', ...cols].map((c) => csvCell(c)).join(',')];
  for (const r of rows) lines.push([csvCell(r.seq), csvCell(r.type), ...cols.map((c) => csvCell(r.cells[c]))].join(','));
  return lines.join('\r\n') + '\r\n';
}
