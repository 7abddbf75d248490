// Finds what sits under an offset: the item, and the node of its block at that point.

import type { ConversationEvent, Item, LabelPart, SegmentLiteral, SourceFile, Span, StackLine, StateRef, Step } from '../syntax/tree';

/** The item whose text contains `offset` (items tile the text). */
export function itemAt(file: SourceFile, offset: number): Item | undefined {
  const items = file.items;
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (offset < item.start) hi = mid - 1;
    else if (offset > item.start + item.length || (offset === item.start + item.length && mid + 1 < items.length)) lo = mid + 1;
    else return item;
  }
  return undefined;
}

export type NodeAt =
  | { readonly kind: 'state'; readonly ref: StateRef }
  | { readonly kind: 'part'; readonly part: LabelPart; readonly step: Step }
  | { readonly kind: 'keyword'; readonly span: Span; readonly word: string }
  | { readonly kind: 'event'; readonly event: ConversationEvent; readonly span: Span }
  | { readonly kind: 'segment'; readonly segment: SegmentLiteral };

const inside = (span: Span, rel: number) => rel >= span.start && rel <= span.end;

/** The node under `rel` (an offset relative to the item's start). */
export function nodeAt(item: Item, rel: number): NodeAt | undefined {
  const block = item.block;
  if (!block || !inside(block.span, rel)) return undefined;
  if (inside(block.keyword, rel)) return { kind: 'keyword', span: block.keyword, word: block.kind };
  const onStack = block.stack && stackNodeAt(block.stack, rel);
  if (onStack) return onStack;
  if (block.kind === 'scenario') {
    const step = findBySpan(block.steps, rel);
    if (!step) return undefined;
    for (const ref of step.states) if (inside(ref.span, rel)) return { kind: 'state', ref };
    for (const part of step.label?.parts ?? []) if (inside(part.span, rel)) return { kind: 'part', part, step };
    return undefined;
  }
  if (block.peers && inside(block.peers.keyword, rel)) return { kind: 'keyword', span: block.peers.keyword, word: 'peers' };
  if (block.start) {
    if (inside(block.start.keyword, rel)) return { kind: 'keyword', span: block.start.keyword, word: 'start' };
    for (const e of block.start.entries) if (inside(e.state.span, rel)) return { kind: 'state', ref: e.state };
  }
  const event = findBySpan(block.events, rel);
  if (!event) return undefined;
  if (event.kind === 'expect') {
    if (inside(event.keyword, rel)) return { kind: 'keyword', span: event.keyword, word: 'expect' };
    for (const e of event.entries) if (inside(e.state.span, rel)) return { kind: 'state', ref: e.state };
    return undefined;
  }
  if ((event.kind === 'recv' || event.kind === 'lose') && inside(event.segment.span, rel)) return { kind: 'segment', segment: event.segment };
  if (inside(event.verb, rel)) return { kind: 'event', event, span: event.verb };
  // `/ delay ACK`: its words are explained like the verb's.
  if (event.kind === 'recv' && event.delayAck && inside(event.delayAck, rel)) return { kind: 'event', event, span: event.delayAck };
  return undefined;
}

/** `stack` and the stack names of a stack line (the peer names there are not nodes of their own). */
function stackNodeAt(line: StackLine, rel: number): NodeAt | undefined {
  if (!inside(line.span, rel)) return undefined;
  if (inside(line.keyword, rel)) return { kind: 'keyword', span: line.keyword, word: 'stack' };
  for (const entry of line.entries) if (inside(entry.stackSpan, rel)) return { kind: 'keyword', span: entry.stackSpan, word: entry.stack };
  return undefined;
}

function findBySpan<T extends { readonly span: Span }>(nodes: readonly T[], rel: number): T | undefined {
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = nodes[mid].span;
    if (rel < span.start) hi = mid - 1;
    else if (rel > span.end) lo = mid + 1;
    else return nodes[mid];
  }
  return undefined;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c > 0x7f;
}

/** The word of `text` around `offset`, kept within `bounds` (absolute). */
export function wordAt(text: string, offset: number, bounds: Span): { word: string; span: Span } | undefined {
  let start = offset;
  let end = offset;
  while (start > bounds.start && isWordChar(text.charCodeAt(start - 1))) start--;
  while (end < bounds.end && isWordChar(text.charCodeAt(end))) end++;
  if (start === end) return undefined;
  return { word: text.slice(start, end), span: { start, end } };
}
