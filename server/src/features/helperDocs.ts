// Hover documentation of the ring-buffer helpers and BPF_RB_* flags: what the verifier demands and
// what happens at run time, condensed from the rule book (../shared/ringbuf-rules.md, cited by row)
// and the kernel's Documentation/bpf/ringbuf.rst.

export interface SymbolDoc {
  /** C signature or definition, shown as a code block. */
  readonly signature: string;
  /** Markdown paragraphs. */
  readonly text: string;
}

const wakeup =
  'Wakeup: by default the consumer is woken only when it has caught up to this record; ' +
  '`BPF_RB_NO_WAKEUP` never wakes it, `BPF_RB_FORCE_WAKEUP` always does (and wins when both are set).';

export const helperDocs: Readonly<Record<string, SymbolDoc>> = {
  bpf_ringbuf_reserve: {
    signature: 'void *bpf_ringbuf_reserve(void *ringbuf, __u64 size, __u64 flags)',
    text:
      'Reserves `size` bytes in a `BPF_MAP_TYPE_RINGBUF` map and returns a pointer to them, or NULL. ' +
      'First half of the **reserve/commit split**: the record is invisible to the consumer until it is ' +
      'committed with `bpf_ringbuf_submit` or dropped with `bpf_ringbuf_discard`, so it can be filled in place without a copy.\n\n' +
      '- `size` must be a constant the verifier knows (`sizeof`, an integer constant, a `const volatile` global), ' +
      "else the load fails with `R2 is not a known constant'` (C1/C2).\n" +
      '- The result must be NULL-checked before any access (D1/D2), and accesses stay inside `[0, size)` (D3).\n' +
      '- Every non-NULL reservation must be submitted or discarded on **every** path to an exit, or the load fails ' +
      'with `Unreleased reference` (E1–E8).\n' +
      '- `flags` must be 0: any other value makes it return NULL at run time (C5). A record larger than the ring ' +
      'minus 16 bytes never fits (C4). Each record uses `round_up(size + 8, 8)` bytes of the ring.',
  },
  bpf_ringbuf_submit: {
    signature: 'void bpf_ringbuf_submit(void *data, __u64 flags)',
    text:
      'Commits a record obtained from `bpf_ringbuf_reserve`: it becomes visible to the consumer. ' +
      'Releases the reference: after it, the pointer and every alias of it are dead (F1); releasing twice fails (F2).\n\n' +
      '- `data` must be the NULL-checked reserved pointer itself, at offset 0 (F3/F4), not a dynptr slice (I8).\n' +
      `- ${wakeup} Other flag bits are ignored (F5).`,
  },
  bpf_ringbuf_discard: {
    signature: 'void bpf_ringbuf_discard(void *data, __u64 flags)',
    text:
      'Drops a reserved record: the consumer skips it. Use it to release a reservation on an error path, and for ' +
      '**multi-record atomicity**: reserve every record first, then submit all of them or discard all of them. ' +
      'The space stays used until the consumer moves past it.\n\n' +
      '- Same pointer rules as `bpf_ringbuf_submit` (F1–F4).\n' +
      `- ${wakeup}`,
  },
  bpf_ringbuf_output: {
    signature: 'long bpf_ringbuf_output(void *ringbuf, void *data, __u64 size, __u64 flags)',
    text:
      'Copies `size` bytes from `data` into a new record and commits it in one call: simpler than reserve/submit, ' +
      'at the cost of a copy. `size` may be a variable, but it must be bounded and non-negative (G1/G2) and ' +
      '`data` must be readable memory of that size (G3/G4).\n\n' +
      '- Returns 0, `-EAGAIN` when the ring is full, `-EINVAL` when `flags` has bits other than ' +
      '`BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP` (G6).\n' +
      `- ${wakeup}`,
  },
  bpf_ringbuf_query: {
    signature: '__u64 bpf_ringbuf_query(void *ringbuf, __u64 flags)',
    text:
      'Reads one property of the ring, chosen by `flags`:\n\n' +
      '- `BPF_RB_AVAIL_DATA`: bytes not yet consumed (including discarded records);\n' +
      '- `BPF_RB_RING_SIZE`: the data size (`max_entries`);\n' +
      '- `BPF_RB_CONS_POS` / `BPF_RB_PROD_POS`: the consumer and producer positions.\n\n' +
      'The values are a snapshot that may be stale at once; use them for heuristics such as adaptive wakeups. ' +
      'An unknown flag returns 0 (H1).',
  },
  bpf_ringbuf_reserve_dynptr: {
    signature: 'long bpf_ringbuf_reserve_dynptr(void *ringbuf, __u32 size, __u64 flags, struct bpf_dynptr *ptr)',
    text:
      'Reserves a record of a **variable** size and describes it with a ringbuf dynptr on the stack; read and write ' +
      'it with `bpf_dynptr_read`/`bpf_dynptr_write`/`bpf_dynptr_data`. Needs CAP_BPF (I10).\n\n' +
      '- Acquires a reference **even when it fails** (returns `-E2BIG` over 16 MiB − 1, `-EINVAL` on flags ≠ 0 or a ' +
      'full ring): call `bpf_ringbuf_submit_dynptr` or `bpf_ringbuf_discard_dynptr` on every path, the error path included (I1).\n' +
      '- `ptr` must be a stack slot at a constant offset (I3); a live dynptr cannot be re-initialised or copied (I4).',
  },
  bpf_ringbuf_submit_dynptr: {
    signature: 'void bpf_ringbuf_submit_dynptr(struct bpf_dynptr *ptr, __u64 flags)',
    text:
      'Commits the record of a dynptr from `bpf_ringbuf_reserve_dynptr` (a no-op on a dynptr whose reservation failed). ' +
      'Afterwards the dynptr, its slices and its clones are dead (I6). Only an acquired ringbuf dynptr may be released (I5).\n\n' +
      `- ${wakeup}`,
  },
  bpf_ringbuf_discard_dynptr: {
    signature: 'void bpf_ringbuf_discard_dynptr(struct bpf_dynptr *ptr, __u64 flags)',
    text:
      'Drops the record of a dynptr from `bpf_ringbuf_reserve_dynptr`; required on the failure path too (I1). ' +
      'Afterwards the dynptr, its slices and its clones are dead (I6).\n\n' +
      `- ${wakeup}`,
  },
  bpf_user_ringbuf_drain: {
    signature:
      'long bpf_user_ringbuf_drain(void *map, void *callback_fn, void *ctx, __u64 flags)\n' +
      '/* long callback_fn(struct bpf_dynptr *dynptr, void *ctx); */',
    text:
      'Consumes samples that user space wrote to a `BPF_MAP_TYPE_USER_RINGBUF` map (B3), calling `callback_fn` once per ' +
      'sample with a read-only dynptr over it. The callback returns 0 to continue or 1 to stop (J1); the dynptr cannot ' +
      'be released or re-initialised there (J3). `ctx` is a stack pointer or NULL (J2).\n\n' +
      '- Returns the number of samples drained or a negative error. `flags` must be a subset of ' +
      '`BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP`, else `-EINVAL` at run time (J4). Needs CAP_BPF.',
  },
};

export const flagDocs: Readonly<Record<string, SymbolDoc>> = {
  BPF_RB_NO_WAKEUP: {
    signature: 'BPF_RB_NO_WAKEUP = 1',
    text:
      'Flag of submit/discard/output (and their dynptr variants): do not wake the consumer for this record. ' +
      'Use it for batching, with a later record (or `BPF_RB_FORCE_WAKEUP`) waking the consumer. `BPF_RB_FORCE_WAKEUP` wins when both are set.',
  },
  BPF_RB_FORCE_WAKEUP: {
    signature: 'BPF_RB_FORCE_WAKEUP = 2',
    text:
      'Flag of submit/discard/output (and their dynptr variants): always wake the consumer, even when it has not ' +
      'caught up to this record. Costs a wakeup per record; pair with `BPF_RB_NO_WAKEUP` and `bpf_ringbuf_query(…, BPF_RB_AVAIL_DATA)` for adaptive notification.',
  },
  BPF_RB_AVAIL_DATA: {
    signature: 'BPF_RB_AVAIL_DATA = 0',
    text: '`bpf_ringbuf_query` flag: bytes produced but not yet consumed (producer − consumer position), discarded records included.',
  },
  BPF_RB_RING_SIZE: {
    signature: 'BPF_RB_RING_SIZE = 1',
    text: "`bpf_ringbuf_query` flag: the ring's data size, i.e. its `max_entries` (after libbpf's rounding up to a power-of-2 page multiple).",
  },
  BPF_RB_CONS_POS: {
    signature: 'BPF_RB_CONS_POS = 2',
    text: "`bpf_ringbuf_query` flag: the consumer position, a byte counter that only grows (user space advances it).",
  },
  BPF_RB_PROD_POS: {
    signature: 'BPF_RB_PROD_POS = 3',
    text: '`bpf_ringbuf_query` flag: the producer position, a byte counter that only grows; each record advances it by `round_up(size + 8, 8)`.',
  },
};

export function symbolDoc(word: string): SymbolDoc | undefined {
  return helperDocs[word] ?? flagDocs[word];
}
