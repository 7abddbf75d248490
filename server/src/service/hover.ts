// Hover text: what a state means (stateDoc.ts), what a word means, what a conversation line did.

import { wordDoc } from '../tcp/docs';
import { lookupState } from '../tcp/machine';
import type { Item, SourceFile, Span } from '../syntax/tree';
import { itemAt, type NodeAt, nodeAt, wordAt } from './locate';
import { lineDetails } from './lineFacts';
import { stateHover, type StateHoverOptions } from './stateDoc';
import { suggestStates } from './suggest';
import { traceItem } from './trace';

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
  const doc = wordDoc(word);
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
  const lines = [`**\`${row.event}\`**`, ...lineDetails(table, table.rows.indexOf(row))];
  return { markdown: lines.join('\n\n'), span: row.span };
}
