// Pure parts of the LSP glue: finding → diagnostic, fixes → code actions, file relevance, words under
// the cursor, settings, the recordTypes protocol guard. Exact values throughout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecordTypesParams, ruleDocUrl } from '../../common/lspProtocol';
import type { Finding } from '../../server/src/analysis/findings';
import { codeActionsFor } from '../../server/src/features/codeActions';
import { toDiagnostic } from '../../server/src/features/diagnostics';
import { isBpfSource } from '../../server/src/features/relevance';
import { toAnalysisSettings } from '../../server/src/features/settings';
import { prefixAt, wordAt } from '../../server/src/features/words';

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

const leak: Finding = {
  code: 'RS201',
  severity: 'error',
  file: '/src/p.bpf.c',
  range: r(20, 19, 20, 58),
  message: 'reservation is not submitted or discarded on the path through line 25',
  related: [{ file: '/src/p.bpf.c', range: r(24, 2, 24, 11), message: 'leaking exit' }],
  fixes: [
    {
      title: 'Insert bpf_ringbuf_discard before the return',
      preferred: true,
      edits: [{ file: '/src/p.bpf.c', range: r(24, 2, 24, 2), newText: 'bpf_ringbuf_discard(e, 0);\n\t\t' }],
    },
    { title: 'Edit the header', edits: [{ file: '/src/inc/ev.h', range: r(1, 0, 1, 0), newText: '// x\n' }] },
  ],
};

void test('a finding becomes a diagnostic with code, docs link and related information', () => {
  assert.deepEqual(toDiagnostic(leak), {
    range: r(20, 19, 20, 58),
    severity: 1,
    code: 'RS201',
    codeDescription: { href: 'https://github.com/ringscope/ringscope/blob/main/docs/rules.md#rs201' },
    source: 'ringscope',
    message: 'reservation is not submitted or discarded on the path through line 25',
    relatedInformation: [{ location: { uri: 'file:///src/p.bpf.c', range: r(24, 2, 24, 11) }, message: 'leaking exit' }],
  });
  const severities = (['error', 'warning', 'information', 'hint'] as const).map((severity) => toDiagnostic({ ...leak, severity, related: [] }));
  assert.deepEqual(severities.map((d) => d.severity), [1, 2, 3, 4]);
  assert.equal(severities[0]?.relatedInformation, undefined);
  assert.equal(ruleDocUrl('RS-C1'), 'https://github.com/ringscope/ringscope/blob/main/docs/rules.md#rs-c1');
});

void test('fixes of the findings under the range become quick fixes with workspace edits', () => {
  const actions = codeActionsFor([leak], '/src/p.bpf.c', r(20, 30, 20, 30));
  assert.deepEqual(actions, [
    {
      title: 'Insert bpf_ringbuf_discard before the return',
      kind: 'quickfix',
      diagnostics: [toDiagnostic(leak)],
      edit: { changes: { 'file:///src/p.bpf.c': [{ range: r(24, 2, 24, 2), newText: 'bpf_ringbuf_discard(e, 0);\n\t\t' }] } },
      isPreferred: true,
    },
    {
      title: 'Edit the header',
      kind: 'quickfix',
      diagnostics: [toDiagnostic(leak)],
      edit: { changes: { 'file:///src/inc/ev.h': [{ range: r(1, 0, 1, 0), newText: '// x\n' }] } },
    },
  ]);
  assert.equal(codeActionsFor([leak], '/src/p.bpf.c', r(20, 58, 20, 58)).length, 2, 'touching the end counts');
  assert.deepEqual(codeActionsFor([leak], '/src/p.bpf.c', r(21, 0, 22, 0)), []);
  assert.deepEqual(codeActionsFor([leak], '/src/other.bpf.c', r(20, 30, 20, 30)), []);
  assert.deepEqual(codeActionsFor([leak], '/src/p.bpf.c', r(20, 30, 20, 30), ['refactor']), []);
  assert.equal(codeActionsFor([leak], '/src/p.bpf.c', r(20, 30, 20, 30), ['quickfix']).length, 2);
});

void test('only *.bpf.c and C files including bpf_helpers.h are BPF sources', () => {
  assert.equal(isBpfSource('/a/x.bpf.c', ''), true);
  assert.equal(isBpfSource('/a/x.c', '#include <bpf/bpf_helpers.h>\n'), true);
  assert.equal(isBpfSource('/a/x.c', 'int a;\n  #  include "bpf_helpers.h"\n'), true);
  assert.equal(isBpfSource('/a/x.c', '#include <stdio.h>\n// bpf_helpers.h\n'), false);
  assert.equal(isBpfSource('/a/x.h', '#include <bpf/bpf_helpers.h>\n'), false);
  assert.equal(isBpfSource('/a/x.cpp', '#include <bpf/bpf_helpers.h>\n'), false);
});

void test('word under the cursor and completion prefix', () => {
  const text = 'int a;\n\tbpf_ringbuf_submit(e, BPF_RB_NO);\n';
  assert.deepEqual(wordAt(text, 1, 5), { word: 'bpf_ringbuf_submit', range: r(1, 1, 1, 19) });
  assert.deepEqual(wordAt(text, 1, 19), { word: 'bpf_ringbuf_submit', range: r(1, 1, 1, 19) });
  assert.equal(wordAt(text, 1, 22), undefined);
  assert.equal(wordAt(text, 9, 0), undefined);
  assert.deepEqual(prefixAt(text, 1, 32), { word: 'BPF_RB_NO', range: r(1, 23, 1, 32) });
  assert.deepEqual(prefixAt(text, 1, 27), { word: 'BPF_', range: r(1, 23, 1, 27) });
  assert.equal(prefixAt(text, 1, 0).word, '');
});

void test('settings: page size from the allowed set, include paths made absolute', () => {
  assert.deepEqual(toAnalysisSettings({ includePaths: ['inc', '/abs', 3, ''], lint: { pageSize: 16384 } }, '/ws'), {
    pageSize: 16384,
    includePaths: ['/ws/inc', '/abs'],
  });
  assert.deepEqual(toAnalysisSettings({ lint: { pageSize: 1000 } }, undefined), { pageSize: 4096, includePaths: [] });
  assert.deepEqual(toAnalysisSettings(null, '/ws'), { pageSize: 4096, includePaths: [] });
});

void test('ringscope/recordTypes params are checked at the boundary', () => {
  assert.equal(isRecordTypesParams({ uri: 'file:///a.bpf.c', rings: [{ map: 'rb', recordType: 'struct event' }] }), true);
  assert.equal(isRecordTypesParams({ uri: 'file:///a.bpf.c', rings: [{ map: 'rb' }] }), false);
  assert.equal(isRecordTypesParams({ uri: 1, rings: [] }), false);
  assert.equal(isRecordTypesParams([]), false);
});
