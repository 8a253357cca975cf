// Entry point of the pure lint core: (file, text, settings, sources) -> findings.
// No LSP, no filesystem, no clock: included files come through the SourceProvider.
import type { AnalysisSettings, Finding, SourceProvider } from './findings';
import type { ProgramModel } from './model';
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
  try {
    return buildModel(file, text, settings, sources);
  } catch (err) {
    logRuleFailure('model', err);
    return undefined;
  }
}

const order = (a: Finding, b: Finding): number =>
  a.file.localeCompare(b.file) ||
  a.range.start.line - b.range.start.line ||
  a.range.start.character - b.range.start.character ||
  a.code.localeCompare(b.code);

/** Runs every registered rule over a model; a rule that throws yields no findings. */
export function runRules(model: ProgramModel): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    try {
      out.push(...rule.check(model));
    } catch (err) {
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
  const model = getProgramModel(file, text, settings, sources);
  if (!model) return { findings: [] };
  try {
    return { findings: runRules(model) };
  } finally {
    model.dispose();
  }
}
