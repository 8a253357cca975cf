// Messages of the value-range and row rules RS201–RS209 (rule book rows B5, D4, E9, E11, F6, G1, G2, I3, K3):
// what the verifier will say (quoted as printed on Linux 6.18) and how to fix it. Documented in docs/rules.md.
import { message } from './catalog';

export const innerMapUnchecked = message('RS201', (v: string, helper: string, line: number) =>
  `'${v}' comes from bpf_map_lookup_elem (line ${line}) and may be NULL: the verifier rejects it as the map of ` +
    `${helper} ('R1 type=map_value_or_null expected=map_ptr'). Add 'if (!${v}) return 0;' after the lookup.`,
);
export const indexUnbounded = message('RS202', (expr: string, idx: string) =>
  `'${expr}': the index '${idx}' has no upper bound the verifier can see: it rejects the access ('unbounded memory ` +
    `access, make sure to bounds check any such access'). Mask it ('${idx} & (N - 1)') to the record's size.`,
);
export const indexOutside = message('RS202', (expr: string, idx: string, lo: number, hi: number, first: number, last: number, mem: number) =>
  `'${expr}': '${idx}' ranges over ${lo}..${hi}, so the access reaches bytes ${first}..${last} of a ${mem}-byte record: ` +
    `the verifier rejects it ('invalid access to memory, mem_size=${mem}' / '${first < 0 ? 'min' : 'max'} value is outside ` +
    `of the allowed memory range'). Bound the index to the field.`,
);
export const globalArgTooSmall = message('RS203', (v: string, fn: string, type: string, need: number, have: number) =>
  `'${v}' holds ${have} reserved bytes but global function '${fn}' takes '${type} *' (${need} bytes): the verifier ` +
    `rejects the call ('invalid access to memory, mem_size=${have} off=0 size=${need}' / 'Caller passes invalid args ` +
    `into func'). Reserve sizeof(${type}), or make '${fn}' static.`,
);
export const loopUnbounded = message('RS204', (bound: string, hi: number) =>
  `This loop reserves ring-buffer records and runs up to '${bound}' times (as many as ${hi}): the verifier walks every ` +
    `iteration and gives up ('The sequence of 8193 jumps is too complex.'). Mask the bound ('& 63'), use a constant, ` +
    `or use bpf_loop()/bpf_for().`,
);
export const loopUnknown = message('RS204', (bound: string) =>
  `This loop reserves ring-buffer records and its bound '${bound}' may not be visible to the verifier: if it cannot ` +
    `bound it, it walks iteration after iteration and gives up ('The sequence of 8193 jumps is too complex.'). ` +
    `Prefer a constant or masked bound, bpf_loop() or bpf_for().`,
);
export const recordPtrStored = message('RS205', (v: string) =>
  `The address of the reserved record '${v}' is stored into memory that outlives the program run (a map value, ` +
    `a global, or another record). A privileged loader accepts this, an unprivileged one rejects it ('leaks addr ` +
    `into map'), and what is stored is a plain number: it can never be submitted or discarded later.`,
);
export const outputUnbounded = message('RS206', (size: string, hi: number) =>
  `The size '${size}' of bpf_ringbuf_output can be as large as ${hi}: the verifier rejects it ('R3 unbounded memory ` +
    `access, use 'var &= const' or 'if (var < const)''). Bound it to the buffer's size first.`,
);
export const outputNegative = message('RS207', (size: string) =>
  `The size '${size}' of bpf_ringbuf_output is signed and may be negative: the verifier rejects it ('R3 min value is ` +
    `negative, either use unsigned or 'var &= const''). Declare it unsigned, or also check '${size} < 0'.`,
);
export const dynptrVariableSlot = message('RS208', (arg: string) =>
  `'${arg}' is a dynptr at a variable stack offset: bpf_ringbuf_reserve_dynptr needs a fixed stack slot ('dynptr has ` +
    `to be at a constant offset'). Use a separate 'struct bpf_dynptr' variable or a constant index.`,
);
export const dynptrMaybeVariableSlot = message('RS208', (arg: string) =>
  `'${arg}' may be a dynptr at a variable stack offset; the verifier needs a fixed slot ('dynptr has to be at a ` +
    `constant offset'). Use a constant index.`,
);
export const dynptrNotStack = message('RS208', (arg: string, what: string) =>
  `'${arg}' is ${what}, not a stack variable: the dynptr of bpf_ringbuf_reserve_dynptr must live on the stack ` +
    `('R4 type=map_value expected=fp, dynptr_ptr'). Declare 'struct bpf_dynptr' as a local.`,
);
export const needsKernel = message('RS209', (what: string, since: string, target: string) =>
  `${what} needs Linux ${since} or later, but ringscope.lint.targetKernel is ${target}: the program will not load there.`,
);
export const outputRangeStack = message('RS210', (size: string, hi: number, data: string, have: number) =>
  `The size '${size}' of bpf_ringbuf_output can be as large as ${hi}, but '${data}' is a ${have}-byte stack object: ` +
    `the verifier rejects the read past the frame ('invalid read from stack R2 off=-${have} size=${hi}'). ` +
    `Bound the size to ${have} ('& ${have - 1}' for a power of two, or 'if (${size} > ${have}) return 0;').`,
);
export const outputRangeMap = message('RS210', (size: string, hi: number, data: string, have: number) =>
  `The size '${size}' of bpf_ringbuf_output can be as large as ${hi}, but '${data}' is a ${have}-byte map value: ` +
    `the verifier rejects it ('invalid access to map value, value_size=${have} off=0 size=${hi}'). ` +
    `Bound the size to ${have} ('& ${have - 1}' for a power of two, or 'if (${size} > ${have}) return 0;').`,
);
/** Title of RS121's fix that replaces reserve + copy + submit by one bpf_ringbuf_output of the source. */
export const fixOutputForm = message('RS121-FIX-2', (src: string) => `Switch to bpf_ringbuf_output(…, ${src}, …)`);
