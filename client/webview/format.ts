// Pure text of the records panel (no DOM): byte sizes, the stats list, the sparkline's points and the
// text of one cell. Unit-tested in plain Node (test/unit/panel-webview.test.ts).
import type { PanelRow, RingStatsView } from '../../common/webviewProtocol';
import * as ui from '../../common/messages/ui';

export function fmtBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** [element id suffix, label, value] per statistic; one placeholder item before the first stats. */
export function statItems(s: RingStatsView | null): [string, string, string][] {
  if (s === null) return [['none', ui.statStatistics.text(), ui.statsWaiting.text()]];
  return [
    ['avail', ui.statAvailable.text(), fmtBytes(s.availData)],
    ['size', ui.statRingSize.text(), fmtBytes(s.ringSize)],
    ['consumer', ui.statConsumer.text(), String(s.consumerPos)],
    ['producer', ui.statProducer.text(), String(s.producerPos)],
    ['fill', ui.statFill.text(), `${s.fillPct.toFixed(1)} %`],
    ['rps', ui.statRecordsPerSec.text(), String(Math.round(s.recordsPerSec))],
    ['bps', ui.statBytesPerSec.text(), fmtBytes(Math.round(s.bytesPerSec))],
    // Programs without a `<ring>_drops` counter: the agent cannot know, so never claim zero.
    ['drops', ui.statDrops.text(), s.drops === null ? ui.dropsUnknown.text() : String(s.drops)],
  ];
}

/** SVG polyline points for fill samples (0–100 %) in a `width` × `height` box, oldest on the left. */
export function sparkPoints(history: readonly number[], width = 120, height = 30): string {
  const step = history.length > 1 ? width / (history.length - 1) : 0;
  return history
    .map((v, i) => `${(i * step).toFixed(1)},${(height - (Math.max(0, Math.min(100, v)) / 100) * height).toFixed(1)}`)
    .join(' ');
}

export function cellText(r: PanelRow, col: string): string {
  if (col === 'seq') return String(r.seq);
  const v = r.cells[col];
  return v === undefined ? '' : String(v);
}

/** Pixel width of a column from its name and the first rows' values; text columns get room to grow. */
export function columnWidth(col: string, rows: readonly PanelRow[]): number {
  let chars = col.length + 2;
  let text = false;
  for (let i = 0; i < Math.min(rows.length, 200); i++) {
    const r = rows[i];
    if (r === undefined) continue;
    chars = Math.max(chars, cellText(r, col).length);
    text ||= typeof r.cells[col] === 'string';
  }
  return Math.min(420, Math.max(text ? 160 : 60, chars * 8 + 16));
}
