// Deciding how to start the agent with the privileges BPF needs: directly (root, or ambient
// CAP_BPF + CAP_PERFMON + CAP_DAC_READ_SEARCH), through `sudo -n`, through pkexec, or not at all.
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export type PrivilegeMode = 'none' | 'sudo' | 'pkexec';

export const CAP_DAC_READ_SEARCH = 2;
export const CAP_PERFMON = 38;
export const CAP_BPF = 39;

/** A capability set line of /proc/<pid>/status ('CapAmb', 'CapEff', ...), as a bit mask. */
export function capabilityMask(status: string, field: string): bigint | undefined {
  const match = new RegExp(`^${field}:\\s*([0-9a-fA-F]+)\\s*$`, 'm').exec(status);
  return match?.[1] ? BigInt(`0x${match[1]}`) : undefined;
}

/** Whether a mask holds everything loading and attaching a tracepoint program needs. */
export function hasAgentCapabilities(mask: bigint): boolean {
  return [CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH].every((bit) => (mask >> BigInt(bit)) & 1n);
}

export type Elevation = 'direct' | 'sudo' | 'pkexec' | 'refuse';

/**
 * Root runs the agent directly; so does a process whose ambient set carries the three capabilities
 * (only ambient ones survive the exec of node). Everyone else goes through the configured helper.
 */
export function chooseElevation(uid: number, ambient: bigint | undefined, mode: PrivilegeMode): Elevation {
  if (uid === 0) return 'direct';
  if (ambient !== undefined && hasAgentCapabilities(ambient)) return 'direct';
  return mode === 'none' ? 'refuse' : mode;
}

/** The absolute path of a command found on PATH, or undefined. */
export function which(command: string, path = process.env['PATH'] ?? ''): string | undefined {
  if (isAbsolute(command)) return canExecute(command) ? command : undefined;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (canExecute(candidate)) return candidate;
  }
  return undefined;
}

function canExecute(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
