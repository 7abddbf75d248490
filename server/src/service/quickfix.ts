// Quick fixes as plain offset edits: replace a misspelled state with each suggestion.

import type { Span } from '../syntax/tree';
import type { Diagnostic } from './diagnostics';

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface QuickFix {
  readonly title: string;
  readonly diagnostic: Diagnostic;
  readonly edits: readonly TextEdit[];
  readonly preferred: boolean;
}

/** Fixes for the diagnostics (absolute spans) that touch `range`. */
export function quickFixes(diagnostics: readonly Diagnostic[], range: Span): QuickFix[] {
  const fixes: QuickFix[] = [];
  for (const d of diagnostics) {
    if (d.span.end < range.start || d.span.start > range.end) continue;
    if (d.code === 'unknown-state') {
      (d.suggestions ?? []).forEach((state, i) => {
        fixes.push({ title: `Change to ${state}`, diagnostic: d, edits: [{ span: d.span, newText: state }], preferred: i === 0 });
      });
    }
  }
  return fixes;
}
