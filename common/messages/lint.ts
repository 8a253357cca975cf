// Messages of the BPF ring-buffer linter (server/src/analysis/rules/): what the kernel will do, the
// message it prints, and the fix. Codes RS1nn are documented one by one in docs/rules.md.
import { message } from './catalog';

export const mapKey = message('RS101', (map: string) =>
  `Ring buffer '${map}' has a key: ring buffers need key size 0 and libbpf does not strip it. Map creation fails ` +
    `with 'Invalid argument(-22)'. Remove the key.`,
);
export const mapValue = message('RS102', (map: string) =>
  `Ring buffer '${map}' has a value: ring buffers need value size 0. Map creation fails with 'Invalid argument(-22)'. ` +
    `Remove the value; the record type belongs to bpf_ringbuf_reserve/output.`,
);
export const mapSizeRounded = message('RS103', (map: string, size: number, page: number, rounded: number) =>
  `max_entries of '${map}' is ${size}, not a power-of-2 multiple of the page size (${page}). libbpf rounds it up to ` +
    `${rounded} when loading; other loaders (raw bpf(2), cilium/ebpf) fail with 'Invalid argument'. Write ${rounded}.`,
);
export const mapSizeMissing = message('RS104', (map: string) =>
  `Ring buffer '${map}' has no max_entries (or 0): map creation fails with 'Invalid argument(-22)' unless user space ` +
    `calls bpf_map__set_max_entries() before load. Add e.g. __uint(max_entries, 256 * 1024).`,
);
export const mapSizeTooBig = message('RS105', (map: string, size: number) =>
  `max_entries of '${map}' is ${size}: it cannot be rounded to a power-of-2 page multiple of at most 2 GiB, so map ` +
    `creation fails with 'Invalid argument(-22)'.`,
);
export const mapFlags = message('RS106', (map: string, flags: number) =>
  `map_flags 0x${flags.toString(16)} on ring buffer '${map}': only BPF_F_NUMA_NODE is allowed, map creation fails ` +
    `with 'Invalid argument(-22)'.`,
);
export const innerTemplate = message('RS107', (outer: string, problem: string) =>
  `The inner ring-buffer template of '${outer}' ${problem}: libbpf creates the template first and fails with ` +
    `'failed to create inner map: -22'.`,
);
export const legacyMaps = message('RS108', (map: string) =>
  `'${map}' is a legacy SEC("maps") definition: libbpf v1.0+ refuses the object ('legacy map definitions in 'maps' ` +
    `section are not supported'). Use a BTF map: struct { __uint(type, ...); ... } ${map} SEC(".maps");`,
);
export const helperNeedsRingbuf = message('RS111', (helper: string, map: string, type: string, typeNo: number) =>
  `${helper} needs a BPF_MAP_TYPE_RINGBUF map, but '${map}' is ${type}. The verifier rejects it: ` +
    `'cannot pass map_type ${typeNo} into func ${helper}'.`,
);
export const drainNeedsUserRingbuf = message('RS112', (map: string, type: string, typeNo: number) =>
  `bpf_user_ringbuf_drain needs a BPF_MAP_TYPE_USER_RINGBUF map, but '${map}' is ${type}. The verifier rejects it: ` +
    `'cannot pass map_type ${typeNo} into func bpf_user_ringbuf_drain'.`,
);
export const ringbufToOtherHelper = message('RS113', (helper: string, map: string) =>
  `Ring buffer '${map}' passed to ${helper}: ring buffers work only with the bpf_ringbuf_* helpers; the verifier ` +
    `rejects this (e.g. 'cannot pass map_type 27 into func ${helper}' or 'invalid zero-sized read').`,
);
export const sizeNotConstant = message('RS121', (expr: string) =>
  `Reserve size '${expr}' is not a constant the verifier knows: it rejects the load with 'R2 is not a known ` +
    `constant''. Use sizeof(...) or a constant, a 'const volatile' global, bpf_ringbuf_output (variable size, ` +
    `bounded), or bpf_ringbuf_reserve_dynptr.`,
);
export const sizeZero = message('RS122', () =>
  `Reserve size is 0: the verifier allows it, but every access to the record then fails ` +
    `('invalid access to memory, mem_size=0 ...'). Reserve sizeof(*e).`,
);
export const sizeNeverFits = message('RS123', (size: number, map: string, ring: number) =>
  `Reserve of ${size} bytes can never succeed on '${map}' (${ring} bytes; a record needs round_up(size + 8, 8) ` +
    `and at most ring - 8): it always returns NULL. Grow max_entries or shrink the record.`,
);
export const reserveFlags = message('RS124', (flags: string) =>
  `bpf_ringbuf_reserve flags must be 0: with '${flags}' it always returns NULL at run time (the verifier does not ` +
    `check). Pass wakeup flags to bpf_ringbuf_submit instead.`,
);
export const commitFlags = message('RS131', (helper: string, flags: string) =>
  `${helper} flags '${flags}': only BPF_RB_NO_WAKEUP or BPF_RB_FORCE_WAKEUP (one of them) mean something; other ` +
    `bits are ignored and with both set FORCE_WAKEUP wins.`,
);
export const outputFlags = message('RS132', (flags: string) =>
  `bpf_ringbuf_output flags '${flags}': bits other than BPF_RB_NO_WAKEUP|BPF_RB_FORCE_WAKEUP make it return ` +
    `-EINVAL at run time; nothing is written.`,
);
export const queryFlags = message('RS133', (flags: string) =>
  `bpf_ringbuf_query flag '${flags}' is not one of BPF_RB_AVAIL_DATA, BPF_RB_RING_SIZE, BPF_RB_CONS_POS, ` +
    `BPF_RB_PROD_POS: it returns 0 at run time.`,
);
export const drainFlags = message('RS134', (flags: string) =>
  `bpf_user_ringbuf_drain flags '${flags}': bits other than BPF_RB_NO_WAKEUP|BPF_RB_FORCE_WAKEUP make it return ` +
    `-EINVAL at run time.`,
);
export const outputData = message('RS141', (what: string) =>
  `bpf_ringbuf_output data is ${what}: the verifier wants memory (stack, map value, record) and rejects it with ` +
    `'R2 type=... expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_'.`,
);
export const drainCtx = message('RS142', (what: string) =>
  `bpf_user_ringbuf_drain context '${what}' is not a stack pointer or NULL: the verifier rejects it ` +
    `('R3 type=map_value expected=fp'). Pass the address of a local variable.`,
);
export const drainCallbackReturn = message('RS143', (cb: string, value: number) =>
  `Callback '${cb}' returns ${value}; drain callbacks must return 0 (continue) or 1 (stop). The verifier rejects it: ` +
    `'At callback return the register R0 has smin=${value} smax=${value} should have been in [0, 1]'.`,
);

export const fixSizeofRecord = message('RS121-FIX-1', (v: string) => `Reserve sizeof(*${v})`);
export const fixRemoveMember = message('RS100-FIX-1', (what: string) => `Remove ${what}`);
export const fixRoundedSize = message('RS103-FIX-1', (n: number) => `Set max_entries to ${n}`);
export const fixZeroFlags = message('RS124-FIX-1', () => 'Pass 0 as flags');
export const outputTooLong = message('RS144', (size: number, what: string, objSize: number) =>
  `bpf_ringbuf_output reads ${size} bytes from '${what}', which has only ${objSize}: the verifier rejects it ` +
    `('invalid read from stack R2 off=-${objSize} size=${size}'). Pass sizeof(${what.replace(/^&/, '')}).`,
);
