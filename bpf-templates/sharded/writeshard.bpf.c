// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* writeshard: one record per write(2), into the ring of the CPU it ran on. One shared ring makes
 * all CPUs contend for its lock; a ring per CPU (or per group of CPUs) removes that contention, at
 * the price of losing a global order. The rings sit in an ARRAY_OF_MAPS looked up by CPU id. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "writeshard.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* knob set by the loader before load: only this process (0 = all) */
const volatile int target_tgid = 0;

/* one definition shared by all shards: 64 KiB, a power-of-2 multiple of the page size.
 * libbpf also uses it as the inner-map template of the outer map. */
struct shard_ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
};

struct shard_ring rb_shard0 SEC(".maps");
struct shard_ring rb_shard1 SEC(".maps");
struct shard_ring rb_shard2 SEC(".maps");
struct shard_ring rb_shard3 SEC(".maps");

/* filled statically, so libbpf creates and inserts the inner rings itself: no loader code.
 * For one ring per CPU on a bigger machine, raise NR_SHARDS (and add rings here). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, NR_SHARDS);
	__type(key, __u32);
	__array(values, struct shard_ring);
} rings SEC(".maps") = {
	.values = { &rb_shard0, &rb_shard1, &rb_shard2, &rb_shard3 },
};

/* drop accounting: <ring>_drops for each shard, one per-CPU u64 slot, bumped when that shard is full */
struct drop_counter {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
};

struct drop_counter rb_shard0_drops SEC(".maps");
struct drop_counter rb_shard1_drops SEC(".maps");
struct drop_counter rb_shard2_drops SEC(".maps");
struct drop_counter rb_shard3_drops SEC(".maps");

/* keeps struct event in BTF (a ring buffer has no value type), so the consumer can decode records */
struct event *unused_event __attribute__((unused));

static __always_inline void count_drop(__u32 shard)
{
	__u32 zero = 0;
	__u64 *drops;

	/* a map cannot be picked by index, so each shard's counter has its own lookup */
	switch (shard) {
	case 0:
		drops = bpf_map_lookup_elem(&rb_shard0_drops, &zero);
		break;
	case 1:
		drops = bpf_map_lookup_elem(&rb_shard1_drops, &zero);
		break;
	case 2:
		drops = bpf_map_lookup_elem(&rb_shard2_drops, &zero);
		break;
	default:
		drops = bpf_map_lookup_elem(&rb_shard3_drops, &zero);
		break;
	}
	if (drops)
		*drops += 1;
}

SEC("tp/syscalls/sys_enter_write")
int handle_write(struct trace_event_raw_sys_enter *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u32 shard = cpu & (NR_SHARDS - 1);
	struct event *e;
	void *ring;

	if (target_tgid && (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;

	/* the lookup can fail (an empty slot), and the verifier insists on the check */
	ring = bpf_map_lookup_elem(&rings, &shard);
	if (!ring)
		return 0;
	e = bpf_ringbuf_reserve(ring, sizeof(*e), 0);
	if (!e) {
		count_drop(shard);
		return 0;
	}
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->fd = ctx->args[0];
	e->cpu = cpu;
	e->shard = shard;
	e->count = ctx->args[2];
	bpf_ringbuf_submit(e, 0);
	return 0;
}
