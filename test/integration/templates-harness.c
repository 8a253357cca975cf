// SPDX-License-Identifier: MIT
/* Test loader for the template integration tests, until the agent's load API exists: opens a BPF
 * object with libbpf, sets `const volatile` knobs and ring sizes, loads, attaches every program,
 * runs a generator command (forked first and held, so its pid can be a knob), then drains every
 * ring buffer once and prints JSON lines: {"child":PID}, {"ring":NAME,"hex":BYTES} per record, then
 * {"drops":NAME,"value":SUM} per per-CPU map named *_drops, then {"done":true}.
 * usage: harness OBJ [--set knob=value]... [--child-knob knob]... [--ring map=size]... -- cmd [args...] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static int silent(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_WARN)
		return vfprintf(stderr, fmt, args);
	return 0;
}

static int set_knob(struct bpf_object *obj, const char *name, long long value)
{
	struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *map;
	const char *sec_names[] = { ".rodata", ".data", ".bss" };

	for (unsigned s = 0; s < 3; s++) {
		int id = btf__find_by_name_kind(btf, sec_names[s], BTF_KIND_DATASEC);
		if (id < 0)
			continue;
		const struct btf_type *sec = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vi = btf_var_secinfos(sec);
		for (unsigned i = 0; i < btf_vlen(sec); i++, vi++) {
			const struct btf_type *var = btf__type_by_id(btf, vi->type);
			if (strcmp(btf__name_by_offset(btf, var->name_off), name) != 0)
				continue;
			bpf_object__for_each_map(map, obj) {
				const char *mn = bpf_map__name(map);
				size_t ml = strlen(mn), sl = strlen(sec_names[s]);
				if (ml < sl || strcmp(mn + ml - sl, sec_names[s]) != 0)
					continue;
				size_t size = 0;
				char *data = (char *)bpf_map__initial_value(map, &size);
				if (!data || vi->offset + vi->size > size)
					return -1;
				if (vi->size == 1) *(unsigned char *)(data + vi->offset) = value;
				else if (vi->size == 2) *(unsigned short *)(data + vi->offset) = value;
				else if (vi->size == 4) *(unsigned int *)(data + vi->offset) = value;
				else if (vi->size == 8) *(unsigned long long *)(data + vi->offset) = value;
				else return -1;
				return 0;
			}
		}
	}
	fprintf(stderr, "harness: no global named %s\n", name);
	return -1;
}

static int print_record(void *ctx, void *data, size_t len)
{
	printf("{\"ring\":\"%s\",\"hex\":\"", (const char *)ctx);
	for (size_t i = 0; i < len; i++)
		printf("%02x", ((unsigned char *)data)[i]);
	printf("\"}\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *child_knobs[8];
	int n_child_knobs = 0, argi = 2, sync_pipe[2], status;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	pid_t child;

	if (argc < 4)
		return 2;
	libbpf_set_print(silent);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "harness: open failed: %d\n", -errno);
		return 1;
	}
	/* the generator waits on a pipe until everything is attached */
	if (pipe(sync_pipe))
		return 1;
	for (; argi < argc && strcmp(argv[argi], "--") != 0; argi += 2) {
		if (argi + 1 >= argc)
			return 2;
		char *arg = argv[argi + 1], *eq = strchr(arg, '=');
		if (strcmp(argv[argi], "--child-knob") == 0) {
			if (n_child_knobs < 8)
				child_knobs[n_child_knobs++] = arg;
			continue;
		}
		if (!eq)
			return 2;
		*eq = 0;
		if (strcmp(argv[argi], "--set") == 0) {
			if (set_knob(obj, arg, strtoll(eq + 1, NULL, 0)))
				return 1;
		} else if (strcmp(argv[argi], "--ring") == 0) {
			map = bpf_object__find_map_by_name(obj, arg);
			if (!map || bpf_map__set_max_entries(map, strtoul(eq + 1, NULL, 0))) {
				fprintf(stderr, "harness: cannot size map %s\n", arg);
				return 1;
			}
		} else {
			return 2;
		}
	}
	if (argi >= argc - 1)
		return 2;
	child = fork();
	if (child == 0) {
		char go;
		close(sync_pipe[1]);
		if (read(sync_pipe[0], &go, 1) != 1)
			_exit(126);
		execvp(argv[argi + 1], argv + argi + 1);
		_exit(127);
	}
	close(sync_pipe[0]);
	printf("{\"child\":%d}\n", child);
	for (int i = 0; i < n_child_knobs; i++)
		if (set_knob(obj, child_knobs[i], child))
			return 1;
	if (bpf_object__load(obj)) {
		fprintf(stderr, "harness: load failed: %d\n", -errno);
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__attach(prog)) {
			fprintf(stderr, "harness: attach %s failed: %d\n", bpf_program__name(prog), -errno);
			return 1;
		}
	}
	if (write(sync_pipe[1], "g", 1) != 1)
		return 1;
	close(sync_pipe[1]);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "harness: generator failed (status %d)\n", status);
		return 1;
	}
	/* drain every ring buffer of the object once; nothing consumed before, so drops are deterministic */
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__type(map) != BPF_MAP_TYPE_RINGBUF)
			continue;
		struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(map), print_record, (void *)bpf_map__name(map), NULL);
		if (!rb || ring_buffer__consume(rb) < 0) {
			fprintf(stderr, "harness: reading %s failed\n", bpf_map__name(map));
			return 1;
		}
		ring_buffer__free(rb);
	}
	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);
		size_t len = strlen(name);
		if (bpf_map__type(map) != BPF_MAP_TYPE_PERCPU_ARRAY || len < 6 || strcmp(name + len - 6, "_drops") != 0)
			continue;
		int ncpu = libbpf_num_possible_cpus();
		unsigned long long values[ncpu > 0 ? ncpu : 1], sum = 0;
		__u32 zero = 0;
		if (ncpu <= 0 || bpf_map_lookup_elem(bpf_map__fd(map), &zero, values))
			return 1;
		for (int i = 0; i < ncpu; i++)
			sum += values[i];
		printf("{\"drops\":\"%s\",\"value\":%llu}\n", name, sum);
	}
	printf("{\"done\":true}\n");
	bpf_object__close(obj);
	return 0;
}
