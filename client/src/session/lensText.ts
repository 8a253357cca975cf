// Title and tooltip of one live CodeLens (pure, no vscode): the agent's per-site count when it sends
// `siteCounts` (keyed `file:LINE` or `LINE`, 1-based), else the ring's total, and the tooltip says which.
import { panelMessages as m } from '../../../common/messages';
import type { RingSite } from './sites';

export interface LensText {
  readonly title: string;
  readonly tooltip: string;
}

export function lensText(
  s: RingSite,
  fileBase: string,
  ringCounts: ReadonlyMap<string, number>,
  siteCounts: Readonly<Record<string, number>>,
): LensText {
  const ring = s.ring ?? '?';
  const ringText = s.ring !== undefined ? m.lensRing.text(ringCounts.get(s.ring) ?? 0, s.ring) : m.lensRingUnknown.text();
  if (s.kind === 'map') return { title: `$(pulse) ${ringText}`, tooltip: m.lensMapTip.text(ring) };
  const site = siteCounts[`${fileBase}:${s.line + 1}`] ?? siteCounts[String(s.line + 1)];
  if (site !== undefined) return { title: `$(pulse) ${m.lensSite.text(site, ringText)}`, tooltip: m.lensSiteTip.text(site, ring) };
  return { title: `$(pulse) ${ringText}`, tooltip: m.lensTotalTip.text(ring) };
}
