// Record files (the agent's format, client/agent/recordFile.ts / docs/record-file.md): JSON lines, a
// header {"format":"ringscope-records","version":1,"object","started","rings":[RingInfo]} then one
// {"ring","seq","ts","record"} line per record. Written here from the received stream (so remote runs
// record too) and parsed for replay without a kernel.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { RingInfo } from '../../../common/agentProtocol';
import { isPlainObject } from '../../../common/guards';
import type { DecodedRecord } from '../../../common/records';

export const RECORD_FILE_FORMAT = 'ringscope-records';

export interface ReplayHeader {
  readonly object: string;
  readonly rings: readonly string[];
}

export interface RecordLine {
  readonly ring: string;
  readonly record: DecodedRecord;
}

/** The header's ring names; undefined when `x` is not a record-file header. */
export function readHeader(x: unknown): ReplayHeader | undefined {
  if (!isPlainObject(x) || x['format'] !== RECORD_FILE_FORMAT || x['version'] !== 1 || !Array.isArray(x['rings'])) return undefined;
  const rings: string[] = [];
  for (const r of x['rings']) {
    if (typeof r === 'string') rings.push(r);
    else if (isPlainObject(r) && typeof r['name'] === 'string') rings.push(r['name']);
    else return undefined;
  }
  return { object: typeof x['object'] === 'string' ? x['object'] : '', rings };
}

export function isRecordLine(x: unknown): x is RecordLine {
  if (!isPlainObject(x) || typeof x['ring'] !== 'string') return false;
  const r = x['record'];
  return isPlainObject(r) && typeof r['type'] === 'string' && typeof r['size'] === 'number' && isPlainObject(r['fields']);
}

export type ParsedRecordFile =
  | { readonly ok: true; readonly header: ReplayHeader; readonly lines: RecordLine[] }
  | { readonly ok: false; readonly line: number; readonly why: string };

export function parseRecordFile(text: string): ParsedRecordFile {
  const raw = text.split('\n');
  const lines: RecordLine[] = [];
  let header: ReplayHeader | undefined;
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i]?.trim() ?? '';
    if (s === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch {
      return { ok: false, line: i + 1, why: 'not JSON' };
    }
    if (header === undefined) {
      header = readHeader(v);
      if (header === undefined) return { ok: false, line: i + 1, why: `no ${RECORD_FILE_FORMAT} header` };
    } else if (isRecordLine(v)) lines.push(v);
    else return { ok: false, line: i + 1, why: 'not a {ring, record} line' };
  }
  if (header === undefined) return { ok: false, line: 1, why: 'empty file' };
  return { ok: true, header, lines };
}

export class RecordFileWriter {
  private readonly out: WriteStream;
  private readonly seqs = new Map<string, number>();

  constructor(path: string, object: string, rings: readonly RingInfo[]) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.on('error', () => undefined);
    this.out.write(JSON.stringify({ format: RECORD_FILE_FORMAT, version: 1, object, started: Date.now(), rings }) + '\n');
  }

  write(ring: string, batch: readonly DecodedRecord[]): void {
    let seq = this.seqs.get(ring) ?? 0;
    const ts = Date.now();
    let s = '';
    for (const record of batch) s += JSON.stringify({ ring, seq: seq++, ts, record }) + '\n';
    this.seqs.set(ring, seq);
    this.out.write(s);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(() => resolve()));
  }
}
