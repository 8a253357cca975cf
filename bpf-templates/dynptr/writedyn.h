/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* writedyn: the record shared by the BPF program and its consumer. */
#ifndef __WRITEDYN_H
#define __WRITEDYN_H

/* a power of 2, so that a mask bounds the copied length */
#define MAX_DATA 256

/* variable length: the ring holds offsetof(struct event, data) + len bytes per record */
struct event {
	int pid;
	int fd;
	unsigned long long count; /* bytes the write asked for */
	unsigned int len;         /* bytes of data[] that follow */
	char data[MAX_DATA];
};

#endif /* __WRITEDYN_H */
