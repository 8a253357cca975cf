// Messages of the path-sensitive lint rules (reservation lifetime: NULL checks, leaks, releases, locks,
// dynptrs): what the verifier will say and how to fix it. Codes RS15x–RS19x, documented in docs/rules.md.
import { message } from './catalog';

export const nullUse = message('RS151', (v: string, line: number, how: 'deref' | 'release' | 'helper') =>
  `'${v}' may be NULL here: bpf_ringbuf_reserve (line ${line}) returns NULL when the ring is full, and the verifier ` +
    (how === 'release'
      ? `rejects releasing it unchecked ('R1 type=ringbuf_mem_or_null expected=ringbuf_mem'). `
      : how === 'helper'
        ? `rejects passing it to a helper unchecked ('type=ringbuf_mem_or_null'). `
        : `rejects any access before a NULL check ('invalid mem access 'ringbuf_mem_or_null''). `) +
    `Add 'if (!${v}) return 0;' right after the reserve.`,
);
export const nullDeref = message('RS151', (v: string) =>
  `'${v}' is NULL on this path (its NULL check failed): the verifier rejects the access ('invalid mem access 'scalar'').`,
);
export const sliceNullUse = message('RS151', (expr: string) =>
  `'${expr}' dereferences a bpf_dynptr_data slice that may be NULL (it is NULL when the range does not fit the ` +
    `reservation): the verifier rejects it ('invalid mem access 'mem_or_null''). Check the slice for NULL first.`,
);
export const outOfBounds = message('RS152', (v: string, off: number, size: number, mem: number, line: number) =>
  `Access to bytes ${off}..${off + size - 1} of '${v}', but only ${mem} bytes are reserved (line ${line}): the verifier ` +
    `rejects it ('invalid access to memory, mem_size=${mem} off=${off} size=${size}'). Reserve sizeof(*${v}) or shrink the access.`,
);
export const helperOutOfBounds = message('RS152', (helper: string, v: string, off: number, size: number, mem: number, line: number) =>
  `${helper} writes or reads ${size} bytes at offset ${off} of '${v}', but only ${mem} bytes are reserved (line ${line}): ` +
    `the verifier rejects it ('invalid access to memory, mem_size=${mem} off=${off} size=${size}').`,
);
export const leak = message('RS161', (v: string, unit: string) =>
  `The record reserved into '${v}' is not submitted or discarded on every path${unit}: the verifier rejects the ` +
    `program ('Unreleased reference id=N alloc_insn=N'). Call bpf_ringbuf_submit or bpf_ringbuf_discard on each path ` +
    `after the NULL check.`,
);
export const leakDynptr = message('RS161', (d: string, unit: string) =>
  `The ring-buffer dynptr '${d}' is not submitted or discarded on every path${unit}, including the path where ` +
    `bpf_ringbuf_reserve_dynptr fails (the reference is acquired even then): the verifier rejects the program ` +
    `('Unreleased reference id=N alloc_insn=N'). Call bpf_ringbuf_discard_dynptr(${d}, 0) on the failure path too.`,
);
export const leakExitReturn = message('RS161-REL-1', (path: string) => `leaked when returning here${path}`);
export const leakExitEnd = message('RS161-REL-2', (path: string) => `leaked at the end of the function${path}`);
export const leakExitTailCall = message('RS161-REL-3', (path: string) =>
  `leaked at this tail call: the verifier rejects a tail call while a reservation is held ('tail_call would lead to reference leak')${path}`,
);
export const leakExitThrow = message('RS161-REL-4', (path: string) =>
  `leaked at bpf_throw ('bpf_throw would lead to reference leak')${path}`,
);
export const leakExitLdAbs = message('RS161-REL-6', (path: string) =>
  `leaked at this packet load: LD_ABS/LD_IND may end the program ('BPF_LD_[ABS|IND] would lead to reference leak')${path}`,
);
export const leakExitAgain = message('RS161-REL-5', (path: string) =>
  `still held when this reserve runs again in the next loop iteration${path}`,
);
export const useAfterRelease = message('RS171', (v: string, line: number) =>
  `'${v}' is used after it was submitted or discarded (line ${line}): the record belongs to the consumer now, and the ` +
    `verifier rejects the access ('invalid mem access 'scalar''). Finish writing before the submit.`,
);
export const useAfterReleaseDynptr = message('RS171', (d: string, line: number) =>
  `'${d}' is used after bpf_ringbuf_submit_dynptr/discard_dynptr (line ${line}): the dynptr and its slices are dead ` +
    `('Expected an initialized dynptr').`,
);
export const doubleRelease = message('RS172', (v: string, line: number) =>
  `'${v}' was already submitted or discarded (line ${line}): releasing it twice is rejected ` +
    `('R1 type=scalar expected=ringbuf_mem' / 'arg 1 is an unacquired reference').`,
);
export const releaseOffset = message('RS173', (helper: string) =>
  `${helper} needs the pointer bpf_ringbuf_reserve returned, not a pointer into the record: the verifier rejects ` +
    `it ('R1 must have zero offset when passed to release func').`,
);
export const releaseNotReserved = message('RS173', (helper: string, what: string, verifier: string) =>
  `${helper} is given ${what}, not a record from bpf_ringbuf_reserve: the verifier rejects it ('${verifier}').`,
);
export const releaseSlice = message('RS173', (helper: string) =>
  `${helper} is given a bpf_dynptr_data slice: the verifier rejects mixing the APIs ('R1 type=mem expected=ringbuf_mem'). ` +
    `Release the dynptr with bpf_ringbuf_submit_dynptr(&d, 0) instead.`,
);
export const releaseParam = message('RS173', (helper: string) =>
  `A global (non-static) function cannot ${helper} its caller's record: it is verified on its own and sees plain ` +
    `memory ('R1 type=mem expected=ringbuf_mem'). Make the function static, or release in the caller.`,
);
export const releaseUnacquiredDynptr = message('RS173', (helper: string, what: string) =>
  `${helper} on ${what}: only a dynptr from bpf_ringbuf_reserve_dynptr can be released ('arg 1 is an unacquired reference').`,
);
export const lockedCall = message('RS181', (callee: string, line: number) =>
  `${callee} is called while a bpf_spin_lock is held (taken at line ${line}): the verifier rejects any helper call ` +
    `under a lock ('function calls are not allowed while holding a lock'). Move it after bpf_spin_unlock.`,
);
export const dynptrOverwrite = message('RS182', (d: string, line: number) =>
  `'${d}' still holds the ring-buffer reservation made at line ${line}: the verifier rejects re-initialising it ` +
    `('cannot overwrite referenced dynptr'). Submit or discard it first.`,
);
export const constDynptrRelease = message('RS191', (helper: string, where: string) =>
  `${helper} on ${where}: that dynptr is const and owned by someone else, the verifier rejects releasing it ` +
    `('cannot release unowned const bpf_dynptr'). Only read or write through it.`,
);
export const fixNullCheck = message('RS151-FIX-1', (v: string) => `Insert 'if (!${v}) return 0;' after the reserve`);
export const fixDiscard = message('RS161-FIX-1', (call: string) => `Insert '${call}' before this exit`);
