// Test harness for the language server: bundles server/src/server.ts with esbuild into a temp dir (the
// grammar wasm is found through node_modules), starts it as a child over stdio, and speaks LSP to it
// with vscode-jsonrpc. Waits on published diagnostics by document version, never on time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  PublishDiagnosticsParams,
  Range,
} from 'vscode-languageserver-protocol';

export const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();

let built: Promise<string> | undefined;

/** Bundles the server once per test process; returns the path of the bundle. */
export function buildServer(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringscope-lsp-'));
    // Every server this process starts runs the bundle, so it goes when the process does.
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'server.js');
    await esbuild.build({
      entryPoints: [join(root, 'server/src/server.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      logLevel: 'warning',
    });
    return outfile;
  })();
  return built;
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

interface Waiter {
  readonly uri: string;
  readonly version: number;
  resolve(d: Diagnostic[]): void;
  reject(e: Error): void;
}

export class LspClient {
  /** Every window/logMessage the server sent (errors of the glue show up here). */
  readonly logs: string[] = [];
  /** Every ringscope/recordTypes notification, in order. */
  readonly recordTypes: unknown[] = [];
  /** Every publishDiagnostics notification, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly versions = new Map<string, number>();
  /** Index into `published` at the last open of each URI: versions restart at 1 on re-open. */
  private readonly openedAt = new Map<string, number>();
  private waiters: Waiter[] = [];
  private countWaiters: { uri: string; count: number; resolve(d: Diagnostic[]): void; reject(e: Error): void }[] = [];
  private exited: Error | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly conn: MessageConnection,
  ) {}

  /** Starts a server; `settings` answers workspace/configuration for `ringscope` (undefined: no capability). */
  static async start(opts: { rootPath?: string; settings?: unknown } = {}): Promise<LspClient> {
    const server = await buildServer();
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env } });
    const stdout = child.stdout;
    const stdin = child.stdin;
    if (stdout === null || stdin === null) throw new Error('no stdio');
    const conn = createMessageConnection(new StreamMessageReader(stdout), new StreamMessageWriter(stdin));
    const c = new LspClient(child, conn);
    child.stderr?.on('data', (b: Buffer) => c.logs.push(b.toString()));
    child.on('exit', (code, signal) => c.fail(new Error(`server exited (code ${code}, signal ${signal})`)));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => c.onPublish(p));
    conn.onNotification('window/logMessage', (p: { message: string }) => c.logs.push(p.message));
    conn.onNotification('ringscope/recordTypes', (p: unknown) => c.recordTypes.push(p));
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'ringscope' ? opts.settings : null)));
    conn.onRequest('client/registerCapability', () => null);
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.rootPath === undefined ? null : uriOf(opts.rootPath),
      capabilities: { workspace: { configuration: opts.settings !== undefined } },
      initializationOptions: { debounceMs: 0 },
    });
    await conn.sendNotification('initialized', {});
    return c;
  }

  private onPublish(p: PublishDiagnosticsParams): void {
    this.published.push(p);
    const ready = this.waiters.filter((w) => w.uri === p.uri && p.version === w.version);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(p.diagnostics);
    const n = this.publishCount(p.uri);
    const counted = this.countWaiters.filter((w) => w.uri === p.uri && n >= w.count);
    this.countWaiters = this.countWaiters.filter((w) => !counted.includes(w));
    for (const w of counted) w.resolve(p.diagnostics);
  }

  private publishCount(uri: string): number {
    return this.published.filter((p) => p.uri === uri).length;
  }

  /** How many times diagnostics were published for a document so far. */
  publishes(path: string): number {
    return this.publishCount(uriOf(path));
  }

  /** Resolves with the diagnostics of the `count`-th publish for a document (any version). */
  nthPublish(path: string, count: number): Promise<Diagnostic[]> {
    const uri = uriOf(path);
    const all = this.published.filter((p) => p.uri === uri);
    const done = all[count - 1];
    if (done !== undefined) return Promise.resolve(done.diagnostics);
    if (this.exited !== undefined) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.countWaiters.push({ uri, count, resolve, reject }));
  }

  private fail(e: Error): void {
    this.exited = e;
    for (const w of [...this.waiters, ...this.countWaiters]) w.reject(e);
    this.waiters = [];
    this.countWaiters = [];
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /** Resolves with the diagnostics the server publishes for this version of the document. */
  diagnostics(path: string, version: number): Promise<Diagnostic[]> {
    const uri = uriOf(path);
    const done = this.published.slice(this.openedAt.get(uri) ?? 0).find((p) => p.uri === uri && p.version === version);
    if (done !== undefined) return Promise.resolve(done.diagnostics);
    if (this.exited !== undefined) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.waiters.push({ uri, version, resolve, reject }));
  }

  /** Opens a document; returns its version. */
  async open(path: string, text: string, languageId = 'c'): Promise<number> {
    this.versions.set(path, 1);
    this.openedAt.set(uriOf(path), this.published.length);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId, version: 1, text } });
    return 1;
  }

  /** Replaces the whole text of an open document; returns the new version. */
  async change(path: string, text: string): Promise<number> {
    const version = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(path), version }, contentChanges: [{ text }] });
    return version;
  }

  async close(path: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(path) } });
  }

  hover(path: string, line: number, character: number): Promise<Hover | null> {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(path) }, position: { line, character } });
  }

  async completion(path: string, line: number, character: number): Promise<CompletionItem[]> {
    const r: CompletionItem[] | CompletionList | null = await this.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: uriOf(path) },
      position: { line, character },
    });
    return r === null ? [] : Array.isArray(r) ? r : r.items;
  }

  codeActions(path: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[] | null> {
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(path) }, range, context: { diagnostics } });
  }

  async stop(): Promise<void> {
    if (this.exited === undefined) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
      await gone;
    }
    this.conn.dispose();
  }
}
