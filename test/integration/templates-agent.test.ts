// Every template through the real agent (client/agent over its JSON-lines protocol): load with the
// template's knobs and record types from templates.json, attach, stream, run the generator, and
// check the decoded records and the drop count the agent reports. The generator is held by
// `sh -c 'read go; exec ...'` so its pid is known (and set as a knob) before load.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { RecordsEvent, StatsEvent } from '../../common/agentProtocol';
import type { TemplateInfo } from '../../client/templates/catalog';
import { Agent, Lines } from './support/agentHarness';
import { build, index, prepare, specs, type Run } from './templates-support';

before(prepare);

async function runThroughAgent(t: TemplateInfo, object: string): Promise<{ run: Run; stats: StatsEvent[]; ringNames: string[] }> {
  const spec = specs[t.id];
  assert.ok(spec);
  const gen = spawn('sh', ['-c', 'echo $$; read go; exec "$@"', 'sh', ...spec.generator], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => gen.on('exit', (code) => resolve(code)));
  const agent = await Agent.start();
  try {
    const child = Number(await new Lines(gen.stdout).next());
    agent.send({ type: 'hello', version: 1 });
    await agent.until('hello');
    agent.send({ type: 'load', object, knobs: Object.fromEntries(spec.childKnobs.map((k) => [k, child])), recordTypes: t.rings });
    const loaded = (await agent.until("loaded")).last;
    agent.send({ type: 'attach' });
    await agent.until('attached');
    agent.send({ type: 'startStream', maxRecordsPerSecond: 0 });
    await agent.until('streaming');
    gen.stdin.write('go\n');
    assert.equal(await exited, 0, 'generator');
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
