// How `ringscope run` prints a record: `jsonl` = one JSON object {ringbuf, seq, ts, fields} per line (hex
// records as fields {hex}); `table` = aligned columns per ring, a header line when a ring first appears.
import { flattenFields, type DecodedRecord } from '../../../common/records';

export type RunFormat = 'jsonl' | 'table';

export function jsonLine(ring: string, seq: number, ts: number, rec: DecodedRecord): string {
  return JSON.stringify({ ringbuf: ring, seq, ts, fields: rec.hex !== undefined ? { hex: rec.hex } : rec.fields });
}

const clock = (ts: number): string => new Date(ts).toISOString().slice(11, 23);

/** Table rows; column widths come from the header and the ring's first record (later values may overflow). */
export class TableFormatter {
  private readonly layouts = new Map<string, { columns: string[]; widths: number[] }>();

  /** The lines for one record: its row, preceded by the ring's header the first time. */
  lines(ring: string, seq: number, ts: number, rec: DecodedRecord): string[] {
    const flat = rec.hex !== undefined ? { hex: rec.hex } : flattenFields(rec.fields);
    const values = [ring, String(seq), clock(ts), ...Object.values(flat).map((v) => String(v))];
    const out: string[] = [];
    let layout = this.layouts.get(ring);
    if (!layout) {
      const columns = ['ringbuf', 'seq', 'time', ...Object.keys(flat)];
      layout = { columns, widths: columns.map((c, i) => Math.max(c.length, (values[i] ?? '').length)) };
      this.layouts.set(ring, layout);
      out.push(this.row(layout.columns, layout.widths));
    }
    out.push(this.row(values, layout.widths));
    return out;
  }

  private row(cells: readonly string[], widths: readonly number[]): string {
    return cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  }
}
