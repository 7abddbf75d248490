// What one conversation line did, in words a network engineer reads: the short label of its
// inlay hint, and the full detail shared by the hint's tooltip and the line's hover (both peers'
// states, stacks, time and how long each state lasted, segments with their marks, owed ACKs, the
// RFC check that applied, what is in flight). Plain strings from the trace rows; no LSP here.

import type { SegmentMark } from '../tcp/endpoint';
import type { ConversationTable, TracedSegment, TraceRow } from './trace';

/**
 * VS Code cuts the inlay hints of a line longer than this, all hints of the line together
 * (`editor.inlayHints.maximumLength`): a line gets one hint, at most this long.
 */
export const HINT_MAX_LENGTH = 43;

/** Seconds as the trace prints them: at most 6 decimals, no trailing zeros (`1.412539 s`, `60 s`). */
export function seconds(t: number): string {
  return `${Number(t.toFixed(6))} s`;
}

/** Engine prose in markdown: `<SEQ=SEG.ACK><CTL=RST>` must not be taken for HTML. */
function prose(text: string): string {
  return text.replace(/[<>*]/g, (c) => `\\${c}`);
}

/** `RFC 9293 section 3.10.7.4`, or the source as written when it is another document. */
export function rfcText(rfc: string): string {
  return /^\d/.test(rfc) ? `RFC 9293 section ${rfc}` : rfc;
}

const MARK_WORDS: Readonly<Record<SegmentMark, string>> = {
  retransmission: 'retransmission',
  probe: 'keep-alive probe',
  old: 'old duplicate from outside the conversation',
  challenge: 'challenge ACK',
};

/** `` `FIN+ACK` (retransmission) `` */
function segmentMarkdown(s: TracedSegment): string {
  return s.mark ? `\`${s.text}\` (${MARK_WORDS[s.mark]})` : `\`${s.text}\``;
}

/** The flags as one writes them: the ACK next to FIN, RST or DATA goes without saying (SPEC 3). */
export function shortFlags(text: string): string {
  const flags = text.split('+');
  return flags.length > 1 && flags.some((f) => f === 'FIN' || f === 'RST' || f === 'DATA') ? flags.filter((f) => f !== 'ACK').join('+') : text;
}

/** The rows' owed ACKs before `index`: the previous row's, none before the first. */
function owesBefore(table: ConversationTable, index: number): readonly [boolean, boolean] {
  return index > 0 ? table.rows[index - 1].owes : [false, false];
}

/** When each peer entered the state it had before `index` (the block starts at 0). */
function sinceBefore(table: ConversationTable, index: number): readonly [number, number] {
  for (let i = index - 1; i >= 0; i--) {
    const since = table.rows[i].since;
    if (since) return since;
  }
  return [0, 0];
}

/**
 * What the arrival was when the first check of 3.10.7.4 found it a duplicate, old, or a probe: the
 * flags the check names (`first check: duplicate SYN`: the SYN of a SYN+ACK), else the segment's.
 */
function turnedAway(row: TraceRow): string | undefined {
  if (!row.received || row.kind !== 'recv') return undefined;
  const m = /^first check: (duplicate|old|keep-alive probe)(?: ([A-Z]+(?:\+[A-Z]+)*)\b)?/.exec(row.check ?? '');
  if (!m) return undefined;
  if (m[1] === 'keep-alive probe') return 'keep-alive probe';
  return `${m[1]} ${m[2] ?? shortFlags(row.received.text)}`;
}

/** What the row sent, in a few words: `sends SYN+ACK`, `resends FIN+ACK`, `keep-alive probe`, `challenge ACK`. */
function sentWords(row: TraceRow, paidOwedAck: boolean): string[] {
  const words: string[] = [];
  const plain = row.sent.filter((s) => !s.mark);
  if (plain.length > 0) {
    const delayed = paidOwedAck && row.kind === 'call' && plain.length === 1 && plain[0].text === 'ACK';
    words.push(delayed ? 'sends delayed ACK' : `sends ${plain.map((s) => shortFlags(s.text)).join(', ')}`);
  }
  for (const s of row.sent) {
    if (s.mark === 'retransmission') words.push(`resends ${shortFlags(s.text)}`);
    else if (s.mark === 'probe') words.push('keep-alive probe');
    else if (s.mark === 'challenge') words.push('challenge ACK');
  }
  return words;
}

/**
 * The label of a line's inlay hint, at most `HINT_MAX_LENGTH` characters: what changed first (the
 * peer the event happened at, `→ STATE` when its state changed), then what it sent or how it
 * answered, then an owed ACK, then, in a block with times, the time of a line that does not write
 * it absolutely (`+0.1` or no time). Parts that do not fit are left out (the tooltip has them all).
 */
export function hintLabel(text: string, table: ConversationTable, index: number): string {
  const row = table.rows[index];
  const p = row.peer === undefined ? undefined : table.peers.indexOf(row.peer);
  if (p !== 0 && p !== 1) return 'skipped';
  const name = table.peers[p];
  const after = row.after[p];
  if (!row.ok) return fit([`skipped · ${name} ${after}`]);
  if (row.kind === 'lose' && row.received) return fit([`✗ ${shortFlags(row.received.text)} to ${name} lost`]);
  const changed = row.before[p] !== after;
  const crashed = row.kind === 'call' && /:\s*crash$/i.test(row.event);
  const head = crashed ? `${name} crashed → ${after}` : changed ? `${name} → ${after}` : `${name} ${after}`;
  const parts = [head];
  const paid = owesBefore(table, index)[p] && !row.owes[p] && row.sent.length > 0;
  const away = turnedAway(row);
  const sent = sentWords(row, paid);
  if (away && row.sent.length === 0) parts.push(row.owes[p] ? away : `drops ${away}`);
  else if (away && row.sent.length === 1 && row.sent[0].text === 'ACK') parts.push(`ACKs ${away}`);
  else {
    if (away) parts.push(away);
    parts.push(...sent);
  }
  if (row.owes[p]) parts.push('owes ACK');
  const time = impliedTime(text, table, index);
  if (time) parts.push(time);
  return fit(parts);
}

/** Joins parts with ` · ` while they fit; the first is always there, cut with `…` if it must be. */
function fit(parts: readonly string[]): string {
  let label = parts[0];
  if (label.length > HINT_MAX_LENGTH) {
    // Never cut between the two halves of a character outside the BMP.
    const cut = /[\uD800-\uDBFF]/.test(label[HINT_MAX_LENGTH - 2]) ? HINT_MAX_LENGTH - 2 : HINT_MAX_LENGTH - 1;
    label = `${label.slice(0, cut)}…`;
  }
  for (const part of parts.slice(1)) {
    const next = `${label} · ${part}`;
    if (next.length > HINT_MAX_LENGTH) break;
    label = next;
  }
  return label;
}

/** The time of a row whose line does not write it absolutely (a `+0.1` or no time, in a block with times). */
function impliedTime(text: string, table: ConversationTable, index: number): string | undefined {
  const row = table.rows[index];
  if (!table.timed || row.time === undefined || row.kind === 'expect') return undefined;
  const written = text.slice(row.span.start, row.span.end).trimStart();
  return /^\d/.test(written) ? undefined : `at ${seconds(row.time)}`;
}

/** The full detail of a row, as markdown paragraphs: for the hint's tooltip and the line's hover. */
export function lineDetails(table: ConversationTable, index: number): string[] {
  const row = table.rows[index];
  const [a, b] = table.peers;
  const out: string[] = [];
  if (!row.ok) out.push('This line is an error, so the simulation skips it: the states do not change.');
  const cell = (before: string, after: string) => (before === after ? after : `${before} → **${after}**`);
  out.push([
    `| ${a} (${table.stacks[0]}) | ${b} (${table.stacks[1]}) |`,
    '|---|---|',
    `| ${cell(row.before[0], row.after[0])} | ${cell(row.before[1], row.after[1])} |`,
  ].join('\n'));
  const time = timeText(table, index);
  if (time) out.push(time);
  const what: string[] = [];
  const segment = (s: TracedSegment) =>
    `${segmentMarkdown(s)} ${s.mark === 'old' ? `→ ${s.to}` : `${s.from} → ${s.to}`}${s.acknowledges ? ` (its ACK acknowledges ${s.to}'s ${s.acknowledges})` : ''}`;
  if (row.received) what.push(`${row.kind === 'lose' ? 'Lost' : 'Received'}: ${segment(row.received)}`);
  for (const s of row.sent) what.push(`Sent: ${segment(s)}`);
  if (row.note) what.push(prose(`${row.note[0].toUpperCase()}${row.note.slice(1)}.`));
  what.push(...owedText(table, index));
  if (what.length > 0) out.push(what.join('  \n'));
  if (row.rfc) out.push(row.check ? `${rfcText(row.rfc)} — ${prose(row.check)}` : rfcText(row.rfc));
  out.push(inFlightText(table, row));
  return out;
}

/** When the event happened and how long each peer's state lasted (timed blocks only). */
function timeText(table: ConversationTable, index: number): string | undefined {
  const row = table.rows[index];
  if (!table.timed || row.time === undefined || !row.since) return undefined;
  const before = sinceBefore(table, index);
  const parts = [`At ${seconds(row.time)}`];
  // The event's peer first: its state is the one that may have changed.
  const at = row.peer === table.peers[1] ? 1 : 0;
  for (const i of [at, 1 - at] as const) {
    const name = table.peers[i];
    if (row.before[i] !== row.after[i]) {
      parts.push(`${name}'s ${row.before[i]} lasted ${seconds(row.time - before[i])} (from ${seconds(before[i])})`);
    } else {
      parts.push(`${name} in ${row.after[i]} for ${seconds(row.time - row.since[i])} (since ${seconds(row.since[i])})`);
    }
  }
  return parts.join(' · ');
}

/** Owed ACKs: who owes one after the line, and an owed ACK this line's segment carried. */
function owedText(table: ConversationTable, index: number): string[] {
  const row = table.rows[index];
  const before = owesBefore(table, index);
  const out: string[] = [];
  for (const i of [0, 1] as const) {
    const name = table.peers[i];
    // The event that makes its peer owe an ACK says so in its note.
    if (row.owes[i] && (before[i] || row.peer !== name)) {
      out.push(`${name} still owes ${table.peers[1 - i]} an ACK (delayed): the next segment ${name} sends carries it.`);
    } else if (before[i] && row.peer === name && row.sent.length > 0 && row.sent[0].text !== 'ACK') {
      // A pure ACK that pays the debt says so in its note; a FIN or data carries it along.
      out.push(`${segmentMarkdown(row.sent[0])} carries the ACK ${name} owed.`);
    }
  }
  return out;
}

/** `In flight client → server: …` for both directions (markdown). */
export function inFlightText(table: ConversationTable, row: TraceRow): string {
  const [a, b] = table.peers;
  const list = (segments: readonly TracedSegment[]) => (segments.length === 0 ? 'nothing' : segments.map(segmentMarkdown).join(', '));
  return [`In flight ${a} → ${b}: ${list(row.inFlight[0])}`, `In flight ${b} → ${a}: ${list(row.inFlight[1])}`].join('  \n');
}
