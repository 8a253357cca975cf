// The scaffolder on the real bpf-templates/: the index schema and its guard, name validation,
// placeholder substitution, the planned files, writing with refusal to overwrite, and `ringscope new`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTemplateIndex, findTemplate, type TemplateInfo } from '../../client/templates/catalog';
import { compileFlags, cppProperties, nameProblem, planScaffold, substitute, targetArch } from '../../client/templates/scaffold';
import { loadTemplateIndex, readTemplateSources, scaffold, TemplateError } from '../../client/templates/write';
import { runNew } from '../../client/cli/commands/new';

const root = process.env['RINGSCOPE_ROOT'] ?? join(__dirname, '..', '..', '..');
const templatesDir = join(root, 'bpf-templates');
const index = loadTemplateIndex(templatesDir);
const ids = ['reserve-submit', 'output', 'discard', 'query-wakeup', 'sharded', 'dynptr'];

function template(id: string): TemplateInfo {
  const t = findTemplate(index, id);
  assert.ok(t, id);
  return t;
}

void test('templates.json lists the six required templates in order', () => {
  assert.deepEqual(
    index.templates.map((t) => t.id),
    ids,
  );
});

void test('every template folder matches its entry: files, placeholder, knobs, rings, drop counters', () => {
  for (const t of index.templates) {
    const sources = readTemplateSources(templatesDir, t);
    assert.deepEqual(t.files, [`${t.placeholder}.bpf.c`, `${t.placeholder}.h`], t.id);
    const main = sources.get(t.main) ?? '';
    const header = sources.get(`${t.placeholder}.h`) ?? '';
    assert.match(main, /^\/\/ SPDX-License-Identifier: /, `${t.id}: SPDX header`);
    assert.match(header, /^\/\* SPDX-License-Identifier: /, `${t.id}: SPDX header`);
    assert.ok(main.includes(`#include "${t.placeholder}.h"`), `${t.id}: includes its header`);
    assert.ok(header.includes(`#ifndef __${t.placeholder.toUpperCase()}_H`), `${t.id}: include guard`);
    for (const k of t.knobs) assert.match(main, new RegExp(`const volatile [\\w ]+ ${k.name} = `), `${t.id}: knob ${k.name}`);
    for (const d of t.drops) {
      assert.match(main, new RegExp(`(}|struct drop_counter) ${d} SEC\\("\\.maps"\\);`), `${t.id}: ${d}`);
      assert.match(main, /BPF_MAP_TYPE_PERCPU_ARRAY\);\n\t__uint\(max_entries, 1\);\n\t__type\(key, __u32\);\n\t__type\(value, __u64\);\n}( \w+_drops SEC|;\n\nstruct drop_counter \w+_drops SEC)/);
    }
    for (const r of t.rings) {
      assert.match(main, new RegExp(`\\b${r.ring}\\b`), `${t.id}: ring ${r.ring}`);
      for (const type of [r.type, ...Object.values(r.types ?? {})]) {
        if (type) assert.ok(header.includes(`${type} {`), `${t.id}: ${type} declared in the header`);
      }
    }
    // ring sizes are power-of-2 page multiples
    for (const m of main.matchAll(/__uint\(max_entries, (\d+) \* 1024\);/g)) {
      const size = Number(m[1]) * 1024;
      assert.equal(size % 4096, 0, t.id);
      assert.equal(size & (size - 1), 0, t.id);
    }
  }
});

void test('checkTemplateIndex rejects broken indexes with the reason', () => {
  const good = JSON.parse(readFileSync(join(templatesDir, 'templates.json'), 'utf8')) as { templates: Record<string, unknown>[] };
  const first = good.templates[0] ?? {};
  const variant = (patch: Record<string, unknown>): unknown => ({ version: 1, templates: [{ ...first, ...patch }] });
  assert.equal(checkTemplateIndex(null), 'it is not a JSON object');
  assert.equal(checkTemplateIndex({ version: 2, templates: [] }), '"version" must be 1');
  assert.equal(checkTemplateIndex({ version: 1, templates: [] }), '"templates" must be a non-empty list');
  assert.equal(checkTemplateIndex(variant({ id: 'Bad Id' })), 'templates[0].id must be lower-case letters, digits and "-"');
  assert.equal(checkTemplateIndex(variant({ placeholder: 'exec-snoop' })), 'reserve-submit: "placeholder" must be a C identifier');
  assert.equal(checkTemplateIndex(variant({ files: ['../x.bpf.c'] })), 'reserve-submit: file names must be plain names in the template folder');
  assert.equal(checkTemplateIndex(variant({ main: 'execsnoop.h' })), 'reserve-submit: "main" must be one of its .bpf.c files');
  assert.equal(checkTemplateIndex(variant({ rings: [{ ring: '' }] })), 'reserve-submit: "rings" must list a record selection per ring buffer');
  assert.equal(checkTemplateIndex(variant({ drops: ['rb_lost'] })), 'reserve-submit: "drops" must list counters named <ring>_drops');
  assert.equal(checkTemplateIndex(variant({ knobs: [{ name: 'x' }] })), 'reserve-submit: "knobs" must list {name, description}');
  assert.equal(checkTemplateIndex({ version: 1, templates: [first, first] }), 'template "reserve-submit" is listed twice');
  assert.equal(typeof checkTemplateIndex(good), 'object');
});

void test('program names: lower-case C identifiers, no keywords or header names', () => {
  assert.equal(nameProblem('execsnoop'), undefined);
  assert.equal(nameProblem('my_prog2'), undefined);
  for (const bad of ['', 'Exec', '2fast', 'a-b', 'a b', 'x'.repeat(33), 'über']) assert.equal(nameProblem(bad), 'invalid', bad);
  for (const reserved of ['int', 'struct', 'vmlinux', 'bpf_helpers']) assert.equal(nameProblem(reserved), 'reserved', reserved);
});

void test('substitute replaces the placeholder and its upper-case form', () => {
  assert.equal(
    substitute('#ifndef __EXECSNOOP_H\n#include "execsnoop.h" /* execsnoop */', 'execsnoop', 'myexec'),
    '#ifndef __MYEXEC_H\n#include "myexec.h" /* myexec */',
  );
  assert.equal(targetArch('x64'), 'x86');
  assert.equal(targetArch('arm64'), 'arm64');
});

void test('planScaffold: substituted program files, compile_flags.txt and c_cpp_properties.json', () => {
  const t = template('reserve-submit');
  const plan = planScaffold({ template: t, sources: readTemplateSources(templatesDir, t), name: 'myexec', arch: 'x86', programDir: 'bpf' });
  assert.deepEqual(
    plan.map((f) => [f.base, f.path, f.shared]),
    [
      ['program', 'myexec.bpf.c', false],
      ['program', 'myexec.h', false],
      ['program', 'compile_flags.txt', true],
      ['workspace', '.vscode/c_cpp_properties.json', true],
    ],
  );
  for (const f of plan) assert.ok(!f.content.includes('execsnoop') && !f.content.includes('EXECSNOOP'), f.path);
  assert.ok(plan[0]?.content.includes('#include "myexec.h"'));
  assert.ok(plan[1]?.content.includes('#ifndef __MYEXEC_H'));
  assert.equal(compileFlags('x86'), '-target\nbpf\n-D__TARGET_ARCH_x86\n-I.\n-I/usr/include\n-g\n-O2\n-Wall\n');
  const props = JSON.parse(cppProperties('x86', 'bpf')) as { configurations: { includePath: string[]; defines: string[] }[] };
  assert.deepEqual(props.configurations[0]?.includePath, ['${workspaceFolder}/bpf', '/usr/include']);
  assert.deepEqual(props.configurations[0]?.defines, ['__TARGET_ARCH_x86']);
  assert.deepEqual((JSON.parse(cppProperties('x86', '')) as typeof props).configurations[0]?.includePath, ['${workspaceFolder}', '/usr/include']);
  assert.deepEqual((JSON.parse(cppProperties('x86', '/srv/bpf')) as typeof props).configurations[0]?.includePath, ['/srv/bpf', '/usr/include']);
});

void test('scaffold writes the files, keeps shared settings, and refuses to overwrite anything', (t) => {
  const ws = mkdtempSync(join(tmpdir(), 'ringscope-tmpl-'));
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  const dir = join(ws, 'bpf');
  const r = scaffold({ templatesDir, templateId: 'dynptr', name: 'dyn', dir, workspace: ws, nodeArch: 'x64' });
  assert.deepEqual(r.written, [join(dir, 'dyn.bpf.c'), join(dir, 'dyn.h'), join(dir, 'compile_flags.txt'), join(ws, '.vscode', 'c_cpp_properties.json')]);
  assert.deepEqual(r.kept, []);
  assert.equal(r.main, join(dir, 'dyn.bpf.c'));
  // a second program in the same folder shares the editor settings
  const r2 = scaffold({ templatesDir, templateId: 'output', name: 'out', dir, workspace: ws, nodeArch: 'x64' });
  assert.deepEqual(r2.written, [join(dir, 'out.bpf.c'), join(dir, 'out.h')]);
  assert.deepEqual(r2.kept, [join(dir, 'compile_flags.txt'), join(ws, '.vscode', 'c_cpp_properties.json')]);
  // a clash on any program file writes nothing
  writeFileSync(join(dir, 'ex.h'), 'mine\n');
  assert.throws(
    () => scaffold({ templatesDir, templateId: 'reserve-submit', name: 'ex', dir, workspace: ws }),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.message === `Nothing was written: these files already exist and would be overwritten: ${join(dir, 'ex.h')}. Pick another name or folder. [RS-TEMPLATE-005]`,
  );
  assert.equal(existsSync(join(dir, 'ex.bpf.c')), false);
  assert.equal(readFileSync(join(dir, 'ex.h'), 'utf8'), 'mine\n');
  assert.throws(
    () => scaffold({ templatesDir, templateId: 'nope', name: 'x1', dir }),
    (e: unknown) => e instanceof TemplateError && e.message === `There is no template "nope". Templates: ${ids.join(', ')}. [RS-TEMPLATE-002]`,
  );
  assert.throws(
    () => scaffold({ templatesDir, templateId: 'output', name: 'Bad', dir }),
    (e: unknown) => e instanceof TemplateError && e.message.endsWith('[RS-TEMPLATE-003]'),
  );
});

void test('a broken index is reported with its file and reason', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ringscope-tmpl-idx-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'templates.json'), '{"version": 1, "templates": []}');
  assert.throws(
    () => loadTemplateIndex(dir),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.message === `The template index ${join(dir, 'templates.json')} is not valid: "templates" must be a non-empty list. [RS-TEMPLATE-006]`,
  );
});

function cli(argv: string[], cwd: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runNew(argv, { cwd, templatesDir, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

void test('ringscope new: --list, usage, writing, and refusal', (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'ringscope-tmpl-cli-'));
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const list = cli(['--list'], cwd);
  assert.equal(list.code, 0);
  assert.equal(list.out.split('\n')[0], 'Templates (ringscope new <template> <name> [dir]):');
  assert.deepEqual(
    list.out.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]),
    ids,
  );
  assert.deepEqual(cli([], cwd), { code: 2, out: '', err: 'Usage: ringscope new <template> <name> [dir] | ringscope new --list [RS-TEMPLATE-001]\n' });
  assert.equal(cli(['output', '--x'], cwd).code, 2);
  mkdirSync(join(cwd, 'sub'));
  const ok = cli(['query-wakeup', 'batch', 'sub'], cwd);
  assert.equal(ok.code, 0, ok.err);
  assert.ok(ok.out.includes(`Wrote 4 files to ${join(cwd, 'sub')}. [RS-TEMPLATE-008]`), ok.out);
  assert.ok(ok.out.includes('[RS-TEMPLATE-010]'), 'vmlinux.h hint');
  assert.ok(readFileSync(join(cwd, 'sub', 'batch.bpf.c'), 'utf8').includes('#include "batch.h"'));
  const again = cli(['query-wakeup', 'batch', 'sub'], cwd);
  assert.equal(again.code, 1);
  assert.match(again.err, /^Nothing was written: these files already exist and would be overwritten: .*batch\.bpf\.c, .*batch\.h\. Pick another name or folder\. \[RS-TEMPLATE-005\]\n$/);
});
