// The parse worker (dist/parseWorker.js): parses the second part of a large file while the main thread parses
// the first (syntax/split.ts), and answers with the tree as one Int32Array (syntax/flat.ts).
import { workerData } from 'node:worker_threads';
import { initParser, languageTables, parseC, parseRaw, rawReader } from './analysis/parser';
import { flatten, typeIndex } from './analysis/syntax/flat';
import { flagsOf } from './analysis/syntax/node';
import { rawFlatten } from './analysis/syntax/raw';
import type { ParseJob, ParseResult, ParseWorkerData } from './analysis/syntax/splitProtocol';
import { SplitState } from './analysis/syntax/splitProtocol';

const data = workerData as ParseWorkerData;
const state = new Int32Array(data.state);
const port = data.port;

function answer(result: ParseResult): void {
  port.postMessage(result, result.flat ? [result.flat.buffer as ArrayBuffer] : []);
  Atomics.store(state, 0, SplitState.Done);
  Atomics.notify(state, 0);
}

initParser().then(
  () => {
    const tables = languageTables();
    const types = typeIndex(tables.types);
    const fields = typeIndex(tables.fields.map((f) => f ?? undefined));
    port.on('message', (job: ParseJob) => {
      // the main thread takes a job back when it finished its own part first
      if (Atomics.compareExchange(state, 0, SplitState.Posted, SplitState.Taken) !== SplitState.Posted) return;
      try {
        const lang = rawReader().lang;
        if (lang !== undefined) {
          // straight from wasm memory into the array: no node objects on this side
          const raw = parseRaw(job.text);
          if (raw === undefined) return answer({ seq: job.seq, error: 'no parser' });
          try {
            const r = raw.rootNode;
            return answer({ seq: job.seq, flat: rawFlatten(lang, r.id, r.startIndex * 2, r.typeId, flagsOf(r), r.endIndex * 2) });
          } finally {
            raw.delete();
          }
        }
        const tree = parseC(job.text);
        if (tree === undefined) return answer({ seq: job.seq, error: 'no parser' });
        try {
          answer({ seq: job.seq, flat: flatten(tree.rootNode, types, fields) });
        } finally {
          tree.delete();
        }
      } catch (err) {
        answer({ seq: job.seq, error: String(err) });
      }
    });
    Atomics.store(state, 0, SplitState.Idle);
  },
  () => {
    Atomics.store(state, 0, SplitState.Dead);
  },
);
