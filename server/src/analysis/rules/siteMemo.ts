// A rule's verdict on one helper call, remembered across analyses by the model's callKey (the enclosing
// function's text and everything it can depend on, and the call's place in it): after an edit elsewhere a
// rule skips the call's argument nodes (each a lookup in the tree). Only verdicts that depend on nothing else
// may be kept here; a rule stores the absence of findings, never findings (their ranges move).
import { registerCache, trimOldest } from '../caches';
import type { HelperCall, ProgramModel } from '../model';

const MAX = 16384;

export class SiteMemo {
  private readonly clean = new Set<string>();

  constructor() {
    registerCache(() => this.clean.clear());
  }

  /** True when the call was found clean in an earlier analysis of the same function text and context. */
  isClean(model: ProgramModel, c: HelperCall): boolean {
    const key = model.callKey(c);
    return key !== undefined && this.clean.has(key);
  }

  markClean(model: ProgramModel, c: HelperCall): void {
    const key = model.callKey(c);
    if (key === undefined) return;
    this.clean.add(key);
    trimOldest(this.clean, MAX);
  }
}
