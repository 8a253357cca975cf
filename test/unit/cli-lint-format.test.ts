// `ringscope lint` output formats on fixed findings: compiler-style text, the JSON array (1-based), and
// SARIF 2.1.0 with rule metadata, help links and related locations. Golden values, byte for byte.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../server/src/analysis/findings';
import { formatJson, formatSarif, formatText, type ShownFinding } from '../../client/cli/lint/format';

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const err: Finding = {
  code: 'RS201',
  severity: 'error',
  file: '/w/src/p.bpf.c',
  range: r(20, 19, 20, 58),
  message: 'reservation leaks on a path',
  related: [{ file: '/w/src/p.bpf.c', range: r(24, 2, 24, 11), message: 'leaking exit' }],
};
const warn: Finding = { code: 'RS301', severity: 'warning', file: '/w/src/p.bpf.c', range: r(3, 0, 3, 4), message: 'flags ignored' };
const hint: Finding = { code: 'RS999', severity: 'hint', file: '/w/src/p.bpf.c', range: r(0, 0, 0, 1), message: 'x' };
const shown: ShownFinding[] = [err, warn, hint].map((finding) => ({ shownFile: 'src/p.bpf.c', finding }));

void test('text: file:line:col: severity: message [code], then a summary', () => {
  assert.equal(
    formatText(shown, 2),
    'src/p.bpf.c:21:20: error: reservation leaks on a path [RS201]\n' +
      'src/p.bpf.c:4:1: warning: flags ignored [RS301]\n' +
      'src/p.bpf.c:1:1: hint: x [RS999]\n' +
      '1 error, 1 warning in 2 files\n',
  );
  assert.equal(formatText([], 1), '0 errors, 0 warnings in 1 file\n');
});

void test('json: one array, 1-based lines and columns', () => {
  assert.deepEqual(JSON.parse(formatJson(shown.slice(0, 2))), [
    { file: 'src/p.bpf.c', line: 21, column: 20, endLine: 21, endColumn: 59, severity: 'error', code: 'RS201', message: 'reservation leaks on a path' },
    { file: 'src/p.bpf.c', line: 4, column: 1, endLine: 4, endColumn: 5, severity: 'warning', code: 'RS301', message: 'flags ignored' },
  ]);
  assert.equal(formatJson([]), '[]\n');
});

void test('sarif 2.1.0: rules with help links, levels, regions, related locations', () => {
  const rules = [
    { code: 'RS201', summary: 'Reservation not released on every path.', rows: ['E1', 'E2'] },
    { code: 'RS301', summary: 'Commit flags outside the wakeup bits.', rows: ['F5'] },
  ];
  const sarif = JSON.parse(formatSarif(shown, rules, (p) => p.replace('/w/', ''))) as Record<string, unknown>;
  const doc = 'https://github.com/ringscope/ringscope/blob/main/docs/rules.md';
  assert.deepEqual(sarif, {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ringscope',
            informationUri: doc,
            rules: [
              { id: 'RS201', shortDescription: { text: 'Reservation not released on every path.' }, helpUri: `${doc}#rs201`, properties: { ruleBookRows: ['E1', 'E2'] } },
              { id: 'RS301', shortDescription: { text: 'Commit flags outside the wakeup bits.' }, helpUri: `${doc}#rs301`, properties: { ruleBookRows: ['F5'] } },
              { id: 'RS999', shortDescription: { text: 'RS999' }, helpUri: `${doc}#rs999`, properties: { ruleBookRows: [] } },
            ],
          },
        },
        results: [
          {
            ruleId: 'RS201',
            ruleIndex: 0,
            level: 'error',
            message: { text: 'reservation leaks on a path' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/p.bpf.c', uriBaseId: '%SRCROOT%' }, region: { startLine: 21, startColumn: 20, endLine: 21, endColumn: 59 } } }],
            relatedLocations: [
              {
                id: 0,
                message: { text: 'leaking exit' },
                physicalLocation: { artifactLocation: { uri: 'src/p.bpf.c', uriBaseId: '%SRCROOT%' }, region: { startLine: 25, startColumn: 3, endLine: 25, endColumn: 12 } },
              },
            ],
          },
          {
            ruleId: 'RS301',
            ruleIndex: 1,
            level: 'warning',
            message: { text: 'flags ignored' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/p.bpf.c', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 5 } } }],
          },
          {
            ruleId: 'RS999',
            ruleIndex: 2,
            level: 'note',
            message: { text: 'x' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/p.bpf.c', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } } }],
          },
        ],
      },
    ],
  });
});
