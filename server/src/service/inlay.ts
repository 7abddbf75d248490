// Inlay hints after conversation lines, made to fit VS Code's 43 characters: what the line changed
// first (the peer whose state changed, then what it sent or lost), the full detail (both peers'
// states, segments in and out, what is in flight, the RFC section) in the tooltip.

import type { Span } from '../syntax/tree';
import { type ConversationTable, type TracedSegment, tracedSegmentText, type TraceRow } from './trace';

export interface InlayHint {
  /** Absolute offset the hint sits at: the end of the event's last line. */
  readonly offset: number;
  /** At most MAX_HINT characters. */
  readonly label: string;
  /** Markdown: everything the line did. */
  readonly tooltip: string;
}

/**
 * VS Code cuts inlay hints longer than 43 characters (`editor.inlayHints.maximumLength`); the LSP
 * adapter puts HINT_GAP before each label (with paddingLeft) so that it stands clear of the code.
 */
export const HINT_GAP = ' ';
export const MAX_HINT = 43 - HINT_GAP.length;

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
    hints.push({ offset, label: hintLabel(table, row), tooltip: hintTooltip(table, row) });
  });
  return hints;
}

/**
 * What the line changed, most telling first: `server → SYN_RECEIVED · sent SYN+ACK`,
 * `✗ ACK lost`, `client stays ESTABLISHED · sent ACK`; never longer than MAX_HINT.
 */
export function hintLabel(table: ConversationTable, row: TraceRow): string {
  if (!row.ok) return 'skipped (an error)';
  const changed = ([0, 1] as const).filter((p) => row.before[p] !== row.after[p]);
  const sent = row.sent.map((s) => s.text);
  const lost = row.kind === 'lose' && row.received ? `✗ ${row.received.text} lost` : undefined;
  const parts = (names: readonly string[], sentList: readonly string[]): string[] => {
    const out: string[] = changed.map((p) => `${names[p]} → ${row.after[p]}`);
    if (lost) out.push(lost);
    if (sentList.length > 0) out.push(`sent ${sentList.join(', ')}`);
    if (out.length === 0) {
      const p = peerIndex(table, row.peer) ?? 0;
      out.push(`${names[p]} stays ${row.after[p]}`);
    }
    return out;
  };
  const label = (names: readonly string[], sentList: readonly string[]) => parts(names, sentList).join(' · ');
  let names: readonly string[] = table.peers;
  let text = label(names, sent);
  // Too long: fewer segments named, then shorter peer names.
  for (let keep = sent.length - 1; text.length > MAX_HINT && keep >= 1; keep--) text = label(names, [...sent.slice(0, keep), `+${sent.length - keep}`]);
  const sentList = text.length > MAX_HINT && sent.length > 1 ? [sent[0], `+${sent.length - 1}`] : sent;
  for (let room = 12; text.length > MAX_HINT && room >= 3; room--) {
    names = table.peers.map((n) => (n.length > room ? `${n.slice(0, room - 1)}…` : n));
    text = label(names, sentList);
  }
  return text.length > MAX_HINT ? `${text.slice(0, MAX_HINT - 1)}…` : text;
}

function peerIndex(table: ConversationTable, name: string | undefined): 0 | 1 | undefined {
  const i = name === undefined ? -1 : table.peers.indexOf(name);
  return i === 0 || i === 1 ? i : undefined;
}

/** Everything the line did (markdown): both peers' states, segments in and out, in flight, the rule. */
export function hintTooltip(table: ConversationTable, row: TraceRow): string {
  const [a, b] = table.peers;
  const cell = (p: 0 | 1) => (row.before[p] === row.after[p] ? row.after[p] : `${row.before[p]} → **${row.after[p]}**`);
  const lines: string[] = [`**\`${row.event}\`**${row.ok ? '' : ' — an error: the simulation skips it'}`];
  lines.push([`| ${a} | ${b} |`, '|---|---|', `| ${cell(0)} | ${cell(1)} |`].join('\n'));
  const what: string[] = [];
  const segment = (s: TracedSegment) => `\`${tracedSegmentText(s)}\` ${s.from} → ${s.to}`;
  if (row.received) what.push(`${row.kind === 'lose' ? 'Lost' : 'Received'}: ${segment(row.received)}`);
  for (const s of row.sent) what.push(`Sent: ${segment(s)}`);
  if (row.note) what.push(`${row.note[0].toUpperCase()}${row.note.slice(1)}.`);
  if (what.length > 0) lines.push(what.join('  \n'));
  lines.push(inFlightText(table, row));
  if (row.rfc) lines.push(`RFC 9293 section ${row.rfc}${row.check ? ` (${row.check})` : ''}`);
  return lines.join('\n\n');
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
