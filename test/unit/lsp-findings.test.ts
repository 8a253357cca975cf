// Findings through the server: the diagnostics published for fixtures that the core's rules flag are
// exactly the core's findings converted (codes, severities, ranges, docs links, related information),
// and each fix comes back as the same quick fix. A fixture waits (skips) until its rules are registered.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { defaultSettings, type SourceProvider } from '../../server/src/analysis/findings';
import { initParser } from '../../server/src/analysis/parser';
import { rules } from '../../server/src/analysis/rules';
import { codeActionsFor } from '../../server/src/features/codeActions';
import { toDiagnostic } from '../../server/src/features/diagnostics';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from './lsp-harness';
import { fixture, fixtureText } from './lsp-fixtures';

const disk: SourceProvider = {
  read(p) {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** Fixture → rule-book rows whose rule must flag it. */
const cases: Record<string, string[]> = {
  'mistakes.bpf.c': ['A1', 'C1', 'C5', 'F5'],
  'leak.bpf.c': ['D1', 'E1'],
};

const codesFor = (rows: string[]): string[] | undefined => {
  const codes = rows.map((row) => rules.find((r) => r.rows.includes(row))?.code);
  return codes.every((c): c is string => c !== undefined) ? codes : undefined;
};

void describe('findings published by the server', () => {
  let lsp: LspClient;
  void before(async () => {
    await initParser();
    lsp = await LspClient.start();
  });
  void after(async () => {
    await lsp.stop();
  });

  for (const [name, rows] of Object.entries(cases)) {
    const codes = codesFor(rows);
    void it(`${name}: ${rows.join(', ')}`, { skip: codes === undefined ? `rules for ${rows.join(', ')} not registered yet` : false }, async () => {
      const path = fixture(name);
      const text = fixtureText(name);
      const findings = analyzeFile(path, text, defaultSettings, disk).findings;
      await lsp.open(path, text);
      const got = await lsp.diagnostics(path, 1);
      assert.deepEqual(got, findings.filter((f) => f.file === path).map(toDiagnostic));
      for (const code of codes ?? []) assert.ok(got.some((d) => d.code === code), `${code} expected in ${JSON.stringify(got.map((d) => d.code))}`);
      for (const d of got) assert.equal(d.codeDescription?.href, `https://github.com/ringscope/ringscope/blob/main/docs/rules.md#${String(d.code).toLowerCase()}`);
      for (const f of findings.filter((x) => x.fixes !== undefined && x.fixes.length > 0)) {
        const actions = await lsp.codeActions(path, f.range, [toDiagnostic(f)]);
        assert.deepEqual(actions, codeActionsFor(findings, path, f.range));
        assert.ok((actions ?? []).length >= (f.fixes ?? []).length);
      }
    });
  }

  void it('a finding inside an included header is published on the header, once per distinct finding', { skip: codesFor(['A1']) === undefined }, async () => {
    const main = fixture('header-map.bpf.c');
    const header = fixture('maps.h');
    const findings = analyzeFile(main, fixtureText('header-map.bpf.c'), defaultSettings, disk).findings;
    assert.deepEqual(findings.map((f) => [f.file, f.code]), [[header, codesFor(['A1'])?.[0]]]);
    const before = lsp.publishes(header);
    await lsp.open(main, fixtureText('header-map.bpf.c'));
    assert.deepEqual(await lsp.diagnostics(main, 1), []);
    assert.deepEqual(await lsp.nthPublish(header, before + 1), findings.map(toDiagnostic));
    // Opening the header itself keeps them, with the header's version.
    await lsp.open(header, fixtureText('maps.h'));
    assert.deepEqual(await lsp.diagnostics(header, 1), findings.map(toDiagnostic));
    await lsp.close(header);
    await lsp.close(main);
  });

  void it('applying the quick fixes of leak.bpf.c removes its D1 and E1 findings', { skip: codesFor(['D1', 'E1']) === undefined }, async () => {
    const path = fixture('leak.bpf.c');
    const uri = uriOf(path);
    let text = fixtureText('leak.bpf.c');
    const version = await lsp.open(path, text);
    let diags = await lsp.diagnostics(path, version);
    for (const code of codesFor(['D1', 'E1']) ?? []) {
      const d = diags.find((x) => x.code === code);
      assert.ok(d !== undefined, `${code} in ${JSON.stringify(diags.map((x) => x.code))}`);
      const actions = (await lsp.codeActions(path, d.range, [d])) ?? [];
      const fix = actions.find((a) => a.isPreferred === true) ?? actions[0];
      assert.ok(fix?.edit?.changes?.[uri] !== undefined, `a quick fix for ${code}`);
      text = applyEdits(text, fix.edit.changes[uri] ?? []);
      diags = await lsp.diagnostics(path, await lsp.change(path, text));
      assert.ok(!diags.some((x) => x.code === code), `${code} fixed by '${fix.title}': ${JSON.stringify(diags)}`);
    }
    assert.deepEqual(diags.filter((x) => x.severity === 1), []);
    await lsp.close(path);
  });

  void it('clean.bpf.c (loads on the kernel): no diagnostics at all', async () => {
    const path = fixture('clean.bpf.c');
    await lsp.open(path, fixtureText('clean.bpf.c'));
    assert.deepEqual(await lsp.diagnostics(path, 1), []);
  });
});

/** Applies LSP text edits (non-overlapping) to a text. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
