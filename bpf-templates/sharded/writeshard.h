/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* writeshard: the record shared by the BPF program and its consumer. */
#ifndef __WRITESHARD_H
#define __WRITESHARD_H

/* number of rings; a power of 2 so the CPU id maps onto a shard with a mask */
#define NR_SHARDS 4

struct event {
	int pid;
	int fd;
	unsigned int cpu;   /* CPU the write ran on */
	unsigned int shard; /* ring the record went to: cpu & (NR_SHARDS - 1) */
	unsigned long long count;
};

#endif /* __WRITESHARD_H */
