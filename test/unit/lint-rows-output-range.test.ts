// RS210 (rule book G3, variable size): golden cases, each a program body and the exact `CODE@line` findings
// of the rule, with the verifier's verdict in the name (the g3_var_* / g3_ok_var_* fixtures load the same shapes).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { getProgramModel } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/findings';
import { initParser } from '../../server/src/analysis/parser';
import { outputRangeTooLongRule } from '../../server/src/analysis/rules/outputRangeTooLong';
import { PRELUDE } from './lint-path-support';

before(async () => {
  await initParser();
});

const HEAP = `struct blob { char data[64]; };
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct blob); } heap SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1); __type(key, __u32); __type(value, struct blob); } hash SEC(".maps");
`;

function lint(body: string): { keys: string[]; findings: Finding[] } {
  const head = `${PRELUDE}${HEAP}SEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx)\n{\n`;
  const offset = head.split('\n').length - 1;
  const model = getProgramModel('/t/g3.bpf.c', `${head}${body}\n  return 0;\n}\n`, { pageSize: 4096, includePaths: [] }, { read: () => undefined });
  if (model === undefined) throw new Error('no model');
  try {
    const findings = outputRangeTooLongRule.check(model);
    return { keys: findings.map((f) => `${f.code}@${f.range.start.line + 1 - offset}:${f.range.start.character}-${f.range.end.character}`).sort(), findings };
  } finally {
    model.dispose();
  }
}

const BUF = `  char buf[64] = {};`;
const V = `  __u32 zero = 0;\n  struct blob *v = bpf_map_lookup_elem(&heap, &zero);\n  if (!v)\n    return 0;`;

const cases: [string, string, string[]][] = [
  ['reject: & 127 from a 64-byte stack buffer', `${BUF}\n  __u32 n = bpf_get_prandom_u32() & 127;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, ['RS210@3:31-32']],
  ['reject: inline & 127', `${BUF}\n  bpf_ringbuf_output(&rb, buf, bpf_get_prandom_u32() & 127, 0);`, ['RS210@2:31-58']],
  ['reject: guard above the buffer', `${BUF}\n  __u32 n = bpf_get_prandom_u32();\n  if (n > 100)\n    return 0;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, ['RS210@5:31-32']],
  ['reject: & 127 from a 64-byte map value', `${V}\n  __u32 n = bpf_get_prandom_u32() & 127;\n  bpf_ringbuf_output(&rb, v, n, 0);`, ['RS210@6:29-30']],
  ['reject: &= 255 from &ev (20 bytes)', `  struct event ev = {};\n  __u64 n = bpf_get_prandom_u32();\n  n &= 255;\n  bpf_ringbuf_output(&rb, &ev, n, 0);`, ['RS210@4:31-32']],
  ['accept: & 127 from a 128-byte buffer', `  char buf[128] = {};\n  __u32 n = bpf_get_prandom_u32() & 127;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['accept: & 63 from a 64-byte map value', `${V}\n  __u32 n = bpf_get_prandom_u32() & 63;\n  bpf_ringbuf_output(&rb, v, n, 0);`, []],
  ['accept: guard at the buffer size', `${BUF}\n  __u32 n = bpf_get_prandom_u32();\n  if (n > 64)\n    return 0;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['silent: a branch around the call narrows it', `${BUF}\n  __u64 n = bpf_get_prandom_u32() & 127;\n  if (n < 64)\n    bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['silent: != guard pins it', `${BUF}\n  __u64 n = bpf_get_prandom_u32() & 127;\n  if (n != 16)\n    return 0;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['silent: negated guard', `${BUF}\n  __u64 n = bpf_get_prandom_u32() & 127;\n  if (!(n < 64))\n    return 0;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['silent: goto guard', `${BUF}\n  __u64 n = bpf_get_prandom_u32() & 127;\n  if (n > 63)\n    goto out;\n  bpf_ringbuf_output(&rb, buf, n, 0);\nout:`, []],
  ['silent: other stack objects may sit above the buffer', `${BUF}\n  char other[128] = {};\n  __u32 n = bpf_get_prandom_u32() & 127;\n  bpf_ringbuf_output(&rb, buf, n, 0);\n  bpf_ringbuf_output(&rb, other, 8, 0);`, []],
  ['silent: map pointer reassigned', `${V}\n  v = bpf_map_lookup_elem(&hash, &zero);\n  if (!v)\n    return 0;\n  __u32 n = bpf_get_prandom_u32() & 127;\n  bpf_ringbuf_output(&rb, v, n, 0);`, []],
  ['silent: unbounded size is RS206', `${BUF}\n  __u64 n = bpf_get_prandom_u32();\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['silent: signed size is RS207', `${BUF}\n  int n = bpf_get_prandom_u32();\n  if (n > 100)\n    return 0;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['silent: pointer into the buffer', `${BUF}\n  char *p = buf;\n  __u32 n = bpf_get_prandom_u32() & 127;\n  bpf_ringbuf_output(&rb, p, n, 0);`, []],
];

void test('lint RS210: silent for a stack buffer of a static subprogram (may be inlined into a larger frame), not for a map value', () => {
  const sub = (data: string, decl: string): string[] => {
    const text = `${PRELUDE}${HEAP}static int emit(void)\n{\n${decl}\n  __u32 n = bpf_get_prandom_u32() & 127;\n  return bpf_ringbuf_output(&rb, ${data}, n, 0);\n}\nSEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx)\n{\n  return emit();\n}\n`;
    const model = getProgramModel('/t/g3s.bpf.c', text, { pageSize: 4096, includePaths: [] }, { read: () => undefined });
    if (model === undefined) throw new Error('no model');
    try {
      return outputRangeTooLongRule.check(model).map((f) => f.code);
    } finally {
      model.dispose();
    }
  };
  assert.deepEqual(sub('buf', BUF), []);
  assert.deepEqual(sub('v', V), ['RS210']);
});

for (const [name, body, expected] of cases) {
  void test(`lint RS210: ${name}`, () => {
    const r = lint(body);
    assert.deepEqual(r.keys, expected, JSON.stringify(r.findings.map((f) => f.message)));
  });
}

void test('lint RS210: messages quote the verifier', () => {
  assert.equal(
    lint(`${BUF}\n  __u32 n = bpf_get_prandom_u32() & 127;\n  bpf_ringbuf_output(&rb, buf, n, 0);`).findings[0]?.message,
    `The size 'n' of bpf_ringbuf_output can be as large as 127, but 'buf' is a 64-byte stack object: the verifier rejects the read past the frame ('invalid read from stack R2 off=-64 size=127'). Bound the size to 64 ('& 63' for a power of two, or 'if (n > 64) return 0;').`,
  );
  assert.equal(
    lint(`${V}\n  __u32 n = bpf_get_prandom_u32() & 127;\n  bpf_ringbuf_output(&rb, v, n, 0);`).findings[0]?.message,
    `The size 'n' of bpf_ringbuf_output can be as large as 127, but 'v' is a 64-byte map value: the verifier rejects it ('invalid access to map value, value_size=64 off=0 size=127'). Bound the size to 64 ('& 63' for a power of two, or 'if (n > 64) return 0;').`,
  );
});
