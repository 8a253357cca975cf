/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* writesnoop: the record shared by the BPF program and its consumer. */
#ifndef __WRITESNOOP_H
#define __WRITESNOOP_H

/* a power of 2, so that `len & (MAX_DATA - 1)` bounds a length for the verifier */
#define MAX_DATA 256

/* variable length: only the first `len` bytes of data[] are sent, so records are
 * offsetof(struct event, data) + len bytes long */
struct event {
	int pid;
	int fd;
	unsigned long long count; /* bytes the write asked for */
	unsigned int len;         /* bytes of data[] that follow */
	char data[MAX_DATA];
};

#endif /* __WRITESNOOP_H */
