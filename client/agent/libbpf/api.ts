// Typed wrappers for the libbpf.so.1 (1.1+) and libc functions the agent uses. Object, program, map and
// link handles are opaque addresses; functions returning negative errnos keep that convention.
import { call, callErrno, LIBBPF, LIBC, T, type Addr } from './ffi';

const P = T.BigInt; // a pointer parameter or result, as a numeric address

export const libbpfVersion = (): string =>
  `${call<number>(LIBBPF, 'libbpf_major_version', T.U32, [], [])}.${call<number>(LIBBPF, 'libbpf_minor_version', T.U32, [], [])}`;

/** Silences libbpf's printing: a JS print callback would only see the format string, late. */
export const silenceLibbpf = (): void => void call<bigint>(LIBBPF, 'libbpf_set_print', P, [P], [0n]);

export const openFile = (path: string, opts: Addr): { value: Addr; errno: number } =>
  callErrno<Addr>(LIBBPF, 'bpf_object__open_file', P, [T.String, P], [path, opts]);
export const objectLoad = (obj: Addr): number => call<number>(LIBBPF, 'bpf_object__load', T.I32, [P], [obj]);
export const objectClose = (obj: Addr): void => void call<undefined>(LIBBPF, 'bpf_object__close', T.Void, [P], [obj]);
export const findMapByName = (obj: Addr, name: string): Addr =>
  call<Addr>(LIBBPF, 'bpf_object__find_map_by_name', P, [P, T.String], [obj, name]);

export const nextProgram = (obj: Addr, prev: Addr): Addr => call<Addr>(LIBBPF, 'bpf_object__next_program', P, [P, P], [obj, prev]);
export const programName = (prog: Addr): string => call<string>(LIBBPF, 'bpf_program__name', T.String, [P], [prog]);
export const programSection = (prog: Addr): string => call<string>(LIBBPF, 'bpf_program__section_name', T.String, [P], [prog]);
export const programSetAutoload = (prog: Addr, on: boolean): number =>
  call<number>(LIBBPF, 'bpf_program__set_autoload', T.I32, [P, T.Boolean], [prog, on]);
export const programAutoload = (prog: Addr): boolean => call<boolean>(LIBBPF, 'bpf_program__autoload', T.Boolean, [P], [prog]);
export const programSetLogBuf = (prog: Addr, buf: Addr, size: number): number =>
  call<number>(LIBBPF, 'bpf_program__set_log_buf', T.I32, [P, P, T.U64], [prog, buf, size]);
export const programFd = (prog: Addr): number => call<number>(LIBBPF, 'bpf_program__fd', T.I32, [P], [prog]);
export const programAttach = (prog: Addr): { value: Addr; errno: number } =>
  callErrno<Addr>(LIBBPF, 'bpf_program__attach', P, [P], [prog]);
export const linkDestroy = (link: Addr): number => call<number>(LIBBPF, 'bpf_link__destroy', T.I32, [P], [link]);

export const nextMap = (obj: Addr, prev: Addr): Addr => call<Addr>(LIBBPF, 'bpf_object__next_map', P, [P, P], [obj, prev]);
export const mapName = (map: Addr): string => call<string>(LIBBPF, 'bpf_map__name', T.String, [P], [map]);
export const mapType = (map: Addr): number => call<number>(LIBBPF, 'bpf_map__type', T.I32, [P], [map]);
export const mapFd = (map: Addr): number => call<number>(LIBBPF, 'bpf_map__fd', T.I32, [P], [map]);
export const mapMaxEntries = (map: Addr): number => call<number>(LIBBPF, 'bpf_map__max_entries', T.U32, [P], [map]);
export const mapValueSize = (map: Addr): number => call<number>(LIBBPF, 'bpf_map__value_size', T.U32, [P], [map]);
export const mapKeySize = (map: Addr): number => call<number>(LIBBPF, 'bpf_map__key_size', T.U32, [P], [map]);
export const mapSetMaxEntries = (map: Addr, n: number): number =>
  call<number>(LIBBPF, 'bpf_map__set_max_entries', T.I32, [P, T.U32], [map, n]);
/** The inner-map template of a map-in-map (0 when none). */
export const mapInnerMap = (map: Addr): Addr => call<Addr>(LIBBPF, 'bpf_map__inner_map', P, [P], [map]);
export const mapIsInternal = (map: Addr): boolean => call<boolean>(LIBBPF, 'bpf_map__is_internal', T.Boolean, [P], [map]);
/** Pointer to the map's initial contents (.rodata/.data), writable before load; size written to *psize. */
export const mapInitialValue = (map: Addr, psize: Addr): Addr =>
  call<Addr>(LIBBPF, 'bpf_map__initial_value', P, [P, P], [map, psize]);

export const numPossibleCpus = (): number => call<number>(LIBBPF, 'libbpf_num_possible_cpus', T.I32, [], []);
export const mapLookupElem = (fd: number, key: Addr, value: Addr): { value: number; errno: number } =>
  callErrno<number>(LIBBPF, 'bpf_map_lookup_elem', T.I32, [T.I32, P, P], [fd, key, value]);
export const mapGetNextKey = (fd: number, key: Addr, next: Addr): number =>
  call<number>(LIBBPF, 'bpf_map_get_next_key', T.I32, [T.I32, P, P], [fd, key, next]);
export const mapGetFdById = (id: number): { value: number; errno: number } =>
  callErrno<number>(LIBBPF, 'bpf_map_get_fd_by_id', T.I32, [T.U32], [id]);
export const objGetInfoByFd = (fd: number, info: Addr, lenPtr: Addr): number =>
  call<number>(LIBBPF, 'bpf_obj_get_info_by_fd', T.I32, [T.I32, P, P], [fd, info, lenPtr]);

export const closeFd = (fd: number): number => call<number>(LIBC, 'close', T.I32, [T.I32], [fd]);
export const pageSize = (): number => call<number>(LIBC, 'getpagesize', T.I32, [], []);
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 1;
export const mmap = (len: number, prot: number, fd: number, offset: number): { value: Addr; errno: number } =>
  callErrno<Addr>(LIBC, 'mmap', P, [P, T.U64, T.I32, T.I32, T.I32, T.I64], [0n, len, prot, MAP_SHARED, fd, offset]);
export const munmap = (addr: Addr, len: number): number => call<number>(LIBC, 'munmap', T.I32, [P, T.U64], [addr, len]);
export const MAP_FAILED = (1n << 64n) - 1n;
