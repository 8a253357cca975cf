// Row rules that need value ranges (rule book D4, G1, G2, E11): golden cases, each a program body and the
// exact `CODE@line:severity` findings of RS202/RS204/RS206/RS207, with the verifier's verdict in the name.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parser';
import { rowKeys } from './lint-rows-support';

before(async () => {
  await initParser();
});

const C64 = `  char *e = bpf_ringbuf_reserve(&rb, 64, 0);\n  if (!e) return 0;`;
const EV = `  struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n  if (!e) return 0;`;
const BUF = `  char buf[64] = {};`;

const cases: [string, string, string[]][] = [
  ['D4 reject: prandom index', `${C64}\n  e[bpf_get_prandom_u32()] = 1;\n  bpf_ringbuf_submit(e, 0);`, ['RS202@3:error']],
  ['D4 reject: & 127 on 64 bytes', `  __u32 i = bpf_get_prandom_u32() & 127;\n${C64}\n  e[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, ['RS202@4:error']],
  ['D4 accept: & 63 on 64 bytes', `  __u32 i = bpf_get_prandom_u32() & 63;\n${C64}\n  e[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['D4 accept: % 64', `  __u32 i = bpf_get_prandom_u32() % 64;\n${C64}\n  e[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['D4 reject: field index & 31 into comm[16]', `  __u32 i = bpf_get_prandom_u32() & 31;\n${EV}\n  e->comm[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, ['RS202@4:error']],
  ['D4 accept: field index & 15 into comm[16]', `  __u32 i = bpf_get_prandom_u32() & 15;\n${EV}\n  e->comm[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['D4 silent: loop counter', `${EV}\n  for (int j = 0; j < 16; j++)\n    e->comm[j] = 2;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['D4 silent: guard that fits (clang may lose it, so no promise either way)', `  __u32 i = bpf_get_prandom_u32();\n  if (i >= 16) return 0;\n${EV}\n  e->comm[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['D4 reject: guard too weak', `  __u32 i = bpf_get_prandom_u32();\n  if (i > 100) return 0;\n${C64}\n  e[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, ['RS202@5:error']],
  ['D4 silent: index reassigned', `  __u32 i = bpf_get_prandom_u32();\n  i = i % 8;\n${C64}\n  e[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['D4 silent: unknown source', `  __u32 i = *(__u32 *)ctx;\n${C64}\n  e[i] = 1;\n  bpf_ringbuf_submit(e, 0);`, []],
  ['G1 reject: prandom size', `${BUF}\n  __u64 n = bpf_get_prandom_u32();\n  bpf_ringbuf_output(&rb, buf, n, 0);`, ['RS206@3:error']],
  ['G1 accept: masked size', `${BUF}\n  __u64 n = bpf_get_prandom_u32() & 63;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['G1 reject: inline prandom', `${BUF}\n  bpf_ringbuf_output(&rb, buf, bpf_get_prandom_u32(), 0);`, ['RS206@2:error']],
  ['G1 accept: &= in place', `${BUF}\n  __u64 n = bpf_get_prandom_u32();\n  n &= 63;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['G2 reject: signed, upper bound only', `${BUF}\n  int n = bpf_get_prandom_u32();\n  if (n > 64) return 0;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, ['RS207@4:error']],
  ['G2 reject: signed, no bound', `${BUF}\n  int n = bpf_get_prandom_u32();\n  bpf_ringbuf_output(&rb, buf, n, 0);`, ['RS207@3:error']],
  ['G2 accept: signed, both bounds', `${BUF}\n  int n = bpf_get_prandom_u32();\n  if (n < 0 || n > 64) return 0;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['G2 accept: unsigned, upper bound', `${BUF}\n  __u32 n = bpf_get_prandom_u32();\n  if (n > 64) return 0;\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['G2 silent: guard that does not exit', `${BUF}\n  int n = bpf_get_prandom_u32() & 31;\n  if (n > 64) bpf_printk("x");\n  bpf_ringbuf_output(&rb, buf, n, 0);`, []],
  ['E11 reject: prandom loop bound', `  __u32 n = bpf_get_prandom_u32();\n  for (__u32 i = 0; i < n; i++) {\n${EV}\n    bpf_ringbuf_submit(e, 0);\n  }`, ['RS204@2:error']],
  ['E11 reject: while counting down from prandom', `  __u64 n = bpf_get_prandom_u32();\n  while (n > 0) {\n    struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);\n    if (e) bpf_ringbuf_submit(e, 0);\n    n--;\n  }`, ['RS204@2:error']],
  ['E11 accept: masked bound', `  __u32 n = bpf_get_prandom_u32() & 15;\n  for (__u32 i = 0; i < n; i++) {\n${EV}\n    bpf_ringbuf_submit(e, 0);\n  }`, []],
  ['E11 accept: constant bound', `  for (int i = 0; i < 64; i++) {\n${EV}\n    bpf_ringbuf_submit(e, 0);\n  }`, []],
  ['E11 warning: bound from the context', `  __u32 n = *(__u32 *)ctx;\n  for (__u32 i = 0; i < n; i++) {\n${EV}\n    bpf_ringbuf_submit(e, 0);\n  }`, ['RS204@2:warning']],
  ['E11 silent: loop without a producer', `  __u32 n = bpf_get_prandom_u32();\n  for (__u32 i = 0; i < n; i++)\n    bpf_printk("x");`, []],
];

for (const [name, body, expected] of cases) {
  void test(`lint rows: ${name}`, () => {
    const r = rowKeys(body);
    assert.deepEqual(r.keys, [...expected].sort(), JSON.stringify(r.findings.map((f) => `${f.code} ${f.message}`)));
  });
}

void test('lint rows: D4 message names the range and the bytes', () => {
  const r = rowKeys(`  __u32 i = bpf_get_prandom_u32() & 127;\n${C64}\n  e[i] = 1;\n  bpf_ringbuf_submit(e, 0);`);
  assert.equal(
    r.findings[0]?.message,
    `'e[i]': 'i' ranges over 0..127, so the access reaches bytes 0..127 of a 64-byte record: the verifier rejects it ('invalid access to memory, mem_size=64' / 'max value is outside of the allowed memory range'). Bound the index to the field.`,
  );
});

void test('lint rows: D4 silent when the record pointer is moved or reassigned', () => {
  assert.deepEqual(rowKeys(`  __u32 i = bpf_get_prandom_u32() & 127;\n${C64}\n  e += 4;\n  e[i] = 1;\n  bpf_ringbuf_submit(e - 4, 0);`).keys, []);
});
