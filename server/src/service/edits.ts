// Text edits as the core produces them (quick fixes, formatting, rename): a span replaced by text.

import type { Span } from '../syntax/tree';

export interface TextEdit {
  /** Absolute offsets, end exclusive. */
  readonly span: Span;
  readonly newText: string;
}

/** `text` with non-overlapping `edits` applied (in any order; edits at one offset keep theirs). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
  }
  return out + text.slice(pos);
}
