// Per-ring counters and the `stats` event: the four bpf_ringbuf_query values read from the ring's pages,
// rates over the last interval, the peak fill seen, and drops (discarded records plus the program's
// `<ring>_drops` counter; null when the program keeps no counter and nothing was discarded).
import type { StatsEvent } from '../../../common/agentProtocol';
import type { RingPositions } from './reader';

export class RingCounters {
  received = 0;
  sent = 0;
  bytes = 0;
  peakFillPct = 0;
  private lastReceived = 0;
  private lastBytes = 0;
  private lastAt: number;

  constructor(
    readonly ring: string,
    readonly size: number,
    now: number,
  ) {
    this.lastAt = now;
  }

  sampleFill(p: RingPositions): void {
    const pct = ((p.producer - p.consumer) / this.size) * 100;
    if (pct > this.peakFillPct) this.peakFillPct = Math.min(100, pct);
  }

  /** The stats event for now; rates cover the time since the previous call. */
  snapshot(p: RingPositions, now: number, discarded: number, programDrops: number | undefined): StatsEvent {
    this.sampleFill(p);
    const dt = Math.max(1e-3, (now - this.lastAt) / 1000);
    const ev: StatsEvent = {
      type: 'stats',
      ring: this.ring,
      availData: p.producer - p.consumer,
      ringSize: this.size,
      consumerPos: p.consumer,
      producerPos: p.producer,
      recordsPerSec: Math.round((this.received - this.lastReceived) / dt),
      bytesPerSec: Math.round((this.bytes - this.lastBytes) / dt),
      peakFillPct: Math.round(this.peakFillPct * 10) / 10,
      drops: programDrops === undefined && discarded === 0 ? null : discarded + (programDrops ?? 0),
      failed: programDrops ?? null,
      received: this.received,
    };
    this.lastAt = now;
    this.lastReceived = this.received;
    this.lastBytes = this.bytes;
    return ev;
  }
}
