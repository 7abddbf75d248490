// Hover text: what a state means (doc, aliases, edges in and out, Linux, RFC), what a word means.

import { STATE_DOCS, WORD_DOCS } from '../tcp/docs';
import { type Edge, edgeLabel, edgesFrom, edgesTo, lookupState, type State } from '../tcp/machine';
import type { Item, SourceFile, Span } from '../syntax/tree';
import { itemAt, type NodeAt, nodeAt, wordAt } from './locate';
import { inFlightText } from './inlay';
import { suggestStates } from './suggest';
import { type TracedSegment, traceItem } from './trace';

export interface HoverResult {
  readonly markdown: string;
  /** Absolute span of the hovered token. */
  readonly span: Span;
}

export function hoverAt(file: SourceFile, text: string, offset: number): HoverResult | undefined {
  const item = itemAt(file, offset);
  if (!item) return undefined;
  const node = nodeAt(item, offset - item.start);
  const onEvent = node?.kind !== 'state' ? conversationLineHover(text, item, offset) : undefined;
  const found = node && nodeHover(text, item, node, offset);
  if (!onEvent) return found;
  // On a conversation line the step comes first; a word's meaning follows it.
  return { markdown: found ? `${onEvent.markdown}\n\n---\n\n${found.markdown}` : onEvent.markdown, span: found?.span ?? onEvent.span };
}

function nodeHover(text: string, item: Item, node: NodeAt, offset: number): HoverResult | undefined {
  const abs = (span: Span): Span => ({ start: span.start + item.start, end: span.end + item.start });
  switch (node.kind) {
    case 'state':
      return { markdown: stateHover(node.ref.text), span: abs(node.ref.span) };
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

export function wordHover(word: string): string | undefined {
  const doc = WORD_DOCS[word.toLowerCase()];
  if (!doc) return undefined;
  return [`**${doc.title}**`, doc.doc, doc.rfc ? `RFC 9293 section ${doc.rfc}` : ''].filter(Boolean).join('\n\n');
}

function edgeLine(edge: Edge, other: State): string {
  const label = edgeLabel(edge, true);
  const note = edge.note ? ` — ${edge.note}` : '';
  return `- ${other} on \`${label}\`${note} (RFC 9293 ${edge.rfc.join(', ')})`;
}

export function stateHover(text: string): string {
  const found = lookupState(text);
  if (!found) {
    const suggestions = suggestStates(text);
    return `\`${text}\` is not a TCP state${suggestions.length > 0 ? `; did you mean ${suggestions.join(' or ')}?` : '.'}`;
  }
  const { state, alias } = found;
  const doc = STATE_DOCS[state];
  const lines: string[] = [];
  lines.push(alias ? `**${state}** — \`${alias.name}\` is the ${alias.origin} name for ${state}` : `**${state}**`);
  lines.push(doc.summary);
  lines.push(doc.meaning);
  lines.push(`*Who gets here:* ${doc.whoGetsHere}`);
  const into = edgesTo(state);
  const out = edgesFrom(state);
  const section = (title: string, edges: readonly Edge[], other: (e: Edge) => State) => {
    const main = edges.filter((e) => e.kind === 'main');
    const exceptional = edges.filter((e) => e.kind === 'exceptional');
    if (main.length === 0 && exceptional.length === 0) return;
    const body = [...main.map((e) => edgeLine(e, other(e)))];
    if (exceptional.length > 0) body.push(...exceptional.map((e) => `${edgeLine(e, other(e))} *(exceptional)*`));
    lines.push(`**${title}**\n${body.join('\n')}`);
  };
  section('Comes from', into, (e) => e.from);
  section('Goes to', out, (e) => e.to);
  if (doc.details && doc.details.length > 0) lines.push(`**Also in ${state}**\n${doc.details.map((d) => `- ${d}`).join('\n')}`);
  const linux = [`**On Linux:** ${doc.linuxNames} — list them with \`${doc.ssCommand}\``];
  for (const d of doc.linuxDifferences) linux.push(`- ${d}`);
  lines.push(linux.join('\n'));
  lines.push(`RFC 9293 section 3.3.2 (state definitions, Figure 5)`);
  return lines.join('\n\n');
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
