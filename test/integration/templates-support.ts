// Shared by the template integration tests: the scaffolded-and-built template objects (clang against
// this kernel's vmlinux.h, with the compile_flags.txt the scaffold wrote), the generator and expected
// records of every template, and record decoding with the selections of templates.json.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSelection, readBpfObject, type RecordSelector } from '../../client/agent/btf';
import type { DecodedFields } from '../../common/records';
import { loadTemplateIndex, scaffold } from '../../client/templates/write';
import type { TemplateInfo } from '../../client/templates/catalog';

export const root = process.env['RINGSCOPE_ROOT'] ?? join(__dirname, '..', '..', '..');
export const templatesDir = join(root, 'bpf-templates');
export const index = loadTemplateIndex(templatesDir);
export const work = mkdtempSync(join(tmpdir(), 'ringscope-templates-'));
// Built once per process and shared by all of its tests, so it goes when the process does.
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
export const harness = join(work, 'harness');
const vmlinux = join(work, 'vmlinux.h');
const text = 'ringscope-template-data-'.repeat(12); // 288 bytes
const dataFile = join(work, 'data.txt');
const lastCpu = cpus().length - 1;

export interface Run {
  readonly child: number;
  readonly records: { ring: string; fields: DecodedFields; size: number; type: string }[];
  readonly drops: Record<string, number>;
}

export interface Spec {
  /** Knobs set to the generator's pid before load. */
  readonly childKnobs: readonly string[];
  readonly generator: readonly string[];
  readonly set?: readonly string[];
  check(run: Run): void;
  /** Checks of a run through the agent, which reads while the program writes (default: `check`). */
  agentCheck?(run: Run): void;
  /** Generator that overflows a 4096-byte ring, with the records and drops that must result. */
  readonly flood: readonly string[];
  readonly floodRecords: number;
  /** The same number for every counter, or per counter. */
  readonly floodDrops: number | Readonly<Record<string, number>>;
  /** What the agent's stats report as drops per ring for `generator` (it adds discarded records). */
  readonly agentDrops?: number;
}

const execs = (n: number): string[] => ['sh', '-c', `i=0; while [ $i -lt ${n} ]; do /bin/true; i=$((i+1)); done`];
const writes = (bs: number, count: number, from = dataFile): string[] => ['dd', `if=${from}`, 'of=/dev/null', `bs=${bs}`, `count=${count}`, 'status=none'];

/** capacity of an unread 4096-byte ring: the producer may run at most 4095 bytes ahead (8-byte header, 8-aligned) */
const fits = (recordSize: number): number => Math.floor(4095 / (Math.ceil((recordSize + 8) / 8) * 8));

function checkWrites(run: Run, sizes: number[]): void {
  assert.equal(run.records.length, sizes.length);
  let at = 0;
  run.records.forEach((r, i) => {
    const len = sizes[i] ?? 0;
    assert.equal(r.ring, 'rb');
    assert.equal(r.size, 20 + len, 'record is exactly header + data');
    assert.equal(r.fields['pid'], run.child);
    assert.equal(r.fields['fd'], 1);
    assert.equal(r.fields['count'], len);
    assert.equal(r.fields['len'], len);
    assert.equal(r.fields['data'], text.slice(at, at + len));
    at += len;
  });
}

export const specs: Record<string, Spec> = {
  'reserve-submit': {
    childKnobs: ['target_ppid'],
    generator: execs(5),
    check(run) {
      assert.equal(run.records.length, 5);
      for (const r of run.records) {
        assert.equal(r.type, 'struct event');
        assert.equal(r.fields['ppid'], run.child);
        assert.equal(r.fields['comm'], 'true');
        assert.equal(r.fields['filename'], '/bin/true');
      }
      assert.equal(new Set(run.records.map((r) => r.fields['pid'])).size, 5, 'five distinct processes');
    },
    flood: execs(100),
    floodRecords: fits(152),
    floodDrops: 100 - fits(152),
  },
  output: {
    childKnobs: ['target_tgid'],
    generator: writes(100, 3),
    check: (run) => checkWrites(run, [100, 100, 88]),
    flood: writes(100, 100, '/dev/zero'),
    floodRecords: fits(120),
    floodDrops: 100 - fits(120),
  },
  discard: {
    childKnobs: ['target_ppid'],
    generator: execs(3),
    check(run) {
      assert.equal(run.records.length, 6, 'three pairs; the scratch records are discarded');
      for (let i = 0; i < 6; i += 2) {
        const head = run.records[i];
        const path = run.records[i + 1];
        assert.equal(head?.type, 'struct exec_head');
        assert.equal(path?.type, 'struct exec_path');
        assert.deepEqual({ ...head?.fields, pid: 0 }, { kind: 'PAIR_HEAD', pid: 0, ppid: run.child, path_len: 9, comm: 'true' });
        assert.deepEqual(path?.fields, { kind: 'PAIR_PATH', pid: head?.fields['pid'], path: '/bin/true' });
      }
    },
    // the agent counts the three discarded scratch records as drops
    agentDrops: 3,
    // scratch 128 + head 32 + path 136 bytes per exec, each plus its 8-byte header: whole pairs or nothing
    flood: execs(100),
    floodRecords: 2 * Math.floor(4095 / (136 + 40 + 144)),
    floodDrops: 100 - Math.floor(4095 / (136 + 40 + 144)),
  },
  'query-wakeup': {
    childKnobs: ['target_tgid'],
    set: ['--ring', 'rb=4096'],
    generator: writes(10, 30, '/dev/zero'),
    check(run) {
      assert.equal(run.records.length, 30);
      run.records.forEach((r, i) => {
        // nothing is consumed during the run, so each record sees all the records before it
        assert.deepEqual(r.fields, { pid: run.child, fd: 1, count: 10, avail: i * 48, ring_size: 4096, woke: i * 48 * 100 >= 4096 * 25 ? 1 : 0 });
      });
      assert.equal(run.records.filter((r) => r.fields['woke'] === 1).length, 8);
    },
    agentCheck(run) {
      // the agent consumes concurrently: each record saw at most the records before it
      assert.equal(run.records.length, 30);
      run.records.forEach((r, i) => {
        const avail = r.fields['avail'] as number;
        assert.ok(avail % 48 === 0 && avail <= i * 48, `avail ${avail} at ${i}`);
        assert.deepEqual(r.fields, { pid: run.child, fd: 1, count: 10, avail, ring_size: 262144, woke: 0 });
      });
    },
    flood: writes(10, 200, '/dev/zero'),
    floodRecords: fits(40),
    floodDrops: 200 - fits(40),
  },
  sharded: {
    childKnobs: ['target_tgid'],
    generator: writes(10, 5),
    check(run) {
      assert.equal(run.records.length, 5);
      for (const r of run.records) {
        const cpu = r.fields['cpu'] as number;
        assert.deepEqual(r.fields, { pid: run.child, fd: 1, cpu, shard: cpu & 3, count: 10 });
        assert.equal(r.ring, `rb_shard${cpu & 3}`);
      }
    },
    flood: ['taskset', '-c', String(lastCpu), ...writes(10, 200, '/dev/zero')],
    floodRecords: fits(24),
    floodDrops: Object.fromEntries([0, 1, 2, 3].map((k) => [`rb_shard${k}_drops`, k === (lastCpu & 3) ? 200 - fits(24) : 0])),
  },
  dynptr: {
    childKnobs: ['target_tgid'],
    generator: writes(100, 3),
    check: (run) => checkWrites(run, [100, 100, 88]),
    flood: writes(100, 100, '/dev/zero'),
    floodRecords: fits(120),
    floodDrops: 100 - fits(120),
  },
};

let prepared = false;
/** vmlinux.h, the generator's data file and the test loader; once per process. */
export function prepare(): void {
  if (prepared) return;
  prepared = true;
  writeFileSync(vmlinux, execFileSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'], { maxBuffer: 1 << 28 }));
  writeFileSync(dataFile, text);
  execFileSync('clang', ['-O2', '-Wall', '-Werror', '-o', harness, join(root, 'test', 'integration', 'templates-harness.c'), '-lbpf'], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const built = new Map<string, { dir: string; source: string; object: string }>();

/** Scaffolds the template as `t_<id>` into its own folder and builds it with the written compile_flags.txt. */
export function build(t: TemplateInfo): { dir: string; source: string; object: string } {
  const known = built.get(t.id);
  if (known) return known;
  const dir = join(work, t.id);
  const name = `t_${t.id.replace(/-/g, '_')}`;
  const result = scaffold({ templatesDir, templateId: t.id, name, dir });
  copyFileSync(vmlinux, join(dir, 'vmlinux.h'));
  const flags = readFileSync(join(dir, 'compile_flags.txt'), 'utf8').trim().split('\n');
  const object = join(dir, `${name}.bpf.o`);
  const r = spawnSync('clang', [...flags, '-Werror', '-c', result.main, '-o', object], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `clang failed on ${t.id}:\n${r.stderr}`);
  const b = { dir, source: result.main, object };
  built.set(t.id, b);
  return b;
}

export function selectors(t: TemplateInfo, object: string): Map<string, RecordSelector> {
  const { btf } = readBpfObject(new Uint8Array(readFileSync(object)));
  return new Map(t.rings.map((sel) => [sel.ring, compileSelection(btf, sel)]));
}

