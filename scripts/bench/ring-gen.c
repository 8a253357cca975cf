// Ring benchmark generator (scripts/bench/ring.mjs): prints its pid, then for each line "<n>" read on
// stdin calls getpid() through syscall(2) n times and answers "done", so one loaded program (which
// filters on this pid) can be driven through a warm-up round and then the measured round. Exits on EOF.
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char line[32];

	printf("%d\n", getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		long n = atol(line);

		for (long i = 0; i < n; i++)
			syscall(SYS_getpid);
		printf("done\n");
		fflush(stdout);
	}
	return 0;
}
