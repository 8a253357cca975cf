// Converts the core's findings into LSP diagnostics: severity, code, a link to the rule's docs entry,
// and related information (e.g. the exit that leaks a reservation).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { ruleDocUrl } from '../../../common/lspProtocol';
import type { Finding, Severity } from '../analysis/findings';
import { pathToUri } from './uris';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'ringscope';

export function toDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: severities[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocUrl(f.code) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  if (f.related !== undefined && f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => ({
      location: { uri: pathToUri(r.file), range: r.range },
      message: r.message,
    }));
  }
  return d;
}
