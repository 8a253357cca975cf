// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* execsnoop: one record per exec, written in place with reserve -> NULL check -> fill -> submit.
 * Reserving writes straight into the ring: no stack copy, and no record is half-visible. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "execsnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* knob set by the loader before load: only report children of this process (0 = all) */
const volatile int target_ppid = 0;

/* 256 KiB: a power-of-2 multiple of the page size, as the kernel requires */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* drop accounting: <ring>_drops, one per-CPU u64 slot, bumped when the ring is full */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rb_drops SEC(".maps");

/* keeps struct event in BTF (a ring buffer has no value type), so the consumer can decode records */
struct event *unused_event __attribute__((unused));

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *drops = bpf_map_lookup_elem(&rb_drops, &zero);

	/* per-CPU slot: no atomic needed */
	if (drops)
		*drops += 1;
}

SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	int ppid = BPF_CORE_READ(task, real_parent, tgid);
	unsigned int fname_off;
	struct event *e;

	if (target_ppid && ppid != target_ppid)
		return 0;

	/* the size is a compile-time constant, as the verifier demands */
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}

	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = ppid;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	fname_off = ctx->__data_loc_filename & 0xFFFF;
	bpf_probe_read_kernel_str(&e->filename, sizeof(e->filename), (void *)ctx + fname_off);

	/* every path that reserved must submit or discard */
	bpf_ringbuf_submit(e, 0);
	return 0;
}
