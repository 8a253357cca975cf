// RS121's "switch to bpf_ringbuf_output" quick fix (reserveOutputFix.ts): golden edits for the one shape it
// rewrites, and no such fix for near misses (record used elsewhere, source not a local, size with effects).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { getProgramModel } from '../../server/src/analysis/analyze';
import type { Fix } from '../../server/src/analysis/findings';
import { initParser } from '../../server/src/analysis/parser';
import { reserveSizeConstRule } from '../../server/src/analysis/rules/reserveSizeConst';
import { PRELUDE } from './lint-path-support';

before(async () => {
  await initParser();
});

const HEAD = `${PRELUDE}SEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx)\n{\n`;
const TAIL = `\n  return 0;\n}\n`;

/** RS121 findings' fixes of a program body, and the body after applying the output-form fix (if offered). */
function fixOf(body: string): { fixes: Fix[]; fixed: string | undefined } {
  const text = `${HEAD}${body}${TAIL}`;
  const model = getProgramModel('/t/fix.bpf.c', text, { pageSize: 4096, includePaths: [] }, { read: () => undefined });
  if (model === undefined) throw new Error('no model');
  try {
    const fixes = reserveSizeConstRule.check(model).flatMap((f) => f.fixes ?? []);
    const fix = fixes.find((f) => f.title.startsWith('Switch to bpf_ringbuf_output'));
    const edit = fix?.edits[0];
    if (!fix || !edit) return { fixes, fixed: undefined };
    assert.equal(fix.edits.length, 1);
    const lines = text.split('\n');
    const at = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((s, l) => s + l.length + 1, 0) + p.character;
    const out = text.slice(0, at(edit.range.start)) + edit.newText + text.slice(at(edit.range.end));
    return { fixes, fixed: out.slice(HEAD.length, out.length - TAIL.length) };
  } finally {
    model.dispose();
  }
}

const PRE = `  char buf[64] = {};\n  __u32 n = bpf_get_prandom_u32() & 63;\n`;

void test('output-form fix: probe_read of a stack buffer, wakeup flag kept, exit value kept', () => {
  const r = fixOf(`${PRE}  char *e = bpf_ringbuf_reserve(&rb, n, 0);\n  if (!e)\n    return 1;\n  bpf_probe_read_kernel(e, n, buf);\n  bpf_ringbuf_submit(e, BPF_RB_FORCE_WAKEUP);`);
  assert.equal(r.fixed, `${PRE}  if (bpf_ringbuf_output(&rb, buf, n, BPF_RB_FORCE_WAKEUP))\n    return 1;`);
  assert.deepEqual(r.fixes.map((f) => [f.title, f.preferred]), [['Switch to bpf_ringbuf_output(…, buf, …)', true], ['Reserve sizeof(*e)', true]]);
});

void test('output-form fix: __builtin_memcpy from &ev, cast reserve, braces and == NULL', () => {
  const body = `  struct event ev = {};\n  __u64 n = bpf_get_prandom_u32() & 15;\n  void *e = (void *)bpf_ringbuf_reserve(&rb, n, 0);\n  if (e == NULL) { return 0; }\n  __builtin_memcpy(e, &ev, n);\n  bpf_ringbuf_submit(e, 0);`;
  assert.equal(fixOf(body).fixed, `  struct event ev = {};\n  __u64 n = bpf_get_prandom_u32() & 15;\n  if (bpf_ringbuf_output(&rb, &ev, n, 0)) { return 0; }`);
});

const MISSES: [string, string][] = [
  ['record written after the copy', `${PRE}  char *e = bpf_ringbuf_reserve(&rb, n, 0);\n  if (!e)\n    return 0;\n  bpf_probe_read_kernel(e, n, buf);\n  e[0] = 1;\n  bpf_ringbuf_submit(e, 0);`],
  ['source is a kernel pointer', `${PRE}  char *e = bpf_ringbuf_reserve(&rb, n, 0);\n  if (!e)\n    return 0;\n  bpf_probe_read_kernel(e, n, ctx);\n  bpf_ringbuf_submit(e, 0);`],
  ['copy of another size', `${PRE}  char *e = bpf_ringbuf_reserve(&rb, n, 0);\n  if (!e)\n    return 0;\n  bpf_probe_read_kernel(e, 8, buf);\n  bpf_ringbuf_submit(e, 0);`],
  ['size with a call in it', `  char buf[64] = {};\n  char *e = bpf_ringbuf_reserve(&rb, bpf_get_prandom_u32() & 63, 0);\n  if (!e)\n    return 0;\n  bpf_probe_read_kernel(e, bpf_get_prandom_u32() & 63, buf);\n  bpf_ringbuf_submit(e, 0);`],
  ['discard instead of submit', `${PRE}  char *e = bpf_ringbuf_reserve(&rb, n, 0);\n  if (!e)\n    return 0;\n  bpf_probe_read_kernel(e, n, buf);\n  bpf_ringbuf_discard(e, 0);`],
  ['no NULL check', `${PRE}  char *e = bpf_ringbuf_reserve(&rb, n, 0);\n  bpf_probe_read_kernel(e, n, buf);\n  bpf_ringbuf_submit(e, 0);`],
  ['non-zero reserve flags', `${PRE}  char *e = bpf_ringbuf_reserve(&rb, n, 1);\n  if (!e)\n    return 0;\n  bpf_probe_read_kernel(e, n, buf);\n  bpf_ringbuf_submit(e, 0);`],
];
for (const [name, body] of MISSES) {
  void test(`output-form fix: none when ${name}`, () => {
    const r = fixOf(body);
    assert.ok(r.fixes.length > 0, 'RS121 fires with its sizeof fix');
    assert.equal(r.fixed, undefined);
  });
}
