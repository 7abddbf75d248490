// Hover text: what a state means (stateDoc.ts), what a word means, what a conversation line did.

import { WORD_DOCS } from '../tcp/docs';
import { lookupState } from '../tcp/machine';
import type { Item, SourceFile, Span } from '../syntax/tree';
import { itemAt, type NodeAt, nodeAt, wordAt } from './locate';
import { inFlightText } from './inlay';
import { stateHover, type StateHoverOptions } from './stateDoc';
import { suggestStates } from './suggest';
import { type TracedSegment, traceItem } from './trace';

export interface HoverResult {
  readonly markdown: string;
  /** Absolute span of the hovered token. */
  readonly span: Span;
}

export type HoverOptions = StateHoverOptions;

export function hoverAt(file: SourceFile, text: string, offset: number, options: HoverOptions = {}): HoverResult | undefined {
  const item = itemAt(file, offset);
  if (!item) return undefined;
  const node = nodeAt(item, offset - item.start);
  const onEvent = node?.kind !== 'state' ? conversationLineHover(text, item, offset) : undefined;
  const found = node && nodeHover(text, item, node, offset, options);
  if (!onEvent) return found;
  // On a conversation line the step comes first; a word's meaning follows it.
  return { markdown: found ? `${onEvent.markdown}\n\n---\n\n${found.markdown}` : onEvent.markdown, span: found?.span ?? onEvent.span };
}

function nodeHover(text: string, item: Item, node: NodeAt, offset: number, options: HoverOptions): HoverResult | undefined {
  const abs = (span: Span): Span => ({ start: span.start + item.start, end: span.end + item.start });
  switch (node.kind) {
    case 'state':
      return { markdown: stateNameHover(node.ref.text, options), span: abs(node.ref.span) };
    case 'keyword': {
      const doc = wordHover(node.word);
      return doc ? { markdown: doc, span: abs(node.span) } : undefined;
    }
    case 'part':
    case 'segment':
    case 'event': {
      const bounds = abs(node.kind === 'part' ? node.part.span : node.kind === 'segment' ? node.segment.span : node.span);
      const found = wordAt(text, offset, bounds);
      const doc = found && wordHover(found.word);
      return doc && found ? { markdown: doc, span: found.span } : undefined;
    }
  }
}

/** A state name as written: what the state is, or that it is none (and what it may have meant). */
export function stateNameHover(text: string, options: HoverOptions = {}): string {
  const found = lookupState(text);
  if (found) return stateHover(found.state, found.alias, options);
  const suggestions = suggestStates(text);
  return `\`${text}\` is not a TCP state${suggestions.length > 0 ? `; did you mean ${suggestions.join(' or ')}?` : '.'}`;
}

export function wordHover(word: string): string | undefined {
  const doc = WORD_DOCS[word.toLowerCase()];
  if (!doc) return undefined;
  return [`**${doc.title}**`, doc.doc, doc.rfc ? `RFC 9293 section ${doc.rfc}` : ''].filter(Boolean).join('\n\n');
}

/** What the conversation event under `offset` did (not for `start` and blank lines). */
function conversationLineHover(text: string, item: Item, offset: number): HoverResult | undefined {
  const block = item.block;
  if (block?.kind !== 'conversation') return undefined;
  const rel = offset - item.start;
  if (!block.events.some((e) => rel >= e.span.start && rel <= e.span.end)) return undefined;
  const table = traceItem(text, item);
  const row = table?.rows.find((r) => offset >= r.span.start && offset <= r.span.end);
  if (!table || !row) return undefined;
  const [a, b] = table.peers;
  const cell = (before: string, after: string) => (before === after ? after : `${before} → **${after}**`);
  const lines: string[] = [`**\`${row.event}\`**`];
  if (!row.ok) lines.push('This line is an error, so the simulation skips it: the states do not change.');
  lines.push([`| ${a} | ${b} |`, '|---|---|', `| ${cell(row.before[0], row.after[0])} | ${cell(row.before[1], row.after[1])} |`].join('\n'));
  const what: string[] = [];
  const segment = (s: TracedSegment) => `\`${s.text}\` ${s.from} → ${s.to}${s.acknowledges ? ` (its ACK acknowledges ${s.to}'s ${s.acknowledges})` : ''}`;
  if (row.received) what.push(`${row.kind === 'lose' ? 'Lost' : 'Received'}: ${segment(row.received)}`);
  for (const s of row.sent) what.push(`Sent: ${segment(s)}`);
  if (row.note) what.push(`${row.note[0].toUpperCase()}${row.note.slice(1)}.`);
  if (what.length > 0) lines.push(what.join('  \n'));
  lines.push(inFlightText(table, row));
  if (row.rfc) lines.push(`RFC 9293 section ${row.rfc}`);
  return { markdown: lines.join('\n\n'), span: row.span };
}
