// The records panel's browser code: stats header with a sparkline, toolbar, and a virtualised table of one
// ring's rows (only the visible rows exist in the DOM). Every record string goes in through textContent,
// never markup: process names and paths are attacker-controlled. Messages are checked by isToWebview.
import { isToWebview, assertNever, type FromWebview, type RingStatsView, type ToWebview } from '../../common/webviewProtocol';
import { cellText, columnWidth, sparkPoints, statItems } from './format';
import { TableState } from './table';
import { keyTarget, scrollToRow, visibleRange, ROW_H } from './virtual';
import * as ui from '../../common/messages/ui';

declare function acquireVsCodeApi(): { postMessage(msg: FromWebview): void };
const vscode = acquireVsCodeApi();

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls !== undefined) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- state ----
const state = new TableState();
let follow = true;

// ---- layout ----
const root = el('div', 'rs-root');
const sessionLine = el('div', 'rs-session');
sessionLine.setAttribute('role', 'status');
const statsBox = el('section', 'rs-stats');
statsBox.setAttribute('aria-label', ui.statsLabel.text());
const statsList = el('dl', 'rs-stat-list');
const spark = document.createElementNS(SVG, 'svg');
spark.setAttribute('class', 'rs-spark');
spark.setAttribute('viewBox', '0 0 120 30');
spark.setAttribute('preserveAspectRatio', 'none');
spark.setAttribute('role', 'img');
spark.setAttribute('aria-label', ui.sparkLabel.text());
const sparkLine = document.createElementNS(SVG, 'polyline');
sparkLine.setAttribute('class', 'rs-spark-line');
spark.appendChild(sparkLine);
// why records are being lost, as text (role=alert: a screen reader says it when it appears)
const lossLine = el('p', 'rs-loss');
lossLine.setAttribute('role', 'alert');
lossLine.hidden = true;
statsBox.append(statsList, spark, lossLine);

const toolbar = el('div', 'rs-toolbar');
toolbar.setAttribute('role', 'toolbar');
const pauseBtn = el('button', 'rs-btn', ui.pause.text());
pauseBtn.id = 'rs-pause';
const clearBtn = el('button', 'rs-btn', ui.clear.text());
clearBtn.id = 'rs-clear';
const followLabel = el('label', 'rs-follow');
const followBox = el('input');
followBox.type = 'checkbox';
followBox.id = 'rs-follow';
followBox.checked = true;
followLabel.append(followBox, document.createTextNode(` ${ui.followTail.text()}`));
const jsonlBtn = el('button', 'rs-btn', ui.exportJsonl.text());
jsonlBtn.id = 'rs-export-jsonl';
const csvBtn = el('button', 'rs-btn', ui.exportCsv.text());
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
function renderStats(st: RingStatsView | null): void {
  statsList.replaceChildren();
  for (const [id, label, value] of statItems(st)) {
    const wrap = el('div', 'rs-stat');
    const dd = el('dd', undefined, value);
    dd.id = `rs-stat-${id}`;
    wrap.append(el('dt', undefined, label), dd);
    statsList.appendChild(wrap);
  }
  sparkLine.setAttribute('points', sparkPoints(st?.fillHistory ?? []));
  lossLine.textContent = st?.lossHint ?? '';
  lossLine.hidden = !st?.lossHint;
}

// ---- table ----
/** Fixed widths, so every row (its own grid) lines up; computed once per snapshot. */
const widths = new Map<string, number>();
function width(col: string): number {
  let w = widths.get(col);
  if (w === undefined) {
    w = columnWidth(col, state.rows);
    widths.set(col, w);
  }
  return w;
}

function renderHead(): void {
  grid.style.setProperty('--rs-cols', state.columns.map((c) => `${width(c)}px`).join(' '));
  head.replaceChildren();
  for (const c of state.columns) {
    const cell = el('div', 'rs-hcell');
    cell.setAttribute('role', 'columnheader');
    const name = el('span', 'rs-hname', c);
    const input = el('input', 'rs-filter');
    input.type = 'text';
    input.placeholder = ui.filterPlaceholder.text();
    input.value = state.filters[c] ?? '';
    input.setAttribute('aria-label', ui.filterLabel.text(c));
    input.dataset['col'] = c;
    input.addEventListener('input', () => {
      state.setFilter(c, input.value);
      layout();
    });
    cell.append(name, input);
    head.appendChild(cell);
  }
}

function layout(): void {
  body.style.height = `${state.shown.length * ROW_H}px`;
  grid.setAttribute('aria-rowcount', String(state.shown.length + 1));
  countText.textContent = state.countText();
  if (follow) grid.scrollTop = grid.scrollHeight;
  renderRows();
}

function renderRows(): void {
  const { first, last } = visibleRange(grid.scrollTop, head.offsetHeight, grid.clientHeight, state.shown.length);
  rowsBox.style.transform = `translateY(${first * ROW_H}px)`;
  const frag = document.createDocumentFragment();
  for (let i = first; i < last; i++) {
    const r = state.shown[i];
    if (r === undefined) continue;
    const sel = i === state.selected;
    const line = el('div', sel ? 'rs-row rs-selected' : 'rs-row');
    line.setAttribute('role', 'row');
    line.setAttribute('aria-rowindex', String(i + 2));
    if (sel) line.setAttribute('aria-selected', 'true');
    for (const c of state.columns) {
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

function showPaused(): void {
  pauseBtn.textContent = state.paused ? ui.resume.text() : ui.pause.text();
  pauseBtn.setAttribute('aria-pressed', String(state.paused));
}

function handle(msg: ToWebview): void {
  switch (msg.type) {
    case 'ringscope/snapshot':
      widths.clear();
      state.apply(msg);
      document.title = ui.panelTitle.text(state.ring);
      showPaused();
      renderHead();
      renderStats(msg.stats);
      layout();
      return;
    case 'ringscope/append':
      if (state.apply(msg)) renderHead();
      layout();
      return;
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
  state.paused = !state.paused;
  showPaused();
  vscode.postMessage({ type: 'ringscope/pause', paused: state.paused });
});
clearBtn.addEventListener('click', () => vscode.postMessage({ type: 'ringscope/clear' }));
followBox.addEventListener('change', () => {
  follow = followBox.checked;
  if (follow) layout();
});
jsonlBtn.addEventListener('click', () => vscode.postMessage({ type: 'ringscope/export', format: 'jsonl', filters: { ...state.filters } }));
csvBtn.addEventListener('click', () => vscode.postMessage({ type: 'ringscope/export', format: 'csv', filters: { ...state.filters } }));

function select(i: number): void {
  if (state.shown.length === 0) return;
  state.selected = Math.max(0, Math.min(state.shown.length - 1, i));
  follow = false;
  followBox.checked = false;
  grid.scrollTop = scrollToRow(state.selected, grid.scrollTop, grid.clientHeight - head.offsetHeight);
  renderRows();
}

grid.addEventListener('keydown', (ev: KeyboardEvent) => {
  if (ev.target instanceof HTMLInputElement) return;
  const to = keyTarget(ev.key, state.selected, grid.clientHeight, state.shown.length);
  if (to === undefined) return;
  ev.preventDefault();
  select(to);
});

renderStats(null);
renderHead();
vscode.postMessage({ type: 'ringscope/ready' });
