// Parses a large file on two threads: a worker (server/src/parseWorker.ts) parses the part after a top-level
// boundary past the middle while this thread parses the part before it; the result is one SyntaxTree whose
// root's children come from both. The parse is the largest single cost of a first analysis (the masked bench
// file: ~7 ms whole, ~4.5 ms split). Used only when both parts parse without an error (a clean boundary then
// splits the translation unit into the same top-level nodes); otherwise, or when the worker is not idle or
// does not answer in time, the caller parses the whole text as before.
import { existsSync } from 'node:fs';
import type { MessagePort as NodePort } from 'node:worker_threads';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Tree } from 'web-tree-sitter';
import type { TailChildren } from './flat';
import { FlatChildren, SplitChildren } from './flat';
import type { ChildSource } from './node';
import { flagsOf, HAS_ERROR, SyntaxNode, SyntaxTree } from './node';
import type { ParseJob, ParseResult, ParseWorkerData } from './splitProtocol';
import { SplitState } from './splitProtocol';

/** Files shorter than this parse on one thread (the hand-over costs more than it saves). */
let minChars = 16 * 1024;
/** How long the main thread waits for the worker's part after finishing its own: a few times its own. */
const WAIT_FACTOR = 3;
const MIN_WAIT_MS = 50;

/** Tests: wait for the worker even when it has not taken the job yet (no race with small files). */
let alwaysWait = false;

/** Tests: post no job, as when the worker's thread gets no CPU before this thread has parsed its part. */
let starveWorker = false;

export function setSplitThreshold(chars: number, waitForWorker = false, starve = false): void {
  minChars = chars;
  alwaysWait = waitForWorker;
  starveWorker = starve;
}

interface Helper {
  readonly worker: Worker;
  readonly port: NodePort;
  readonly state: Int32Array;
  seq: number;
}

let helper: Helper | undefined;

/** Starts the worker from `script` (dist/parseWorker.js); nothing when absent or not on the main thread. */
export function startSplitWorker(script: string | undefined): void {
  if (helper !== undefined || !isMainThread || script === undefined || !existsSync(script)) return;
  try {
    const { port1, port2 } = new MessageChannel();
    const shared = new SharedArrayBuffer(4);
    const data: ParseWorkerData = { port: port2, state: shared };
    const worker = new Worker(script, { workerData: data, transferList: [port2] });
    worker.unref();
    port1.unref();
    const h: Helper = { worker, port: port1, state: new Int32Array(shared), seq: 0 };
    // a dead worker only means one-thread parses
    worker.on('error', () => Atomics.store(h.state, 0, SplitState.Dead));
    worker.on('exit', () => Atomics.store(h.state, 0, SplitState.Dead));
    helper = h;
  } catch {
    helper = undefined;
  }
}

/** Stops the worker (tests; the server's exit ends it anyway). */
export async function stopSplitWorker(): Promise<void> {
  const h = helper;
  helper = undefined;
  if (h !== undefined) await h.worker.terminate();
}

/** Whether the worker is loaded and free (tests wait for this). */
export function splitWorkerIdle(): boolean {
  return helper !== undefined && Atomics.load(helper.state, 0) === SplitState.Idle;
}

/** Where the cut is aimed, as a fraction of the text: the worker's part also pays for flattening its tree. */
const HEAD_SHARE = 0.55;

/** The offset just after a `}` line (the end of a function body) nearest after the aimed point, if any. */
export function splitPoint(text: string): number | undefined {
  const mid = Math.floor(text.length * HEAD_SHARE);
  let at = text.indexOf('\n}\n', mid);
  if (at < 0 || at > text.length * 0.8) at = text.lastIndexOf('\n}\n', mid);
  if (at < text.length * 0.2) return undefined;
  return at + 3;
}

/**
 * `text` parsed in two parts, or undefined (then parse it whole). `parseHead` parses on this thread;
 * `types` and `fields` are the language's tables (the worker sends indexes into them).
 */
export function splitParse(
  text: string,
  parseHead: (head: string) => Tree | undefined,
  wrap: (raw: Tree, tree: SyntaxTree, root: SyntaxNode) => ChildSource,
  types: readonly (string | undefined)[],
  fields: readonly (string | null)[],
  wrapTail?: (raw: Tree, tree: SyntaxTree, base: number) => TailChildren,
): SyntaxTree | undefined {
  const h = helper;
  if (h === undefined || text.length < minChars) return undefined;
  if (Atomics.load(h.state, 0) === SplitState.Done) {
    // the late answer to a job this thread gave up on
    while (receiveMessageOnPort(h.port) !== undefined);
    Atomics.compareExchange(h.state, 0, SplitState.Done, SplitState.Idle);
  }
  if (Atomics.load(h.state, 0) !== SplitState.Idle) return undefined;
  const at = splitPoint(text);
  if (at === undefined) return undefined;
  const seq = ++h.seq;
  Atomics.store(h.state, 0, SplitState.Posted);
  const job: ParseJob = { seq, text: text.slice(at) };
  if (!starveWorker) h.port.postMessage(job);
  const started = performance.now();
  const head = parseHead(text.slice(0, at));
  const waitMs = Math.max(MIN_WAIT_MS, WAIT_FACTOR * (performance.now() - started));
  const r = head?.rootNode;
  if (head === undefined || r === undefined || r.hasError) {
    abandon(h);
    head?.delete();
    return undefined;
  }
  // a whole parse's root spans the text, trailing blanks included
  const tree = new SyntaxTree(text);
  const root = new SyntaxNode(tree, r.id, r.type, flagsOf(r), r.startIndex, text.length, null, null, 0);
  const first = wrap(head, tree, root);
  tree.attach(root, first);
  const headKids = first.childrenOf(root);
  const flat = collect(h, seq, waitMs);
  let tail: TailChildren | undefined;
  if (flat === UNTAKEN) {
    // the worker has not started (its thread did not get a CPU in time): this thread parses the rest too,
    // which costs no more than parsing the whole text from the start would have
    const raw = wrapTail && parseHead(text.slice(at));
    if (raw !== undefined && wrapTail !== undefined) {
      if (raw.rootNode.hasError) raw.delete();
      else tail = wrapTail(raw, tree, at);
    }
  } else if (flat !== undefined && ((flat[1] ?? HAS_ERROR) & HAS_ERROR) === 0) {
    tail = new FlatChildren(tree, flat, at, types, fields);
  }
  if (tail === undefined) {
    tree.delete();
    return undefined;
  }
  tree.attach(root, new SplitChildren(root, headKids, first, tail));
  return tree;
}

/** Takes the job back if the worker has not started it (true); else its answer is drained by the next split. */
function abandon(h: Helper): boolean {
  return Atomics.compareExchange(h.state, 0, SplitState.Posted, SplitState.Idle) === SplitState.Posted;
}

/** collect(): the worker had not started the job, and now will not. */
const UNTAKEN = 'untaken';

/** The worker's flat tree for job `seq`, UNTAKEN, or undefined (failed, too late). */
function collect(h: Helper, seq: number, waitMs: number): Int32Array | typeof UNTAKEN | undefined {
  // not taken yet: take it back (the caller parses the rest itself)
  if (!alwaysWait && abandon(h)) return UNTAKEN;
  const until = performance.now() + waitMs;
  for (let s = Atomics.load(h.state, 0); s === SplitState.Taken || s === SplitState.Posted; s = Atomics.load(h.state, 0)) {
    const left = until - performance.now();
    if (left <= 0 || Atomics.wait(h.state, 0, s, left) === 'timed-out') return undefined;
  }
  for (let m = receiveMessageOnPort(h.port); m !== undefined; m = receiveMessageOnPort(h.port)) {
    const result = m.message as ParseResult;
    if (result.seq !== seq) continue; // an answer the main thread gave up waiting for
    Atomics.compareExchange(h.state, 0, SplitState.Done, SplitState.Idle);
    return result.flat;
  }
  return undefined;
}
