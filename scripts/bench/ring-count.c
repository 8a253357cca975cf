// Ring benchmark baseline (scripts/bench/ring.mjs): loads flood.bpf.o through its skeleton and counts
// records with libbpf's ring_buffer__poll, nothing else. usage: ring-count <pid> <per_call> <expected> [drain]
// Prints "ready" on stderr once attached; with `drain` waits for a line on stdin (the ring fills
// meanwhile). Consumes until records + drops reach `expected`, then prints
// "<records> <drops> <t_start> <t_last> <cpu>": CLOCK_MONOTONIC seconds (the clock of Node's
// process.hrtime) of the drain signal (0 without drain) and of the last record, so the bench times both
// consumers over the same window, and the process CPU seconds spent from the drain signal (or start) to
// the last record (on a shared machine, wall time also counts other processes' turns).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <bpf/libbpf.h>
#include "flood.skel.h"

static long long seen;

static int on_record(void *ctx, void *data, size_t len)
{
	seen++;
	return 0;
}

static double clock_s(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

int main(int argc, char **argv)
{
	struct flood_bpf *skel;
	struct ring_buffer *rb;
	long long expected, before;
	char line[16];
	double start = 0, last = 0, cpu0, cpu_last = 0;

	if (argc < 4)
		return 2;
	skel = flood_bpf__open();
	if (!skel)
		return 1;
	skel->rodata->target_pid = atoi(argv[1]);
	skel->rodata->per_call = atoi(argv[2]);
	expected = atoll(argv[3]);
	if (flood_bpf__load(skel) || flood_bpf__attach(skel))
		return 1;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), on_record, NULL, NULL);
	if (!rb)
		return 1;
	fprintf(stderr, "ready\n");
	cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	if (argc > 4) {
		if (!fgets(line, sizeof(line), stdin))
			return 1;
		start = now();
		cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	}
	while (seen + (long long)skel->bss->rb_drops < expected) {
		int n;

		before = seen;
		n = ring_buffer__poll(rb, 10);
		if (n < 0)
			return 1;
		/* BPF_RB_NO_WAKEUP producers never wake epoll: consume what is there anyway */
		if (n == 0 && ring_buffer__consume(rb) < 0)
			return 1;
		if (seen != before) {
			last = now();
			cpu_last = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		}
	}
	printf("%lld %llu %.9f %.9f %.9f\n", seen, (unsigned long long)skel->bss->rb_drops, start, last, cpu_last - cpu0);
	ring_buffer__free(rb);
	flood_bpf__destroy(skel);
	return 0;
}
