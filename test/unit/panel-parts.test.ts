// Pure parts of the records panel and sessions: webview message guards, export formats, record-file
// parsing for replay, and the ring-buffer sites the live CodeLens annotates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFromWebview, isToWebview, rowMatches, type PanelRow } from '../../common/webviewProtocol';
import { toCsv, toJsonl } from '../../client/src/panel/export';
import { parseRecordFile } from '../../client/src/session/recordFile';
import { findRingSites } from '../../client/src/session/sites';
import { lensText } from '../../client/src/session/lensText';

const rows: PanelRow[] = [
  { seq: 1, type: 'struct event', cells: { pid: 7, comm: 'sh', 'args[0]': 'a,"b"' } },
  { seq: 2, type: 'struct event', cells: { pid: 8, comm: '<img src=x onerror=alert(1)>' } },
];

void test('webview messages: valid ones pass, anything else is refused', () => {
  assert.equal(isFromWebview({ type: 'ringscope/ready' }), true);
  assert.equal(isFromWebview({ type: 'ringscope/pause', paused: true }), true);
  assert.equal(isFromWebview({ type: 'ringscope/pause', paused: 'yes' }), false);
  assert.equal(isFromWebview({ type: 'ringscope/export', format: 'csv', filters: { pid: '7' } }), true);
  assert.equal(isFromWebview({ type: 'ringscope/export', format: 'xml', filters: {} }), false);
  assert.equal(isFromWebview({ type: 'ringscope/export', format: 'csv', filters: { pid: 7 } }), false);
  assert.equal(isFromWebview({ type: 'ringscope/eval', code: 'x' }), false);
  assert.equal(isFromWebview(null), false);
  assert.equal(isToWebview({ type: 'ringscope/append', ring: 'rb', rows, total: 2 }), true);
  assert.equal(isToWebview({ type: 'ringscope/append', ring: 'rb', rows: [{ seq: 1, type: '', cells: { a: {} } }], total: 1 }), false);
  assert.equal(isToWebview({ type: 'ringscope/session', text: 'x', running: false }), true);
});

void test('per-column filters: case-insensitive substrings, all must match', () => {
  assert.equal(rowMatches(rows[1] as PanelRow, { comm: 'ONERROR' }), true);
  assert.equal(rowMatches(rows[1] as PanelRow, { comm: 'onerror', pid: '7' }), false);
  assert.equal(rowMatches(rows[0] as PanelRow, { seq: '1', pid: '' }), true);
  assert.equal(rowMatches(rows[0] as PanelRow, { missing: 'x' }), false);
});

void test('export: JSON lines and CSV with RFC 4180 quoting', () => {
  assert.equal(
    toJsonl(rows),
    '{"seq":1,"type":"struct event","pid":7,"comm":"sh","args[0]":"a,\\"b\\""}\n' +
      '{"seq":2,"type":"struct event","pid":8,"comm":"<img src=x onerror=alert(1)>"}\n',
  );
  assert.equal(
    toCsv(rows),
    'seq,type,pid,comm,args[0]\r\n1,struct event,7,sh,"a,""b"""\r\n2,struct event,8,<img src=x onerror=alert(1)>,\r\n',
  );
});

void test('record files: the agent format replays; anything else says which line is wrong', () => {
  const header = { format: 'ringscope-records', version: 1, object: '/w/x.bpf.o', started: 1, rings: [{ name: 'rb', size: 4096, recordType: 'struct event', columns: [] }] };
  const rec = { type: 'struct event', size: 8, fields: { pid: 1 } };
  const text = [header, { ring: 'rb', seq: 0, ts: 5, record: rec }, { ring: 'rb', seq: 1, ts: 6, record: rec }].map((x) => JSON.stringify(x)).join('\n') + '\n';
  const ok = parseRecordFile(text);
  assert.ok(ok.ok);
  assert.deepEqual(ok.header, { object: '/w/x.bpf.o', rings: ['rb'] });
  assert.equal(ok.lines.length, 2);
  assert.deepEqual(ok.lines[1], { ring: 'rb', seq: 1, ts: 6, record: rec });
  assert.deepEqual(parseRecordFile(''), { ok: false, line: 1, why: 'empty file' });
  assert.deepEqual(parseRecordFile('{"format":"other"}\n'), { ok: false, line: 1, why: 'no ringscope-records header' });
  assert.deepEqual(parseRecordFile(JSON.stringify(header) + '\n{"ring":"rb"}\n'), { ok: false, line: 2, why: 'not a {ring, record} line' });
  assert.deepEqual(parseRecordFile(JSON.stringify(header) + '\n\nnot json\n'), { ok: false, line: 3, why: 'not JSON' });
});

void test('ring sites: submit (ring from the reserve), output, and ring-buffer maps, 0-based lines', () => {
  const src = [
    'struct {', //                                   0
    '\t__uint(type, BPF_MAP_TYPE_RINGBUF);', //      1
    '\t__uint(max_entries, 4096);', //               2
    '} events SEC(".maps");', //                     3
    'SEC("tp/x")', //                                4
    'int f(void *ctx)', //                           5
    '{', //                                          6
    '\tstruct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);', // 7
    '\tif (!e) return 0;', //                        8
    '\tbpf_ringbuf_submit(e, 0); // bpf_ringbuf_output(&x)', // 9
    '\tbpf_ringbuf_output(&other, &v, sizeof(v), 0);', // 10
    '\treturn 0;', //                                11
    '}', //                                          12
  ].join('\n');
  assert.deepEqual(findRingSites(src), [
    { line: 0, kind: 'map', ring: 'events' },
    { line: 9, kind: 'submit', ring: 'events' },
    { line: 10, kind: 'output', ring: 'other' },
  ]);
});

void test('live CodeLens text: per-site counts when the agent sends them, else the ring total and a tooltip saying so', () => {
  const counts = new Map([['events', 12]]);
  const submit = { line: 9, kind: 'submit', ring: 'events' } as const;
  assert.deepEqual(lensText(submit, 'x.bpf.c', counts, {}), {
    title: '$(pulse) 12 records read from events',
    tooltip:
      'The agent sends no per-site counts for this program, so this is the total of ring events (every site writing to it), not of this line alone. Click to show its records.',
  });
  assert.deepEqual(lensText(submit, 'x.bpf.c', counts, { 'x.bpf.c:10': 5 }), {
    title: '$(pulse) 5 records from this site · 12 records read from events',
    tooltip: '5 records submitted at this line, as counted by the agent; the ring events holds records of every site. Click to show its records.',
  });
  assert.equal(lensText(submit, 'x.bpf.c', counts, { '10': 4 }).title, '$(pulse) 4 records from this site · 12 records read from events');
  assert.equal(lensText({ line: 0, kind: 'map', ring: 'events' }, 'x.bpf.c', counts, {}).title, '$(pulse) 12 records read from events');
  assert.equal(lensText({ line: 3, kind: 'submit', ring: undefined }, 'x.bpf.c', counts, {}).title, '$(pulse) ring unknown');
  assert.equal(lensText({ line: 0, kind: 'map', ring: 'other' }, 'x.bpf.c', counts, {}).title, '$(pulse) 0 records read from other');
});
