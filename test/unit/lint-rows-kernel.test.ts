// RS209 (rule book K3) and the `ringscope.lint.targetKernel` setting: no target, no finding; with one, each
// feature newer than it is a warning at its use; the setting is read into AnalysisSettings and declared in package.json.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParser } from '../../server/src/analysis/parser';
import { toAnalysisSettings } from '../../server/src/features/settings';
import { kernelVersion } from '../../server/src/analysis/rules/targetKernel';
import { rowKeys } from './lint-rows-support';

before(async () => {
  await initParser();
});

const DYN = `  struct bpf_dynptr d;\n  bpf_ringbuf_reserve_dynptr(&rb, 64, 0, &d);\n  bpf_ringbuf_submit_dynptr(&d, 0);`;
const LOOP = `  bpf_loop(4, cb, NULL, 0);`;
const CB = `static long cb(__u64 i, void *c) { return 0; }\n`;
const URB = `struct { __uint(type, BPF_MAP_TYPE_USER_RINGBUF); __uint(max_entries, 4096); } urb SEC(".maps");\n`;

void test('lint rows: K3 without a target kernel says nothing', () => {
  assert.deepEqual(rowKeys(DYN).keys, []);
  assert.deepEqual(rowKeys(LOOP, CB).keys, []);
});

void test('lint rows: K3 dynptr helpers on 5.15', () => {
  const r = rowKeys(DYN, '', { targetKernel: '5.15' });
  assert.deepEqual(r.keys, ['RS209@2:warning', 'RS209@3:warning']);
  assert.equal(r.findings[0]?.message, 'bpf_ringbuf_reserve_dynptr() needs Linux 5.19 or later, but ringscope.lint.targetKernel is 5.15: the program will not load there.');
  assert.deepEqual(r.findings[0]?.range, { start: { line: 8, character: 2 }, end: { line: 8, character: 28 } });
});

void test('lint rows: K3 nothing to say on 5.19 or 6.1', () => {
  assert.deepEqual(rowKeys(DYN, '', { targetKernel: '5.19' }).keys, []);
  assert.deepEqual(rowKeys(`${DYN}\n${LOOP}`, CB, { targetKernel: 'v6.1' }).keys, []);
});

void test('lint rows: K3 bpf_loop on 5.16, ring buffer map on 5.4, user ring buffer on 5.19', () => {
  assert.deepEqual(rowKeys(LOOP, CB, { targetKernel: '5.16' }).keys, ['RS209@1:warning']);
  const old = rowKeys(`  bpf_ringbuf_query(&rb, 0);`, '', { targetKernel: '5.4' });
  assert.deepEqual(old.keys, ['RS209@-2:warning', 'RS209@1:warning']);
  assert.match(old.findings[0]?.message ?? '', /^BPF_MAP_TYPE_RINGBUF \('rb'\) needs Linux 5\.8 or later/);
  const user = rowKeys('', URB, { targetKernel: '5.19' });
  assert.deepEqual(user.keys, ['RS209@-2:warning']);
  assert.match(user.findings[0]?.message ?? '', /^BPF_MAP_TYPE_USER_RINGBUF \('urb'\) needs Linux 6\.1 or later/);
});

void test('lint rows: kernel versions parse major.minor only', () => {
  assert.deepEqual(kernelVersion('5.15'), [5, 15]);
  assert.deepEqual(kernelVersion('v6.1.0-rc2'), [6, 1]);
  assert.equal(kernelVersion(''), undefined);
  assert.equal(kernelVersion('latest'), undefined);
});

void test('lint rows: targetKernel setting read and declared', () => {
  assert.deepEqual(toAnalysisSettings({ lint: { targetKernel: ' 5.15 ' } }, undefined), { pageSize: 4096, includePaths: [], targetKernel: '5.15' });
  assert.deepEqual(toAnalysisSettings({ lint: { targetKernel: '' } }, undefined), { pageSize: 4096, includePaths: [] });
  assert.deepEqual(toAnalysisSettings({ lint: { targetKernel: 42 } }, undefined), { pageSize: 4096, includePaths: [] });
  const root = process.env['RINGSCOPE_ROOT'] ?? process.cwd();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { type: string; default: unknown }> } };
  };
  const prop = pkg.contributes.configuration.properties['ringscope.lint.targetKernel'];
  assert.equal(prop?.type, 'string');
  assert.equal(prop?.default, '');
});
