// Inlay hints of conversation lines: after each event, what it changed. service/lineFacts.ts
// words the label (at most 43 characters: VS Code's limit for all the hints of a line) and the
// tooltip with the full detail.

import type { Span } from '../syntax/tree';
import { hintLabel, lineDetails } from './lineFacts';
import type { ConversationTable } from './trace';

export interface InlayHint {
  /** Absolute offset the hint sits at: the end of the event's line. */
  readonly offset: number;
  readonly label: string;
  /** Markdown. */
  readonly tooltip: string;
}

/** The hints of the rows of `table` whose event starts within `range` (absolute). */
export function conversationHints(text: string, table: ConversationTable, range: Span): InlayHint[] {
  const hints: InlayHint[] = [];
  table.rows.forEach((row, index) => {
    if (row.kind === 'expect') return;
    if (row.span.start < range.start || row.span.start > range.end) return;
    // At the end of the line, unless another event follows on the same line.
    const end = lineEnd(text, row.span.end);
    const next = table.rows[index + 1];
    const offset = next && next.span.start < end ? row.span.end : end;
    hints.push({ offset, label: hintLabel(text, table, index), tooltip: lineDetails(table, index).join('\n\n') });
  });
  return hints;
}

function lineEnd(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > offset && text.charCodeAt(end - 1) === 13) end--;
  return end;
}
