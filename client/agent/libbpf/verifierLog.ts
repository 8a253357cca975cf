// Maps a verifier log to source: the verifier's own message (the last line that is not an instruction,
// a register state or a summary) and the C line of the failing instruction (the last `; <src> @ file:LINE`
// annotation before that message). Pure; used on the per-program log libbpf captured.

export interface VerifierFailure {
  readonly message: string;
  readonly line?: number;
  readonly file?: string;
  /** The source text of the failing line, as the annotation quotes it. */
  readonly source?: string;
}

const ANNOTATION = /^; (.*) @ (.+):(\d+)$/;
const INSN = /^\d+: /;
const SUMMARY = /^(processed \d+ insns|verification time|stack depth|-- (BEGIN|END) PROG LOAD LOG --|mark_precise|last_idx|from \d+ to \d+:|Validating |Func#\d+ )/;
const STATE = /^(R\d+|fp-?\d+|frame\d+)[=_ :]/;

export function parseVerifierLog(log: string): VerifierFailure {
  const lines = log.split('\n').map((l) => l.trimEnd());
  let msgIndex = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (l === '' || SUMMARY.test(l) || INSN.test(l) || ANNOTATION.test(l) || /^\s/.test(l)) continue;
    // a register-state-only line ("R1=ctx() R10=fp0") is context, unless it is the error itself
    if (STATE.test(l) && /^(\S+=\S+\s*)+$/.test(l)) continue;
    msgIndex = i;
    break;
  }
  if (msgIndex < 0) return { message: lines.filter((l) => l !== '').pop() ?? 'the verifier rejected the program' };
  const message = lines[msgIndex] ?? '';
  for (let i = msgIndex - 1; i >= 0; i--) {
    const m = ANNOTATION.exec(lines[i] ?? '');
    if (m) return { message, source: m[1] ?? '', file: m[2] ?? '', line: Number(m[3]) };
  }
  return { message };
}
