// Parses clang's text diagnostics (`file:line:col: severity: message [-Wflag]`, the source snippet and
// caret line, following notes) into BuildDiagnostics. Handles clang 14's and clang 19's snippet styles.
import type { BuildDiagnostic, BuildLocation, BuildSeverity } from '../../../common/build';

const located = /^(.+?):(\d+):(\d+): (fatal error|error|warning|note|remark): (.*)$/;
const unlocated = /^(\S*clang[^\s:]*|error|warning|fatal error): (?:(fatal error|error|warning|note|remark): )?(.*)$/;
const summary = /^\d+ (?:warnings?|errors?)(?: and \d+ (?:warnings?|errors?))? generated\.$/;
// clang ≥ 15 prefixes snippet lines with "   20 | " (source) and "      | " (caret, fix-it).
const sourceGutter = /^ +\d+ \| ?/;
const caretGutter = /^ +\| ?/;

interface Mutable {
  severity: BuildSeverity;
  message: string;
  location?: BuildLocation;
  flag?: string;
  notes: BuildDiagnostic[];
}

function severityOf(text: string): BuildSeverity {
  return text === 'fatal error' ? 'error' : (text as BuildSeverity);
}

/** Splits "message [-Wflag]" / "[-Werror,-Wflag]" into message and the specific warning flag. */
function splitFlag(text: string): { message: string; flag?: string } {
  const match = /^(.*) \[([^\]]*-W[^\]]*)\]$/.exec(text);
  if (!match?.[1] || !match[2]) return { message: text };
  const flags = match[2].split(',').filter((f) => f.startsWith('-W') && f !== '-Werror');
  const flag = flags[flags.length - 1];
  return flag ? { message: match[1], flag } : { message: text };
}

function isCaretLine(line: string): boolean {
  return /^[ ~^]*\^[ ~^]*$/.test(line);
}

/**
 * End column of what clang highlights from the caret: the caret plus the `~` that directly follow it;
 * a lone caret under an identifier covers the identifier. Display columns differ from clang's byte
 * columns only by tabs before the caret, so the length is measured in display columns and added.
 */
function endColumnOf(column: number, sourceLine: string | undefined, caretLine: string): number {
  const caret = caretLine.indexOf('^');
  let end = caret + 1;
  while (caretLine[end] === '~') end += 1;
  if (end === caret + 1 && sourceLine !== undefined && /[A-Za-z0-9_]/.test(sourceLine[caret] ?? '')) {
    while (/[A-Za-z0-9_]/.test(sourceLine[end] ?? '')) end += 1;
  }
  return column + (end - caret);
}

export function parseClangDiagnostics(text: string): BuildDiagnostic[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: Mutable[] = [];
  let last: Mutable | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const loc = located.exec(line);
    const bare = loc ? null : unlocated.exec(line);
    if (!loc && !bare) continue;
    if (!loc && summary.test(line)) continue;
    let d: Mutable;
    if (loc) {
      const [, file = '', l = '0', c = '0', sev = 'error', msg = ''] = loc;
      const column = Number(c);
      d = { severity: severityOf(sev), ...splitFlag(msg), notes: [], location: { file, line: Number(l), column, endColumn: column + 1 } };
      // The snippet: the source line, then the caret line (both possibly behind a "NN | " gutter).
      let source = lines[i + 1];
      let caret = lines[i + 2];
      if (source !== undefined && caret !== undefined && sourceGutter.test(source) && caretGutter.test(caret)) {
        source = source.replace(sourceGutter, '');
        caret = caret.replace(caretGutter, '');
      }
      if (caret !== undefined && isCaretLine(caret) && d.location) {
        d.location = { ...d.location, endColumn: endColumnOf(column, source, caret) };
        i += 2;
      }
    } else {
      const [, tool = '', sev, msg = ''] = bare ?? [];
      // "clang: error: ..." has the severity second; "error: ..." (no tool prefix) has it first.
      const severity = sev ?? (tool.includes('clang') ? 'error' : tool);
      d = { severity: severityOf(severity), ...splitFlag(msg), notes: [] };
    }
    if (d.severity === 'note' && last) {
      last.notes.push(d);
    } else {
      out.push(d);
      last = d;
    }
  }
  return out;
}

/** One diagnostic as clang's own `file:line:col: severity: message [flag]` line, for the CLI. */
export function formatDiagnostic(d: BuildDiagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  return `${where}${d.severity}: ${d.message}${d.flag ? ` [${d.flag}]` : ''}`;
}
