// What each conversation does line by line, in plain data: the rows of `tcpfsm trace`, the inlay
// hints and hovers of conversation lines, and what the ladder diagram draws.

import { parse, parseItem } from '../syntax/parser';
import type { ConversationBlock, ConversationEvent, Item, Span } from '../syntax/tree';
import type { SegmentMark } from '../tcp/endpoint';
import type { Stack, State, Timer } from '../tcp/machine';
import type { Diagnostic } from './diagnostics';
import { type ConversationTrace, type Segment, segmentText, simulate, type TraceStep } from './simulate';

export interface TracedSegment {
  /** Numbers the segments of a conversation in the order they were sent, from 1. */
  readonly id: number;
  /** The flags, e.g. `FIN+ACK`. */
  readonly text: string;
  /** The sending and receiving peer names. */
  readonly from: string;
  readonly to: string;
  /** What of the receiver's its ACK acknowledges, if it carries an ACK that acknowledges anything. */
  readonly acknowledges?: 'SYN' | 'FIN';
  /** A retransmission, a keep-alive probe, an old duplicate, a challenge ACK. */
  readonly mark?: SegmentMark;
}

/** How a segment is shown in a trace: `FIN+ACK`, `FIN+ACK (retransmission)`, `SYN (old)`. */
export function tracedSegmentText(s: TracedSegment): string {
  return s.mark ? `${s.text} (${s.mark})` : s.text;
}

export interface TraceRow {
  /** Absolute span of the event in the text. */
  readonly span: Span;
  /** The event as written, on one line. */
  readonly event: string;
  readonly kind: ConversationEvent['kind'];
  /** The peer the event happened at (none for `expect`, or when the peer is unknown). */
  readonly peer?: string;
  /** When it happened (seconds since the block's start), when the block has times. */
  readonly time?: number;
  readonly before: readonly [State, State];
  readonly after: readonly [State, State];
  /** When each peer entered its state after the event, when the block has times. */
  readonly since?: readonly [number, number];
  /** Whether each peer owes an ACK after the event (a `/ delay ACK` not yet paid). */
  readonly owes: readonly [boolean, boolean];
  /** The segment a `recv` or `lose` took off its queue. */
  readonly received?: TracedSegment;
  readonly sent: readonly TracedSegment[];
  /** In flight after the event: [peer 0 → peer 1, peer 1 → peer 0], head first. */
  readonly inFlight: readonly [readonly TracedSegment[], readonly TracedSegment[]];
  readonly rfc?: string;
  /** Which check of RFC 9293 3.10.7 decided an arrival. */
  readonly check?: string;
  readonly note?: string;
  /** The timer that fired, for a timeout. */
  readonly timer?: Timer;
  /** False when the event was an error (reported, and skipped by the simulation). */
  readonly ok: boolean;
}

export interface ConversationTable {
  readonly name?: string;
  /** Absolute span of the block. */
  readonly span: Span;
  readonly peers: readonly [string, string];
  readonly stacks: readonly [Stack, Stack];
  /** True when the block's events have times. */
  readonly timed: boolean;
  readonly start: readonly [State, State];
  /** Absolute span of the `start` line, when there is one. */
  readonly startSpan?: Span;
  readonly rows: readonly TraceRow[];
}

/** Every conversation of `text`, traced. */
export function traceConversations(text: string): ConversationTable[] {
  const tables: ConversationTable[] = [];
  for (const item of parse(text).items) {
    const table = traceItem(text, item);
    if (table) tables.push(table);
  }
  return tables;
}

/** The conversation of the item starting at `start`, traced (undefined for anything else). */
export function traceItemAt(text: string, start: number): ConversationTable | undefined {
  return traceItem(text, parseItem(text, start));
}

export function traceItem(text: string, item: Item): ConversationTable | undefined {
  const block = item.block;
  if (block?.kind !== 'conversation') return undefined;
  const ignored: Diagnostic[] = [];
  const trace = simulate(block, ignored);
  return tableOf(text, item.start, block, trace);
}

function tableOf(text: string, base: number, block: ConversationBlock, trace: ConversationTrace): ConversationTable {
  const names = trace.peers;
  const seg = (s: Segment): TracedSegment => ({
    id: s.id,
    text: segmentText(s),
    from: names[s.from],
    to: names[1 - s.from],
    ...(s.ackOf ? { acknowledges: s.ackOf } : {}),
    ...(s.mark ? { mark: s.mark } : {}),
  });
  const row = (step: TraceStep): TraceRow => {
    const span = { start: step.event.span.start + base, end: step.event.span.end + base };
    // The event as written, without its time (the time has a column of its own).
    const from = step.event.kind !== 'expect' && step.event.time ? step.event.peer.span.start + base : span.start;
    return {
      span,
      event: text.slice(from, span.end).replace(/\s+/g, ' ').trim(),
      kind: step.event.kind,
      ...(step.peer !== undefined ? { peer: names[step.peer] } : {}),
      ...(step.time !== undefined ? { time: step.time } : {}),
      before: step.before,
      after: step.after,
      ...(step.since ? { since: step.since } : {}),
      owes: step.owes,
      ...(step.received ? { received: seg(step.received) } : {}),
      sent: step.sent.map(seg),
      // The simulator keeps queues by destination; rows list them by direction from peer 0.
      inFlight: [step.inFlight[1].map(seg), step.inFlight[0].map(seg)],
      ...(step.rfc ? { rfc: step.rfc } : {}),
      ...(step.check ? { check: step.check } : {}),
      ...(step.note ? { note: step.note } : {}),
      ...(step.timer ? { timer: step.timer } : {}),
      ok: step.ok,
    };
  };
  return {
    ...(block.name ? { name: block.name.value } : {}),
    span: { start: block.span.start + base, end: block.span.end + base },
    peers: names,
    stacks: trace.stacks,
    timed: trace.timed,
    start: trace.start,
    ...(block.start ? { startSpan: { start: block.start.span.start + base, end: block.start.span.end + base } } : {}),
    rows: trace.steps.map(row),
  };
}
