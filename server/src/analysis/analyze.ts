// Entry point of the pure lint core: (file, text, settings, sources) -> findings.
// No LSP, no filesystem, no clock: included files come through the SourceProvider.
import type { AnalysisSettings, Finding, SourceProvider } from './findings';
import type { ProgramModel } from './model';
import { clearAnalysisCaches } from './caches';
import { StaleMemo } from './collect';
import { buildModel } from './model-build';
import { rules } from './rules/index';

export interface AnalysisResult {
  readonly findings: readonly Finding[];
}

/** Where a failing rule is reported; the LSP glue may point this at its connection console. */
export let logRuleFailure: (code: string, err: unknown) => void = (code, err) => {
  console.error(`ringscope: rule ${code} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
};

export function setRuleFailureLogger(f: (code: string, err: unknown) => void): void {
  logRuleFailure = f;
}

/**
 * The program model (maps, functions, helper calls with record type/size and ring size) for hovers
 * and other features. Undefined before `initParser()` resolved or on unparseable input.
 */
export function getProgramModel(
  file: string,
  text: string,
  settings: AnalysisSettings,
  sources: SourceProvider,
): ProgramModel | undefined {
  return modelOnce(file, text, settings, sources, true);
}

function modelOnce(file: string, text: string, settings: AnalysisSettings, sources: SourceProvider, retry: boolean): ProgramModel | undefined {
  try {
    return buildModel(file, text, settings, sources);
  } catch (err) {
    if (!retry || !(err instanceof StaleMemo)) {
      logRuleFailure('model', err);
      return undefined;
    }
  }
  // a remembered walk disagreed with this tree (collect.ts): forget every cache and build afresh, once
  clearAnalysisCaches();
  return modelOnce(file, text, settings, sources, false);
}

const order = (a: Finding, b: Finding): number =>
  a.file.localeCompare(b.file) ||
  a.range.start.line - b.range.start.line ||
  a.range.start.character - b.range.start.character ||
  a.code.localeCompare(b.code);

/** Runs every registered rule over a model; a rule that throws yields no findings. */
export function runRules(model: ProgramModel): Finding[] {
  return rulesOf(model, false) ?? [];
}

/** runRules; with `stale`, undefined as soon as a rule meets a stale memo (collect.ts) instead of going on. */
function rulesOf(model: ProgramModel, stale: boolean): Finding[] | undefined {
  const out: Finding[] = [];
  for (const rule of rules) {
    try {
      out.push(...rule.check(model));
    } catch (err) {
      if (stale && err instanceof StaleMemo) return undefined;
      logRuleFailure(rule.code, err);
    }
  }
  return out.sort(order);
}

/**
 * Analyses one BPF C translation unit. Never throws: half-typed code yields what can be known.
 * `initParser()` (parser.ts) must have resolved once before the first call.
 */
export function analyzeFile(
  file: string,
  text: string,
  settings: AnalysisSettings,
  sources: SourceProvider,
): AnalysisResult {
  for (let attempt = 0; ; attempt++) {
    const model = getProgramModel(file, text, settings, sources);
    if (!model) return { findings: [] };
    try {
      const findings = rulesOf(model, attempt === 0);
      if (findings !== undefined) return { findings };
    } finally {
      model.dispose();
    }
    // a rule met a remembered walk that disagrees with the tree: forget every cache and analyse afresh
    clearAnalysisCaches();
  }
}
