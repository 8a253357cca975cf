// Facts about helpers the path engine needs beyond the ring-buffer API: which arguments are memory the
// verifier checks (a maybe-NULL record there is rejected), which take callbacks, which names are not calls.

/** Helper → indices of `ARG_PTR_TO_MEM`-like arguments (include/uapi/linux/bpf.h prototypes). */
export const MEMORY_ARGS: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ['bpf_get_current_comm', [0]],
  ['bpf_probe_read', [0]],
  ['bpf_probe_read_kernel', [0]],
  ['bpf_probe_read_user', [0]],
  ['bpf_probe_read_str', [0]],
  ['bpf_probe_read_kernel_str', [0]],
  ['bpf_probe_read_user_str', [0]],
  ['bpf_copy_from_user', [0]],
  ['bpf_snprintf', [0]],
  ['bpf_ringbuf_output', [1]],
  ['bpf_get_stack', [1]],
  ['bpf_get_task_stack', [1]],
  ['bpf_d_path', [1]],
  ['bpf_perf_event_output', [3]],
  ['bpf_skb_load_bytes', [2]],
  ['bpf_xdp_load_bytes', [2]],
  ['bpf_map_update_elem', [1, 2]],
  ['bpf_map_lookup_elem', [1]],
  ['bpf_get_ns_current_pid_tgid', [2]],
]);

/** Helper → (memory argument, its constant size argument), for the bounds check (rule book D5). */
export const SIZED_ARGS: ReadonlyMap<string, { readonly ptr: number; readonly size: number }> = new Map([
  ['bpf_get_current_comm', { ptr: 0, size: 1 }],
  ['bpf_probe_read', { ptr: 0, size: 1 }],
  ['bpf_probe_read_kernel', { ptr: 0, size: 1 }],
  ['bpf_probe_read_user', { ptr: 0, size: 1 }],
  ['bpf_probe_read_str', { ptr: 0, size: 1 }],
  ['bpf_probe_read_kernel_str', { ptr: 0, size: 1 }],
  ['bpf_probe_read_user_str', { ptr: 0, size: 1 }],
  ['bpf_copy_from_user', { ptr: 0, size: 1 }],
  ['bpf_snprintf', { ptr: 0, size: 1 }],
  ['bpf_ringbuf_output', { ptr: 1, size: 2 }],
  ['bpf_get_stack', { ptr: 1, size: 2 }],
  ['bpf_get_task_stack', { ptr: 1, size: 2 }],
  ['bpf_d_path', { ptr: 1, size: 2 }],
  ['bpf_perf_event_output', { ptr: 3, size: 4 }],
  ['bpf_skb_load_bytes', { ptr: 2, size: 3 }],
]);

/** Helpers that take a callback: index of the callback and of its ctx argument. */
export const CALLBACK_HELPERS: ReadonlyMap<string, { readonly cb: number; readonly ctx: number }> = new Map([
  ['bpf_loop', { cb: 1, ctx: 2 }],
  ['bpf_for_each_map_elem', { cb: 1, ctx: 2 }],
  ['bpf_user_ringbuf_drain', { cb: 1, ctx: 2 }],
  ['bpf_find_vma', { cb: 3, ctx: 4 }],
]);

/** `bpf_`-prefixed names that compile to no call instruction (builtins, CO-RE relocations, macros). */
const NOT_CALLS = /^bpf_(core_|ksym_exists$|cmp_(un)?likely$|spin_unlock$|spin_lock$|for$|repeat$|for_each$|probe_read_kernel_str_$)/;

/** Does a call of `name` compile to a helper/kfunc call (what E10 forbids while a lock is held)? */
export function isHelperCall(name: string): boolean {
  return name.startsWith('bpf_') && !NOT_CALLS.test(name);
}

/** Dynptr kfuncs/helpers returning a slice of the dynptr's memory (may be NULL). */
export const DYN_SLICE = new Set(['bpf_dynptr_data', 'bpf_dynptr_slice', 'bpf_dynptr_slice_rdwr']);
