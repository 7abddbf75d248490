// One call from text to everything the front ends need: the diagnostics, and the tree on demand.

import { parse } from '../syntax/parser';
import type { SourceFile } from '../syntax/tree';
import type { Diagnostic } from './diagnostics';
import { IncrementalAnalysis } from './incremental';

export interface Analysis {
  /** Parsed when first asked for. */
  readonly file: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
}

export function analyze(text: string): Analysis {
  const diagnostics = new IncrementalAnalysis(text).diagnostics();
  let file: SourceFile | undefined;
  return {
    diagnostics,
    get file() {
      return (file ??= parse(text));
    },
  };
}
