// Mount checks over the text of /proc/self/mountinfo: bpffs (pinning) and tracefs (tracepoint attach).
import type { CheckResult } from '../../../common/doctor';
import { doctorMessages as m } from '../../../common/messages';
import { result } from './result';

export interface Mount {
  readonly mountPoint: string;
  readonly fsType: string;
}

/** Parses mountinfo lines: "<id> <parent> <dev> <root> <mount point> <opts> ... - <fstype> <source> <opts>". */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    const mountPoint = fields[4];
    const fsType = fields[dash + 1];
    if (dash < 6 || mountPoint === undefined || fsType === undefined) continue;
    // The kernel escapes space, tab, newline and backslash in paths as octal.
    mounts.push({ mountPoint: mountPoint.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))), fsType });
  }
  return mounts;
}

export function checkBpffs(mountinfo: string): CheckResult {
  const at = parseMountinfo(mountinfo).find((x) => x.fsType === 'bpf');
  if (at) return result('bpffs', m.titleBpffs, 'pass', m.mountedAt, ['bpffs', at.mountPoint]);
  return result('bpffs', m.titleBpffs, 'warn', m.bpffsMissing, [], m.fixBpffs.text());
}

export function checkTracefs(mountinfo: string): CheckResult {
  const mounts = parseMountinfo(mountinfo);
  // libbpf looks in /sys/kernel/tracing first, then /sys/kernel/debug/tracing.
  const at =
    mounts.find((x) => x.fsType === 'tracefs' && x.mountPoint === '/sys/kernel/tracing') ??
    mounts.find((x) => x.fsType === 'tracefs' && x.mountPoint === '/sys/kernel/debug/tracing');
  if (at) return result('tracefs', m.titleTracefs, 'pass', m.mountedAt, ['tracefs', at.mountPoint]);
  return result('tracefs', m.titleTracefs, 'fail', m.tracefsMissing, [], m.fixTracefs.text());
}
