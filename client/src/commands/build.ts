// "Ringscope: Build BPF Program": builds the active (or given) .bpf.c through `node dist/cli.js build
// --json` and puts clang's diagnostics in the Problems panel (DiagnosticCollection 'ringscope-build').
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isBuildReport, type BuildDiagnostic, type BuildReport, type BuildSeverity } from '../../../common/build';
import { buildMessages as m, render, withCode } from '../../../common/messages';
import { runCliJson } from './cliJson';

export function registerBuild(ctx: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('ringscope-build');
  // Files that each source's last build reported on, so a rebuild replaces exactly those.
  const reported = new Map<string, vscode.Uri[]>();
  ctx.subscriptions.push(
    collection,
    vscode.commands.registerCommand('ringscope.build', (uri?: vscode.Uri) => build(ctx.extensionPath, collection, reported, uri)),
  );
}

const severities: Record<BuildSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  note: vscode.DiagnosticSeverity.Information,
  remark: vscode.DiagnosticSeverity.Hint,
};

function rangeOf(d: BuildDiagnostic): vscode.Range {
  const loc = d.location;
  if (!loc) return new vscode.Range(0, 0, 0, 0);
  // clang counts from 1; VS Code from 0.
  return new vscode.Range(loc.line - 1, loc.column - 1, loc.line - 1, Math.max(loc.endColumn, loc.column + 1) - 1);
}

/** Groups the report's diagnostics by file; clang's relative paths are relative to the source's folder. */
export function toDiagnostics(report: BuildReport): Map<string, vscode.Diagnostic[]> {
  const sourceDir = path.dirname(report.source);
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const d of report.diagnostics) {
    const file = d.location ? path.resolve(sourceDir, d.location.file) : report.source;
    const diagnostic = new vscode.Diagnostic(rangeOf(d), d.message, severities[d.severity]);
    diagnostic.source = 'clang';
    if (d.flag) diagnostic.code = d.flag;
    diagnostic.relatedInformation = d.notes
      .filter((n) => n.location)
      .map((n) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(path.resolve(sourceDir, n.location?.file ?? '')), rangeOf(n)), n.message));
    byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
  }
  return byFile;
}

async function build(
  extensionRoot: string,
  collection: vscode.DiagnosticCollection,
  reported: Map<string, vscode.Uri[]>,
  uri: vscode.Uri | undefined,
): Promise<BuildReport | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(render(m.untrusted));
    return undefined;
  }
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== 'file' || !document.fileName.endsWith('.c')) {
    void vscode.window.showErrorMessage(render(m.noActiveFile));
    return undefined;
  }
  if (document.isDirty) await document.save();
  const source = document.fileName;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? path.dirname(source);
  const includes = vscode.workspace.getConfiguration('ringscope', document.uri).get<string[]>('includePaths', []);
  const args = ['build', '--json', source, ...includes.flatMap((d) => ['-I', path.resolve(folder, d)])];
  const report = await runCliJson(extensionRoot, args, isBuildReport);
  if (typeof report === 'string') {
    void vscode.window.showErrorMessage(render(m.reportUnreadable, report));
    return undefined;
  }
  for (const old of reported.get(source) ?? []) collection.delete(old);
  const uris: vscode.Uri[] = [];
  for (const [file, diagnostics] of toDiagnostics(report)) {
    const fileUri = vscode.Uri.file(file);
    collection.set(fileUri, diagnostics);
    uris.push(fileUri);
  }
  reported.set(source, uris);
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  if (report.error) void vscode.window.showErrorMessage(withCode(report.error.message, report.error.code));
  else if (report.ok) void vscode.window.showInformationMessage(render(m.built, report.output, warnings));
  else void vscode.window.showErrorMessage(render(m.failed, path.basename(source), Math.max(errors, 1)));
  return report;
}
