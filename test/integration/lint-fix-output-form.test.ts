// RS121's output-form quick fix against the real verifier: each program is rejected as written ("R2 is not
// a known constant'"); after the fix the core (and the language server's preferred code action) offers, it compiles,
// loads on this kernel, and lints clean.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeFile } from '../../server/src/analysis/analyze';
import type { TextEdit } from '../../server/src/analysis/findings';
import { initParser } from '../../server/src/analysis/parser';
import { LspClient, uriOf } from '../unit/lsp-harness';
import { loadAll, prepareKernel, run, vmlinuxDir } from './support/kernel';

const work = mkdtempSync(join(tmpdir(), 'rs-output-fix-'));

let lsp: LspClient;

before(async () => {
  await initParser();
  await prepareKernel();
  lsp = await LspClient.start();
});
after(async () => {
  await lsp.stop();
});
// a hook of its own, so that a server that fails to stop still leaves no folder behind
after(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** Compiles and loads a program; undefined when it loads, else the loader's output. */
async function loads(name: string, text: string): Promise<string | undefined> {
  const src = join(work, name);
  writeFileSync(src, text);
  const obj = src.replace(/\.c$/, '.o');
  await run('clang', ['-g', '-O2', '-target', 'bpf', '-D__TARGET_ARCH_x86', `-I${vmlinuxDir}`, '-c', src, '-o', obj]);
  return loadAll(obj, `/sys/fs/bpf/rs-output-fix-${process.pid}-${n++}`);
}

function apply(text: string, e: Pick<TextEdit, 'range' | 'newText'>): string {
  const lines = text.split('\n');
  const at = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((s, l) => s + l.length + 1, 0) + p.character;
  return text.slice(0, at(e.range.start)) + e.newText + text.slice(at(e.range.end));
}

const HEAD = `// SPDX-License-Identifier: GPL-2.0
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";
struct event { int pid; char comm[16]; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } rb SEC(".maps");

SEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx)
{
`;

const PROGRAMS: [string, string][] = [
  ['stack-buffer', `  char buf[64] = {};
  __u32 n = bpf_get_prandom_u32() & 63;
  bpf_get_current_comm(buf, 16);
  char *e = bpf_ringbuf_reserve(&rb, n, 0);
  if (!e)
    return 1;
  bpf_probe_read_kernel(e, n, buf);
  bpf_ringbuf_submit(e, BPF_RB_FORCE_WAKEUP);
  return 0;
}
`],
  ['struct-prefix', `  struct event ev = {};
  __u64 n = bpf_get_prandom_u32();
  ev.pid = bpf_get_current_pid_tgid() >> 32;
  if (n > sizeof(ev))
    return 0;
  void *e = bpf_ringbuf_reserve(&rb, n, 0);
  if (e == NULL) {
    return 0;
  }
  bpf_probe_read(e, n, &ev);
  bpf_ringbuf_submit(e, 0);
  return 0;
}
`],
];

for (const [name, body] of PROGRAMS) {
  void test(`output-form fix: ${name} is rejected, then loads after the fix`, async () => {
    const file = join(work, `${name}.bpf.c`);
    const text = HEAD + body;
    assert.match((await loads(`${name}.bpf.c`, text)) ?? 'loaded', /R2 is not a known constant'/);
    const errors = analyzeFile(file, text, { pageSize: 4096, includePaths: [] }, { read: () => undefined }).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => f.code), ['RS121']);
    const fix = errors[0]?.fixes?.[0];
    assert.equal(fix?.title.startsWith('Switch to bpf_ringbuf_output'), true, JSON.stringify(errors[0]?.fixes));
    const edit = fix?.edits[0];
    assert.ok(edit !== undefined && fix?.edits.length === 1);
    const fixed = apply(text, edit);
    assert.match(fixed, /if \(bpf_ringbuf_output\(&rb, /);
    assert.equal(await loads(`${name}-fixed.bpf.c`, fixed), undefined);
    const after = analyzeFile(file, fixed, { pageSize: 4096, includePaths: [] }, { read: () => undefined }).findings;
    assert.deepEqual(after.map((f) => `${f.code} ${f.message}`), []);
  });
}

void test('output-form fix through the language server: the preferred action of the RS121 diagnostic loads', async () => {
  const [name, body] = PROGRAMS[0] ?? ['', ''];
  const path = join(work, `lsp-${name}.bpf.c`);
  const text = HEAD + body;
  const version = await lsp.open(path, text);
  const errors = (await lsp.diagnostics(path, version)).filter((d) => d.severity === 1);
  assert.deepEqual(errors.map((d) => d.code), ['RS121']);
  const d = errors[0];
  assert.ok(d !== undefined);
  const actions = (await lsp.codeActions(path, d.range, [d])) ?? [];
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Switch to bpf_ringbuf_output(…, buf, …)', true], ['Reserve sizeof(*e)', true]]);
  const edits = actions[0]?.edit?.changes?.[uriOf(path)] ?? [];
  assert.equal(edits.length, 1);
  const fixed = edits[0] ? apply(text, edits[0]) : text;
  assert.equal(await loads(`lsp-${name}-fixed.bpf.c`, fixed), undefined);
  const v2 = await lsp.change(path, fixed);
  assert.deepEqual(await lsp.diagnostics(path, v2), []);
  await lsp.close(path);
});
