// The language server's idle work (server/src/idle.ts): it makes one young-generation collection once enough
// has been allocated (seen as a forced minor GC by a PerformanceObserver), none when the young generation is
// nearly empty, exposes no `gc` global doing so, and never throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { afterAnalysis, youngGeneration } from '../../server/src/idle';

// written by fillYoung so that its allocations are not optimised away
export let sink = 0;

/** Allocates short-lived objects until the young generation holds at least its threshold. */
function fillYoung(): void {
  for (let n = 0; n < 100_000 && youngGeneration().used < youngGeneration().threshold; n++) {
    const chunk = new Array<{ i: number }>(256);
    for (let j = 0; j < chunk.length; j++) chunk[j] = { i: j };
    sink += chunk.length;
  }
}

/** The forced minor collections made while `f` runs (GC entries arrive asynchronously: waits for them). */
async function forcedMinorGcs(f: () => void): Promise<number> {
  let forced = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const d = (e as unknown as { detail: { kind: number; flags: number } }).detail;
      if (d.kind === constants.NODE_PERFORMANCE_GC_MINOR && (d.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0) forced++;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  f();
  await new Promise((r) => setTimeout(r, 100));
  obs.disconnect();
  return forced;
}

void test('afterAnalysis: a young generation past its threshold is collected, once', async () => {
  const n = await forcedMinorGcs(() => {
    fillYoung();
    const { used, threshold } = youngGeneration();
    assert.ok(used >= threshold, `young generation at ${used} of ${threshold} bytes`);
    afterAnalysis('/nonexistent/a.bpf.c');
  });
  assert.equal(n, 1);
});

void test('afterAnalysis: a nearly empty young generation is left alone, and no gc global appears', async () => {
  fillYoung();
  afterAnalysis('/nonexistent/b.bpf.c');
  const n = await forcedMinorGcs(() => {
    const { used, threshold } = youngGeneration();
    assert.ok(used < threshold, `young generation at ${used} of ${threshold} bytes`);
    afterAnalysis('/nonexistent/c.bpf.c');
  });
  assert.equal(n, 0);
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
});

void test('afterAnalysis: never throws, for any file name', () => {
  for (const f of ['', '\0', 'relative.bpf.c', '/'.repeat(5000)]) assert.doesNotThrow(() => afterAnalysis(f));
});
