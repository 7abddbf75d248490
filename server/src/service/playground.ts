// The preview's playground: what may be appended to a block now, from the same source as
// completion — for a conversation each peer's legal events (the segment arriving, the calls its
// state allows, the timers, `lose`), for a scenario the edges out of its last state — and where
// an appended line goes (after the block's last line, before its `}`, indented like it).

import type { Playground, PlayChoice, SourcePosition } from '../protocol/diagram';
import type { Item } from '../syntax/tree';
import { writtenLabel } from '../tcp/machine';
import { nextEdges } from './complete';
import { legalEvents } from './completeConversation';

/** The choices and the insertion point of `item`'s block; undefined for a stray line or a block with no `{`. */
export function playgroundOf(text: string, item: Item, positionAt: (offset: number) => SourcePosition): Playground | undefined {
  const block = item.block;
  if (!block?.open) return undefined;
  const base = item.start;
  const choices: PlayChoice[] = [];
  let lastLine: { start: number; end: number } | undefined;
  if (block.kind === 'conversation') {
    const { names, choices: events } = legalEvents(block);
    for (const c of events) {
      // A timer that cannot fire yet goes in at the earliest time it can (else it would be early).
      const time = c.at === undefined ? '' : `${Number(c.at.toFixed(6))} `;
      choices.push({ peer: c.peer, line: `${time}${names[c.peer]}: ${c.event}`, label: c.event, detail: c.detail });
    }
    const last = [block.start, block.peers, block.stack, ...block.events].filter((x) => x !== undefined).sort((a, b) => a!.span.end - b!.span.end).pop();
    if (last) lastLine = { start: last.span.start + base, end: last.span.end + base };
  } else {
    const { state, edges } = nextEdges(block);
    for (const edge of edges) {
      const label = writtenLabel(edge);
      choices.push({
        line: `${state} -> ${edge.to}${label ? ` : ${label}` : ''}`,
        label: `→ ${edge.to}`,
        detail: `${label || '(no event)'}${edge.note ? ` — ${edge.note}` : ''}`,
        ...(edge.kind === 'exceptional' ? { exceptional: true } : {}),
      });
    }
    const last = block.steps[block.steps.length - 1] ?? block.stack;
    if (last) lastLine = { start: last.span.start + base, end: last.span.end + base };
  }
  const { at, prefix, suffix } = insertion(text, base + block.open.end, block.close ? base + block.close.start : base + item.length, lastLine);
  return { insertAt: positionAt(at), prefix, suffix, choices };
}

const INDENT = '  ';

/**
 * Where a new last line of the block goes: at the end of the line of `last` (the block's last
 * step or event), else right after `{`; with a line break and `last`'s indentation before it. A
 * `}` on the same line as the content gets a line break of its own after the new line.
 */
function insertion(text: string, open: number, close: number, last: { start: number; end: number } | undefined): { at: number; prefix: string; suffix: string } {
  const lineStart = (offset: number) => {
    let i = offset;
    while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
    return i;
  };
  const lineEnd = (offset: number) => {
    let i = offset;
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    return i;
  };
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const anchor = last ? last.end : open;
  const indent = last ? /^[ \t]*/.exec(text.slice(lineStart(last.start), last.start))![0] || INDENT : INDENT;
  const end = lineEnd(anchor);
  if (end <= close) return { at: end, prefix: `${eol}${indent}`, suffix: '' };
  // `}` on the content's line (`{ a -> b }`): the new line goes before it, and `}` onto a line of its own.
  return { at: close, prefix: `${eol}${indent}`, suffix: eol };
}
