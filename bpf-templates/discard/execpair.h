/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* execpair: the records shared by the BPF program and its consumer. */
#ifndef __EXECPAIR_H
#define __EXECPAIR_H

#define TASK_COMM_LEN 16
#define MAX_PATH_LEN 128

/* every record starts with its kind, so the consumer can tell them apart */
enum pair_kind {
	PAIR_HEAD = 1,
	PAIR_PATH = 2,
};

/* first record of a pair: who exec'd */
struct exec_head {
	enum pair_kind kind;
	int pid;
	int ppid;
	unsigned int path_len; /* length of the path in the record that follows */
	char comm[TASK_COMM_LEN];
};

/* second record of a pair: what was exec'd */
struct exec_path {
	enum pair_kind kind;
	int pid;
	char path[MAX_PATH_LEN];
};

/* scratch space, reserved in the ring and always discarded: never seen by the consumer */
struct exec_scratch {
	char path[MAX_PATH_LEN];
};

#endif /* __EXECPAIR_H */
