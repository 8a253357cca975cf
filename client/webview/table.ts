// The records table's state in the webview (no DOM): retained rows (bounded like the host's model), the
// rows shown under the per-column filters, the columns in first-seen order, and the counters. main.ts
// applies host messages here and renders; unit tests drive it with a Feeder over a fake source.
import { rowMatches, type PanelRow, type RingStatsView, type ToWebview } from '../../common/webviewProtocol';
import * as ui from '../../common/messages/ui';

export class TableState {
  ring = '';
  capacity = 100000;
  rows: PanelRow[] = [];
  shown: PanelRow[] = [];
  columns: string[] = ['seq'];
  readonly filters: Record<string, string> = {};
  total = 0;
  paused = false;
  stats: RingStatsView | null = null;
  /** Index into `shown`; -1 when nothing is selected. */
  selected = -1;

  get filtering(): boolean {
    return Object.values(this.filters).some((f) => f !== '');
  }

  /** Applies a snapshot or append; returns true when the set of columns changed (re-render the header). */
  apply(msg: Extract<ToWebview, { type: 'ringscope/snapshot' | 'ringscope/append' }>): boolean {
    if (msg.type === 'ringscope/snapshot') {
      this.ring = msg.ring;
      this.capacity = msg.capacity;
      this.paused = msg.paused;
      this.total = msg.total;
      this.stats = msg.stats;
      this.rows = msg.rows.slice();
      this.columns = ['seq'];
      this.addColumns(this.rows);
      this.refilter();
      return true;
    }
    this.total = msg.total;
    this.rows.push(...msg.rows);
    const changed = this.addColumns(msg.rows);
    const active = this.filtering;
    for (const r of msg.rows) if (!active || rowMatches(r, this.filters)) this.shown.push(r);
    this.trim();
    return changed;
  }

  setFilter(col: string, text: string): void {
    this.filters[col] = text;
    this.refilter();
  }

  refilter(): void {
    this.shown = this.filtering ? this.rows.filter((r) => rowMatches(r, this.filters)) : this.rows.slice();
    this.selected = Math.min(this.selected, this.shown.length - 1);
  }

  /** The count line under the toolbar. */
  countText(): string {
    return ui.rowCounts.text(this.shown.length, this.rows.length, this.total, this.paused);
  }

  private addColumns(newRows: readonly PanelRow[]): boolean {
    let changed = false;
    const known = new Set(this.columns);
    for (const r of newRows) {
      for (const k of Object.keys(r.cells)) {
        if (!known.has(k)) {
          known.add(k);
          this.columns.push(k);
          changed = true;
        }
      }
    }
    return changed;
  }

  /** Keeps the newest `capacity` rows, as the host's model does; shown rows older than those go too. */
  private trim(): void {
    const excess = this.rows.length - this.capacity;
    if (excess <= 0) return;
    this.rows.splice(0, excess);
    const firstSeq = this.rows[0]?.seq ?? Infinity;
    let drop = 0;
    while (drop < this.shown.length && (this.shown[drop]?.seq ?? Infinity) < firstSeq) drop++;
    if (drop > 0) {
      this.shown.splice(0, drop);
      this.selected = Math.max(-1, this.selected - drop);
    }
  }
}
