// Every template in bpf-templates/, end to end on the real kernel: scaffolded under a new name, it
// compiles with clang against this kernel's vmlinux.h, the linter finds no error or warning, it loads
// and attaches (test loader templates-harness.c: libbpf, knobs, ring sizes), a generator's events arrive
// as records with the expected decoded fields, and flooding a 4096-byte ring counts the exact number of
// drops in <ring>_drops. A template without a spec fails.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateInfo } from '../../client/templates/catalog';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { initParser } from '../../server/src/analysis/parser';
import { build, harness, index, prepare, selectors, specs, type Run } from './templates-support';

before(prepare);

const hasClang19 = spawnSync('clang-19', ['--version']).status === 0;

function load(t: TemplateInfo, object: string, args: readonly string[], generator: readonly string[]): Run {
  const knobArgs = specs[t.id]?.childKnobs.flatMap((k) => ['--child-knob', k]) ?? [];
  const r = spawnSync(harness, [object, ...knobArgs, ...args, '--', ...generator], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `harness failed on ${t.id}:\n${r.stderr}`);
  const decode = selectors(t, object);
  const run: Run = { child: 0, records: [], drops: {} };
  let done = false;
  for (const line of r.stdout.trim().split('\n')) {
    const m = JSON.parse(line) as { child?: number; ring?: string; hex?: string; drops?: string; value?: number; done?: boolean };
    if (m.child !== undefined) (run as { child: number }).child = m.child;
    else if (m.ring !== undefined && m.hex !== undefined) {
      const sel = decode.get(m.ring);
      assert.ok(sel, `records from an undeclared ring ${m.ring}`);
      const bytes = Buffer.from(m.hex, 'hex');
      const d = sel.decode(bytes, 0, bytes.length);
      run.records.push({ ring: m.ring, fields: d.fields, size: d.size, type: d.type });
    } else if (m.drops !== undefined && m.value !== undefined) run.drops[m.drops] = m.value;
    else if (m.done) done = true;
  }
  assert.ok(done, 'the harness finished');
  return run;
}

void test('every template has an integration spec', () => {
  assert.deepEqual(
    index.templates.map((t) => t.id).filter((id) => !specs[id]),
    [],
  );
});

for (const t of index.templates) {
  void test(`${t.id}: scaffolds and compiles with clang; its record types are in BTF`, () => {
    const { object } = build(t);
    assert.deepEqual([...selectors(t, object).keys()], t.rings.map((r) => r.ring));
  });

  void test(`${t.id}: also compiles with clang-19`, { skip: !hasClang19 }, () => {
    const { dir, source } = build(t);
    const flags = readFileSync(join(dir, 'compile_flags.txt'), 'utf8').trim().split('\n');
    const r = spawnSync('clang-19', [...flags, '-Werror', '-c', source, '-o', join(dir, 'clang19.bpf.o')], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, `clang-19 failed on ${t.id}:\n${r.stderr}`);
  });

  void test(`${t.id}: the linter reports no error and no warning`, async () => {
    const { dir, source } = build(t);
    await initParser();
    const read = (p: string): string | undefined => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    };
    const findings = analyzeFile(source, readFileSync(source, 'utf8'), { pageSize: 4096, includePaths: [dir] }, { read }).findings;
    assert.deepEqual(
      findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.code} ${f.range.start.line + 1}: ${f.message}`),
      [],
    );
  });

  void test(`${t.id}: loads, attaches, and the generator's records arrive with the expected fields`, () => {
    const spec = specs[t.id];
    assert.ok(spec);
    const { object } = build(t);
    const run = load(t, object, spec.set ?? [], spec.generator);
    spec.check(run);
    assert.deepEqual(run.drops, Object.fromEntries(t.drops.map((d) => [d, 0])));
  });

  void test(`${t.id}: flooding a 4096-byte ring counts the drops`, () => {
    const spec = specs[t.id];
    assert.ok(spec);
    const { object } = build(t);
    const rings = t.rings.flatMap((r) => ['--ring', `${r.ring}=4096`]);
    const run = load(t, object, rings, spec.flood);
    assert.equal(run.records.length, spec.floodRecords);
    const drops = spec.floodDrops;
    assert.deepEqual(run.drops, typeof drops === 'number' ? Object.fromEntries(t.drops.map((d) => [d, drops])) : drops);
  });
}

void test('a broken template is caught: the linter and the verifier both reject a missing NULL check', async () => {
  const t = index.templates.find((x) => x.id === 'reserve-submit');
  assert.ok(t);
  const { dir, source } = build(t);
  const brokenSource = join(dir, 'broken.bpf.c');
  const text = readFileSync(source, 'utf8').replace('if (!e) {', 'if (0) {');
  writeFileSync(brokenSource, text);
  await initParser();
  const findings = analyzeFile(brokenSource, text, { pageSize: 4096, includePaths: [dir] }, { read: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) }).findings;
  assert.deepEqual(
    findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.range.start.line + 1]),
    [['RS151', text.split('\n').findIndex((l) => l.includes('e->pid = ')) + 1]],
  );
  const flags = readFileSync(join(dir, 'compile_flags.txt'), 'utf8').trim().split('\n');
  const object = join(dir, 'broken.bpf.o');
  assert.equal(spawnSync('clang', [...flags, '-c', brokenSource, '-o', object], { cwd: dir }).status, 0);
  const r = spawnSync(harness, [object, '--', '/bin/true'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /harness: load failed: -13/);
});
