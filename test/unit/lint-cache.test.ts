// The per-function context keys (context-index.ts): an edit outside a function that changes what the function
// means re-analyses it and gives exactly the findings of a first analysis; an edit it cannot see keeps its
// cached results (counted through the caches' test hooks); random edits never make the two disagree.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, getProgramModel } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/findings';
import { initParser } from '../../server/src/analysis/parser';
import { unitCacheStats } from '../../server/src/analysis/paths/unitCache';
import { callCacheStats } from '../../server/src/analysis/call-cache';
import { mapCacheStats } from '../../server/src/analysis/map-cache';
import { clearAnalysisCaches } from '../../server/src/analysis/caches';
import { benchProgram } from '../fixtures/lint/benchProgram';
import { rng } from './rng-support';

before(async () => {
  await initParser();
});

const settings = { pageSize: 4096, includePaths: [] };
const sources = { read: (): undefined => undefined };
let fresh = 0;

/** Findings of a first analysis (no previous tree, no cached results), reported as if for `file`. */
function cold(file: string, text: string): Finding[] {
  clearAnalysisCaches(); // every cache registers itself there (caches.ts)
  const other = `/t/cache-cold-${fresh++}.bpf.c`;
  const json = JSON.stringify(analyzeFile(other, text, settings, sources).findings);
  return JSON.parse(json.split(JSON.stringify(other)).join(JSON.stringify(file))) as Finding[];
}

/** Context key of each function of `text` (as a model of `file` sees it). */
function keys(file: string, text: string): Map<string, number> {
  const model = getProgramModel(file, text, settings, sources);
  if (model === undefined) throw new Error('no model');
  try {
    return new Map(model.functions.map((f) => [f.name, model.contextOf(f)]));
  } finally {
    model.dispose();
  }
}

const PROG = `#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
#define SZ 16
#define FLAGS KIND
typedef unsigned int u32_t;
enum { KIND = 0, OTHER_KIND };
struct inner { char b[SZ]; };
struct event { u32_t pid; struct inner in; };
struct unrelated { long x; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } rb SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 8192); } other SEC(".maps");
SEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx)
{
  struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), FLAGS);
  if (!e)
    return 0;
  e->in.b[15] = 1;
  bpf_ringbuf_submit(e, 0);
  return 0;
}
SEC("tp/syscalls/sys_enter_getpid") int prog2(void *ctx)
{
  long *v = bpf_ringbuf_reserve(&other, 8, 0);
  if (!v)
    return 0;
  bpf_ringbuf_submit(v, 0);
  return 0;
}
`;

/** Applies one replacement to the text (which must contain `from`). */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), from);
  return text.replace(from, to);
}

void test('an edit outside prog that changes what prog means re-analyses it exactly as a first analysis', () => {
  const file = '/t/cache-meaning.bpf.c';
  const meaningful: [string, string][] = [
    ['__uint(max_entries, 4096); } rb', '__uint(max_entries, 4000); } rb'], // the map prog uses
    ['struct event { u32_t pid;', 'struct event { u32_t pid; long pad[600];'], // a struct field
    ['#define SZ 16', '#define SZ 8'], // a #define used by a struct prog uses
    ['#define FLAGS KIND', '#define FLAGS OTHER_KIND'], // a macro used by prog
    ['enum { KIND = 0,', 'enum { KIND = 2,'], // an enum constant a macro prog uses names
    ['typedef unsigned int u32_t;', 'typedef unsigned long u32_t;'], // a typedef in a struct prog uses
  ];
  let text = PROG;
  assert.deepEqual(analyzeFile(file, text, settings, sources).findings, cold(file, text));
  for (const [from, to] of meaningful) {
    const before = keys(file, text);
    analyzeFile(file, text, settings, sources); // the caches hold this text's results
    const next = edit(text, from, to);
    const after = keys(file, next);
    assert.notEqual(after.get('prog'), before.get('prog'), `prog's key after ${from} -> ${to}`);
    const misses = unitCacheStats.misses;
    const incremental = analyzeFile(file, next, settings, sources).findings;
    assert.ok(unitCacheStats.misses > misses, `prog walked again after ${from} -> ${to}`);
    assert.deepEqual(incremental, cold(file, next), `after ${from} -> ${to}`);
    text = next;
  }
  // the edits did change verdicts (they are not all no-ops for the rules)
  const first = cold(file, PROG).map((f) => f.code);
  const last = cold(file, text).map((f) => f.code);
  assert.notDeepEqual(last, first);
});

void test('an edit outside prog that prog cannot see keeps its cached results', () => {
  const file = '/t/cache-unrelated.bpf.c';
  const unrelated: [string, string][] = [
    ['__uint(max_entries, 8192); } other', '__uint(max_entries, 16384); } other'], // another map
    ['struct unrelated { long x; };', 'struct unrelated { long x; int y; };'], // another struct
    ['struct unrelated { long x;', 'struct  unrelated {\n  long x;'], // blanks only
    ['#define SZ 16\n', '#define SZ 16\n#define NEW_ONE 3\n'], // a new macro nobody uses
  ];
  let text = PROG;
  analyzeFile(file, text, settings, sources);
  for (const [from, to] of unrelated) {
    const before = keys(file, text);
    analyzeFile(file, text, settings, sources);
    const next = edit(text, from, to);
    const after = keys(file, next);
    assert.equal(after.get('prog'), before.get('prog'), `prog's key after ${from} -> ${to}`);
    const units = unitCacheStats.misses;
    const calls = callCacheStats.misses;
    const maps = mapCacheStats.misses;
    const incremental = analyzeFile(file, next, settings, sources).findings;
    // prog's unit and call sites come from the caches; prog2 reads `other`, so it may be walked again
    const walked = unitCacheStats.misses - units;
    assert.ok(walked <= (after.get('prog2') === before.get('prog2') ? 0 : 1), `units walked after ${from} -> ${to}: ${walked}`);
    if (after.get('prog2') === before.get('prog2')) assert.equal(callCacheStats.misses, calls, `call sites folded again after ${from} -> ${to}`);
    // at most the edited map is read from the tree again
    assert.ok(mapCacheStats.misses - maps <= 1, `maps read again after ${from} -> ${to}: ${mapCacheStats.misses - maps}`);
    assert.deepEqual(incremental, cold(file, next), `after ${from} -> ${to}`);
    text = next;
  }
});

void test('a definition inside one function body is file-wide: editing it re-analyses the functions using it', () => {
  const file = '/t/cache-body-defs.bpf.c';
  const text = `${PROG}SEC("tp/syscalls/sys_enter_getpid") int definer(void *ctx)
{
#define INNER_FLAGS 2
  struct local_rec { long a; long b[4]; };
  return 0;
}
SEC("tp/syscalls/sys_enter_getpid") int user(void *ctx)
{
  struct local_rec *r = bpf_ringbuf_reserve(&rb, sizeof(*r), INNER_FLAGS);
  if (!r)
    return 0;
  r->b[3] = 1;
  bpf_ringbuf_submit(r, 0);
  return 0;
}
`;
  analyzeFile(file, text, settings, sources);
  const edits: [string, string][] = [
    ['#define INNER_FLAGS 2', '#define INNER_FLAGS 0'],
    ['long b[4]; };', 'long b[2]; };'],
  ];
  let current = text;
  for (const [from, to] of edits) {
    const before = keys(file, current);
    analyzeFile(file, current, settings, sources);
    const next = edit(current, from, to);
    assert.notEqual(keys(file, next).get('user'), before.get('user'), `user's key after ${from} -> ${to}`);
    const incremental = analyzeFile(file, next, settings, sources).findings;
    assert.deepEqual(incremental, cold(file, next), `after ${from} -> ${to}`);
    current = next;
  }
  assert.notDeepEqual(cold(file, current).map((f) => f.code), cold(file, text).map((f) => f.code));
});


/** One small edit as typing makes it: a blank, a deleted character, a changed number or identifier. */
function randomEdit(text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(r() * xs.length)];
  const at = Math.floor(r() * (text.length + 1));
  switch (Math.floor(r() * 5)) {
    case 0:
      return text.slice(0, at) + ' ' + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2: {
      const m = pick([...text.matchAll(/\b\d+\b/g)]);
      if (m === undefined) return text;
      return text.slice(0, m.index) + String(Math.floor(r() * 5000)) + text.slice(m.index + m[0].length);
    }
    case 3: {
      const m = pick([...text.matchAll(/\b[A-Za-z_]\w*\b/g)]);
      if (m === undefined) return text;
      const end = m.index + m[0].length;
      // a name grows or shrinks by one character: it may now name another declaration, or none
      return r() < 0.5 ? text.slice(0, end) + 'x' + text.slice(end) : text.slice(0, end - 1) + text.slice(end);
    }
    default: {
      // a whole line duplicated or removed (a declaration appears or goes)
      const lines = text.split('\n');
      const l = Math.floor(r() * lines.length);
      if (r() < 0.5) lines.splice(l, 1);
      else lines.splice(l, 0, lines[l] ?? '');
      return lines.join('\n');
    }
  }
}

const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
const fixtures = readdirSync(join(root, 'test/fixtures/verifier'))
  .filter((f) => f.endsWith('.bpf.c'))
  .sort()
  .map((f) => readFileSync(join(root, 'test/fixtures/verifier', f), 'utf8'));

const DRAIN = `#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
struct { __uint(type, BPF_MAP_TYPE_USER_RINGBUF); __uint(max_entries, 4096); } requests SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } rb SEC(".maps");
static long on_request(struct bpf_dynptr *dynptr, void *ctx)
{
  return RET;
}
SEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx)
{
  struct bpf_dynptr slots[2];
  int i = IDX;
  bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &slots[i]);
  bpf_ringbuf_discard_dynptr(&slots[i], 0);
  bpf_user_ringbuf_drain(&requests, on_request, NULL, 0);
  return 0;
}
`;

void test('rules that remember clean call sites (drain callback returns, dynptr slots) see an edit as a first analysis does', () => {
  const file = '/t/cache-sites.bpf.c';
  const variants = [
    ['0', '1'],
    ['2', '1'], // the callback now returns 2 (RS143)
    ['0', '1'],
    ['0', 'bpf_get_prandom_u32() & 1'], // a variable slot (RS208)
    ['0', '1'],
  ];
  const seen = new Set<string>();
  for (const [ret, idx] of variants) {
    const text = DRAIN.replace('RET', ret ?? '').replace('IDX', idx ?? '');
    const incremental = analyzeFile(file, text, settings, sources).findings;
    assert.deepEqual(incremental, cold(file, text), `return ${ret}, index ${idx}`);
    for (const f of incremental) seen.add(f.code);
    analyzeFile(file, text, settings, sources); // the caches hold this text's results again
  }
  assert.ok(seen.has('RS143'), 'the bad callback return was found after an edit');
  assert.deepEqual([...seen].sort(), ['RS143', 'RS208'], 'the bad callback return and the variable dynptr slot were found after edits');
});

void test('random edits of every verifier fixture: incremental findings === first-analysis findings', () => {
  const r = rng(20261126);
  for (let k = 0; k < fixtures.length; k++) {
    const file = `/t/cache-fixture-${k}.bpf.c`;
    let text = fixtures[k] ?? '';
    analyzeFile(file, text, settings, sources);
    for (let i = 0; i < 4; i++) {
      text = randomEdit(text, r);
      const incremental = analyzeFile(file, text, settings, sources).findings;
      assert.deepEqual(incremental, cold(file, text), `fixture ${k}, edit ${i}`);
    }
  }
});

void test('random edits of the bench file: incremental findings === first-analysis findings', () => {
  const r = rng(7919);
  const file = '/t/cache-bench.bpf.c';
  let text = benchProgram({ blocks: 12 });
  analyzeFile(file, text, settings, sources);
  for (let i = 0; i < 150; i++) {
    text = randomEdit(text, r);
    const incremental = analyzeFile(file, text, settings, sources).findings;
    assert.deepEqual(incremental, cold(file, text), `edit ${i}`);
  }
});
