// Path rules against the rule book rows (../shared/ringbuf-rules.md, sections 1 D/E/F/I/J and 2): each case
// is a program body (after the book's prelude) and the exact `CODE@line` findings it must produce.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parser';
import { lintBody } from './lint-path-support';

before(async () => {
  await initParser();
});

const R = `struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);`;

const cases: [string, string, string[], string?][] = [
  ['D1 store before check', `  ${R}\n  e->pid = 1;\n  bpf_ringbuf_submit(e, 0);`, ['RS151@2']],
  ['D2 submit before check', `  ${R}\n  bpf_ringbuf_submit(e, 0);`, ['RS151@2']],
  ['D1 helper memory arg', `  ${R}\n  bpf_get_current_comm(e->comm, 16);\n  if (e) bpf_ringbuf_submit(e, 0);`, ['RS151@2']],
  ['D1 NULL branch deref', `  ${R}\n  if (!e) {\n    e->pid = 1;\n    return 0;\n  }\n  bpf_ringbuf_submit(e, 0);`, ['RS151@3']],
  ['ok: plain', `  ${R}\n  if (!e)\n    return 0;\n  e->pid = 1;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['ok: == NULL', `  ${R}\n  if (e == NULL)\n    return 0;\n  e->pid = 1;\n  bpf_ringbuf_discard(e, 0);`, []],
  ['ok: if (e) block', `  ${R}\n  if (e) {\n    e->pid = 1;\n    bpf_ringbuf_submit(e, 0);\n  }`, []],
  ['ok: sizeof(*e) is no deref', `  ${R}\n  if (!e) return 0;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['ok: alias', `  ${R}\n  struct event *x = e;\n  if (!x) return 0;\n  e->pid = 2;\n  bpf_ringbuf_submit(x, 0);`, []],
  ['ok: two live, out of order', `  ${R}\n  struct event *f = bpf_ringbuf_reserve(&rb, sizeof(*f), 0);\n  if (!e || !f) {\n    if (e) bpf_ringbuf_discard(e, 0);\n    if (f) bpf_ringbuf_discard(f, 0);\n    return 0;\n  }\n  bpf_ringbuf_submit(f, 0);\n  bpf_ringbuf_submit(e, 0);`, []],
  ['E1 early return', `  ${R}\n  if (!e) return 0;\n  e->pid = bpf_get_current_pid_tgid() >> 32;\n  if (e->pid == 1) return 0;\n  bpf_ringbuf_submit(e, 0);`, ['RS161@1']],
  ['E1 no release at all', `  ${R}\n  if (!e) return 0;\n  e->pid = 1;`, ['RS161@1']],
  ['E1 unchecked and never released', `  ${R}`, ['RS161@1']],
  ['E2 continue in loop', `  for (int i = 0; i < 16; i++) {\n    struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n    if (!e) break;\n    if (i == 3) continue;\n    bpf_ringbuf_submit(e, 0);\n  }`, ['RS161@2']],
  ['ok: loop', `  for (int i = 0; i < 16; i++) {\n    struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n    if (!e) break;\n    e->pid = i;\n    bpf_ringbuf_submit(e, 0);\n  }`, []],
  ['E3 tail call', `  ${R}\n  if (!e) return 0;\n  bpf_tail_call(ctx, &jt, 0);\n  bpf_ringbuf_submit(e, 0);`, ['RS161@1'], `struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u32); } jt SEC(".maps");\n`],
  ['F1 write after submit', `  ${R}\n  if (!e) return 0;\n  bpf_ringbuf_submit(e, 0);\n  e->pid = 1;`, ['RS171@4']],
  ['F1 through alias', `  ${R}\n  if (!e) return 0;\n  struct event *x = e;\n  bpf_ringbuf_submit(e, 0);\n  x->pid = 1;`, ['RS171@5']],
  ['F2 double release', `  ${R}\n  if (!e) return 0;\n  bpf_ringbuf_submit(e, 0);\n  bpf_ringbuf_discard(e, 0);`, ['RS172@4']],
  ['F3 field address', `  ${R}\n  if (!e) return 0;\n  bpf_ringbuf_submit((void *)e + 4, 0);`, ['RS173@3']],
  ['F4 NULL literal', `  bpf_ringbuf_submit(NULL, 0);`, ['RS173@1']],
  ['F4 stack object', `  struct event ev = {};\n  bpf_ringbuf_submit(&ev, 0);`, ['RS173@2']],
  ['F4 NULL branch', `  ${R}\n  if (!e) {\n    bpf_ringbuf_discard(e, 0);\n    return 0;\n  }\n  bpf_ringbuf_submit(e, 0);`, ['RS173@3']],
  ['E10 reserve under lock', `  int k = 0;\n  struct val *v = bpf_map_lookup_elem(&vals, &k);\n  if (!v) return 0;\n  bpf_spin_lock(&v->lock);\n  ${R}\n  if (e) bpf_ringbuf_submit(e, 0);\n  bpf_spin_unlock(&v->lock);`, ['RS181@5', 'RS181@6'], `struct val { struct bpf_spin_lock lock; int n; };\nstruct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, struct val); } vals SEC(".maps");\n`],
  ['ok: reservation held across lock', `  int k = 0;\n  struct val *v = bpf_map_lookup_elem(&vals, &k);\n  if (!v) return 0;\n  ${R}\n  if (!e) return 0;\n  bpf_spin_lock(&v->lock);\n  v->n++;\n  bpf_spin_unlock(&v->lock);\n  bpf_ringbuf_submit(e, 0);`, [], `struct val { struct bpf_spin_lock lock; int n; };\nstruct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, struct val); } vals SEC(".maps");\n`],
  ['I1 dynptr failure path', `  struct bpf_dynptr d;\n  if (bpf_ringbuf_reserve_dynptr(&rb, 20, 0, &d))\n    return 0;\n  bpf_ringbuf_submit_dynptr(&d, 0);`, ['RS161@2']],
  ['ok: dynptr discard on failure', `  struct bpf_dynptr d;\n  if (bpf_ringbuf_reserve_dynptr(&rb, 20, 0, &d)) {\n    bpf_ringbuf_discard_dynptr(&d, 0);\n    return 0;\n  }\n  bpf_ringbuf_submit_dynptr(&d, 0);`, []],
  ['I4 reserve twice', `  struct bpf_dynptr d;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d);\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d);\n  bpf_ringbuf_discard_dynptr(&d, 0);`, ['RS182@3']],
  ['I5 uninitialised dynptr', `  struct bpf_dynptr d;\n  bpf_ringbuf_submit_dynptr(&d, 0);`, ['RS173@2']],
  ['I6 write after submit', `  struct bpf_dynptr d;\n  int v = 1;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d);\n  bpf_ringbuf_submit_dynptr(&d, 0);\n  bpf_dynptr_write(&d, 0, &v, 1, 0);`, ['RS171@5']],
  ['I8 plain submit on a slice', `  struct bpf_dynptr d;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d);\n  void *p = bpf_dynptr_data(&d, 0, 8);\n  if (p) bpf_ringbuf_submit(p, 0);\n  bpf_ringbuf_discard_dynptr(&d, 0);`, ['RS173@4']],
  ['ok: unlikely() around the NULL check', `  ${R}\n  if (unlikely(!e))\n    return 0;\n  e->pid = 1;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['ok: __builtin_expect around the NULL check', `  ${R}\n  if (__builtin_expect(!!(e), 1)) {\n    e->pid = 1;\n    bpf_ringbuf_submit(e, 0);\n  }`, []],
  ['ok: control flow hidden in a user macro', `  ${R}\n  CHECK(e);\n  e->pid = 1;\n  SUBMIT();`, [], '#define CHECK(x) if (!(x)) return 0\n#define SUBMIT() bpf_ringbuf_submit(e, 0)\n'],
  ['ok: assignment inside the condition', `  struct event *e;\n  if ((e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0)) == NULL)\n    return 0;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['D1 assignment inside the condition, wrong branch', `  struct event *e;\n  if ((e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0)) != NULL)\n    return 0;\n  e->pid = 1;`, ['RS151@4', 'RS161@2']],
  ['ok: slice checked in an assignment condition', `  struct bpf_dynptr d;\n  int *p;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d);\n  if ((p = bpf_dynptr_data(&d, 0, 8)) != NULL)\n    *p = 1;\n  bpf_ringbuf_submit_dynptr(&d, 0);`, []],
  ['I7 slice used before its check', `  struct bpf_dynptr d;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d);\n  int *p = bpf_dynptr_data(&d, 0, 8);\n  p[1] = 2;\n  bpf_ringbuf_submit_dynptr(&d, 0);`, ['RS151@4']],
];

for (const [name, body, expected, extra] of cases) {
  void test(`path rows: ${name}`, () => {
    const r = lintBody(body, extra ?? '');
    assert.deepEqual(r.keys, [...expected].sort(), JSON.stringify(r.findings.map((f) => `${f.code} ${f.message}`)));
  });
}
