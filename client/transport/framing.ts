// JSON-lines framing for the agent's stdio: bytes in, guarded messages out. Chunks may split lines
// (and UTF-8 characters) anywhere; a malformed or over-long line becomes an error item, never a throw.
import { render, transportMessages as m } from '../../common/messages';

export type Frame<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: string; readonly code: string };

/** Lines longer than this are dropped (a stuck agent must not grow our memory without bound). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const NL = 0x0a;

export class JsonLineDecoder<T> {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while skipping the rest of an over-long line. */
  private skipping = false;

  constructor(
    private readonly guard: (x: unknown) => x is T,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  /** Feeds one chunk; returns the frames it completed, in order. */
  push(chunk: Buffer | string): Frame<T>[] {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const out: Frame<T>[] = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) break;
      this.take(buf.subarray(start, nl), out);
      start = nl + 1;
    }
    if (start < buf.length) this.append(buf.subarray(start), out);
    return out;
  }

  /** At end of stream: a final line without newline is still a line. */
  end(): Frame<T>[] {
    const out: Frame<T>[] = [];
    if (this.pendingBytes > 0 && !this.skipping) this.take(Buffer.alloc(0), out);
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
    return out;
  }

  private append(part: Buffer, out: Frame<T>[]): void {
    if (this.skipping) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      out.push(this.tooLong());
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = true;
      return;
    }
    // Copy: the caller's chunk buffer may be reused by the stream.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private take(tail: Buffer, out: Frame<T>[]): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    if (this.pendingBytes + tail.length > this.maxLineBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      out.push(this.tooLong());
      return;
    }
    const bytes = this.pending.length === 0 ? tail : Buffer.concat([...this.pending, tail]);
    this.pending = [];
    this.pendingBytes = 0;
    const text = bytes.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      out.push(this.bad(text));
      return;
    }
    if (this.guard(value)) out.push({ ok: true, message: value });
    else out.push(this.bad(text));
  }

  private bad(text: string): Frame<T> {
    const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return { ok: false, code: m.badLine.code, error: render(m.badLine, excerpt) };
  }

  private tooLong(): Frame<T> {
    return { ok: false, code: m.lineTooLong.code, error: render(m.lineTooLong, this.maxLineBytes) };
  }
}

/** One message as a line for the agent's stdin. */
export function encodeLine(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}
