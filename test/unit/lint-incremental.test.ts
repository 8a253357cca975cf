// The caches kept between analyses (context.ts key, call-cache, path unit cache, lazy call arguments) never
// change a verdict: a file edited step by step gets exactly the findings of a first analysis of the same text,
// and texts whose C meaning differs outside function bodies never share a context key.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, getProgramModel } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/findings';
import { initParser } from '../../server/src/analysis/parser';
import { clearAnalysisCaches } from '../../server/src/analysis/caches';
import { PRELUDE } from './lint-path-support';

before(async () => {
  await initParser();
});

const settings = { pageSize: 4096, includePaths: [] };
const sources = { read: (): undefined => undefined };
let fresh = 0;

function keyOf(text: string): number {
  const model = getProgramModel('/t/key.bpf.c', text, settings, sources); // the file name is part of the key
  if (model === undefined) throw new Error('no model');
  try {
    return model.contextKey;
  } finally {
    model.dispose();
  }
}

/** Findings of a first analysis (no previous tree, no cached results), reported as if for `file`. */
function cold(file: string, text: string): Finding[] {
  clearAnalysisCaches();
  const other = `/t/cold-${fresh++}.bpf.c`;
  // the file name also sits in fixes and related information
  return JSON.parse(JSON.stringify(analyzeFile(other, text, settings, sources).findings).split(JSON.stringify(other)).join(JSON.stringify(file))) as Finding[];
}

const PROG = `${PRELUDE}const volatile int n = 8;
SEC("tp/syscalls/sys_enter_getpid") int leaky(void *ctx)
{
  struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
  if (!e)
    return 0;
  if (e->pid == 3)
    return 1;
  bpf_ringbuf_submit(e, 0);
  return 0;
}
SEC("tp/syscalls/sys_enter_getpid") int sized(void *ctx)
{
  int len = bpf_get_prandom_u32();
  char *p = bpf_ringbuf_reserve(&rb, len, 3);
  p[0] = 1;
  bpf_ringbuf_submit(p, 0);
  return 0;
}
`;

void test('blanks between tokens outside functions keep the context key; meaningful changes do not', () => {
  const base = keyOf('struct a { int x; };\nint g = 1 - -1;\n#define F (x)\nint s[2];\n');
  assert.equal(keyOf('struct a {int x ;} ;\n\nint g = 1 - -1 ;\n#define F (x)\nint s [ 2 ] ;\n'), base);
  assert.notEqual(keyOf('struct a { int x; };\nint g = 1 --1;\n#define F (x)\nint s[2];\n'), base);
  assert.notEqual(keyOf('struct a { int x; };\nint g = 1 - -1;\n#define F(x)\nint s[2];\n'), base);
  assert.notEqual(keyOf('struct a { int x; };\nint g = 1 - -1;\n  #define F  (x)\nint s[2];\n'), base);
  assert.notEqual(keyOf('struct a { int xy; };\nint g = 1 - -1;\n#define F (x)\nint s[2];\n'), base);
  assert.notEqual(keyOf('struct a { int x; };\nchar *g = "a  b";\n#define F (x)\nint s[2];\n'), keyOf('struct a { int x; };\nchar *g = "a b";\n#define F (x)\nint s[2];\n'));
});

void test('step-by-step edits give the findings of a first analysis of the same text', () => {
  const file = '/t/incremental.bpf.c';
  const first = analyzeFile(file, PROG, settings, sources).findings;
  assert.deepEqual(first.map((f) => `${f.code}@${f.range.start.line}:${f.range.start.character}`).sort(), [
    'RS121@19:37',
    'RS124@19:42',
    'RS151@20:2',
    'RS161@8:20',
  ]);
  assert.deepEqual(first, cold(file, PROG));
  // blanks outside functions (same context key), a shifted function, a changed map size, a changed struct
  const edits: [string, string][] = [
    ['struct event { int pid;', 'struct event { int pid ;'],
    ['int leaky(void *ctx)\n{', 'int leaky(void *ctx)\n{\n'],
    ['256 * 1024', '255 * 1024'],
    ['char comm[16];', 'char comm[16]; long pad[4];'],
    ['p[0] = 1;', 'p[0] = 1; '],
    ['if (e->pid == 3)\n    return 1;\n', ''],
  ];
  let text = PROG;
  for (const [from, to] of edits) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
    const incremental = analyzeFile(file, text, settings, sources).findings;
    assert.deepEqual(incremental, cold(file, text), `after ${JSON.stringify(from)} -> ${JSON.stringify(to)}`);
  }
});
