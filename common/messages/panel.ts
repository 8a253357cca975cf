// Messages of the editor experience: records panel, run sessions, verifier diagnostics, record files.
// Each says what happened and what to do next.
import { message } from './catalog';

export const exportTitle = message('RS-PANEL-001', (ring: string) => `Export the retained records of ring '${ring}'`);
export const exported = message('RS-PANEL-002', (count: number, path: string) => `Exported ${count} records to ${path}.`);
export const untrusted = message('RS-PANEL-003', () =>
  `This workspace is not trusted, so Ringscope will not build or run BPF programs from it. Trust the ` +
    `workspace (Workspaces: Manage Workspace Trust) to build and run; linting works without trust.`,
);
export const noBpfFile = message('RS-PANEL-004', () =>
  `Open a BPF C file (*.bpf.c) first: Run builds and loads the program of the active editor.`,
);
export const alreadyRunning = message('RS-PANEL-005', (what: string) =>
  `A session is already running (${what}). Stop it first (Ringscope: Stop, or click the status bar item).`,
);
export const buildFailed = message('RS-PANEL-006', (file: string, first: string) =>
  `Building ${file} failed: ${first}. See the Problems panel for clang's diagnostics.`,
);
export const verifierRejected = message('RS-PANEL-007', (program: string, line: string, msg: string) =>
  `The kernel's verifier rejected program '${program}'${line}: ${msg}`,
);
export const agentError = message('RS-PANEL-008', (detail: string) => `The session stopped: ${detail}`);
export const openLog = message('RS-PANEL-009', () => `Open Verifier Log`);
export const noSession = message('RS-PANEL-010', () => `No Ringscope session is running.`);
export const stopped = message('RS-PANEL-011', (records: number) => `Session stopped after ${records} records.`);
export const badRecordFile = message('RS-PANEL-012', (path: string, line: number, why: string) =>
  `${path} is not a Ringscope record file (line ${line}: ${why}). Record files are written by ` +
    `Ringscope: Run with ringscope.recordFile set; see docs/record-file.md.`,
);
export const replayed = message('RS-PANEL-013', (count: number, rings: number, path: string) =>
  `Replayed ${count} records of ${rings} ring(s) from ${path}.`,
);
export const hostPrompt = message('RS-PANEL-014', () => `SSH host to run on (an alias from ~/.ssh/config or user@host[:port])`);
export const noRecords = message('RS-PANEL-015', () => `No records yet: run a program or replay a record file first.`);
export const remoteUnavailable = message('RS-PANEL-016', (why: string) => `Cannot run on the remote host: ${why}`);
export const lensRing = message('RS-PANEL-017', (count: number, ring: string) => `${count} records read from ${ring}`);
export const lensRingUnknown = message('RS-PANEL-018', () => `ring unknown`);
export const lensSite = message('RS-PANEL-019', (count: number, ringText: string) => `${count} records from this site · ${ringText}`);
export const lensSiteTip = message('RS-PANEL-020', (count: number, ring: string) =>
  `${count} records submitted at this line, as counted by the agent; the ring ${ring} holds records of every site. Click to show its records.`,
);
export const lensTotalTip = message('RS-PANEL-021', (ring: string) =>
  `The agent sends no per-site counts for this program, so this is the total of ring ${ring} (every site writing to it), not of this line alone. Click to show its records.`,
);
export const lensMapTip = message('RS-PANEL-022', (ring: string) => `Records read from ring ${ring} since the session started. Click to show them.`);
