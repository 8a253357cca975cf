/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* writebatch: the record shared by the BPF program and its consumer. */
#ifndef __WRITEBATCH_H
#define __WRITEBATCH_H

struct event {
	int pid;
	int fd;
	unsigned long long count;     /* bytes the write asked for */
	unsigned long long avail;     /* unconsumed bytes in the ring before this record */
	unsigned long long ring_size; /* data size of the ring */
	unsigned int woke;            /* 1 when this record forced a wakeup */
};

#endif /* __WRITEBATCH_H */
