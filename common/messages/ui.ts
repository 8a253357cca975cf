// Labels of the editor's own UI (status bar item, session line, quick pick, records panel chrome), kept
// in the one catalogue with the messages so that every user-visible word is found and changed in one place.
import { message } from './catalog';

// Session line of the records panel and the status bar item (extension host).
export const sessionName = message('RS-UI-001', (program: string, host: string) => `${program} on ${host}`);
export const sessionState = message('RS-UI-002', (session: string, state: string) => `${session}: ${state}`);
export const sessionStopped = message('RS-UI-003', (session: string, records: number) => `${session}: stopped after ${records} records`);
export const replayName = message('RS-UI-004', (what: string) => `replay of ${what}`);
export const noSession = message('RS-UI-005', () => `No session`);
export const stateBuilding = message('RS-UI-006', () => `building`);
export const stateConnecting = message('RS-UI-007', () => `connecting`);
export const stateLoading = message('RS-UI-008', () => `loading`);
export const stateRunning = message('RS-UI-009', () => `running`);
export const statusRate = message('RS-UI-010', (perSec: number) => `${perSec} rec/s`);
export const statusTooltip = message('RS-UI-011', (program: string, host: string, state: string) =>
  `Ringscope: ${program} on ${host} (${state}). Click to stop.`,
);
export const statusName = message('RS-UI-012', () => `Ringscope session`);
// Run on Remote Host… quick pick.
export const remoteTitle = message('RS-UI-013', () => `Ringscope: Run on Remote Host`);
export const remoteTyped = message('RS-UI-014', () => `connect to this host`);
// Records panel (webview) chrome.
export const panelTitle = message('RS-UI-020', (ring: string) => `Records: ${ring}`);
export const pause = message('RS-UI-021', () => `Pause`);
export const resume = message('RS-UI-022', () => `Resume`);
export const clear = message('RS-UI-023', () => `Clear`);
export const followTail = message('RS-UI-024', () => `Follow tail`);
export const exportJsonl = message('RS-UI-025', () => `Export JSONL`);
export const exportCsv = message('RS-UI-026', () => `Export CSV`);
export const filterPlaceholder = message('RS-UI-027', () => `filter`);
export const filterLabel = message('RS-UI-028', (column: string) => `Filter ${column}`);
export const statsLabel = message('RS-UI-029', () => `Ring statistics`);
export const sparkLabel = message('RS-UI-030', () => `Fill over the last minute`);
export const rowCounts = message('RS-UI-031', (shown: number, retained: number, received: number, paused: boolean) =>
  `${shown} shown · ${retained} retained · ${received} received${paused ? ' · paused' : ''}`,
);
export const statsWaiting = message('RS-UI-032', () => `waiting for the session`);
export const statStatistics = message('RS-UI-033', () => `Statistics`);
export const statAvailable = message('RS-UI-034', () => `Available`);
export const statRingSize = message('RS-UI-035', () => `Ring size`);
export const statConsumer = message('RS-UI-036', () => `Consumer pos`);
export const statProducer = message('RS-UI-037', () => `Producer pos`);
export const statFill = message('RS-UI-038', () => `Fill`);
export const statRecordsPerSec = message('RS-UI-039', () => `Records/s`);
export const statBytesPerSec = message('RS-UI-040', () => `Bytes/s`);
export const statDrops = message('RS-UI-041', () => `Drops`);
// Drops are unknown, never zero, when the program keeps no `<ring>_drops` counter.
export const dropsUnknown = message('RS-UI-042', () => `unknown`);
// Language server completion.
export const snippetDetail = message('RS-UI-050', () => `reserve a record, NULL-check it, submit it`);
// `ringscope run` progress lines (stderr).
export const runLoaded = message('RS-UI-060', (programs: string, rings: string) => `loaded ${programs}; rings: ${rings}`);
export const runRing = message('RS-UI-061', (name: string, size: number, recordType: string) =>
  `${name} (${size} B, ${recordType || 'hex'})`,
);
export const runStreaming = message('RS-UI-062', (rings: string) => `streaming ${rings}`);
