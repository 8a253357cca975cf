// One run of a BPF program: build, reach the agent (this machine or SSH), load → attach → stream, feed the
// records panels, CodeLens and status bar; verifier failures become diagnostics on the C line. Ends on
// stop(), on the agent's error or exit; `ended` resolves once with the record count.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AGENT_PROTOCOL_VERSION, DEFAULT_MAX_RECORDS_PER_SECOND, DEFAULT_READER_PRIORITY, assertNever, type AgentEvent } from '../../../common/agentProtocol';
import { LossHints } from '../../../common/lossHint';
import { isRecordSelection, type RecordSelection } from '../../../common/records';
import { render, withCode, panelMessages as m, uiMessages as ui } from '../../../common/messages';
import type { RecordsPanels } from '../panel/recordsPanel';
import { statsSample } from '../panel/ingest';
import type { PrivilegeMode } from '../../transport/privilege';
import type { AgentTransport, TransportError } from '../../transport/types';
import { ringRecordTypes } from '../languageClient';
import { buildForRun } from './build';
import { connect, type RunTarget } from './connect';
import { RecordFileWriter } from './recordFile';
import type { SessionStatus } from './statusItem';
import type { SiteLens } from './siteLens';
import { SHOW_LOG_COMMAND, type VerifierDiagnostics } from './verifierDiagnostics';

export interface SessionDeps {
  readonly extensionRoot: string;
  readonly panels: RecordsPanels;
  readonly diagnostics: VerifierDiagnostics;
  readonly status: SessionStatus;
  readonly lens: SiteLens;
  readonly log: vscode.LogOutputChannel;
}

export class Session {
  private transport: AgentTransport | undefined;
  private recordFile: RecordFileWriter | undefined;
  private records = 0;
  private host: string;
  private readonly rates = new Map<string, number>();
  private readonly lossHints = new LossHints();
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private lastStats = 0;
  private finished = false;
  private resolveEnded: (n: number) => void = () => undefined;
  /** Resolves with the number of records received when the session is over. */
  readonly ended = new Promise<number>((r) => (this.resolveEnded = r));

  constructor(
    private readonly deps: SessionDeps,
    readonly source: vscode.Uri,
    readonly target: RunTarget,
  ) {
    this.host = target.kind === 'local' ? 'local' : target.destination;
  }

  get program(): string {
    return path.basename(this.source.fsPath);
  }

  get description(): string {
    return ui.sessionName.text(this.program, this.host);
  }

  async start(): Promise<void> {
    const { deps } = this;
    deps.diagnostics.clear();
    deps.status.show(this.host, this.program, undefined, ui.stateBuilding.text());
    deps.panels.setSession(ui.sessionState.text(this.description, ui.stateBuilding.text()), true);
    // rows of an earlier run or replay would read as this session's (e.g. beside a verifier rejection)
    deps.panels.reset(deps.panels.rings());
    const built = await buildForRun(deps.extensionRoot, this.source.fsPath);
    if (!built.ok) {
      this.end(render(m.buildFailed, this.program, built.why));
      return;
    }
    if (this.finished) return;
    const cfg = vscode.workspace.getConfiguration('ringscope');
    let conn;
    try {
      deps.status.show(this.host, this.program, undefined, ui.stateConnecting.text());
      conn = await connect(this.target, {
        extensionRoot: deps.extensionRoot,
        privilegeMode: cfg.get<PrivilegeMode>('privilegeMode', 'sudo'),
        object: built.report.output,
      });
    } catch (e) {
      this.end(e instanceof Error ? e.message : String(e));
      return;
    }
    if (this.finished) {
      void conn.transport.close();
      return;
    }
    this.host = conn.host;
    const t = conn.transport;
    this.transport = t;
    const recordFile = cfg.get<string>('recordFile', '');
    // Settings override; otherwise the types the language server inferred from the source.
    const overrides = cfg.get<unknown[]>('recordTypes', []).filter(isRecordSelection);
    const inferred = ringRecordTypes(this.source)
      .filter((r) => r.recordType !== '' && !overrides.some((o) => o.ring === r.map))
      .map((r): RecordSelection => ({ ring: r.map, type: r.recordType }));
    const recordTypes = [...overrides, ...inferred];
    t.onEvent((ev) => this.onEvent(ev, conn.objectPath, recordTypes, recordFile));
    t.onProblem((p) => deps.log.warn(`agent: ${withCode(p.message, p.code)}`));
    t.onClose((err: TransportError | undefined) => this.end(err ? withCode(err.message, err.code) : undefined));
    t.send({ type: 'hello', version: AGENT_PROTOCOL_VERSION });
    deps.status.show(this.host, this.program, undefined, ui.stateLoading.text());
    deps.lens.start(this.source);
  }

  private onEvent(ev: AgentEvent, object: string, recordTypes: RecordSelection[], recordFile: string): void {
    const { deps } = this;
    const t = this.transport;
    if (t === undefined) return;
    switch (ev.type) {
      case 'hello':
        deps.log.info(`agent ${ev.version} on ${this.host}: libbpf ${ev.libbpfVersion}, zero-copy ${String(ev.zeroCopy)}`);
        t.send({ type: 'load', object, recordTypes });
        return;
      case 'loaded': {
        const rings = ev.rings.map((r) => r.name);
        for (const r of ev.rings) if (r.problem !== undefined) deps.log.warn(`ring ${r.name}: ${r.problem}`);
        deps.panels.reset(rings);
        deps.panels.show();
        if (recordFile !== '') {
          this.recordFile = new RecordFileWriter(recordFile, object, ev.rings);
        }
        t.send({ type: 'attach' });
        return;
      }
      case 'attached': {
        const config = vscode.workspace.getConfiguration('ringscope');
        const max = config.get<number>('maxRecordsPerSecond', DEFAULT_MAX_RECORDS_PER_SECOND);
        const readerPriority = config.get<number>('readerPriority', DEFAULT_READER_PRIORITY);
        t.send({ type: 'startStream', maxRecordsPerSecond: max, readerPriority });
        deps.panels.setSession(ui.sessionState.text(this.description, ui.stateRunning.text()), true);
        deps.status.show(this.host, this.program, 0);
        // The agent streams stats on its own; ask when it has been quiet (e.g. an idle ring).
        this.statsTimer = setInterval(() => {
          if (Date.now() - this.lastStats > 1500) t.send({ type: 'stats' });
        }, 1000);
        return;
      }
      case 'records':
        this.records += ev.batch.length;
        deps.panels.addRecords(ev.ring, ev.batch);
        this.recordFile?.write(ev.ring, ev.batch);
        return;
      case 'stats': {
        this.lastStats = Date.now();
        deps.panels.stats(ev.ring, statsSample(ev, this.lossHints.next(ev) ?? null));
        deps.lens.ring(ev.ring, ev.received);
        this.rates.set(ev.ring, ev.recordsPerSec);
        let sum = 0;
        for (const v of this.rates.values()) sum += v;
        deps.status.show(this.host, this.program, sum);
        return;
      }
      case 'siteCounts':
        deps.lens.sites(ev.counts);
        return;
      case 'verifierError': {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === this.source.fsPath);
        deps.diagnostics.report(this.source, doc, ev);
        const where = ev.line !== undefined ? ` at line ${ev.line}` : '';
        const text = render(m.verifierRejected, ev.program, where, ev.message);
        const index = deps.diagnostics.lastLogIndex;
        void vscode.window.showErrorMessage(text, m.openLog.text()).then((pick) => {
          if (pick !== undefined) void vscode.commands.executeCommand(SHOW_LOG_COMMAND, index);
        });
        void this.stop(undefined);
        return;
      }
      case 'error':
        void this.stop(render(m.agentError, withCode(ev.message, ev.code)));
        return;
      case 'log':
        deps.log[ev.level](ev.message);
        return;
      case 'streaming':
        deps.log.info(`streaming ${ev.rings.join(', ')} (at most ${ev.maxRecordsPerSecond || 'unbounded'} records/s sent)`);
        return;
      case 'bye':
        return;
      default:
        assertNever(ev);
    }
  }

  /** Asks the agent to detach and exit; `why` is shown as an error when given. */
  async stop(why?: string): Promise<void> {
    const t = this.transport;
    // close() sends `stop` itself and waits for the agent's teardown
    if (t !== undefined && !t.closed) await t.close();
    this.end(why);
  }

  private end(why: string | undefined): void {
    if (this.finished) return;
    this.finished = true;
    if (this.statsTimer !== undefined) clearInterval(this.statsTimer);
    if (this.transport !== undefined && !this.transport.closed) void this.transport.close();
    void this.recordFile?.close();
    this.deps.status.hide();
    this.deps.lens.stop();
    this.deps.panels.setSession(ui.sessionStopped.text(this.description, this.records), false);
    if (why !== undefined) {
      this.deps.log.error(why);
      void vscode.window.showErrorMessage(why);
    }
    this.resolveEnded(this.records);
  }
}
