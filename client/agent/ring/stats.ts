// Per-ring counters and the `stats` event: the four bpf_ringbuf_query values read from the ring's pages,
// rates over the last interval, the peak fill seen, and drops (discarded records plus the program's
// `<ring>_drops` counter; null when the program keeps no counter and nothing was discarded).
import type { StatsEvent } from '../../../common/agentProtocol';
import type { RingPositions } from './reader';

// slots of RingCounters.counts
const RECEIVED = 0;
const SENT = 1;
const BYTES = 2;
const LAST_RECEIVED = 3;
const LAST_BYTES = 4;
const REPORTED = 5;

export class RingCounters {
  peakFillPct = 0;
  /**
   * The counts, in a Float64Array rather than fields: bytes pass 2^31 after 2 GiB and records soon after at
   * millions a second, and a field or an addition that had only held small integers deoptimises the consumer's
   * code when the first larger number arrives, in the middle of a drain.
   */
  private readonly counts = new Float64Array(6);
  private lastAt: number;

  /** Records consumed. */
  get received(): number {
    return this.counts[RECEIVED] ?? 0;
  }
  set received(n: number) {
    this.counts[RECEIVED] = n;
  }
  /** Records sent to the client. */
  get sent(): number {
    return this.counts[SENT] ?? 0;
  }
  set sent(n: number) {
    this.counts[SENT] = n;
  }
  /** Bytes of the records consumed. */
  get bytes(): number {
    return this.counts[BYTES] ?? 0;
  }
  set bytes(n: number) {
    this.counts[BYTES] = n;
  }

  constructor(
    readonly ring: string,
    readonly size: number,
    now: number,
  ) {
    this.lastAt = now;
  }

  /** Marks the records received so far as reported in a records event; true when some were not yet. */
  markReported(): boolean {
    const c = this.counts;
    const received = c[RECEIVED] ?? 0;
    if (c[REPORTED] === received) return false;
    c[REPORTED] = received;
    return true;
  }

  /** Notes how full the ring is: `bytes` past the consumer (RingReader.pending). */
  sampleFill(bytes: number): void {
    const pct = (bytes / this.size) * 100;
    if (pct > this.peakFillPct) this.peakFillPct = Math.min(100, pct);
  }

  /** The stats event for now; rates cover the time since the previous call. */
  snapshot(p: RingPositions, now: number, discarded: number, programDrops: number | undefined): StatsEvent {
    this.sampleFill(p.producer - p.consumer);
    const dt = Math.max(1e-3, (now - this.lastAt) / 1000);
    const ev: StatsEvent = {
      type: 'stats',
      ring: this.ring,
      availData: p.producer - p.consumer,
      ringSize: this.size,
      consumerPos: p.consumer,
      producerPos: p.producer,
      recordsPerSec: Math.round((this.received - (this.counts[LAST_RECEIVED] ?? 0)) / dt),
      bytesPerSec: Math.round((this.bytes - (this.counts[LAST_BYTES] ?? 0)) / dt),
      peakFillPct: Math.round(this.peakFillPct * 10) / 10,
      drops: programDrops === undefined && discarded === 0 ? null : discarded + (programDrops ?? 0),
      failed: programDrops ?? null,
      received: this.received,
    };
    this.lastAt = now;
    this.counts[LAST_RECEIVED] = this.received;
    this.counts[LAST_BYTES] = this.bytes;
    return ev;
  }
}
