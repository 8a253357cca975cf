// The C the parser checks its raw reader on when it starts (parser.ts): fields, aliased identifiers
// (field, type and statement identifiers), extras (comments, preprocessor lines inside bodies), ERROR and
// MISSING nodes, and a non-ASCII comment (UTF-16 offsets).
export const SAMPLE_C = `#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#define SZ (sizeof(struct event) * 2)
#define MAX(a, b) ((a) > (b) ? (a) : (b))
/* é — ü */
struct event { __u32 pid; char comm[16]; union { int a; long b; } u; unsigned int bits : 3; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } rb SEC(".maps");
const volatile __u64 knob = 1;
typedef struct event event_t;
static __always_inline int helper(struct event *e, int n) { return e->pid + n; }
SEC("tp/syscalls/sys_enter_getpid") int prog(void *ctx)
{
\tstruct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
\tif (!e)
\t\treturn 0;
#ifdef DEBUG
\tbpf_printk("x");
#endif
\tfor (int i = 0; i < 4 && e->pid; i++) { e->comm[i] = 'a'; continue; }
\tswitch (e->pid) { case 1: goto out; default: break; }
\twhile (knob) { do { e->pid++; } while (0); }
\te->pid = knob ? (int)helper(e, 1) : -1, e->comm[0] = "s"[0];
out:
\tbpf_ringbuf_submit(e, 0);
\treturn 0;
}
int broken(void) { int x = ; if (x { return 1 }
int tail(void) { return sizeof(event_t) + MAX(1, 2)
`;
