// One call from text to everything the front ends need: the tree and its diagnostics.

import type { SourceFile } from '../syntax/tree';
import type { Diagnostic } from './diagnostics';
import { IncrementalAnalysis } from './incremental';

export interface Analysis {
  readonly file: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
}

export function analyze(text: string): Analysis {
  const analysis = new IncrementalAnalysis(text);
  return { file: analysis.file, diagnostics: analysis.diagnostics() };
}
