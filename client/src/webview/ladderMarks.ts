// The ladder's marks for what real endpoints do (SPEC v2): a segment's mark in its label (↻ a
// retransmission, an old segment, a probe, a challenge ACK), the cross of a crash on its lifeline,
// the bracket of an owed ACK from the delayed receive to the segment that pays it, the break of a
// shortened idle gap with its real length, and the legend that explains the marks a block uses.

import type { ConversationDiagram, LadderSegment, OwedAck } from '../../../server/src/protocol/diagram';
import { svg, tooltip } from './dom';
import { formatDuration, type GapBreak } from './ladderRows';
import { textWidth } from './measure';

/** A segment's label: its flags, with its mark. */
export function segmentLabel(s: LadderSegment): string {
  switch (s.mark) {
    case 'retransmission':
      return `↻ ${s.text}`;
    case 'old':
      return `old ${s.text}`;
    case 'probe':
      return `${s.text} probe`;
    case 'challenge':
      return `challenge ${s.text}`;
    default:
      return s.text;
  }
}

/** What a segment's mark means, for its tooltip. */
export function markText(s: LadderSegment): string {
  switch (s.mark) {
    case 'retransmission':
      return 'a retransmission';
    case 'old':
      return 'an old duplicate from outside the conversation (from an earlier connection, or forged)';
    case 'probe':
      return 'a keep-alive probe';
    case 'challenge':
      return 'a challenge ACK (RFC 5961)';
    default:
      return '';
  }
}

const CROSS = 7;

/** A crash: a cross on the peer's lifeline at the event's line. */
export function drawCrash(parent: SVGElement, x: number, y: number): void {
  const g = svg('g', { class: 'crash-cross' }, parent);
  svg('line', { x1: x - CROSS, y1: y - CROSS, x2: x + CROSS, y2: y + CROSS }, g);
  svg('line', { x1: x - CROSS, y1: y + CROSS, x2: x + CROSS, y2: y - CROSS }, g);
}

/** How far the bracket of an owed ACK stands off the lifeline, on the side facing the other peer. */
export const BRACKET_OFF = 12;

export interface BracketPlace {
  readonly debt: OwedAck;
  /** The lifeline, and which way is inward (+1: right, -1: left). */
  readonly x: number;
  readonly inward: 1 | -1;
  readonly y1: number;
  /** The end: the paying event's line, or the bottom while still owed. */
  readonly y2: number;
  /** Where the words go (anchored at the end nearer the bracket). */
  readonly label: { readonly x: number; readonly y: number };
}

/** The bracket of an owed ACK: dashed, from the delayed receive to the event that sent the ACK. */
export function drawBracket(parent: SVGElement, place: BracketPlace, block: ConversationDiagram, lineOf: (event: number) => number): SVGGElement {
  const { debt, x, inward, y1, y2, label } = place;
  const bx = x + inward * BRACKET_OFF;
  const open = debt.paidAt === undefined;
  const g = svg('g', { class: `owed-ack peer-${debt.peer}${open ? ' open' : ''}`, 'data-event': debt.owedAt, 'data-paid': debt.paidAt, 'data-paid-by': debt.paidBy }, parent);
  const d = open ? `M${x} ${y1} H${bx} V${y2}` : `M${x} ${y1} H${bx} V${y2} H${x}`;
  svg('path', { class: 'owed-line', d }, g);
  svg('text', {
    class: 'owed-text', x: label.x, y: label.y, 'text-anchor': inward === 1 ? 'start' : 'end', 'dominant-baseline': 'central',
  }, g, 'owes ACK');
  const peer = block.peers[debt.peer];
  const from = lineOf(debt.owedAt);
  const fate = debt.paidBy !== undefined
    ? `paid by segment ${debt.paidBy} at line ${lineOf(debt.paidAt!)}`
    : debt.paidAt !== undefined ? `dropped at line ${lineOf(debt.paidAt)}` : 'still owed at the end';
  tooltip(g, `${peer} owes an ACK from line ${from} (/ delay ACK), ${fate}`);
  return g;
}

/** A shortened idle gap: a break across both lifelines and its real length between them. */
export function drawBreak(parent: SVGElement, gap: GapBreak, lifelines: readonly number[], width: number): SVGGElement {
  const g = svg('g', { class: 'gap-break', 'data-after': gap.after, 'data-seconds': gap.seconds }, parent);
  // The lifelines are cut here (the background shows through), each end marked with a slash.
  for (const x of lifelines) {
    svg('rect', { class: 'gap-cut', x: x - 8, y: gap.y - 5, width: 16, height: 10 }, g);
    for (const dy of [-5, 5]) svg('line', { class: 'gap-slash', x1: x - 7, y1: gap.y + dy + 3, x2: x + 7, y2: gap.y + dy - 3 }, g);
  }
  const text = `⋯ ${formatDuration(gap.seconds)} ⋯`;
  svg('text', { class: 'gap-text', x: width / 2, y: gap.y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, g, text);
  tooltip(g, `${formatDuration(gap.seconds)} without an event (drawn shorter than to scale)`);
  return g;
}

export type LegendKey = 'retransmission' | 'old' | 'crash' | 'owed' | 'gap';

const LEGEND_TEXT: Readonly<Record<LegendKey, string>> = {
  retransmission: 'retransmitted',
  old: 'old, from outside',
  crash: 'host crash',
  owed: 'ACK owed',
  gap: 'idle gap shortened',
};

/** The marks this block uses, in a fixed order. */
export function legendKeys(block: ConversationDiagram, breaks: number): LegendKey[] {
  const keys: LegendKey[] = [];
  if (block.segments.some((s) => s.mark === 'retransmission')) keys.push('retransmission');
  if (block.segments.some((s) => s.mark === 'old')) keys.push('old');
  if (block.events.some((e) => e.crash)) keys.push('crash');
  if (block.owedAcks.length > 0) keys.push('owed');
  if (breaks > 0) keys.push('gap');
  return keys;
}

const LEGEND_ROW = 15;
const LEGEND_SIZE = 11;
/** From an item's left: its symbol, then its words. */
const LEGEND_TEXT_AT = 22;

/** The legend of the marks in the header's left corner: columns of three rows, each as wide as its words. */
export function drawLegend(parent: SVGElement, keys: readonly LegendKey[], x0: number, y0: number): void {
  if (keys.length === 0) return;
  const legend = svg('g', { class: 'ladder-legend' }, parent);
  const columns: number[] = [];
  keys.forEach((key, k) => {
    const c = Math.floor(k / 3);
    columns[c] = Math.max(columns[c] ?? 0, LEGEND_TEXT_AT + textWidth(LEGEND_TEXT[key], LEGEND_SIZE) + 14);
  });
  keys.forEach((key, k) => {
    const c = Math.floor(k / 3);
    let x = x0;
    for (let j = 0; j < c; j++) x += columns[j];
    const y = y0 + (k % 3) * LEGEND_ROW;
    const g = svg('g', { class: `legend-item ${key}`, 'data-legend': key }, legend);
    switch (key) {
      case 'retransmission':
        svg('text', { class: 'legend-glyph', x: x + 8, y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, g, '↻');
        break;
      case 'old':
        svg('line', { class: 'legend-old', x1: x, y1: y + 3, x2: x + 16, y2: y - 3 }, g);
        break;
      case 'crash':
        drawCrash(g, x + 8, y);
        g.lastElementChild?.setAttribute('transform', `translate(${x + 8} ${y}) scale(0.6) translate(${-(x + 8)} ${-y})`);
        break;
      case 'owed':
        svg('path', { class: 'owed-line', d: `M${x + 3} ${y - 6} H${x + 12} V${y + 6} H${x + 3}` }, g);
        break;
      case 'gap':
        svg('text', { class: 'legend-glyph', x: x + 8, y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, g, '⋯');
        break;
    }
    svg('text', { class: 'legend-text', x: x + LEGEND_TEXT_AT, y, 'dominant-baseline': 'central' }, g, LEGEND_TEXT[key]);
  });
}
