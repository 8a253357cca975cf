// Starts the Ringscope language server (dist/server.js over Node IPC) for BPF C: `*.bpf.c` files and C
// files (the server itself stays silent on C files that do not include bpf_helpers.h). It adds diagnostics,
// hovers, ring-buffer completions and quick fixes beside clangd / cpptools, never replacing them.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { RecordTypesNotification, isRecordTypesParams, type RingRecordType, type ServerInitOptions } from '../../common/lspProtocol';
import { lspMessages, render } from '../../common/messages';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up (a crash loop helps nobody). */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

const recordTypes = new Map<string, readonly RingRecordType[]>();
const recordTypesChanged = new vscode.EventEmitter<string>();

/** Record types per ring of a BPF C document, as the server last inferred them (for the decoder). */
export function ringRecordTypes(uri: vscode.Uri): readonly RingRecordType[] {
  return recordTypes.get(uri.toString()) ?? [];
}

/** Fires with a document URI whenever its ring record types were re-inferred. */
export const onRingRecordTypes = recordTypesChanged.event;

function boundedRestarts(): ErrorHandler {
  const restarts: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      while (restarts.length > 0 && now - (restarts[0] ?? now) > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        return { action: CloseAction.DoNotRestart, message: render(lspMessages.serverGaveUp, MAX_RESTARTS) };
      }
      restarts.push(now);
      return { action: CloseAction.Restart, message: render(lspMessages.serverRestarting, restarts.length, MAX_RESTARTS) };
    },
  };
}

export function registerLanguageClient(ctx: vscode.ExtensionContext): void {
  const module = ctx.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: ServerInitOptions = {};
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', pattern: '**/*.bpf.c' },
      { scheme: 'file', language: 'c' },
    ],
    // Included headers edited outside the editor re-validate the programs that include them.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.h') },
    errorHandler: boundedRestarts(),
    initializationOptions,
  };
  const client = new LanguageClient('ringscope', 'Ringscope', serverOptions, clientOptions);
  ctx.subscriptions.push(
    client.onNotification(RecordTypesNotification, (params: unknown) => {
      if (!isRecordTypesParams(params)) return;
      recordTypes.set(params.uri, params.rings);
      recordTypesChanged.fire(params.uri);
    }),
    { dispose: () => void client.stop().catch(() => undefined) },
  );
  client.start().catch((e: unknown) => {
    void vscode.window.showErrorMessage(render(lspMessages.serverStartFailed, e instanceof Error ? e.message : String(e)));
  });
}
