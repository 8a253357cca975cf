// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* writesnoop: the first bytes of each write(2), sent with bpf_ringbuf_output. The record is built
 * in per-CPU scratch memory and copied with its real length, which the verifier cannot know in
 * advance: the migration path from bpf_perf_event_output. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "writesnoop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* knobs set by the loader before load */
const volatile int target_tgid = 0;            /* only this process (0 = all) */
const volatile unsigned long long min_size = 0; /* skip smaller writes */

/* 256 KiB: a power-of-2 multiple of the page size, as the kernel requires */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* drop accounting: <ring>_drops, one per-CPU u64 slot, bumped when output fails */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rb_drops SEC(".maps");

/* scratch for building a record: too big for the 512-byte BPF stack */
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
	__u32 zero = 0;
	struct event *e;
	__u64 count = ctx->args[2];
	__u32 len;

	if (target_tgid && (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	if (count < min_size)
		return 0;
	e = bpf_map_lookup_elem(&heap, &zero);
	if (!e)
		return 0;

	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->fd = ctx->args[0];
	e->count = count;
	len = count < MAX_DATA ? count : MAX_DATA;
	/* the mask restates the bound in a form the verifier tracks */
	len &= (MAX_DATA * 2 - 1);
	if (len > MAX_DATA)
		len = MAX_DATA;
	e->len = len;
	bpf_probe_read_user(e->data, len, (void *)ctx->args[1]);

	/* output copies: only the used prefix of the record crosses into the ring */
	if (bpf_ringbuf_output(&rb, e, offsetof(struct event, data) + len, 0))
		count_drop();
	return 0;
}
