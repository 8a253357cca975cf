// Fixture access for the LSP and CLI tests: paths under test/fixtures/lsp, text, and positions of
// snippets (so assertions name what they point at instead of bare numbers).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lsp-harness';

export const fixtureDir = join(root, 'test/fixtures/lsp');
export const fixture = (name: string): string => join(fixtureDir, name);
export const fixtureText = (name: string): string => readFileSync(fixture(name), 'utf8');

/** 0-based line/character of the `nth` occurrence of `needle` (plus `offset` characters). */
export function positionOf(text: string, needle: string, offset = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' #${nth} not in fixture`);
  }
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length - 1;
  return { line, character: at + offset - (before.lastIndexOf('\n') + 1) };
}
