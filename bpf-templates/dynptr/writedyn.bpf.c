// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* writedyn: the first bytes of each write(2), in a record reserved with its exact size through a
 * dynptr. Unlike bpf_ringbuf_reserve, the size need not be a constant, and unlike
 * bpf_ringbuf_output, there is no second copy. The dynptr holds a reference even when the reservation
 * fails, so every path ends in submit or discard. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "writedyn.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* knobs set by the loader before load */
const volatile int target_tgid = 0;            /* only this process (0 = all) */
const volatile unsigned long long min_size = 0; /* skip smaller writes */

/* 256 KiB: a power-of-2 multiple of the page size, as the kernel requires */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* drop accounting: <ring>_drops, one per-CPU u64 slot, bumped when the reservation fails */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rb_drops SEC(".maps");

/* staging for the user bytes: bpf_dynptr_write copies from kernel memory */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} heap SEC(".maps");

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
	__u64 count = ctx->args[2];
	struct bpf_dynptr ptr;
	struct event *e;
	__u32 zero = 0, len;

	if (target_tgid && (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	if (count < min_size)
		return 0;
	e = bpf_map_lookup_elem(&heap, &zero);
	if (!e)
		return 0;

	len = count < MAX_DATA ? count : MAX_DATA;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->fd = ctx->args[0];
	e->count = count;
	e->len = len;

	/* a variable size is fine here; the verifier only checks the later accesses */
	if (bpf_ringbuf_reserve_dynptr(&rb, offsetof(struct event, data) + len, 0, &ptr)) {
		/* failed, but still holds a reference: release it */
		bpf_ringbuf_discard_dynptr(&ptr, 0);
		count_drop();
		return 0;
	}
	len &= MAX_DATA * 2 - 1;
	if (len > MAX_DATA)
		len = MAX_DATA;
	if (bpf_probe_read_user(e->data, len, (void *)ctx->args[1]) ||
	    bpf_dynptr_write(&ptr, 0, e, offsetof(struct event, data) + len, 0)) {
		/* nothing half-written reaches the consumer */
		bpf_ringbuf_discard_dynptr(&ptr, 0);
		return 0;
	}
	bpf_ringbuf_submit_dynptr(&ptr, 0);
	return 0;
}
