// Every template through the real agent (client/agent over its JSON-lines protocol): load with the
// template's knobs and record types from templates.json, attach, stream, run the generator, and
// check the decoded records and the drop count the agent reports. The generator is held by
// `sh -c 'read go; exec ...'` so its pid is known (and set as a knob) before load. The flood cases size
// every ring to 4096 bytes through the load's `ringSizes` and read only after the generator finished, so
// the ring overflows exactly as with the C loader: drops = the `<ring>_drops` count + discards read.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { RecordsEvent, StatsEvent } from '../../common/agentProtocol';
import type { TemplateInfo } from '../../client/templates/catalog';
import { Agent, Lines } from './support/agentHarness';
import { build, index, prepare, specs, type Run } from './templates-support';

before(prepare);

interface Mode {
  readonly generator: readonly string[];
  /** Ring sizes for the load request. */
  readonly ringSizes?: Record<string, number>;
  /** Start reading only after the generator exited (nothing is consumed while it runs). */
  readonly readAfter?: boolean;
}

async function runThroughAgent(t: TemplateInfo, object: string, mode?: Mode): Promise<{ run: Run; stats: StatsEvent[]; ringNames: string[]; ringSizes: [string, number][] }> {
  const spec = specs[t.id];
  assert.ok(spec);
  const generator = mode?.generator ?? spec.generator;
  const gen = spawn('sh', ['-c', 'echo $$; read go; exec "$@"', 'sh', ...generator], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => gen.on('exit', (code) => resolve(code)));
  const agent = await Agent.start();
  try {
    const child = Number(await new Lines(gen.stdout).next());
    agent.send({ type: 'hello', version: 1 });
    await agent.until('hello');
    agent.send({
      type: 'load',
      object,
      knobs: Object.fromEntries(spec.childKnobs.map((k) => [k, child])),
      recordTypes: t.rings,
      ...(mode?.ringSizes ? { ringSizes: mode.ringSizes } : {}),
    });
    const loaded = (await agent.until('loaded')).last;
    agent.send({ type: 'attach' });
    await agent.until('attached');
    const stream = async (): Promise<void> => {
      agent.send({ type: 'startStream', maxRecordsPerSecond: 0 });
      await agent.until('streaming');
    };
    if (!mode?.readAfter) await stream();
    gen.stdin.write('go\n');
    assert.equal(await exited, 0, 'generator');
    if (mode?.readAfter) await stream();
    // the final drain, flush and one stats event per ring come before the answer to `stop`
    agent.send({ type: 'stopStream' });
    agent.send({ type: 'stop' });
    const events = (await agent.until('bye')).all;
    const records = events
      .filter((e): e is RecordsEvent => e.type === 'records')
      .flatMap((b) => b.batch.map((r) => ({ ring: b.ring, fields: r.fields, size: r.size, type: r.type })));
    return {
      run: { child, records, drops: {} },
      stats: events.filter((e): e is StatsEvent => e.type === 'stats'),
      ringNames: loaded.rings.map((r) => r.name),
      ringSizes: loaded.rings.map((r) => [r.name, r.size]),
    };
  } finally {
    gen.kill();
    agent.proc.kill();
  }
}

for (const t of index.templates) {
  void test(`${t.id}: through the agent, the generator's records arrive decoded`, async () => {
    const spec = specs[t.id];
    assert.ok(spec);
    const { object } = build(t);
    const { run, stats, ringNames } = await runThroughAgent(t, object);
    for (const r of t.rings) assert.ok(ringNames.includes(r.ring), `ring ${r.ring} in ${ringNames.join(', ')}`);
    (spec.agentCheck ?? spec.check)(run);
    // every ring has its <ring>_drops counter, so the agent reports a number, not null
    assert.deepEqual(
      stats.map((s) => [s.ring, s.drops]),
      t.rings.map((r) => [r.ring, spec.agentDrops ?? 0]),
    );
    assert.equal(stats.reduce((n, s) => n + s.received, 0), run.records.length);
  });
}

/**
 * Discarded records the consumer reads in a flood of the discard template: the scratch record of
 * each pair written, then in the tail of the 4095 usable bytes the first failed attempt's discarded scratch
 * (136 B) and head (40 B) when they fit before the path (144 B) does not; later attempts fail at their first reserve.
 */
function floodDiscards(id: string, records: number): number {
  if (id !== 'discard') return 0;
  const pairs = records / 2;
  const tail = 4095 - pairs * (136 + 40 + 144);
  return pairs + (tail >= 136 ? 1 : 0) + (tail >= 136 + 40 ? 1 : 0);
}

for (const t of index.templates) {
  void test(`${t.id}: through the agent, flooding a 4096-byte ring (ringSizes) reports its drops`, async () => {
    const spec = specs[t.id];
    assert.ok(spec);
    const { object } = build(t);
    const ringSizes = Object.fromEntries(t.rings.map((r) => [r.ring, 4096]));
    const { run, stats, ringSizes: sizes } = await runThroughAgent(t, object, { generator: spec.flood, ringSizes, readAfter: true });
    assert.deepEqual(sizes, t.rings.map((r) => [r.ring, 4096]));
    assert.equal(run.records.length, spec.floodRecords);
    const counted = (ring: string): number => {
      const d = spec.floodDrops;
      return typeof d === 'number' ? d : (d[`${ring}_drops`] ?? -1);
    };
    // drops as the issue defines them: reserve/output failures counted by <ring>_drops plus discards read
    assert.deepEqual(
      stats.map((s) => [s.ring, s.drops, s.received]),
      t.rings.map((r) => {
        const got = run.records.filter((x) => x.ring === r.ring).length;
        return [r.ring, counted(r.ring) + floodDiscards(t.id, got), got];
      }),
    );
  });
}
