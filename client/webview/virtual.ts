// The virtual window of the records table (no DOM): which rows exist in the DOM for a scroll position,
// and where a navigation key moves the selection. Pure, so unit tests pin the arithmetic.

export const ROW_H = 22;
export const OVERSCAN = 10;

/** Rows [first, last) to render for a grid scrolled to `scrollTop` with a header `headH` px high. */
export function visibleRange(scrollTop: number, headH: number, clientHeight: number, count: number): { first: number; last: number } {
  const top = Math.max(0, scrollTop - headH);
  const first = Math.min(count, Math.max(0, Math.floor(top / ROW_H) - OVERSCAN));
  const last = Math.min(count, Math.ceil((top + clientHeight) / ROW_H) + OVERSCAN);
  return { first, last: Math.max(first, last) };
}

/** The selection after a key (undefined: not a navigation key), clamped to [0, count). */
export function keyTarget(key: string, selected: number, clientHeight: number, count: number): number | undefined {
  const page = Math.max(1, Math.floor(clientHeight / ROW_H) - 1);
  const moves: Record<string, number> = {
    ArrowDown: selected + 1,
    ArrowUp: selected - 1,
    PageDown: selected + page,
    PageUp: selected - page,
    Home: 0,
    End: count - 1,
  };
  const to = moves[key];
  if (to === undefined || count === 0) return undefined;
  return Math.max(0, Math.min(count - 1, to));
}

/** New scrollTop that brings row `index` fully into a view of `viewH` px (unchanged when it is in view). */
export function scrollToRow(index: number, scrollTop: number, viewH: number): number {
  const y = index * ROW_H;
  if (y < scrollTop) return y;
  if (y + ROW_H > scrollTop + viewH) return y + ROW_H - viewH;
  return scrollTop;
}
