// One call from text to everything the front ends need: the tree and its diagnostics.

import { parse } from '../syntax/parser';
import type { SourceFile } from '../syntax/tree';
import { checkFile } from './check';
import type { Diagnostic } from './diagnostics';

export interface Analysis {
  readonly file: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
}

export function analyze(text: string): Analysis {
  const file = parse(text);
  return { file, diagnostics: checkFile(file) };
}
