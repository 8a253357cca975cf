// The vscode-free path from agent events into one ring's panel model: a `records` batch into the model
// plus a feeder wake-up, and a `stats` event into the panel's stats sample. Used by the extension host's
// session and panels, and by scripts/bench/host.mjs to measure that same path without VS Code.
import type { DecodedRecord } from '../../../common/records';
import type { StatsEvent } from '../../../common/agentProtocol';
import type { Feeder } from './feeder';
import type { StatsSample } from './ringModel';

/** Adds a batch to the feeder's model and schedules its next delta. */
export function ingestRecords(feeder: Feeder, batch: readonly DecodedRecord[]): void {
  const model = feeder.model;
  for (const rec of batch) model.add(rec);
  feeder.recordsAdded();
}

/**
 * The panel's view of an agent `stats` event (fill % from the available data over the ring size);
 * `lossHint` is common/lossHint.ts's text for it, computed by the caller, which knows the previous event.
 */
export function statsSample(ev: StatsEvent, lossHint: string | null = null): StatsSample {
  return {
    availData: ev.availData,
    ringSize: ev.ringSize,
    consumerPos: ev.consumerPos,
    producerPos: ev.producerPos,
    fillPct: ev.ringSize > 0 ? (ev.availData / ev.ringSize) * 100 : 0,
    recordsPerSec: ev.recordsPerSec,
    bytesPerSec: ev.bytesPerSec,
    drops: ev.drops,
    lossHint,
  };
}
