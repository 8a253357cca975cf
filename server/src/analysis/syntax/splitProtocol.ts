// What the main thread and the parse worker (server/src/parseWorker.ts) exchange. A shared Int32Array word
// says where a job stands, so that the main thread can wait for it with Atomics.wait while it parses the
// first part of the file itself, and take the result with receiveMessageOnPort (no event loop turn).
import type { MessagePort } from 'node:worker_threads';

/** The worker data of a parse worker. */
export interface ParseWorkerData {
  readonly port: MessagePort;
  /** One Int32 word: a SplitState. */
  readonly state: SharedArrayBuffer;
}

/** Where a job stands (the shared word's values). */
export const SplitState = {
  /** The worker is loading its parser. */
  Starting: 0,
  Idle: 1,
  /** A job was posted; the worker has not taken it. */
  Posted: 2,
  Taken: 3,
  /** The result was posted. */
  Done: 4,
  /** The worker could not load its parser. */
  Dead: 5,
} as const;

/** Main thread → worker. */
export interface ParseJob {
  readonly seq: number;
  readonly text: string;
}

/** Worker → main thread: the flat tree (flat.ts) of the job's text, or why not. */
export interface ParseResult {
  readonly seq: number;
  readonly flat?: Int32Array;
  readonly error?: string;
}
