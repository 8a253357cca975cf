// Language-server latency: time from a one-character edit to the published diagnostics, for a 2,000-line
// and a 200-line BPF C file, p50/p95, beside a raw tree-sitter parse of the same text (the floor any
// analysis pays) measured in the same run; also server cold start (spawn → initialize answered). Ends with
// whether issue 3's targets this bench sees are met (cold start <= 500 ms, edit re-analysis p50 <= 10 ms).
// Usage: node scripts/bench/lsp.mjs [edits per size]
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const rpc = require('vscode-jsonrpc/node');
const { Parser, Language } = require('web-tree-sitter');
const rounds = Number(process.argv[2] ?? 200);

const work = mkdtempSync(join(tmpdir(), 'ringscope-bench-lsp-'));
// however the run ends (a failed build or a server that died too)
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const server = join(work, 'server.js');
const bundle = (from, outfile) => esbuild.build({ entryPoints: [from], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' });
await bundle(join(root, 'server/src/server.ts'), server);
// the parse worker beside the server, where the server looks for it (as in dist/)
await bundle(join(root, 'server/src/parseWorker.ts'), join(work, 'parseWorker.js'));

// The core in this process, to show how much of the latency is the analysis and how much the glue.
const entry = join(work, 'core.ts');
(await import('node:fs')).writeFileSync(
  entry,
  `export { initParser } from ${JSON.stringify(join(root, 'server/src/analysis/parser'))};\n` +
    `export { analyzeFile } from ${JSON.stringify(join(root, 'server/src/analysis/analyze'))};\n` +
    `export { afterAnalysis } from ${JSON.stringify(join(root, 'server/src/idle'))};\n`,
);
await bundle(entry, join(work, 'core.cjs'));
process.env.RINGSCOPE_ROOT = root;
const core = require(join(work, 'core.cjs'));
await core.initParser();
const noSources = { read: () => undefined };

// A realistic program body, repeated with fresh names until the file has the wanted number of lines.
const unit = readFileSync(join(root, 'test/fixtures/lsp/clean.bpf.c'), 'utf8');
const [head, body] = [unit.slice(0, unit.indexOf('static long')), unit.slice(unit.indexOf('static long'))];
function program(lines) {
  let text = head;
  for (let i = 0; text.split('\n').length < lines; i++) {
    text += body.replaceAll('on_request', `on_request_${i}`).replaceAll('handle_getpid', `handle_getpid_${i}`) + '\n';
  }
  return text;
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x) => x.toFixed(2).padStart(7) + ' ms';

// Baseline: web-tree-sitter parsing the same text from scratch, in this process.
await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/tree-sitter.wasm') });
const parser = new Parser();
parser.setLanguage(await Language.load(require.resolve('tree-sitter-c/tree-sitter-c.wasm')));

const t0 = performance.now();
const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const waiting = new Map();
conn.onNotification('textDocument/publishDiagnostics', (p) => waiting.get(`${p.uri}@${p.version}`)?.());
conn.onNotification('ringscope/recordTypes', () => undefined);
conn.onNotification('window/logMessage', (p) => console.error(p.message));
conn.listen();
await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } });
const coldStart = performance.now() - t0;
await conn.sendNotification('initialized', {});

function published(uri, version) {
  return new Promise((resolve) => waiting.set(`${uri}@${version}`, resolve));
}

console.log(`server cold start (spawn → initialize answered): ${ms(coldStart)}`);
const verdicts = [`server cold start: ${coldStart <= 500 ? 'MET' : 'NOT MET'} (${coldStart.toFixed(1)} ms, target <= 500 ms)`];
console.log('size         edit→diagnostics p50    p95   | analyzeFile p50    p95   | tree-sitter parse p50    p95   | LSP/parse p50');
for (const lines of [2000, 200]) {
  const text = program(lines);
  const uri = pathToFileURL(join(work, `bench${lines}.bpf.c`)).href;
  let got = published(uri, 1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });
  await got;
  const lsp = [];
  const raw = [];
  const core50 = [];
  const at = text.indexOf('e->pid = ');
  for (let v = 2; v < rounds + 2; v++) {
    // One-character edit: toggle a digit inside an expression, as typing does.
    const edited = text.slice(0, at) + `e->pid = ${v % 10} + ` + text.slice(at + 'e->pid = '.length);
    got = published(uri, v);
    const s = performance.now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: edited }] });
    await got;
    lsp.push(performance.now() - s);
    const p = performance.now();
    parser.parse(edited).delete();
    raw.push(performance.now() - p);
    const c = performance.now();
    const file = join(work, `bench${lines}.bpf.c`);
    core.analyzeFile(file, edited, { pageSize: 4096, includePaths: [] }, noSources);
    core50.push(performance.now() - c);
    // untimed, as the server does once it has answered (server/src/idle.ts)
    core.afterAnalysis(file);
  }
  const actual = text.split('\n').length;
  console.log(
    `${String(actual).padStart(5)} lines ${ms(pct(lsp, 50))} ${ms(pct(lsp, 95))} | ${ms(pct(core50, 50))} ${ms(pct(core50, 95))} | ${ms(pct(raw, 50))} ${ms(pct(raw, 95))} | ${(pct(lsp, 50) / pct(raw, 50)).toFixed(1)}×`,
  );
  if (lines === 2000) {
    const p50 = pct(core50, 50);
    verdicts.push(`2000-line re-analysis after a 1-char edit (in-process core): ${p50 <= 10 ? 'MET' : 'NOT MET'} (p50 ${p50.toFixed(2)} ms, target <= 10 ms)`);
  }
}
console.log('targets:');
for (const v of verdicts) console.log(`  ${v}`);
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
conn.dispose();
