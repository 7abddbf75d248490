// Inlay hints of conversation lines: after each event, what it changed (service/lineFacts.ts
// words the label, at most 43 characters, and the tooltip with the full detail); in a block with
// times, the time of an event whose line does not write it absolutely.

import type { Span } from '../syntax/tree';
import { hintLabel, impliedTime, lineDetails } from './lineFacts';
import type { ConversationTable } from './trace';

export interface InlayHint {
  /** Absolute offset the hint sits at. */
  readonly offset: number;
  readonly label: string;
  /** Markdown. */
  readonly tooltip: string;
  /** Which side of the hint gets a space: after the code (`left`), or before it (`right`). */
  readonly padding: 'left' | 'right';
}

/** The hints of the rows of `table` whose event starts within `range` (absolute). */
export function conversationHints(text: string, table: ConversationTable, range: Span): InlayHint[] {
  const hints: InlayHint[] = [];
  table.rows.forEach((row, index) => {
    if (row.kind === 'expect') return;
    if (row.span.start < range.start || row.span.start > range.end) return;
    const time = impliedTime(text, table, index);
    if (time) {
      // Where the time would be written: after a relative time, or before the peer's name.
      const relative = text[row.span.start] === '+';
      const at = relative ? timeEnd(text, row.span.start) : row.span.start;
      hints.push({ offset: at, label: time.label, tooltip: time.tooltip, padding: relative ? 'left' : 'right' });
    }
    // At the end of the line, unless another event follows on the same line.
    const end = lineEnd(text, row.span.end);
    const next = table.rows[index + 1];
    const offset = next && next.span.start < end ? row.span.end : end;
    hints.push({ offset, label: hintLabel(table, index), tooltip: lineDetails(table, index).join('\n\n'), padding: 'left' });
  });
  return hints;
}

/** The end of a `+0.1` time literal starting at `start`. */
function timeEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] === ' ' || text[i] === '\t') i++;
  while (i < text.length && /[0-9.]/.test(text[i])) i++;
  return i;
}

function lineEnd(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > offset && text.charCodeAt(end - 1) === 13) end--;
  return end;
}
