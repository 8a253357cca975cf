// The lint core's program model: struct layout on the BPF target, constant folding, map definitions,
// sections and helper calls, on inline C. Values were cross-checked with clang -target bpf static_asserts.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { getProgramModel } from '../../server/src/analysis/analyze';
import { initParser } from '../../server/src/analysis/parser';
import { maskBpfMacros } from '../../server/src/analysis/mask';
import { declarationsOf, declaratorsOf, declaresArray } from '../../server/src/analysis/fn-decls';
import type { ProgramModel } from '../../server/src/analysis/model';

before(() => initParser());

const PRELUDE = `#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
`;

function model(body: string, files: Record<string, string> = {}): ProgramModel {
  const m = getProgramModel('/src/x.bpf.c', PRELUDE + body, { pageSize: 4096, includePaths: ['/inc'] }, { read: (p) => files[p] });
  assert.ok(m);
  return m;
}

const TYPES = `
struct event { int pid; char comm[16]; };
struct hdr { __u8 kind; __u64 ts; } __attribute__((packed));
struct rec { struct hdr h; __u32 vals[3]; char tag; };
struct pad { __u8 a; __u64 b; __u16 c; };
union val { __u32 a; __u64 b; char s[12]; };
struct outer { __u16 x; struct { __u32 y; __u64 z; }; union { __u8 u; __u32 w; }; };
typedef struct { void *p; unsigned long long q; short r; } tdef_t;
enum color { RED, GREEN = 5, BLUE };
struct withenum { enum color c; unsigned char d[3]; const char *name; long l; };
struct __attribute__((aligned(16))) al { __u32 a; };
`;

void test('layout: sizeof of structs, unions, packed, nested, anonymous members, typedefs, enums', () => {
  const m = model(TYPES);
  const sizes = ['struct event', 'struct hdr', 'struct rec', 'struct pad', 'union val', 'struct outer', 'tdef_t', 'struct withenum', 'struct al', 'enum color', '__u64', 'char[16]', 'struct event *', 'struct bpf_dynptr', 'struct task_struct'].map(
    (t) => [t, m.sizeOfType(t)],
  );
  assert.deepEqual(Object.fromEntries(sizes), {
    'struct event': 20,
    'struct hdr': 9,
    'struct rec': 28,
    'struct pad': 24,
    'union val': 16,
    'struct outer': 32,
    tdef_t: 24,
    'struct withenum': 24,
    'struct al': 16,
    'enum color': 4,
    __u64: 8,
    'char[16]': 16,
    'struct event *': 8,
    'struct bpf_dynptr': 16,
    'struct task_struct': undefined,
  });
  m.dispose();
});

function foldAll(decls: string, exprs: string[]): (number | undefined)[] {
  const body = `${decls}\nSEC("tp/x") int prog(void *ctx) {\n${exprs.map((e, i) => `  long v${i} = ${e};`).join('\n')}\n  return 0;\n}\n`;
  const m = model(body);
  const fn = m.functions.find((f) => f.name === 'prog');
  assert.ok(fn);
  const values = fn.body
    .descendantsOfType('init_declarator')
    .map((d) => d?.childForFieldName('value'))
    .map((v) => (v ? m.fold(v, fn) : undefined));
  m.dispose();
  return values;
}

void test('fold: integer constant expressions, sizeof, offsetof, enums, defines, casts', () => {
  const decls = `${TYPES}
#define PAGES 4
#define RING (PAGES * 4096)
#define SHIFTED (1ULL << 33)
#define SELF SELF
const volatile __u32 knob = 48;
const int plain_const = 7;
__u32 writable = 3;`;
  const exprs = [
    'sizeof(struct rec)',
    '__builtin_offsetof(struct rec, vals[2])',
    '__builtin_offsetof(struct outer, z)',
    '__builtin_offsetof(struct outer, w)',
    'RING',
    'SHIFTED + 8',
    'BLUE',
    '(__u8)0x1ff',
    '(char)0xff',
    '-1 & 0xffff',
    '~0u >> 28',
    '7 / 2 + 7 % 2',
    '1 ? 16 : 32',
    "'A' + 1",
    'knob',
    'plain_const * 2',
    'writable',
    'SELF',
    'sizeof(((struct event *)0)->comm)',
    'BPF_MAP_TYPE_USER_RINGBUF',
    'BPF_RB_FORCE_WAKEUP | BPF_RB_NO_WAKEUP',
    '0x10 == 16 && 3 > 2',
  ];
  assert.deepEqual(foldAll(decls, exprs), [28, 20, 16, 24, 16384, 8589934600, 6, 255, -1, 65535, 15, 4, 16, 66, 48, 14, undefined, undefined, 16, 31, 3, 1]);
});

void test('fold: sizeof(*e) and sizeof(e->field) use the declared types of locals', () => {
  const m = model(`${TYPES}
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } rb SEC(".maps");
SEC("tp/x") int prog(void *ctx) {
  struct rec *r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);
  if (!r) return 0;
  bpf_ringbuf_output(&rb, &r->vals, sizeof(r->vals), 0);
  bpf_ringbuf_submit(r, 0);
  return 0;
}`);
  assert.deepEqual(
    m.calls.map((c) => [c.name, c.map?.name, c.size, c.sizeKind, c.flags, c.recordType, c.recordSize, c.target]),
    [
      ['bpf_ringbuf_reserve', 'rb', 28, 'constant', 0, 'struct rec', 28, 'r'],
      ['bpf_ringbuf_output', 'rb', 12, 'constant', 0, undefined, undefined, undefined],
      ['bpf_ringbuf_submit', undefined, undefined, undefined, 0, undefined, undefined, undefined],
    ],
  );
  m.dispose();
});

void test('size kinds: variable only when the verifier cannot know the value (C1/C2)', () => {
  const m = model(`
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } rb SEC(".maps");
const volatile __u64 knob = 64;
__u64 data_sz = 8;
static __noinline int st(__u32 n) { void *p = bpf_ringbuf_reserve(&rb, n, 0); if (p) bpf_ringbuf_discard(p, 0); return 0; }
__noinline int gl(__u32 n) { void *p = bpf_ringbuf_reserve(&rb, n, 0); if (p) bpf_ringbuf_discard(p, 0); return 0; }
static __noinline int sv(__u32 n) { void *p = bpf_ringbuf_reserve(&rb, n, 0); if (p) bpf_ringbuf_discard(p, 0); return 0; }
SEC("tp/x") int prog(void *ctx) {
  __u32 a = bpf_get_prandom_u32() & 0x3f;
  __u32 b = bpf_get_prandom_u32();
  __u32 c = 24;
  __u32 d;
  if (b != 16) return 0;
  bpf_ringbuf_reserve(&rb, a, 0);
  bpf_ringbuf_reserve(&rb, b, 0);
  bpf_ringbuf_reserve(&rb, c, 0);
  bpf_ringbuf_reserve(&rb, knob, 0);
  bpf_ringbuf_reserve(&rb, data_sz, 0);
  bpf_ringbuf_reserve(&rb, d, 0);
  bpf_ringbuf_reserve(&rb, a ? 16 : 32, 0);
  bpf_ringbuf_reserve(&rb, 16 + 16 * (a & 1), 0);
  return st(8) + gl(8) + sv(a);
}`);
  assert.deepEqual(
    m.calls.filter((c) => c.name === 'bpf_ringbuf_reserve').map((c) => [c.fn?.name, c.args[1]?.text, c.sizeKind]),
    [
      ['st', 'n', 'constant'],
      ['gl', 'n', 'variable'],
      ['sv', 'n', 'variable'],
      ['prog', 'a', 'variable'],
      ['prog', 'b', undefined],
      ['prog', 'c', 'constant'],
      ['prog', 'knob', 'rodata'],
      ['prog', 'data_sz', 'variable'],
      ['prog', 'd', undefined],
      ['prog', 'a ? 16 : 32', undefined],
      ['prog', '16 + 16 * (a & 1)', 'variable'],
    ],
  );
  m.dispose();
});

void test('maps: BTF, legacy, inner templates, includes through includePaths; sections and linkage', () => {
  const m = model(
    `#include "maps.h"
struct bpf_map_def SEC("maps") old = { .type = BPF_MAP_TYPE_RINGBUF, .max_entries = 8192, .map_flags = 4 };
struct tmpl { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); };
struct { __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS); __uint(max_entries, 2); __type(key, __u32); __array(values, struct tmpl); } outer SEC(".maps");
SEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx) { return 0; }
static int helper(int x) { return x; }
int SEC("xdp") second(void *ctx) { return 0; }
`,
    { '/inc/maps.h': '#define SZ (64 * 1024)\nstruct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, SZ); __type(key, int); } rb SEC(".maps");\n' },
  );
  const maps = [...m.maps.values()].map((x) => [
    x.name,
    x.file,
    x.legacy,
    x.type,
    Object.fromEntries([...x.fields].map(([k, v]) => [k, v.value])),
    x.inner ? [x.inner.name, x.inner.type, x.inner.fields.get('max_entries')?.value] : undefined,
  ]);
  assert.deepEqual(maps, [
    ['old', '/src/x.bpf.c', true, 27, { type: 27, max_entries: 8192, map_flags: 4 }, undefined],
    ['outer', '/src/x.bpf.c', false, 13, { type: 13, max_entries: 2, key: 4, values: undefined }, ['struct tmpl', 27, 4096]],
    ['rb', '/inc/maps.h', false, 27, { type: 27, max_entries: 65536, key: 4 }, undefined],
  ]);
  const key = m.maps.get('rb')?.fields.get('key');
  assert.deepEqual(key?.range, { start: { line: 1, character: 70 }, end: { line: 1, character: 86 } });
  assert.deepEqual(
    m.functions.map((f) => [f.name, f.section, f.isStatic, f.nameRange.start.line]),
    [
      ['prog', 'tp/syscalls/sys_enter_getpid', false, 6],
      ['helper', undefined, true, 7],
      ['second', 'xdp', false, 8],
    ],
  );
  m.dispose();
});

void test('mask: BPF macros are blanked without moving any position', () => {
  const text = 'struct {\n\t__uint(type, BPF_MAP_TYPE_RINGBUF);\n\t__type(key, struct event);\n} rb SEC(".maps");\nstatic __always_inline int f(void) { return 0; }\n';
  const m = maskBpfMacros(text);
  assert.equal(m.text.length, text.length);
  assert.deepEqual(m.text.split('\n').map((l) => l.length), text.split('\n').map((l) => l.length));
  assert.equal(
    m.text,
    'struct {\n\t__uint type[ BPF_MAP_TYPE_RINGBUF];\n\t__type key               ;\n} rb             ;\nstatic                 int f(void) { return 0; }\n',
  );
  assert.deepEqual(m.secs, [{ start: 79, end: 91, name: '.maps' }]);
  assert.deepEqual(
    m.macros.map((x) => [x.kind, x.field, x.valueText, x.start, x.end]),
    [
      ['uint', 'type', 'BPF_MAP_TYPE_RINGBUF', 10, 44],
      ['type', 'key', 'struct event', 47, 72],
    ],
  );
});

void test('half-typed code: unbalanced braces and truncated calls still give a model', () => {
  // the unclosed last call turns the function into an ERROR node: complete calls are kept, without a function
  const m = model(`struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096 } rb SEC(".maps");
SEC("tp/x") int prog(void *ctx) {
  char *e = bpf_ringbuf_reserve(&rb, 8, 0);
  if (e) bpf_ringbuf_submit(e, 0);
  bpf_ringbuf_query(&rb, 
`);
  assert.deepEqual(
    m.calls.map((c) => [c.name, c.fn?.name, c.size]),
    [
      ['bpf_ringbuf_reserve', undefined, 8],
      ['bpf_ringbuf_submit', undefined, undefined],
    ],
  );
  m.dispose();
});

void test('maps: a BTF map declared with a struct type defined before it', () => {
  const m = model(`struct rb_def { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1000); };
struct rb_def rb SEC(".maps");
`);
  const rb = m.maps.get('rb');
  assert.deepEqual([rb?.type, rb?.fields.get('max_entries')?.value, rb?.fields.get('max_entries')?.range.start], [27, 1000, { line: 2, character: 52 }]);
  m.dispose();
});

void test("a function's local declarations by name: declarations, declarator texts, arrays", () => {
  const m = model(`
struct event { int pid; };
SEC("tp/x") int prog(void *ctx)
{
  char buf[16], *bufp = buf;
  struct event ev = {}, *evs[4];
  struct event (*rows)[4] = 0;
  { int buf2[2]; }
  return 0;
}
`);
  const fn = m.functions.find((f) => f.name === 'prog');
  assert.ok(fn);
  assert.deepEqual(declaratorsOf(fn, 'buf'), ['buf[16]']);
  assert.deepEqual(declaratorsOf(fn, 'bufp'), ['*bufp = buf']);
  assert.equal(declarationsOf(fn, 'ev')[0]?.text, 'struct event ev = {}, *evs[4];');
  assert.deepEqual(declarationsOf(fn, 'buf2').length, 1, 'inner blocks count');
  assert.deepEqual(declarationsOf(fn, 'bu'), [], 'whole names only');
  assert.equal(declaresArray('buf[16]', 'buf'), true);
  assert.equal(declaresArray('*evs[4]', 'evs'), false, 'a declarator that starts with * (as the rules read pointers)');
  assert.equal(declaresArray('(*rows)[4] = 0', 'rows'), false, 'a pointer to an array');
  assert.equal(declaresArray('bufp[2]', 'buf'), false);
  m.dispose();
});
