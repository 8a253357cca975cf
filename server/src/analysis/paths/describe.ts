// Small wording helpers shared by the lifetime rules: 1-based lines and path descriptions.
import type { Site } from './values';

export const lineOf = (s: Site): number => s.range.start.line + 1;

/** ` (path: a, b)` or '' when no branch decision separates the reserve from the exit. */
export function pathText(trail: readonly string[]): string {
  return trail.length === 0 ? '' : ` (path: ${trail.join(', ')})`;
}
