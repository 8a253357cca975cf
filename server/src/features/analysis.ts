// Runs the core on one document for the server: the findings plus the program model (hover on
// reservations and record types need it), building the model once. Never throws.
import { getProgramModel, runRules } from '../analysis/analyze';
import type { AnalysisSettings, Finding, SourceProvider } from '../analysis/findings';
import type { ProgramModel } from '../analysis/model';

export interface DocumentAnalysis {
  readonly findings: readonly Finding[];
  readonly model: ProgramModel | undefined;
}

/** Same result as analyzeFile(), keeping the model. */
export function analyzeDocument(file: string, text: string, settings: AnalysisSettings, sources: SourceProvider): DocumentAnalysis {
  const model = getProgramModel(file, text, settings, sources);
  return { findings: model === undefined ? [] : runRules(model), model };
}
