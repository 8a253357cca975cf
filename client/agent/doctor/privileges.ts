// The privilege check over /proc/self/status: loading needs CAP_BPF + CAP_PERFMON (or CAP_SYS_ADMIN),
// tracepoint attach also CAP_DAC_READ_SEARCH (tracefs is 0700); passwordless sudo is the alternative.
// CAP_SYS_NICE is optional: without it the ring reader streams at ordinary priority (agent/readerPriority.ts).
import type { CheckResult } from '../../../common/doctor';
import { doctorMessages as m } from '../../../common/messages';
import { result } from './result';

const CAP_DAC_OVERRIDE = 1n;
const CAP_DAC_READ_SEARCH = 2n;
const CAP_SYS_ADMIN = 21n;
const CAP_SYS_NICE = 23n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

export interface ProcessCreds {
  readonly uid: number;
  readonly capEff: bigint;
}

/** Reads the effective uid and capability set from the text of /proc/<pid>/status. */
export function parseProcStatus(text: string): ProcessCreds | undefined {
  const uid = /^Uid:\s+\d+\s+(\d+)/m.exec(text);
  const cap = /^CapEff:\s+([0-9a-fA-F]+)/m.exec(text);
  if (!uid?.[1] || !cap?.[1]) return undefined;
  return { uid: Number(uid[1]), capEff: BigInt(`0x${cap[1]}`) };
}

function has(set: bigint, cap: bigint): boolean {
  return ((set >> cap) & 1n) === 1n;
}

export interface PrivilegeFacts {
  readonly procStatus: string;
  /** `sudo -n true` succeeded. */
  readonly sudoOk: boolean;
  /** For the sudoers line of the fix hint. */
  readonly userName: string;
  readonly nodePath: string;
  /** dist/agent.js, the one command the sudoers line allows. */
  readonly agentPath: string;
}

export function checkPrivileges(facts: PrivilegeFacts): CheckResult {
  const id = 'privileges';
  const creds = parseProcStatus(facts.procStatus) ?? { uid: -1, capEff: 0n };
  const fix = m.fixPrivileges.text(facts.userName, facts.nodePath, facts.agentPath);
  const admin = has(creds.capEff, CAP_SYS_ADMIN);
  const bpf = admin || has(creds.capEff, CAP_BPF);
  const perfmon = admin || has(creds.capEff, CAP_PERFMON);
  const dac = has(creds.capEff, CAP_DAC_READ_SEARCH) || has(creds.capEff, CAP_DAC_OVERRIDE);
  if (bpf && perfmon && dac) {
    if (!has(creds.capEff, CAP_SYS_NICE)) return result(id, m.titlePrivileges, 'pass', m.privNoNice, [creds.uid === 0 ? 'root' : `uid ${creds.uid}`]);
    return creds.uid === 0
      ? result(id, m.titlePrivileges, 'pass', m.privRoot, [])
      : result(id, m.titlePrivileges, 'pass', m.privCaps, [creds.uid]);
  }
  if (facts.sudoOk) return result(id, m.titlePrivileges, 'pass', m.privSudo, [creds.uid]);
  if (bpf && perfmon) return result(id, m.titlePrivileges, 'warn', m.privNoDac, [creds.uid], fix);
  const missing = [bpf ? '' : 'CAP_BPF', perfmon ? '' : 'CAP_PERFMON', dac ? '' : 'CAP_DAC_READ_SEARCH']
    .filter((x) => x !== '')
    .join(', ');
  return result(id, m.titlePrivileges, 'fail', m.privMissing, [creds.uid, missing], fix);
}
