// Verifier logs mapped to source: the failing line is the last `@ file:LINE` annotation before the
// verifier's message; summaries and register states are not the message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVerifierLog } from '../../client/agent/libbpf/verifierLog';

const NULL_DEREF = `arg#0 reference type('UNKNOWN ') size cannot be determined: -22
0: R1=ctx() R10=fp0
; __u32 *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0); @ reject.bpf.c:14
0: (18) r1 = 0xffff888104340000       ; R1=map_ptr(map=rb,ks=0,vs=0)
4: (85) call bpf_ringbuf_reserve#131          ; R0=ringbuf_mem_or_null(id=2,ref_obj_id=2,sz=4) refs=2
5: (b7) r1 = 1                        ; R1=1 refs=2
; *e = 1; @ reject.bpf.c:16
6: (63) *(u32 *)(r0 +0) = r1
R0 invalid mem access 'ringbuf_mem_or_null'
processed 6 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
`;

void test('a NULL dereference points at its line', () => {
  assert.deepEqual(parseVerifierLog(NULL_DEREF), {
    message: "R0 invalid mem access 'ringbuf_mem_or_null'",
    source: '*e = 1;',
    file: 'reject.bpf.c',
    line: 16,
  });
});

void test('an unreleased reference points at the last annotated line', () => {
  const log = `; e = bpf_ringbuf_reserve(&rb, 8, 0); @ leak.bpf.c:20
3: (85) call bpf_ringbuf_reserve#131
; return 0; @ leak.bpf.c:24
9: (95) exit
Unreleased reference id=2 alloc_insn=3
processed 10 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0
`;
  assert.deepEqual(parseVerifierLog(log), { message: 'Unreleased reference id=2 alloc_insn=3', source: 'return 0;', file: 'leak.bpf.c', line: 24 });
});

void test('a log without annotations gives the message alone', () => {
  assert.deepEqual(parseVerifierLog('0: (95) exit\nR0 !read_ok\nprocessed 1 insns\n'), { message: 'R0 !read_ok' });
  assert.deepEqual(parseVerifierLog(''), { message: 'the verifier rejected the program' });
});
