// `tcpfsm trace` as text and JSON (SPEC section 7): one aligned table per conversation, or the
// plain data the ladder draws. In the core so the capture importer's JSON can carry the same
// object for each conversation it imports.

import type { LineIndex } from '../syntax/lines';
import { type ConversationTable, type TracedSegment, tracedSegmentText, type TraceRow } from './trace';

/** A segment of `tcpfsm trace --format json`. */
export interface JsonSegment {
  id: number;
  text: string;
  from: string;
  to: string;
  acknowledges: string | null;
  /** `retransmission`, `probe`, `old`, `challenge`, or null for an ordinary segment. */
  mark: string | null;
}

export interface JsonStep {
  line: number;
  column: number;
  /** Seconds since the block's start, or null when the block has no times. */
  time: number | null;
  event: string;
  kind: string;
  peer: string | null;
  before: string[];
  after: string[];
  /** When each peer entered its state (seconds), or null without times. */
  since: number[] | null;
  /** Whether each peer owes an ACK after the event. */
  owes: boolean[];
  received: JsonSegment | null;
  sent: JsonSegment[];
  inFlight: [JsonSegment[], JsonSegment[]];
  rfc: string | null;
  check: string | null;
  note: string | null;
  timer: string | null;
  ok: boolean;
}

export interface JsonConversation {
  name: string | null;
  line: number;
  peers: string[];
  stacks: string[];
  start: string[];
  steps: JsonStep[];
}

function quote(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function inFlightText(segments: readonly TracedSegment[]): string {
  return segments.map(tracedSegmentText).join(', ');
}

function noteText(row: TraceRow): string {
  const note = row.note ?? '';
  if (row.ok) return note;
  // A failed expect keeps the simulated states; any other failed event is skipped.
  const error = row.kind === 'expect' ? 'error: expect failed' : 'error: skipped';
  return note ? `${error}; ${note}` : error;
}

/** Seconds as the trace prints them: up to six decimals, no trailing zeros. */
export function formatSeconds(t: number): string {
  return String(Number(t.toFixed(6)));
}

/** `PATH:LINE: conversation "NAME" (A, B)` and the aligned table of one conversation. */
export function traceTextTable(file: string, lines: LineIndex, t: ConversationTable): string {
  const startLine = t.startSpan;
  const lineOf = (offset: number) => String(lines.positionAt(offset).line + 1);
  const [a, b] = t.peers;
  const stacks = t.stacks[0] === t.stacks[1] ? (t.stacks[0] === 'rfc9293' ? '' : `, stack ${t.stacks[0]}`) : `, stack ${a} ${t.stacks[0]}, ${b} ${t.stacks[1]}`;
  const header = `${file}:${lineOf(t.span.start)}: conversation ${t.name !== undefined ? `${quote(t.name)} ` : ''}(${a}, ${b}${stacks})`;
  const time = (cells: string[], value: string) => (t.timed ? [cells[0], value, ...cells.slice(1)] : cells);
  const rows: string[][] = [
    time(['line', 'event', a, b, `${a} → ${b}`, `${b} → ${a}`, 'rfc', 'check', 'note'], 'time'),
    time([lineOf(startLine ? startLine.start : t.span.start), startLine ? 'start' : '(start)', t.start[0], t.start[1], '', '', '', '', ''], t.timed ? '0' : ''),
    ...t.rows.map((r) => time([
      lineOf(r.span.start), r.event, r.after[0], r.after[1],
      inFlightText(r.inFlight[0]), inFlightText(r.inFlight[1]), r.rfc ?? '', r.check ?? '', noteText(r),
    ], r.time !== undefined ? formatSeconds(r.time) : '')),
  ];
  const numeric = t.timed ? 2 : 1;
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const body = rows.map((r) => r
    .map((cell, c) => (c < numeric ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
    .join('  ')
    .trimEnd());
  return `${header}\n${body.map((line) => `${line}\n`).join('')}`;
}

function jsonSegment(s: TracedSegment): JsonSegment {
  return { id: s.id, text: s.text, from: s.from, to: s.to, acknowledges: s.acknowledges ?? null, mark: s.mark ?? null };
}

export function traceJson(lines: LineIndex, t: ConversationTable): JsonConversation {
  return {
    name: t.name ?? null,
    line: lines.positionAt(t.span.start).line + 1,
    peers: [...t.peers],
    stacks: [...t.stacks],
    start: [...t.start],
    steps: t.rows.map((r) => {
      const at = lines.positionAt(r.span.start);
      return {
        line: at.line + 1,
        column: at.character + 1,
        time: r.time ?? null,
        event: r.event,
        kind: r.kind,
        peer: r.peer ?? null,
        before: [...r.before],
        after: [...r.after],
        since: r.since ? [...r.since] : null,
        owes: [...r.owes],
        received: r.received ? jsonSegment(r.received) : null,
        sent: r.sent.map(jsonSegment),
        inFlight: [r.inFlight[0].map(jsonSegment), r.inFlight[1].map(jsonSegment)],
        rfc: r.rfc ?? null,
        check: r.check ?? null,
        note: r.note ?? null,
        timer: r.timer ?? null,
        ok: r.ok,
      };
    }),
  };
}
