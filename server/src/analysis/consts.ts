// The handful of uapi constants BPF C uses with ring buffers (include/uapi/linux/bpf.h), so that
// vmlinux.h and bpf_helpers.h never need parsing: map types, BPF_RB_* and BPF_F_* map flags.
import { MAP_TYPE_NAMES } from '../../../common/bpfUapi';
const MAP_TYPES = MAP_TYPE_NAMES;

export const BPF_RB_NO_WAKEUP = 1;
export const BPF_RB_FORCE_WAKEUP = 2;
/** The only flags submit, discard, output and the user-ring drain accept. */
export const BPF_RB_WAKEUP_FLAGS = BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP;
export const BPF_F_NUMA_NODE = 4;

export const KNOWN_CONSTANTS: ReadonlyMap<string, number> = new Map<string, number>([
  ...MAP_TYPES.map((t, i): [string, number] => [`BPF_MAP_TYPE_${t}`, i]),
  ['BPF_RB_NO_WAKEUP', BPF_RB_NO_WAKEUP],
  ['BPF_RB_FORCE_WAKEUP', BPF_RB_FORCE_WAKEUP],
  ['BPF_RB_AVAIL_DATA', 0],
  ['BPF_RB_RING_SIZE', 1],
  ['BPF_RB_CONS_POS', 2],
  ['BPF_RB_PROD_POS', 3],
  ['BPF_F_NO_PREALLOC', 1],
  ['BPF_F_NO_COMMON_LRU', 2],
  ['BPF_F_NUMA_NODE', BPF_F_NUMA_NODE],
  ['BPF_F_RDONLY', 8],
  ['BPF_F_WRONLY', 16],
  ['BPF_F_STACK_BUILD_ID', 32],
  ['BPF_F_ZERO_SEED', 64],
  ['BPF_F_RDONLY_PROG', 128],
  ['BPF_F_WRONLY_PROG', 256],
  ['BPF_F_CLONE', 512],
  ['BPF_F_MMAPABLE', 1024],
  ['BPF_F_PRESERVE_ELEMS', 2048],
  ['BPF_F_INNER_MAP', 4096],
  ['BPF_ANY', 0],
  ['BPF_NOEXIST', 1],
  ['BPF_EXIST', 2],
  ['NULL', 0],
  ['true', 1],
  ['false', 0],
]);

export function mapTypeName(type: number): string {
  const n = MAP_TYPES[type];
  return n === undefined ? `map type ${type}` : `BPF_MAP_TYPE_${n}`;
}

/** Sizes of the scalar typedefs BPF C uses (vmlinux.h, linux/types.h, stdint.h). */
export const SCALAR_TYPEDEFS: ReadonlyMap<string, number> = new Map<string, number>([
  ...['__u8', '__s8', 'u8', 's8', 'uint8_t', 'int8_t', 'bool', '_Bool'].map((n): [string, number] => [n, 1]),
  ...['__u16', '__s16', 'u16', 's16', 'uint16_t', 'int16_t', '__be16', '__le16', '__sum16'].map(
    (n): [string, number] => [n, 2],
  ),
  ...['__u32', '__s32', 'u32', 's32', 'uint32_t', 'int32_t', '__be32', '__le32', '__wsum', 'pid_t', 'uid_t', 'gid_t'].map(
    (n): [string, number] => [n, 4],
  ),
  ...['__u64', '__s64', 'u64', 's64', 'uint64_t', 'int64_t', '__be64', '__le64', 'size_t', 'ssize_t', 'uintptr_t',
    'intptr_t', '__kernel_size_t', 'loff_t', 'ktime_t'].map((n): [string, number] => [n, 8]),
]);

/** Kernel structs BPF programs embed by value, with [size, align] (vmlinux.h, 6.x). */
export const KNOWN_STRUCTS: ReadonlyMap<string, readonly [number, number]> = new Map<string, readonly [number, number]>([
  ['struct bpf_dynptr', [16, 8]],
  ['struct bpf_spin_lock', [4, 4]],
  ['struct bpf_timer', [16, 8]],
  ['struct bpf_list_head', [16, 8]],
  ['struct bpf_rb_root', [16, 8]],
]);
