// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* execpair: each exec becomes two records (head + path) that are submitted together or not at all,
 * so a consumer never sees half a pair. A third reservation serves as temporary memory: it holds
 * the path while the program decides, and is always discarded (the consumer skips it). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "execpair.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* knobs set by the loader before load */
const volatile int target_ppid = 0;          /* only children of this process (0 = all) */
const volatile unsigned int min_path_len = 0; /* skip shorter paths */

/* 256 KiB: a power-of-2 multiple of the page size, as the kernel requires */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* drop accounting: <ring>_drops, one per-CPU u64 slot, bumped once per pair that did not fit */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rb_drops SEC(".maps");

/* keep the record types in BTF (a ring buffer has no value type), so the consumer can decode them */
struct exec_head *unused_head __attribute__((unused));
struct exec_path *unused_path __attribute__((unused));

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *drops = bpf_map_lookup_elem(&rb_drops, &zero);

	if (drops)
		*drops += 1;
}

SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	int ppid = BPF_CORE_READ(task, real_parent, tgid);
	unsigned int off = ctx->__data_loc_filename & 0xFFFF;
	struct exec_scratch *tmp;
	struct exec_head *h;
	struct exec_path *p;
	long len;

	if (target_ppid && ppid != target_ppid)
		return 0;

	/* temporary memory: read the path before deciding whether to report at all */
	tmp = bpf_ringbuf_reserve(&rb, sizeof(*tmp), 0);
	if (!tmp) {
		count_drop();
		return 0;
	}
	len = bpf_probe_read_kernel_str(tmp->path, sizeof(tmp->path), (void *)ctx + off);
	if (len < 1 || len - 1 < min_path_len) {
		bpf_ringbuf_discard(tmp, 0);
		return 0;
	}

	/* all or nothing: hold both records before filling either */
	h = bpf_ringbuf_reserve(&rb, sizeof(*h), 0);
	if (!h) {
		bpf_ringbuf_discard(tmp, 0);
		count_drop();
		return 0;
	}
	p = bpf_ringbuf_reserve(&rb, sizeof(*p), 0);
	if (!p) {
		/* the head must not go out alone */
		bpf_ringbuf_discard(h, 0);
		bpf_ringbuf_discard(tmp, 0);
		count_drop();
		return 0;
	}

	h->kind = PAIR_HEAD;
	h->pid = bpf_get_current_pid_tgid() >> 32;
	h->ppid = ppid;
	h->path_len = len - 1;
	bpf_get_current_comm(&h->comm, sizeof(h->comm));
	p->kind = PAIR_PATH;
	p->pid = h->pid;
	bpf_probe_read_kernel_str(p->path, sizeof(p->path), tmp->path);

	/* the scratch record is discarded: it keeps its space until the consumer passes it */
	bpf_ringbuf_discard(tmp, 0);
	bpf_ringbuf_submit(h, 0);
	bpf_ringbuf_submit(p, 0);
	return 0;
}
