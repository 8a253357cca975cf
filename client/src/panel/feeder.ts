// Feeds one ring's model to one webview: deltas batched to at most one message per FLUSH_MS while the
// panel is visible and not paused, a full snapshot on reveal/resume/clear. No vscode import (unit-tested
// with a fake sink and a fake timer).
import type { ToWebview } from '../../../common/webviewProtocol';
import type { RingModel, StatsSample } from './ringModel';

/** 100 ms: at most 10 deltas a second, whatever the record rate. */
export const FLUSH_MS = 100;

export interface PanelSink {
  readonly visible: boolean;
  post(msg: ToWebview): void;
}

export interface Timer {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimer: Timer = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Feeder {
  private pendingTimer: unknown = undefined;
  private paused = false;

  constructor(
    readonly model: RingModel,
    private readonly sink: PanelSink,
    private readonly timer: Timer = realTimer,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  /** Call after adding records to the model. */
  recordsAdded(): void {
    if (this.pendingTimer !== undefined) return;
    this.pendingTimer = this.timer.setTimeout(() => this.flush(), FLUSH_MS);
  }

  stats(s: StatsSample): void {
    this.model.setStats(s);
    const st = this.model.getStats();
    if (st !== null && this.sink.visible) this.sink.post({ type: 'ringscope/stats', ring: this.model.ring, stats: st });
  }

  /** The panel became visible (or the webview said ready): send everything retained. */
  reveal(): void {
    this.snapshot();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.snapshot();
  }

  clear(): void {
    this.model.clear();
    this.snapshot();
  }

  dispose(): void {
    if (this.pendingTimer !== undefined) this.timer.clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
  }

  private flush(): void {
    this.pendingTimer = undefined;
    // Hidden or paused: leave the rows pending; the next reveal/resume sends a snapshot instead.
    if (!this.sink.visible || this.paused || !this.model.hasPending) return;
    const delta = this.model.takeDelta();
    if (delta === undefined) {
      this.snapshot();
      return;
    }
    this.sink.post({ type: 'ringscope/append', ring: this.model.ring, rows: delta, total: this.model.total });
  }

  private snapshot(): void {
    if (!this.sink.visible) return;
    this.sink.post({
      type: 'ringscope/snapshot',
      ring: this.model.ring,
      capacity: this.model.capacity,
      paused: this.paused,
      rows: this.model.takeSnapshot(),
      total: this.model.total,
      stats: this.model.getStats(),
    });
  }
}
