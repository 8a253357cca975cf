// The record file (docs/record-file.md): JSON lines, a header line describing the rings, then one line
// per record read, unsampled. Written synchronously in chunks so that memory stays bounded.
import * as fs from 'node:fs';
import type { RingInfo } from '../../common/agentProtocol';
import type { DecodedRecord } from '../../common/records';

export const RECORD_FILE_FORMAT = 'ringscope-records';
export const RECORD_FILE_VERSION = 1;

export interface RecordFileHeader {
  readonly format: typeof RECORD_FILE_FORMAT;
  readonly version: number;
  readonly object: string;
  readonly started: number;
  readonly rings: readonly RingInfo[];
}

export interface RecordFileLine {
  readonly ring: string;
  readonly seq: number;
  readonly ts: number;
  readonly record: DecodedRecord;
}

const FLUSH_AT = 1 << 20;

export class RecordFileWriter {
  private readonly fd: number;
  private chunk: string[] = [];
  private chunkLen = 0;

  constructor(path: string, header: RecordFileHeader) {
    this.fd = fs.openSync(path, 'w');
    fs.writeSync(this.fd, JSON.stringify(header) + '\n');
  }

  write(line: RecordFileLine): void {
    const s = JSON.stringify(line) + '\n';
    this.chunk.push(s);
    this.chunkLen += s.length;
    if (this.chunkLen >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.chunk.length === 0) return;
    fs.writeSync(this.fd, this.chunk.join(''));
    this.chunk = [];
    this.chunkLen = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}
