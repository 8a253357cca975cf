// The language server over stdio, as an editor sees it: hovers on every ring-buffer helper and flag,
// ring-buffer-only completions, silence on non-BPF C, and diagnostics published per document version.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MarkupKind, type MarkupContent } from 'vscode-languageserver-protocol';
import { flagDocs, helperDocs } from '../../server/src/features/helperDocs';
import { SNIPPET_LABEL } from '../../server/src/features/completion';
import { readFileSync } from 'node:fs';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { defaultSettings } from '../../server/src/analysis/findings';
import { initParser } from '../../server/src/analysis/parser';
import { toDiagnostic } from '../../server/src/features/diagnostics';
import { LspClient, uriOf } from './lsp-harness';
import { fixture, fixtureText, positionOf } from './lsp-fixtures';

void describe('language server features', () => {
  let lsp: LspClient;
  const clean = fixture('clean.bpf.c');
  const text = fixtureText('clean.bpf.c');

  void before(async () => {
    lsp = await LspClient.start();
    await lsp.open(clean, text);
    await lsp.diagnostics(clean, 1);
  });
  void after(async () => {
    await lsp.stop();
  });

  void it('publishes no diagnostics for the clean program (no false errors)', async () => {
    assert.deepEqual(await lsp.diagnostics(clean, 1), []);
  });

  for (const name of [...Object.keys(helperDocs), ...Object.keys(flagDocs)]) {
    void it(`hovers ${name} with its signature and semantics`, async () => {
      const needle = name === 'bpf_ringbuf_reserve' ? 'bpf_ringbuf_reserve(' : name;
      const at = positionOf(text, needle, 2);
      const h = await lsp.hover(clean, at.line, at.character);
      assert.ok(h !== null);
      const doc = helperDocs[name] ?? flagDocs[name];
      assert.ok(doc !== undefined);
      const value = (h.contents as MarkupContent).value;
      assert.equal((h.contents as MarkupContent).kind, MarkupKind.Markdown);
      assert.ok(value.startsWith('```c\n' + doc.signature + '\n```\n' + doc.text), value);
      assert.deepEqual(h.range, { start: { line: at.line, character: at.character - 2 }, end: { line: at.line, character: at.character - 2 + name.length } });
    });
  }

  void it('explains the reserve/commit split, multi-record discard, query properties and wakeups', async () => {
    const words = async (needle: string): Promise<string> => {
      const at = positionOf(text, needle, 1);
      return ((await lsp.hover(clean, at.line, at.character))?.contents as MarkupContent).value;
    };
    assert.match(await words('bpf_ringbuf_reserve('), /reserve\/commit split/);
    assert.match(await words('bpf_ringbuf_discard('), /multi-record atomicity/);
    assert.match(await words('bpf_ringbuf_query('), /BPF_RB_RING_SIZE/);
    assert.match(await words('bpf_ringbuf_submit('), /BPF_RB_FORCE_WAKEUP` always does/);
  });

  void it('does not hover ordinary identifiers (clangd owns them)', async () => {
    const at = positionOf(text, 'bpf_get_current_pid_tgid', 3);
    assert.equal(await lsp.hover(clean, at.line, at.character), null);
    const ctx = positionOf(text, 'void *ctx)', 7, 1);
    assert.equal(await lsp.hover(clean, ctx.line, ctx.character), null);
  });

  void it('completes BPF_RB_ flags by prefix, with exact edits', async () => {
    const edited = text.replace('BPF_RB_AVAIL_DATA);', 'BPF_RB_);');
    const v = await lsp.change(clean, edited);
    await lsp.diagnostics(clean, v);
    const at = positionOf(edited, 'BPF_RB_);', 7);
    const items = await lsp.completion(clean, at.line, at.character);
    assert.deepEqual(items.map((i) => i.label), [
      'BPF_RB_NO_WAKEUP',
      'BPF_RB_FORCE_WAKEUP',
      'BPF_RB_AVAIL_DATA',
      'BPF_RB_RING_SIZE',
      'BPF_RB_CONS_POS',
      'BPF_RB_PROD_POS',
    ]);
    assert.deepEqual(items[1]?.textEdit, {
      range: { start: { line: at.line, character: at.character - 7 }, end: at },
      newText: 'BPF_RB_FORCE_WAKEUP',
    });
    const f = positionOf(edited, 'BPF_RB_FORCE', 'BPF_RB_F'.length);
    assert.deepEqual((await lsp.completion(clean, f.line, f.character)).map((i) => i.label), ['BPF_RB_FORCE_WAKEUP']);
  });

  void it('completes a reserve / NULL-check / submit snippet naming the ring of the file', async () => {
    const at = positionOf(text, 'bpf_ringbuf_output', 'bpf_ring'.length);
    const items = await lsp.completion(clean, at.line, at.character);
    assert.deepEqual(items.map((i) => i.label), [SNIPPET_LABEL]);
    assert.deepEqual(items[0]?.textEdit, {
      range: { start: { line: at.line, character: at.character - 8 }, end: at },
      newText:
        'struct ${1:event} *${2:e} = bpf_ringbuf_reserve(&${3:events}, sizeof(*${2:e}), 0);\n' +
        'if (!${2:e})\n\treturn 0;\n$0\nbpf_ringbuf_submit(${2:e}, 0);',
    });
    assert.equal(items[0]?.insertTextFormat, 2);
  });

  void it('offers no completion for general C words', async () => {
    const at = positionOf(text, 'bpf_get_current_comm', 'bpf_get'.length);
    assert.deepEqual(await lsp.completion(clean, at.line, at.character), []);
  });

  void it('stays silent on C files that do not include bpf_helpers.h', async () => {
    const plain = fixture('plain.c');
    const ptext = fixtureText('plain.c');
    await lsp.open(plain, ptext);
    assert.deepEqual(await lsp.diagnostics(plain, 1), []);
    const at = positionOf(ptext, 'bpf_ringbuf_reserve', 3);
    assert.equal(await lsp.hover(plain, at.line, at.character), null);
    assert.deepEqual(await lsp.completion(plain, at.line, at.character), []);
    await lsp.close(plain);
  });

  void it('answers every request with no glue errors logged', () => {
    assert.ok(lsp.alive);
    assert.deepEqual(lsp.logs.filter((l) => l.includes('RS-LSP')), []);
  });
});

void describe('language server: reservations, record types, includes', () => {
  let lsp: LspClient;
  const clean = fixture('clean.bpf.c');
  const text = fixtureText('clean.bpf.c');

  void before(async () => {
    await initParser();
    lsp = await LspClient.start();
  });
  void after(async () => {
    await lsp.stop();
  });

  const reservation =
    '**Reservation** in `events`\n\n- record type: `struct event` (20 bytes)\n' +
    '- reserved size: 20 bytes, 32 bytes of ring space with the header\n- ring size: 262144 bytes';

  void it('hovers a reservation with its record type, size and ring size', async () => {
    await lsp.open(clean, text);
    await lsp.diagnostics(clean, 1);
    const onVar = positionOf(text, 'e->pid');
    assert.deepEqual(await lsp.hover(clean, onVar.line, onVar.character), {
      contents: { kind: 'markdown', value: reservation },
      range: { start: onVar, end: { line: onVar.line, character: onVar.character + 1 } },
    });
    const inCall = positionOf(text, 'sizeof(*e)', 2);
    assert.equal(((await lsp.hover(clean, inCall.line, inCall.character))?.contents as MarkupContent).value, reservation);
    const onHelper = positionOf(text, 'bpf_ringbuf_reserve(', 3);
    assert.ok(((await lsp.hover(clean, onHelper.line, onHelper.character))?.contents as MarkupContent).value.endsWith('\n\n---\n\n' + reservation));
  });

  void it('sends ringscope/recordTypes with the record type of each ring', () => {
    assert.deepEqual(lsp.recordTypes.at(-1), { uri: uriOf(clean), rings: [{ map: 'events', recordType: 'struct event' }] });
  });

  void it('re-validates a program when an included header is edited, with the unsaved header text', async () => {
    const main = fixture('sized.bpf.c');
    const header = fixture('sizes.h');
    const mainText = fixtureText('sized.bpf.c');
    await lsp.open(main, mainText);
    await lsp.diagnostics(main, 1);
    const before = lsp.publishes(main);
    await lsp.open(header, fixtureText('sizes.h'));
    await lsp.nthPublish(main, before + 1);
    const edited = fixtureText('sizes.h').replace('RB_PAGES 64', 'RB_PAGES 3');
    const count = lsp.publishes(main);
    await lsp.change(header, edited);
    const got = await lsp.nthPublish(main, count + 1);
    const expected = analyzeFile(main, mainText, defaultSettings, {
      read: (p) => (p === header ? edited : readFileOr(p)),
    }).findings.filter((f) => f.file === main).map(toDiagnostic);
    assert.deepEqual(got, expected);
    assert.deepEqual(await lsp.diagnostics(header, 2), [], 'headers get no diagnostics of their own');
  });
});

function readFileOr(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
