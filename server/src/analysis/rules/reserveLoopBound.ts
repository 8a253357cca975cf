// RS204 (rule book E11): a loop that reserves or outputs records with a bound the verifier cannot see. It walks
// the loop one iteration at a time, and with a bound of 8192 or more gives up ('The sequence of 8193 jumps is
// too complex.', measured). Error when the bound's range is known to reach that; warning when it is not understood.
import type { SyntaxNode } from '../syntax/node';
import type { Finding } from '../findings';
import { lintRowMessages } from '../../../../common/messages';
import type { FunctionDef, ProgramModel } from '../model';
import { rangeIsComplete } from '../ranges/guards';
import { Ranges } from '../ranges/interval';
import { calleeName, strip, within } from '../ranges/syntax';
import type { Rule } from './rule';
import { finding } from './util';

const PRODUCERS = new Set(['bpf_ringbuf_reserve', 'bpf_ringbuf_reserve_dynptr', 'bpf_ringbuf_output']);
/** Iterations at which the verifier's pending-branch limit (BPF_COMPLEXITY_LIMIT_JMP_SEQ) is reached. */
const JMP_SEQ = 8192;

/** Is `name` written inside `loop` only by ++/--, and at least once? */
function stepsIn(loop: SyntaxNode, name: string): boolean {
  let steps = 0;
  for (const id of loop.descendantsOfType('identifier')) {
    if (!id || id.text !== name) continue;
    const p = id.parent;
    if (p?.type === 'update_expression') steps++;
    else if (p?.type === 'assignment_expression' && p.childForFieldName('left')?.id === id.id) return false;
    else if (p?.type === 'pointer_expression' && p.child(0)?.text === '&') return false;
  }
  return steps > 0;
}

function writtenIn(loop: SyntaxNode, expr: SyntaxNode): boolean {
  const names = new Set([expr, ...expr.descendantsOfType('identifier')].filter((n): n is SyntaxNode => n?.type === 'identifier').map((n) => n.text));
  for (const id of loop.descendantsOfType('identifier')) {
    if (!id || !names.has(id.text) || within(id, expr)) continue;
    const p = id.parent;
    if (p?.type === 'update_expression' || (p?.type === 'assignment_expression' && p.childForFieldName('left')?.id === id.id)) return true;
  }
  return false;
}

function checkLoop(model: ProgramModel, fn: FunctionDef, ranges: Ranges, loop: SyntaxNode, out: Finding[]): void {
  const raw = loop.childForFieldName('condition');
  const cond = raw ? strip(raw) : undefined;
  if (cond?.type !== 'binary_expression' || !/^(<|<=|>|>=|!=)$/.test(cond.childForFieldName('operator')?.text ?? '')) return;
  const l = cond.childForFieldName('left');
  const r = cond.childForFieldName('right');
  if (!l || !r) return;
  const sl = strip(l);
  const sr = strip(r);
  const counter = sl.type === 'identifier' && stepsIn(loop, sl.text) ? sl : sr.type === 'identifier' && stepsIn(loop, sr.text) ? sr : undefined;
  if (!counter) return;
  const bound = counter === sl ? r : l;
  const k = model.fold(bound, fn);
  if (k !== undefined) {
    // `while (n > 0) n--;`: the counter itself starts from a value the verifier may not bound
    const start = ranges.local(counter.text, loop);
    if (start && !start.guarded && Math.max(start.hi - k, k - start.lo) >= JMP_SEQ) {
      out.push(finding(lintRowMessages.loopUnbounded, 'error', fn.file, cond, [counter.text, start.hi]));
    }
    return;
  }
  if (writtenIn(loop, bound)) return;
  // a test of the bound outside the loop condition that the range analysis does not follow may narrow it
  if (!rangeIsComplete(model, fn, bound, loop, cond)) return;
  const b = ranges.of(bound);
  if (b === undefined) out.push(finding(lintRowMessages.loopUnknown, 'warning', fn.file, cond, [bound.text]));
  else if (b.hi >= JMP_SEQ && !b.guarded) out.push(finding(lintRowMessages.loopUnbounded, 'error', fn.file, cond, [bound.text, b.hi]));
}

export const reserveLoopBoundRule: Rule = {
  code: lintRowMessages.loopUnbounded.code,
  rows: ['E11'],
  summary: 'Reserve loop whose bound the verifier cannot see.',
  check(model: ProgramModel): Finding[] {
    const out: Finding[] = [];
    // every producer call of a body is in model.calls: functions without one need no walk of their loops
    const producers = new Set(model.calls.filter((c) => PRODUCERS.has(c.name)).map((c) => c.fn));
    for (const fn of model.functions) {
      if (!producers.has(fn) || !/\b(for|while|do)\b/.test(fn.body.text)) continue; // no loop keyword: no loop node
      const loops = fn.body.descendantsOfType(['for_statement', 'while_statement', 'do_statement']);
      const producing = loops.filter((lp) => lp.descendantsOfType('call_expression').some((c) => c !== null && PRODUCERS.has(calleeName(c) ?? '')));
      if (producing.length === 0) continue;
      const ranges = new Ranges(model, fn);
      for (const lp of producing) checkLoop(model, fn, ranges, lp, out);
    }
    return out;
  },
};
