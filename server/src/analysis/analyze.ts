// Entry point of the pure lint core: (file, text, settings, sources) -> findings.
// No LSP, no filesystem, no clock: included files come through the SourceProvider.
import type { AnalysisSettings, Finding, SourceProvider } from './findings';

export interface AnalysisResult {
  readonly findings: readonly Finding[];
}

/**
 * Analyses one BPF C translation unit. Never throws: half-typed code yields what can be known.
 * `initParser()` (parser.ts) must have resolved once before the first call.
 */
export function analyzeFile(
  _file: string,
  _text: string,
  _settings: AnalysisSettings,
  _sources: SourceProvider,
): AnalysisResult {
  return { findings: [] };
}
