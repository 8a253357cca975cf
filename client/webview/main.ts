// The records panel's browser code: stats header with a sparkline, toolbar, and a virtualised table of one
// ring's rows (only the visible rows exist in the DOM). Every record string goes in through textContent,
// never markup: process names and paths are attacker-controlled. Messages are checked by isToWebview.
import {
  isToWebview,
  rowMatches,
  assertNever,
  type FromWebview,
  type PanelRow,
  type RingStatsView,
  type ToWebview,
} from '../../common/webviewProtocol';

declare function acquireVsCodeApi(): { postMessage(msg: FromWebview): void };
const vscode = acquireVsCodeApi();

const ROW_H = 22;
const OVERSCAN = 10;
const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls !== undefined) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- state ----
let ring = '';
let capacity = 100000;
let rows: PanelRow[] = [];
let shown: PanelRow[] = [];
let columns: string[] = ['seq'];
const filters: Record<string, string> = {};
let total = 0;
let paused = false;
let follow = true;
let selected = -1; // index into `shown`

// ---- layout ----
const root = el('div', 'rs-root');
const sessionLine = el('div', 'rs-session');
sessionLine.setAttribute('role', 'status');
const statsBox = el('section', 'rs-stats');
statsBox.setAttribute('aria-label', 'Ring statistics');
const statsList = el('dl', 'rs-stat-list');
const spark = document.createElementNS(SVG, 'svg');
spark.setAttribute('class', 'rs-spark');
spark.setAttribute('viewBox', '0 0 120 30');
spark.setAttribute('preserveAspectRatio', 'none');
spark.setAttribute('role', 'img');
spark.setAttribute('aria-label', 'Fill over the last minute');
const sparkLine = document.createElementNS(SVG, 'polyline');
sparkLine.setAttribute('class', 'rs-spark-line');
spark.appendChild(sparkLine);
statsBox.append(statsList, spark);

const toolbar = el('div', 'rs-toolbar');
toolbar.setAttribute('role', 'toolbar');
const pauseBtn = el('button', 'rs-btn', 'Pause');
pauseBtn.id = 'rs-pause';
const clearBtn = el('button', 'rs-btn', 'Clear');
clearBtn.id = 'rs-clear';
const followLabel = el('label', 'rs-follow');
const followBox = el('input');
followBox.type = 'checkbox';
followBox.id = 'rs-follow';
followBox.checked = true;
followLabel.append(followBox, document.createTextNode(' Follow tail'));
const jsonlBtn = el('button', 'rs-btn', 'Export JSONL');
jsonlBtn.id = 'rs-export-jsonl';
const csvBtn = el('button', 'rs-btn', 'Export CSV');
csvBtn.id = 'rs-export-csv';
const countText = el('span', 'rs-count');
countText.id = 'rs-count';
countText.setAttribute('aria-live', 'polite');
toolbar.append(pauseBtn, clearBtn, followLabel, jsonlBtn, csvBtn, countText);

const grid = el('div', 'rs-grid');
grid.setAttribute('role', 'grid');
grid.tabIndex = 0;
const head = el('div', 'rs-head');
head.setAttribute('role', 'row');
const body = el('div', 'rs-body');
const rowsBox = el('div', 'rs-rows');
body.appendChild(rowsBox);
grid.append(head, body);
root.append(sessionLine, statsBox, toolbar, grid);
document.body.appendChild(root);

// ---- stats ----
function fmtBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function renderStats(s: RingStatsView | null): void {
  statsList.replaceChildren();
  const items: [string, string, string][] = s
    ? [
        ['avail', 'Available', fmtBytes(s.availData)],
        ['size', 'Ring size', fmtBytes(s.ringSize)],
        ['consumer', 'Consumer pos', String(s.consumerPos)],
        ['producer', 'Producer pos', String(s.producerPos)],
        ['fill', 'Fill', `${s.fillPct.toFixed(1)} %`],
        ['rps', 'Records/s', String(Math.round(s.recordsPerSec))],
        ['bps', 'Bytes/s', fmtBytes(Math.round(s.bytesPerSec))],
        ['drops', 'Drops', s.drops === null ? 'unknown' : String(s.drops)],
      ]
    : [['none', 'Statistics', 'waiting for the session']];
  for (const [id, label, value] of items) {
    const wrap = el('div', 'rs-stat');
    const dd = el('dd', undefined, value);
    dd.id = `rs-stat-${id}`;
    wrap.append(el('dt', undefined, label), dd);
    statsList.appendChild(wrap);
  }
  const h = s?.fillHistory ?? [];
  const step = h.length > 1 ? 120 / (h.length - 1) : 0;
  sparkLine.setAttribute('points', h.map((v, i) => `${(i * step).toFixed(1)},${(30 - (Math.min(100, v) / 100) * 30).toFixed(1)}`).join(' '));
}

// ---- table ----
function cellText(r: PanelRow, col: string): string {
  if (col === 'seq') return String(r.seq);
  const v = r.cells[col];
  return v === undefined ? '' : String(v);
}

function updateColumns(newRows: readonly PanelRow[]): boolean {
  let changed = false;
  const known = new Set(columns);
  for (const r of newRows) {
    for (const k of Object.keys(r.cells)) {
      if (!known.has(k)) {
        known.add(k);
        columns.push(k);
        changed = true;
      }
    }
  }
  return changed;
}

/** Fixed widths, so every row (its own grid) lines up: from the name and the first rows' values. */
const widths = new Map<string, number>();
function columnWidth(col: string): number {
  let w = widths.get(col);
  if (w === undefined) {
    let chars = col.length + 2;
    let text = false;
    for (let i = 0; i < Math.min(rows.length, 200); i++) {
      const r = rows[i];
      if (r === undefined) continue;
      chars = Math.max(chars, cellText(r, col).length);
      text ||= typeof r.cells[col] === 'string';
    }
    // Text columns (comm, paths) get room to grow: later rows are often longer than the first.
    w = Math.min(420, Math.max(text ? 160 : 60, chars * 8 + 16));
    widths.set(col, w);
  }
  return w;
}

function renderHead(): void {
  grid.style.setProperty('--rs-cols', columns.map((c) => `${columnWidth(c)}px`).join(' '));
  head.replaceChildren();
  for (const c of columns) {
    const cell = el('div', 'rs-hcell');
    cell.setAttribute('role', 'columnheader');
    const name = el('span', 'rs-hname', c);
    const input = el('input', 'rs-filter');
    input.type = 'text';
    input.placeholder = 'filter';
    input.value = filters[c] ?? '';
    input.setAttribute('aria-label', `Filter ${c}`);
    input.dataset['col'] = c;
    input.addEventListener('input', () => {
      filters[c] = input.value;
      refilter();
    });
    cell.append(name, input);
    head.appendChild(cell);
  }
}

function refilter(): void {
  const active = Object.values(filters).some((f) => f !== '');
  shown = active ? rows.filter((r) => rowMatches(r, filters)) : rows.slice();
  selected = Math.min(selected, shown.length - 1);
  layout();
}

function layout(): void {
  body.style.height = `${shown.length * ROW_H}px`;
  grid.setAttribute('aria-rowcount', String(shown.length + 1));
  countText.textContent = `${shown.length} shown · ${rows.length} retained · ${total} received${paused ? ' · paused' : ''}`;
  if (follow) grid.scrollTop = grid.scrollHeight;
  renderRows();
}

function renderRows(): void {
  const headH = head.offsetHeight;
  const top = Math.max(0, grid.scrollTop - headH);
  const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((top + grid.clientHeight) / ROW_H) + OVERSCAN);
  rowsBox.style.transform = `translateY(${first * ROW_H}px)`;
  const frag = document.createDocumentFragment();
  for (let i = first; i < last; i++) {
    const r = shown[i];
    if (r === undefined) continue;
    const line = el('div', i === selected ? 'rs-row rs-selected' : 'rs-row');
    line.setAttribute('role', 'row');
    line.setAttribute('aria-rowindex', String(i + 2));
    if (i === selected) line.setAttribute('aria-selected', 'true');
    for (const c of columns) {
      const value = cellText(r, c);
      const cell = el('div', 'rs-cell', value);
      cell.title = value; // an attribute set from script: shown as text, never parsed
      cell.setAttribute('role', 'gridcell');
      cell.dataset['col'] = c;
      line.appendChild(cell);
    }
    frag.appendChild(line);
  }
  rowsBox.replaceChildren(frag);
}

function trim(): void {
  const excess = rows.length - capacity;
  if (excess <= 0) return;
  rows.splice(0, excess);
  const firstSeq = rows[0]?.seq ?? Infinity;
  let drop = 0;
  while (drop < shown.length && (shown[drop]?.seq ?? Infinity) < firstSeq) drop++;
  if (drop > 0) {
    shown.splice(0, drop);
    selected = Math.max(-1, selected - drop);
  }
}

function handle(msg: ToWebview): void {
  switch (msg.type) {
    case 'ringscope/snapshot': {
      ring = msg.ring;
      capacity = msg.capacity;
      paused = msg.paused;
      total = msg.total;
      rows = msg.rows.slice();
      columns = ['seq'];
      widths.clear();
      updateColumns(rows);
      document.title = `Records: ${ring}`;
      pauseBtn.textContent = paused ? 'Resume' : 'Pause';
      pauseBtn.setAttribute('aria-pressed', String(paused));
      renderHead();
      renderStats(msg.stats);
      refilter();
      return;
    }
    case 'ringscope/append': {
      total = msg.total;
      rows.push(...msg.rows);
      if (updateColumns(msg.rows)) renderHead();
      const active = Object.values(filters).some((f) => f !== '');
      for (const r of msg.rows) if (!active || rowMatches(r, filters)) shown.push(r);
      trim();
      layout();
      return;
    }
    case 'ringscope/stats':
      renderStats(msg.stats);
      return;
    case 'ringscope/session':
      sessionLine.textContent = msg.text;
      sessionLine.classList.toggle('rs-running', msg.running);
      return;
    default:
      assertNever(msg);
  }
}

// ---- events ----
window.addEventListener('message', (ev: MessageEvent<unknown>) => {
  if (isToWebview(ev.data)) handle(ev.data);
});
grid.addEventListener('scroll', () => renderRows(), { passive: true });
window.addEventListener('resize', () => renderRows());
pauseBtn.addEventListener('click', () => {
  paused = !paused;
  pauseBtn.textContent = paused ? 'Resume' : 'Pause';
  pauseBtn.setAttribute('aria-pressed', String(paused));
  vscode.postMessage({ type: 'ringscope/pause', paused });
});
clearBtn.addEventListener('click', () => vscode.postMessage({ type: 'ringscope/clear' }));
followBox.addEventListener('change', () => {
  follow = followBox.checked;
  if (follow) layout();
});
jsonlBtn.addEventListener('click', () => vscode.postMessage({ type: 'ringscope/export', format: 'jsonl', filters: { ...filters } }));
csvBtn.addEventListener('click', () => vscode.postMessage({ type: 'ringscope/export', format: 'csv', filters: { ...filters } }));

function select(i: number): void {
  if (shown.length === 0) return;
  selected = Math.max(0, Math.min(shown.length - 1, i));
  follow = false;
  followBox.checked = false;
  const y = selected * ROW_H;
  const headH = head.offsetHeight;
  const viewH = grid.clientHeight - headH;
  if (y < grid.scrollTop) grid.scrollTop = y;
  else if (y + ROW_H > grid.scrollTop + viewH) grid.scrollTop = y + ROW_H - viewH;
  renderRows();
}

grid.addEventListener('keydown', (ev: KeyboardEvent) => {
  if (ev.target instanceof HTMLInputElement) return;
  const page = Math.max(1, Math.floor(grid.clientHeight / ROW_H) - 1);
  const moves: Record<string, number> = {
    ArrowDown: selected + 1,
    ArrowUp: selected - 1,
    PageDown: selected + page,
    PageUp: selected - page,
    Home: 0,
    End: shown.length - 1,
  };
  const to = moves[ev.key];
  if (to === undefined) return;
  ev.preventDefault();
  select(to);
});

renderStats(null);
renderHead();
vscode.postMessage({ type: 'ringscope/ready' });
