// The Ringscope language server: thin glue between LSP (vscode-languageserver, over Node IPC or stdio)
// and the pure analysis core. Debounced validation of BPF C documents, settings, includes read from open
// buffers or disk, re-validation of dependents when an included file changes; features in ./features.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RecordTypesNotification, isServerInitOptions, type RecordTypesParams } from '../../common/lspProtocol';
import { lspMessages, render } from '../../common/messages';
import { setRuleFailureLogger } from './analysis/analyze';
import { defaultSettings, type AnalysisSettings } from './analysis/findings';
import { initParser } from './analysis/parser';
import { analyzeDocument, type DocumentAnalysis } from './features/analysis';
import { codeActionsFor } from './features/codeActions';
import { completionsAt } from './features/completion';
import { toDiagnostic } from './features/diagnostics';
import { HeaderDiagnostics } from './features/headerDiagnostics';
import { hoverAt } from './features/hover';
import { ringRecordTypes } from './features/recordTypes';
import { isBpfSource } from './features/relevance';
import { toAnalysisSettings } from './features/settings';
import { DependencyIndex, recordingSources } from './features/sources';
import { pathToUri, uriToPath } from './features/uris';
import { afterAnalysis } from './idle';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const deps = new DependencyIndex();
const results = new Map<string, DocumentAnalysis>();
const timers = new Map<string, NodeJS.Timeout>();
const headerDiagnostics = new HeaderDiagnostics();

let debounceMs = 150;
let workspaceRoot: string | undefined;
let canPullConfiguration = false;
let settings: Promise<AnalysisSettings> | undefined;
setRuleFailureLogger((code, err) =>
  connection.console.error(render(lspMessages.analysisFailed, code, err instanceof Error ? (err.stack ?? err.message) : String(err))));
const parserReady = initParser();
// Reported here once; validate() awaits the same promise and reports per document.
void parserReady.catch((e: unknown) => connection.console.error(render(lspMessages.analysisFailed, 'tree-sitter', String(e))));

connection.onInitialize((params): InitializeResult => {
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  workspaceRoot = folder === undefined || folder === null ? undefined : uriToPath(folder);
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  if (isServerInitOptions(params.initializationOptions) && params.initializationOptions.debounceMs !== undefined) {
    debounceMs = params.initializationOptions.debounceMs;
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'ringscope' },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'ringscope' });
  }
});

function currentSettings(): Promise<AnalysisSettings> {
  settings ??= canPullConfiguration
    ? connection.workspace
        .getConfiguration('ringscope')
        .then((s: unknown) => toAnalysisSettings(s, workspaceRoot))
        .catch(() => defaultSettings)
    : Promise.resolve(defaultSettings);
  return settings;
}

/** Text of an open document by absolute path, so unsaved headers count. */
function openText(path: string): string | undefined {
  return documents.get(pathToUri(path))?.getText();
}

async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (doc === undefined) return;
  const file = uriToPath(uri);
  const text = doc.getText();
  if (!isBpfSource(file, text)) {
    results.delete(uri);
    deps.delete(uri);
    await publishHeaders(headerDiagnostics.drop(uri));
    // A header shows what the programs including it found there; any other C file stays empty.
    await connection.sendDiagnostics({ uri, version: doc.version, diagnostics: headerDiagnostics.forHeader(uri) });
    return;
  }
  await parserReady;
  const s = await currentSettings();
  // The document may have changed or closed while waiting; a newer validation is already scheduled.
  if (documents.get(uri)?.version !== doc.version) return;
  const sources = recordingSources(openText);
  let analysis: DocumentAnalysis;
  try {
    analysis = analyzeDocument(file, text, s, sources);
  } catch (e) {
    connection.console.error(render(lspMessages.analysisFailed, file, e instanceof Error ? (e.stack ?? e.message) : String(e)));
    analysis = { findings: [], model: undefined };
  }
  results.set(uri, analysis);
  deps.set(uri, sources.paths);
  // once answered: the whole tree the next edit re-parses from, and an empty nursery for the next analysis
  setImmediate(() => afterAnalysis(file));
  const diagnostics: Diagnostic[] = [];
  const inHeaders = new Map<string, Diagnostic[]>();
  for (const f of analysis.findings) {
    if (f.file === file) diagnostics.push(toDiagnostic(f));
    else {
      const h = pathToUri(f.file);
      if (!inHeaders.has(h)) inHeaders.set(h, []);
      inHeaders.get(h)?.push(toDiagnostic(f));
    }
  }
  await connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  await publishHeaders(headerDiagnostics.set(uri, inHeaders));
  if (analysis.model !== undefined) {
    const params: RecordTypesParams = { uri, rings: ringRecordTypes(analysis.model) };
    await connection.sendNotification(RecordTypesNotification, params);
  }
}

async function publishHeaders(uris: readonly string[]): Promise<void> {
  for (const h of uris) {
    const open = documents.get(h);
    // An open BPF source publishes its own diagnostics; an open header carries its version.
    if (open !== undefined && isBpfSource(uriToPath(h), open.getText())) continue;
    await connection.sendDiagnostics({ uri: h, version: open?.version, diagnostics: headerDiagnostics.forHeader(h) });
  }
}

function schedule(uri: string): void {
  const old = timers.get(uri);
  if (old !== undefined) clearTimeout(old);
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      validate(uri).catch((e: unknown) => connection.console.error(render(lspMessages.analysisFailed, uri, String(e))));
    }, debounceMs),
  );
}

/** A file changed (edited buffer or on disk): re-validate the documents whose analysis read it. */
function fileChanged(path: string): void {
  for (const uri of deps.dependents(path)) if (documents.get(uri) !== undefined) schedule(uri);
}

documents.onDidOpen((e) => schedule(e.document.uri));
documents.onDidChangeContent((e) => {
  schedule(e.document.uri);
  fileChanged(uriToPath(e.document.uri));
});
documents.onDidClose((e) => {
  const t = timers.get(e.document.uri);
  if (t !== undefined) clearTimeout(t);
  timers.delete(e.document.uri);
  results.delete(e.document.uri);
  deps.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  void publishHeaders(headerDiagnostics.drop(e.document.uri));
  // Dependents fall back to the file on disk.
  fileChanged(uriToPath(e.document.uri));
});

connection.onDidChangeWatchedFiles((p) => {
  for (const c of p.changes) fileChanged(uriToPath(c.uri));
});

connection.onDidChangeConfiguration(() => {
  settings = undefined;
  for (const d of documents.all()) schedule(d.uri);
});

connection.onHover((p) => {
  const doc = documents.get(p.textDocument.uri);
  if (doc === undefined) return null;
  const file = uriToPath(doc.uri);
  if (!isBpfSource(file, doc.getText())) return null;
  return hoverAt(doc.getText(), p.position.line, p.position.character, results.get(doc.uri)?.model, file);
});

connection.onCompletion((p) => {
  const doc = documents.get(p.textDocument.uri);
  if (doc === undefined || !isBpfSource(uriToPath(doc.uri), doc.getText())) return [];
  return completionsAt(doc.getText(), p.position.line, p.position.character);
});

connection.onCodeAction((p) => {
  const found = results.get(p.textDocument.uri);
  if (found === undefined) return [];
  return codeActionsFor(found.findings, uriToPath(p.textDocument.uri), p.range, p.context.only);
});

documents.listen(connection);
connection.listen();
