// Inlay hints after conversation lines: both peers' states after the line, and what it sent.

import type { Span } from '../syntax/tree';
import type { ConversationTable, TracedSegment, TraceRow } from './trace';

export interface InlayHint {
  /** Absolute offset the hint sits at: the end of the event's last line. */
  readonly offset: number;
  readonly label: string;
  /** Markdown: what is in flight each way after the line. */
  readonly tooltip: string;
}

/** The hints of the rows of `table` whose event starts within `range` (absolute). */
export function conversationHints(text: string, table: ConversationTable, range: Span): InlayHint[] {
  const hints: InlayHint[] = [];
  const [a, b] = table.peers;
  table.rows.forEach((row, index) => {
    if (row.kind === 'expect') return;
    if (row.span.start < range.start || row.span.start > range.end) return;
    let label = `${a} ${row.after[0]} · ${b} ${row.after[1]}`;
    if (!row.ok) label = `skipped · ${label}`;
    else if (row.kind === 'lose' && row.received) label += `  ✗ ${row.received.text} lost`;
    if (row.sent.length > 0) label += `  → ${row.sent.map((s) => s.text).join(', ')}`;
    // At the end of the line, unless another event follows on the same line.
    const end = lineEnd(text, row.span.end);
    const next = table.rows[index + 1];
    const offset = next && next.span.start < end ? row.span.end : end;
    hints.push({ offset, label, tooltip: inFlightText(table, row) });
  });
  return hints;
}

/** `client → server: FIN+ACK` lines for both directions (markdown). */
export function inFlightText(table: ConversationTable, row: TraceRow): string {
  const [a, b] = table.peers;
  const list = (segments: readonly TracedSegment[]) =>
    segments.length === 0 ? 'nothing' : segments.map((s) => `\`${s.text}\``).join(', ');
  return [`In flight ${a} → ${b}: ${list(row.inFlight[0])}`, `In flight ${b} → ${a}: ${list(row.inFlight[1])}`].join('  \n');
}

function lineEnd(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > offset && text.charCodeAt(end - 1) === 13) end--;
  return end;
}
