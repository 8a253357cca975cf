// Row rules on calls and stores (rule book B5, E9, F6, I3): golden cases for RS201, RS203, RS205 and RS208,
// each a program body (plus top-level text) and the exact `CODE@line:severity` findings.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parser';
import { OUTER, rowKeys } from './lint-rows-support';

before(async () => {
  await initParser();
});

const EV = `  struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n  if (!e) return 0;`;
const FILL = `__noinline int fill(struct event *e) { if (e) e->pid = 3; return 0; }\n`;
const ARR = `struct slot { struct bpf_dynptr d; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, struct slot); } slots SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, __u64); } arr64 SEC(".maps");
struct bpf_dynptr gd;
`;

const cases: [string, string, string[], string?][] = [
  ['B5 reject: reserve on an unchecked inner map', `  int k = 0;\n  void *r = bpf_map_lookup_elem(&outer, &k);\n  struct event *e = bpf_ringbuf_reserve(r, sizeof(*e), 0);\n  if (e) bpf_ringbuf_submit(e, 0);`, ['RS201@3:error'], OUTER],
  ['B5 reject: output, then query (the verifier stops at the first; the rule too)', `  int k = 0;\n  __u64 v = 1;\n  void *r = bpf_map_lookup_elem(&outer, &k);\n  bpf_ringbuf_output(r, &v, 8, 0);\n  bpf_ringbuf_query(r, 0);`, ['RS201@4:error'], OUTER],
  ['B5 accept: checked with an early return', `  int k = 0;\n  void *r = bpf_map_lookup_elem(&outer, &k);\n  if (!r) return 0;\n  bpf_ringbuf_query(r, 0);`, [], OUTER],
  ['B5 accept: inside if (r)', `  int k = 0;\n  void *r = bpf_map_lookup_elem(&outer, &k);\n  if (r) bpf_ringbuf_query(r, 0);`, [], OUTER],
  ['B5 silent: lookup in a plain array map', `  int k = 0;\n  void *r = bpf_map_lookup_elem(&arr64, &k);\n  bpf_ringbuf_query(r, 0);`, [], ARR],
  ['E9 reject: 8 bytes to a 20-byte struct', `  struct event *e = bpf_ringbuf_reserve(&rb, 8, 0);\n  if (!e) return 0;\n  fill(e);\n  bpf_ringbuf_submit(e, 0);`, ['RS203@3:error'], FILL],
  ['E9 reject: through a cast', `  char *b = bpf_ringbuf_reserve(&rb, 16, 0);\n  if (!b) return 0;\n  fill((struct event *)b);\n  bpf_ringbuf_submit(b, 0);`, ['RS203@3:error'], FILL],
  ['E9 accept: full-size record', `${EV}\n  fill(e);\n  bpf_ringbuf_submit(e, 0);`, [], FILL],
  ['E9 silent: static callee', `  struct event *e = bpf_ringbuf_reserve(&rb, 8, 0);\n  if (!e) return 0;\n  fill(e);\n  bpf_ringbuf_submit(e, 0);`, [], `static ${FILL}`],
  ['E9 silent: void * parameter', `  struct event *e = bpf_ringbuf_reserve(&rb, 8, 0);\n  if (!e) return 0;\n  take(e);\n  bpf_ringbuf_submit(e, 0);`, [], `__noinline int take(void *p) { return p != 0; }\n`],
  ['F6 warning: into a map value', `  int k = 0;\n  __u64 *v = bpf_map_lookup_elem(&arr64, &k);\n${EV}\n  if (v) *v = (__u64)e;\n  bpf_ringbuf_submit(e, 0);`, ['RS205@5:warning'], ARR],
  ['F6 warning: into a global', `${EV}\n  gp = e;\n  bpf_ringbuf_submit(e, 0);`, ['RS205@3:warning'], `struct event *gp;\n`],
  ['F6 silent: local alias and stack struct', `  struct { struct event *p; } h = {};\n${EV}\n  struct event *x = e;\n  h.p = x;\n  h.p = e;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['I3 reject: variable index', `  struct bpf_dynptr d[2];\n  __u32 i = bpf_get_prandom_u32() & 1;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d[i]);\n  bpf_ringbuf_discard_dynptr(&d[i], 0);`, ['RS208@3:error']],
  ['I3 warning: index not understood', `  struct bpf_dynptr d[2];\n  __u32 i = *(__u32 *)ctx;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d[i]);\n  bpf_ringbuf_discard_dynptr(&d[i], 0);`, ['RS208@3:warning']],
  ['I3 accept: constant index', `  struct bpf_dynptr d[2];\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d[1]);\n  bpf_ringbuf_discard_dynptr(&d[1], 0);`, []],
  ['I3 reject: in a map value', `  int k = 0;\n  struct slot *s = bpf_map_lookup_elem(&slots, &k);\n  if (!s) return 0;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &s->d);\n  bpf_ringbuf_discard_dynptr(&s->d, 0);`, ['RS208@4:error'], ARR],
  ['I3 reject: a global', `  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &gd);\n  bpf_ringbuf_discard_dynptr(&gd, 0);`, ['RS208@1:error'], ARR],
  ['I3 accept: plain local', `  struct bpf_dynptr d;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d);\n  bpf_ringbuf_discard_dynptr(&d, 0);`, []],
];

for (const [name, body, expected, extra] of cases) {
  void test(`lint rows: ${name}`, () => {
    const r = rowKeys(body, extra ?? '');
    assert.deepEqual(r.keys, [...expected].sort(), JSON.stringify(r.findings.map((f) => `${f.code} ${f.message}`)));
  });
}

void test('lint rows: E9 message names both sizes', () => {
  const r = rowKeys(`  struct event *e = bpf_ringbuf_reserve(&rb, 8, 0);\n  if (!e) return 0;\n  fill(e);\n  bpf_ringbuf_submit(e, 0);`, FILL);
  assert.equal(
    r.findings[0]?.message,
    `'e' holds 8 reserved bytes but global function 'fill' takes 'struct event *' (20 bytes): the verifier rejects the call ('invalid access to memory, mem_size=8 off=0 size=20' / 'Caller passes invalid args into func'). Reserve sizeof(struct event), or make 'fill' static.`,
  );
});
