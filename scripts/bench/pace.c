// Paced generator for scripts/bench/host.mjs: prints its pid, waits for a line on stdin, then calls
// getpid() `hz` times a second (argv[2]) for `seconds` (argv[1]), catching up when it falls behind,
// so a per-call producer (test/fixtures/agent/flood.bpf.c) emits a steady rate instead of one burst.
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 10;
	long hz = argc > 2 ? atol(argv[2]) : 1000;
	char line[16];
	long done = 0;

	printf("%d\n", getpid());
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	double start = now();
	for (;;) {
		double elapsed = now() - start;
		if (elapsed >= seconds)
			break;
		long target = (long)(elapsed * hz) + 1;
		while (done < target) {
			syscall(SYS_getpid);
			done++;
		}
		// sleep to the next tick (absolute, so sleeping late never accumulates drift)
		double next = start + (double)done / hz;
		struct timespec ts = { (time_t)next, (long)((next - (time_t)next) * 1e9) };
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	}
	printf("%ld\n", done);
	return 0;
}
