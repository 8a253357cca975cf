// Lint core speed: analysis time (p50/p95) of a generated 2,000-line and a 200-line BPF C file, and of
// re-analysis after a one-character edit, against a raw tree-sitter parse of the same text (the baseline,
// same run) and clang -fsyntax-only. Usage: node scripts/bench/lint.mjs [iterations]
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const iterations = Number(process.argv[2] ?? 60);
const work = mkdtempSync(join(tmpdir(), 'ringscope-bench-lint-'));
process.env.RINGSCOPE_ROOT = root;

const entry = join(work, 'entry.ts');
writeFileSync(
  entry,
  `export { analyzeFile, getProgramModel } from ${JSON.stringify(join(root, 'server/src/analysis/analyze'))};\n` +
    `export { initParser, parseC } from ${JSON.stringify(join(root, 'server/src/analysis/parser'))};\n`,
);
await esbuild.build({
  entryPoints: [entry],
  // inside the repository, so that the external web-tree-sitter resolves from node_modules
  outfile: join(root, 'out/bench/lint.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  packages: 'external',
  logLevel: 'warning',
});
const lib = await import(pathToFileURL(join(root, 'out/bench/lint.cjs')).href);
const { analyzeFile, getProgramModel, initParser, parseC } = lib.default ?? lib;
const t0 = performance.now();
await initParser();
const coldMs = performance.now() - t0;

/** A realistic BPF C file of about `lines` lines: records, maps, programs that reserve/fill/submit. */
function generate(lines) {
  const out = ['#include "vmlinux.h"', '#include <bpf/bpf_helpers.h>', '', 'char LICENSE[] SEC("license") = "GPL";', ''];
  out.push('const volatile __u64 min_sz = 32;', '#define COMM_LEN 16', '');
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `struct event_${i} {`, '\t__u32 pid;', '\t__u64 ts;', '\tchar comm[COMM_LEN];', `\t__u32 vals[${(i % 7) + 1}];`, '};', '',
      'struct {', '\t__uint(type, BPF_MAP_TYPE_RINGBUF);', `\t__uint(max_entries, ${1 << (12 + (i % 8))});`, `} rb_${i} SEC(".maps");`, '',
      `SEC("tp/syscalls/sys_enter_getpid") int prog_${i}(void *ctx)`, '{',
      `\tstruct event_${i} *e;`, '', `\te = bpf_ringbuf_reserve(&rb_${i}, sizeof(*e), 0);`, '\tif (!e)', '\t\treturn 0;',
      '\te->pid = bpf_get_current_pid_tgid() >> 32;', '\te->ts = bpf_ktime_get_ns();',
      '\tbpf_get_current_comm(e->comm, sizeof(e->comm));', `\tif (e->pid == ${i}) {`, '\t\tbpf_ringbuf_discard(e, 0);',
      '\t\treturn 0;', '\t}', `\tbpf_ringbuf_submit(e, ${i % 3 === 0 ? 'BPF_RB_NO_WAKEUP' : '0'});`, '\treturn 0;', '}', '',
    );
  }
  return out.join('\n') + '\n';
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p95: at(0.95) };
}

function measure(f) {
  for (let i = 0; i < 5; i++) f(i); // warm-up
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    f(i);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

const vmlinuxDir = join(root, '.cache/vmlinux');
if (!existsSync(join(vmlinuxDir, 'vmlinux.h'))) {
  mkdirSync(vmlinuxDir, { recursive: true });
  try {
    writeFileSync(join(vmlinuxDir, 'vmlinux.h'), execFileSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'], { maxBuffer: 1 << 28 }));
  } catch {
    // no bpftool: the clang column is skipped
  }
}

const settings = { pageSize: 4096, includePaths: [] };
const sources = { read: () => undefined };
console.log(`server-side parser cold start (wasm init + grammar load): ${coldMs.toFixed(1)} ms`);
for (const lines of [2000, 200]) {
  const text = generate(lines);
  const n = text.split('\n').length;
  const file = join(work, `gen${lines}.bpf.c`);
  writeFileSync(file, text);
  const findings = analyzeFile(file, text, settings, sources).findings.length;
  const base = measure(() => parseC(text));
  const lint = measure(() => analyzeFile(file, text, settings, sources));
  // the model alone (parse, includes, folding, maps, calls): what every rule starts from
  const model = measure(() => getProgramModel(file, text, settings, sources).dispose());
  // one-character edits at varying places (re-analysis of the whole file, as the server does)
  const edit = measure((i) => {
    const at = Math.floor(((i * 7919) % 997) / 997 * text.length);
    analyzeFile(file, text.slice(0, at) + ' ' + text.slice(at), settings, sources);
  });
  let clang = '';
  if (existsSync(join(vmlinuxDir, 'vmlinux.h'))) {
    const c = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = spawnSync('clang', ['-fsyntax-only', '-target', 'bpf', '-D__TARGET_ARCH_x86', `-I${vmlinuxDir}`, file]);
      if (r.status !== 0) break;
      c.push(performance.now() - t);
    }
    if (c.length) clang = `; clang -fsyntax-only p50 ${stats(c).p50.toFixed(1)} ms`;
  }
  console.log(
    `${n} lines (${findings} findings): analyze p50 ${lint.p50.toFixed(2)} ms p95 ${lint.p95.toFixed(2)} ms ` +
      `(${Math.round((n / lint.p50) * 1000)} lines/s); tree-sitter parse p50 ${base.p50.toFixed(2)} ms ` +
      `(${Math.round((n / base.p50) * 1000)} lines/s); ratio analyze/parse ${(lint.p50 / base.p50).toFixed(2)}x; ` +
      `model only p50 ${model.p50.toFixed(2)} ms; after 1-char edit p50 ${edit.p50.toFixed(2)} ms p95 ${edit.p95.toFixed(2)} ms${clang}`,
  );
}
