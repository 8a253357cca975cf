// The path engine behind the lifetime rules: leak paths named in related information, quick-fix edits,
// static inlining, correlated flags, loop fixed points, work caps and half-typed code.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parser';
import { getProgramModel } from '../../server/src/analysis/analyze';
import { pathReport } from '../../server/src/analysis/paths/engine';
import { PRELUDE, lintBody, lintPaths } from './lint-path-support';

before(async () => {
  await initParser();
});

const R = 'struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);';

void test('paths: the leak names the exit and the branch decisions that lead there', () => {
  const { findings } = lintBody(`  ${R}\n  if (!e)\n    return 0;\n  int pid = bpf_get_current_pid_tgid() >> 32;\n  if (pid != 42)\n    return 0;\n  bpf_ringbuf_submit(e, 0);`);
  assert.equal(findings.length, 1);
  const f = findings[0];
  assert.equal(f?.code, 'RS161');
  assert.deepEqual(f?.related?.map((r) => `${r.range.start.line}:${r.range.start.character} ${r.message}`), [
    '12:4 leaked when returning here (path: if (pid != 42) taken)',
  ]);
  assert.deepEqual(f?.range, { start: { line: 7, character: 20 }, end: { line: 7, character: 59 } });
});

void test('paths: quick fix wraps an unbraced return with the discard', () => {
  const { findings } = lintBody(`  ${R}\n  if (!e)\n    return 0;\n  if (e->pid)\n    return 1;\n  bpf_ringbuf_submit(e, 0);`);
  const fix = findings[0]?.fixes?.[0];
  assert.equal(fix?.title, "Insert 'bpf_ringbuf_discard(e, 0);' before this exit");
  assert.deepEqual(fix?.edits.map((e) => [e.range.start.line, e.range.start.character, e.range.end.character, e.newText]), [
    [11, 4, 13, '{ bpf_ringbuf_discard(e, 0); return 1; }'],
  ]);
});

void test('paths: quick fix inserts the discard before a return inside a block', () => {
  const { findings } = lintBody(`  ${R}\n  if (!e)\n    return 0;\n  if (e->pid) {\n    e->pid = 0;\n    return 1;\n  }\n  bpf_ringbuf_submit(e, 0);`);
  const edit = findings[0]?.fixes?.[0]?.edits[0];
  assert.deepEqual([edit?.range.start.line, edit?.range.start.character, edit?.newText], [12, 4, 'bpf_ringbuf_discard(e, 0);\n    ']);
});

void test('paths: quick fix inserts the NULL check after the reserve', () => {
  const { findings } = lintBody(`  ${R}\n  e->pid = 1;\n  bpf_ringbuf_submit(e, 0);`);
  assert.equal(findings.length, 1);
  const fix = findings[0]?.fixes?.[0];
  assert.equal(fix?.title, "Insert 'if (!e) return 0;' after the reserve");
  const edit = fix?.edits[0];
  assert.deepEqual([edit?.range.start.line, edit?.range.start.character, edit?.newText], [7, 60, '\n  if (!e)\n    return 0;']);
});

void test('paths: static helpers are inlined with their own locals', () => {
  const extra = `static __always_inline struct event *get(void)\n{\n  struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n  if (!e)\n    return NULL;\n  e->pid = 1;\n  return e;\n}\nstatic __always_inline void put(struct event *e)\n{\n  bpf_ringbuf_submit(e, 0);\n}\n`;
  assert.deepEqual(lintBody('  struct event *a = get();\n  struct event *b = get();\n  if (!a || !b) {\n    if (a) put(a);\n    if (b) put(b);\n    return 0;\n  }\n  put(b);\n  put(a);', extra).keys, []);
  assert.deepEqual(lintBody('  struct event *a = get();\n  if (!a)\n    return 0;\n  put(a);\n  put(a);', extra).keys, ['RS172@-3']);
});

void test('paths: a flag tested twice does not create an impossible leak', () => {
  const body = `  struct event *e = NULL;\n  int on = bpf_get_prandom_u32() & 1;\n  if (on == 1) {\n    e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n    if (!e)\n      return 0;\n  }\n  if (on == 1)\n    bpf_ringbuf_submit(e, 0);`;
  assert.deepEqual(lintBody(body).keys, []);
});

void test('paths: a loop carrying a record into the next iteration leaks', () => {
  const r = lintBody(`  struct event *e = NULL;\n  for (int i = 0; i < 100; i++) {\n    e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n    if (!e)\n      return 0;\n    if (i & 1)\n      continue;\n    bpf_ringbuf_submit(e, 0);\n  }`);
  assert.deepEqual(r.keys, ['RS161@3']);
});

void test('paths: a record kept across iterations and released later is fine', () => {
  const r = lintBody(`  struct event *prev = NULL;\n  for (int i = 0; i < 4; i++) {\n    struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n    if (!e)\n      break;\n    if (prev)\n      bpf_ringbuf_submit(prev, 0);\n    prev = e;\n  }\n  if (prev)\n    bpf_ringbuf_submit(prev, 0);`);
  assert.deepEqual(r.keys, []);
});

void test('paths: records stored where they cannot be followed are not reported', () => {
  const r = lintBody(`  ${R}\n  if (!e)\n    return 0;\n  slot = e;`, 'struct event *slot;\n');
  assert.deepEqual(r.keys, []);
});

void test('paths: half-typed code never throws and makes no leak verdict', () => {
  const text = `${PRELUDE}SEC("tp/x") int prog(void *ctx)\n{\n  ${R}\n  if (!e) return 0;\n  if (e->pid == ) {\n  bpf_ringbuf_submit(e, 0);\n  return 0;\n}\n`;
  assert.deepEqual(lintPaths(text).filter((f) => f.code === 'RS161'), []);
});

void test('paths: joins merge paths that differ only in scalars', () => {
  const branches = Array.from({ length: 400 }, (_, i) => `  if (bpf_get_prandom_u32() & ${i + 1}) x += ${i};`).join('\n');
  const text = `${PRELUDE}SEC("tp/x") int prog(void *ctx)\n{\n  int x = 0;\n  ${R}\n  if (!e) return 0;\n${branches}\n  e->pid = x;\n  bpf_ringbuf_submit(e, 0);\n  return 0;\n}\n`;
  const model = getProgramModel('/t/big.bpf.c', text, { pageSize: 4096, includePaths: [] }, { read: () => undefined });
  assert.ok(model);
  const report = pathReport(model);
  // Scalar values fork on every branch; joins widen them away, so the walk stays small and complete.
  assert.deepEqual(report.events, []);
  assert.deepEqual(report.truncated, []);
});
