// The host check: `checkHost(facts)` runs every pure check over gathered facts, `runDoctor()` gathers
// this host's facts first. Used by `ringscope doctor` and (through the CLI) "Ringscope: Check Host".
import { summarize, type DoctorReport } from '../../../common/doctor';
import { gatherHostFacts, type HostFacts } from './gather';
import { checkBtf, checkKernel } from './kernel';
import { checkLibbpf, checkLibbpfHeaders } from './libbpf';
import { checkBpffs, checkTracefs } from './mounts';
import { checkPageSize } from './pageSize';
import { checkPrivileges } from './privileges';
import { checkBpftool, checkClang } from './toolchain';

export type { HostFacts } from './gather';

export function checkHost(facts: HostFacts): DoctorReport {
  return summarize([
    ...checkKernel(facts.kernelRelease),
    checkBtf(facts.btfSize),
    checkBpffs(facts.mountinfo),
    checkTracefs(facts.mountinfo),
    checkPrivileges(facts),
    checkLibbpf(facts.libbpf),
    checkLibbpfHeaders(facts.libbpfHeader),
    checkClang(facts.clang),
    checkBpftool(facts.bpftoolVersion),
    checkPageSize(facts.pageSize),
  ]);
}

export async function runDoctor(): Promise<DoctorReport> {
  return checkHost(await gatherHostFacts());
}
