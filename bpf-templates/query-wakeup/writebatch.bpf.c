// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* writebatch: one record per write(2), with notifications batched. A wakeup per record costs the
 * consumer a context switch each; instead the program asks the ring how full it is and wakes the
 * consumer only once enough data waits (BPF_RB_FORCE_WAKEUP), never otherwise (BPF_RB_NO_WAKEUP).
 * The consumer should also poll with a timeout, so a quiet tail is still read. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "writebatch.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* knobs set by the loader before load */
const volatile int target_tgid = 0;            /* only this process (0 = all) */
const volatile unsigned int wakeup_percent = 25; /* wake the consumer once this much of the ring is used */

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

	if (drops)
		*drops += 1;
}

SEC("tp/syscalls/sys_enter_write")
int handle_write(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e;
	__u64 avail, size;

	if (target_tgid && (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;

	/* read before reserving, so the numbers describe what the consumer has not read yet */
	avail = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA);
	size = bpf_ringbuf_query(&rb, BPF_RB_RING_SIZE);

	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->fd = ctx->args[0];
	e->count = ctx->args[2];
	e->avail = avail;
	e->ring_size = size;
	e->woke = avail * 100 >= size * wakeup_percent;

	/* the flag only affects the notification; the record is committed either way */
	bpf_ringbuf_submit(e, e->woke ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
	return 0;
}
