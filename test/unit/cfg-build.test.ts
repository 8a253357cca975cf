// CFG construction on raw tree-sitter nodes: exact graphs (dumped in depth-first order) for if/else,
// short-circuit conditions, loops, switch fallthrough, goto, bpf_for blocks and the path labels.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, parseC } from '../../server/src/analysis/parser';
import { buildCfg } from '../../server/src/analysis/cfg/build';
import { dumpCfg } from '../../server/src/analysis/cfg/dump';
import type { Cfg } from '../../server/src/analysis/cfg/graph';

before(async () => {
  await initParser();
});

function cfgOf(body: string): Cfg {
  const text = `int f(void *ctx)\n{\n${body}\n}\n`;
  const tree = parseC(text);
  const fn = tree?.rootNode.namedChildren.find((n) => n?.type === 'function_definition');
  const b = fn?.childForFieldName('body');
  if (!b) throw new Error('no body');
  return buildCfg('f', b);
}

void test('cfg: straight line and early return', () => {
  assert.deepEqual(dumpCfg(cfgOf('  int x = 1;\n  if (!x) return 0;\n  x++;')), [
    '0 entry -> 1',
    '1 decl x = 1 -> 2',
    '2 branch x T:3 F:5',
    '3 eval x++ -> 4',
    '4 end',
    '5 return 0',
  ]);
});

void test('cfg: && and || short-circuit into atom branches', () => {
  assert.deepEqual(dumpCfg(cfgOf('  if (a && (b || !c)) g();')), [
    '0 entry -> 1',
    '1 branch a T:2 F:4',
    '2 branch b T:3 F:5',
    '3 eval g() -> 4',
    '4 end',
    '5 branch c T:4 F:3',
  ]);
});

void test('cfg: ?: in a condition picks a sub-condition', () => {
  assert.deepEqual(dumpCfg(cfgOf('  if (a ? b : c) g();')), [
    '0 entry -> 1',
    '1 branch a T:2 F:5',
    '2 branch b T:3 F:4',
    '3 eval g() -> 4',
    '4 end',
    '5 branch c T:3 F:4',
  ]);
});

void test('cfg: for loop with continue and break', () => {
  assert.deepEqual(dumpCfg(cfgOf('  for (int i = 0; i < 4; i++) {\n    if (i == 1) continue;\n    if (i == 2) break;\n    g(i);\n  }')), [
    '0 entry -> 1',
    '1 decl i = 0 -> 2',
    '2 nop -> 3',
    '3 loop branch i < 4 T:4 F:7',
    '4 branch i == 1 T:5 F:6',
    '5 eval i++ -> 2',
    '6 branch i == 2 T:7 F:8',
    '7 end',
    '8 eval g(i) -> 5',
  ]);
});

void test('cfg: do/while runs the body first', () => {
  assert.deepEqual(dumpCfg(cfgOf('  do { g(); } while (x);')), [
    '0 entry -> 1',
    '1 nop -> 2',
    '2 eval g() -> 3',
    '3 nop -> 4',
    '4 loop branch x T:1 F:5',
    '5 end',
  ]);
});

void test('cfg: switch with fallthrough and default', () => {
  assert.deepEqual(dumpCfg(cfgOf('  switch (x) {\n  case 1:\n    a();\n  case 2:\n    b();\n    break;\n  default:\n    c();\n  }')), [
    '0 entry -> 1',
    '1 eval (x) -> 2',
    '2 branch ? T:3 F:3',
    '3 branch ? T:4 F:7',
    '4 eval a() -> 5',
    '5 eval b() -> 6',
    '6 end',
    '7 branch ? T:5 F:8',
    '8 eval c() -> 6',
  ]);
});

void test('cfg: goto forward to a cleanup label', () => {
  assert.deepEqual(dumpCfg(cfgOf('  if (x) goto out;\n  a();\n  return 1;\nout:\n  b();\n  return 0;')), [
    '0 entry -> 1',
    '1 branch x T:2 F:5',
    '2 nop -> 3',
    '3 eval b() -> 4',
    '4 return 0',
    '5 eval a() -> 6',
    '6 return 1',
  ]);
});

void test('cfg: bpf_for block is a loop whose body may never run', () => {
  const cfg = cfgOf('  int i;\n  bpf_for(i, 0, 8) {\n    g(i);\n  }');
  assert.deepEqual(dumpCfg(cfg), ['0 entry -> 1', '1 decl i -> 2', '2 nop -> 3', '3 loop branch ? T:4 F:5', '4 eval g(i) -> 2', '5 end']);
  const loop = cfg.nodes.find((n) => n.kind === 'branch');
  assert.equal(loop?.kind === 'branch' ? `${loop.onTrue} / ${loop.onFalse}` : '', 'bpf_for(i, 0, 8) body runs / bpf_for(i, 0, 8) loop ends');
});

void test('cfg: path labels name the decision', () => {
  const cfg = cfgOf('  if (pid != target) return 0;\n  if (!(a && b)) return 1;\n  while (n) n--;');
  const labels = cfg.nodes.flatMap((n) => (n.kind === 'branch' ? [`${n.onTrue} | ${n.onFalse}`] : [])).sort();
  assert.deepEqual(labels, [
    ' | if (!(a && b)) taken',
    'if (!(a && b)) not taken | if (!(a && b)) taken',
    'if (pid != target) taken | if (pid != target) not taken',
    'while (n) iterates | while (n) exits',
  ]);
});

void test('cfg: dynptr declarations and unsupported statements are marked', () => {
  const cfg = cfgOf('  struct bpf_dynptr d, *p;\n  @@@;\n');
  const decls = cfg.nodes.flatMap((n) => (n.kind === 'decl' ? [`${n.name}:${n.isDynptr}`] : []));
  assert.deepEqual(decls, ['p:false', 'd:true']);
  assert.equal(cfg.unsupported, 1);
});
