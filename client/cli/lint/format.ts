// Output formats of `ringscope lint`: text (compiler style), json (one array, 1-based positions) and
// SARIF 2.1.0 (code-scanning uploads, with rule metadata and help links). Pure: findings in, string out.
import { RULES_DOC_URL, ruleDocUrl } from '../../../common/lspProtocol';
import { lspMessages } from '../../../common/messages';
import type { Finding, Severity } from '../../../server/src/analysis/findings';

/** A finding with the file name as the user should see it (as typed, or relative to the cwd). */
export interface ShownFinding {
  readonly shownFile: string;
  readonly finding: Finding;
}

export interface RuleInfo {
  readonly code: string;
  readonly summary: string;
  readonly rows: readonly string[];
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export function toJsonFinding({ shownFile, finding: f }: ShownFinding): JsonFinding {
  return {
    file: shownFile,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    code: f.code,
    message: f.message,
  };
}

export function formatJson(findings: readonly ShownFinding[]): string {
  return JSON.stringify(findings.map(toJsonFinding), null, 2) + '\n';
}

export function countBySeverity(findings: readonly ShownFinding[], s: Severity): number {
  return findings.filter((x) => x.finding.severity === s).length;
}

export function formatText(findings: readonly ShownFinding[], fileCount: number): string {
  const lines = findings.map(({ shownFile, finding: f }) =>
    `${shownFile}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity}: ${f.message} [${f.code}]`);
  lines.push(lspMessages.lintSummary.text(countBySeverity(findings, 'error'), countBySeverity(findings, 'warning'), fileCount));
  return lines.join('\n') + '\n';
}

const sarifLevel: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** SARIF artifact URI: relative paths with forward slashes stay relative (to %SRCROOT%), absolute ones become file URIs. */
function artifactUri(shown: string): { uri: string; uriBaseId?: string } {
  if (shown.startsWith('/')) return { uri: 'file://' + shown.split('/').map(encodeURIComponent).join('/') };
  return { uri: shown.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function region(r: Finding['range']): Record<string, number> {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

export function formatSarif(findings: readonly ShownFinding[], rules: readonly RuleInfo[], showPath: (absolute: string) => string): string {
  const known = new Map(rules.map((r) => [r.code, r]));
  const all = [...rules];
  for (const { finding } of findings) {
    if (known.has(finding.code)) continue;
    const extra: RuleInfo = { code: finding.code, summary: finding.code, rows: [] };
    known.set(finding.code, extra);
    all.push(extra);
  }
  const index = new Map(all.map((r, i) => [r.code, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ringscope',
            informationUri: RULES_DOC_URL,
            rules: all.map((r) => ({
              id: r.code,
              shortDescription: { text: r.summary },
              helpUri: ruleDocUrl(r.code),
              properties: { ruleBookRows: [...r.rows] },
            })),
          },
        },
        results: findings.map(({ shownFile, finding: f }) => {
          const result: Record<string, unknown> = {
            ruleId: f.code,
            ruleIndex: index.get(f.code),
            level: sarifLevel[f.severity],
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: artifactUri(shownFile), region: region(f.range) } }],
          };
          if (f.related !== undefined && f.related.length > 0) {
            result['relatedLocations'] = f.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: { artifactLocation: artifactUri(showPath(r.file)), region: region(r.range) },
            }));
          }
          return result;
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
