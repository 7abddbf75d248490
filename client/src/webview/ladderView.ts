// The ladder (sequence) diagram of a conversation: one lifeline per peer, one row per event, one
// slanted arrow per segment from the row that sent it to the row that received it (a cross where it
// was lost, a dashed tail when still in flight, its label beside it), under an event's line the
// badges of the states it changed, timeouts and errors marked. The marks of real endpoints
// (ladderMarks.ts): old segments come in from the diagram's edge, retransmissions and probes are
// labelled, a crash is a cross on its lifeline, an owed ACK a bracket. With times the rows are to
// scale (ladderRows.ts) and each event has its time in a column on the left. Virtualized: only
// the rows near the viewport are in the DOM.

import type { ConversationDiagram, LadderEvent, LadderSegment, SourceRange } from '../../../server/src/protocol/diagram';
import { activatable, svg, tooltip } from './dom';
import { convexOverlap, rectCorners, turnedRect, type Point } from './geometry';
import { type BracketPlace, BRACKET_OFF, drawBracket, drawBreak, drawCrash, drawLegend, legendKeys, markText, segmentLabel } from './ladderMarks';
import { formatDuration, formatTime, PAD, ROW, RowLayout } from './ladderRows';
import { textWidth } from './measure';
import { type StepDiff, stepDiff } from './stepDiff';
import { rangeHasLine } from './timeline';
import { watchScroller } from './scrollWatch';

/** Narrow enough to be read whole, at a readable size, in a preview beside the editor. */
export const LADDER_WIDTH = 800;
const LIFELINE = [290, 550] as const;
const HEADER = 72;
/** The band above the peers of an exported ladder, for the block's title. */
const EXPORT_TITLE = 32;
/**
 * A row holds its event's line (the text, and the arrows that leave or reach the lifeline there) and,
 * under it, the state badges of the peers whose state the event changed: nothing of a row reaches
 * into the next (ladderRows.ts: ROW).
 */
const PILL_H = 16;
/** Left of peer 0's event texts: the line numbers, and with times the time column (ending at TIME_X). */
const GUTTER = 36;
const TIMED_GUTTER = 104;
const TIME_X = 96;
/** Where an old segment's arrow starts: the diagram's edge on the receiver's outer side. */
const EDGE_X = [4, LADDER_WIDTH - 4] as const;
/** Room under the last row for segments still in flight. */
const TAIL = 72;
/** Rows kept in the DOM beyond the viewport, and the step the window moves by. */
const MARGIN = 24;
const CHUNK = 16;
/** Where along its way a lost segment's cross sits. */
const LOST_AT = 0.58;
/** A segment's label: its size, how far its centre sits off the arrow, and where along it may go. */
const LABEL_SIZE = 11;
const LABEL_H = 14;
const LABEL_OFF = 8;
const LABEL_AT = [0, -0.12, 0.12, -0.2, 0.2, -0.27, 0.27];

export interface LadderHost {
  reveal(range: SourceRange): void;
}

/** What one drawing of a block needs: the block, its rows, and what is placed once for all rows. */
interface Drawing {
  readonly block: ConversationDiagram;
  readonly rows: RowLayout;
  readonly bodyHeight: number;
  /** Per segment (in block.segments order): where its label goes. */
  readonly labels: readonly LabelPlace[];
  readonly brackets: readonly BracketPlace[];
}

const pillWidth = (text: string): number => textWidth(text, 10.5, 'bold') + 14;

/** Where a segment's label goes: its centre, turned by `deg` about it. */
interface LabelPlace {
  readonly x: number;
  readonly y: number;
  readonly deg: number;
}

export class LadderView {
  private block?: ConversationDiagram;
  private drawing?: Drawing;
  private zoom = 1;
  private position = 0;
  private cursorLine?: number;
  private window: [number, number] = [0, 0];
  private readonly wrapper: HTMLDivElement;
  private readonly header: SVGSVGElement;
  private readonly body: SVGSVGElement;
  private readonly layers: { lifelines: SVGGElement; breaks: SVGGElement; rows: SVGGElement; owed: SVGGElement; segments: SVGGElement; pills: SVGGElement };
  private frame = 0;
  /** The scroller's scroll position and height, kept from its events (reading them forces a layout). */
  private scrollTop = 0;
  private viewportHeight = 0;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly host: LadderHost,
  ) {
    this.wrapper = document.createElement('div');
    this.wrapper.className = 'ladder';
    scroller.appendChild(this.wrapper);
    this.header = svg('svg', { class: 'diagram ladder-header', viewBox: `0 0 ${LADDER_WIDTH} ${HEADER}` }, this.wrapper);
    this.body = svg('svg', { class: 'diagram ladder-body', role: 'group' }, this.wrapper);
    this.layers = {
      lifelines: svg('g', { class: 'layer lifelines' }, this.body),
      breaks: svg('g', { class: 'layer breaks' }, this.body),
      rows: svg('g', { class: 'layer rows' }, this.body),
      owed: svg('g', { class: 'layer owed' }, this.body),
      segments: svg('g', { class: 'layer segments' }, this.body),
      pills: svg('g', { class: 'layer pills' }, this.body),
    };
    watchScroller(scroller, (scrollTop, height) => {
      this.scrollTop = scrollTop;
      this.viewportHeight = height;
      this.schedule();
    });
  }

  get rows(): number {
    return this.block?.events.length ?? 0;
  }

  private get bodyHeight(): number {
    return this.drawing?.bodyHeight ?? PAD * 2 + TAIL;
  }

  render(block: ConversationDiagram, position: number, cursorLine: number | undefined): void {
    this.block = block;
    this.position = position;
    this.cursorLine = cursorLine;
    const drawing = layOut(block);
    this.drawing = drawing;
    this.header.replaceChildren();
    drawHeader(this.header, drawing);
    this.body.setAttribute('viewBox', `0 0 ${LADDER_WIDTH} ${this.bodyHeight}`);
    const timed = block.timed ? `, to time scale${drawing.rows.breaks.length > 0 ? ` with ${drawing.rows.breaks.length} idle gap${drawing.rows.breaks.length === 1 ? '' : 's'} shortened` : ''}` : '';
    this.body.setAttribute('aria-label', `Ladder diagram of ${block.peers[0]} and ${block.peers[1]}: ${block.events.length} events${timed}`);
    this.body.classList.toggle('timed', block.timed);
    this.layers.lifelines.replaceChildren();
    drawLifelines(this.layers.lifelines, drawing);
    this.applyZoom();
    this.update(true);
  }

  naturalWidth(): number {
    return LADDER_WIDTH;
  }

  anchor(): Element {
    return this.body;
  }

  /** Focuses the event row `delta` rows from the one holding `from` (the first row when none does). */
  focusRow(from: Element, delta: number): boolean {
    const row = from.closest('g.event');
    const at = row ? Number(row.getAttribute('data-event')) + delta : 0;
    return this.focusEvent(at);
  }

  /** Scrolls event `index` into view and focuses its row. */
  focusEvent(index: number): boolean {
    if (!this.block || index < 0 || index >= this.block.events.length) return false;
    this.scrollToRow(index);
    this.update();
    const row = this.layers.rows.querySelector<SVGGElement>(`g.event[data-event="${index}"]`);
    row?.focus();
    return !!row;
  }

  setZoom(zoom: number): void {
    this.zoom = zoom;
    this.applyZoom();
    this.update(true);
  }

  private applyZoom(): void {
    const width = String(Math.round(LADDER_WIDTH * this.zoom));
    this.header.setAttribute('width', width);
    this.header.setAttribute('height', String(Math.round(HEADER * this.zoom)));
    this.body.setAttribute('width', width);
    this.body.setAttribute('height', String(Math.round(this.bodyHeight * this.zoom)));
  }

  setPosition(position: number): void {
    this.position = position;
    markLater(this.layers, position, this.cursorEvents());
    markDiff(this.layers, this.block ? stepDiff(this.block, position) : undefined);
  }

  /** The events on the cursor's line: always drawn as reached. */
  private cursorEvents(): Set<number> {
    const line = this.cursorLine;
    const found = new Set<number>();
    if (line === undefined || !this.block) return found;
    this.block.events.forEach((e, i) => {
      if (rangeHasLine(e.range, line)) found.add(i);
    });
    return found;
  }

  /** Highlights the events on `line` and scrolls the first of them into view. */
  setCursor(line: number | undefined): void {
    this.cursorLine = line;
    this.markCursor();
    this.setPosition(this.position);
    if (line === undefined || !this.block) return;
    const index = this.block.events.findIndex((e) => rangeHasLine(e.range, line));
    if (index >= 0) this.scrollToRow(index);
  }

  /** Keeps row `index` in view (used by the cursor and the step slider). */
  scrollToRow(index: number): void {
    if (this.scroller.clientHeight === 0 || !this.drawing) return;
    const top = HEADER * this.zoom;
    const y = top + this.drawing.rows.top(index) * this.zoom;
    const headerPx = HEADER * this.zoom;
    const viewTop = this.scroller.scrollTop + headerPx;
    const viewBottom = this.scroller.scrollTop + this.scroller.clientHeight;
    if (y < viewTop || y + ROW * this.zoom > viewBottom) {
      this.scroller.scrollTop = Math.max(0, y - headerPx - (this.scroller.clientHeight - headerPx) / 3);
      this.scrollTop = this.scroller.scrollTop;
      this.update();
    }
  }

  private markCursor(): void {
    const line = this.cursorLine;
    const events = this.block?.events ?? [];
    for (const el of this.layers.rows.children) {
      const e = events[Number(el.getAttribute('data-event'))];
      el.classList.toggle('cursor', line !== undefined && !!e && rangeHasLine(e.range, line));
    }
    for (const el of this.layers.segments.children) {
      const e = events[Number(el.getAttribute('data-sent'))];
      el.classList.toggle('cursor', line !== undefined && !!e && rangeHasLine(e.range, line));
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  /** Renders the rows in (and near) the viewport, when they changed. */
  update(force = false): void {
    const drawing = this.drawing;
    if (!drawing) return;
    const { block, rows: layout } = drawing;
    const n = block.events.length;
    let first = 0;
    let last = Math.min(n, 40);
    const height = this.viewportHeight;
    if (height > 0) {
      // The body starts under the header (sticky, but in the flow): rows scroll past from there.
      const offset = this.scrollTop / this.zoom - HEADER;
      first = layout.rowAt(offset);
      last = layout.rowAt(offset + height / this.zoom) + 1;
    }
    const a = Math.max(0, Math.floor((first - MARGIN) / CHUNK) * CHUNK);
    const b = Math.min(n, Math.max(a, Math.ceil((last + MARGIN) / CHUNK) * CHUNK));
    if (!force && a === this.window[0] && b === this.window[1]) return;
    this.window = [a, b];
    const { breaks, rows, owed, segments, pills } = this.layers;
    breaks.replaceChildren();
    rows.replaceChildren();
    owed.replaceChildren();
    segments.replaceChildren();
    pills.replaceChildren();
    drawBreaks(breaks, drawing, a, b);
    drawRows(rows, pills, drawing, a, b, this.host);
    drawBrackets(owed, drawing, a, b);
    drawSegments(segments, drawing, a, b, this.host);
    this.setPosition(this.position);
    this.markCursor();
  }

  /** The whole ladder as one SVG (not virtualized, nothing dimmed), under `title`, for export. */
  buildFull(title: string): SVGSVGElement {
    const drawing = this.drawing;
    const height = EXPORT_TITLE + HEADER + this.bodyHeight;
    const root = svg('svg', { class: 'diagram ladder-export', viewBox: `0 0 ${LADDER_WIDTH} ${height}`, width: LADDER_WIDTH, height });
    if (!drawing) return root;
    const n = drawing.block.events.length;
    // The block's title above the peers, as the state diagram has it in its header.
    svg('text', { class: 'title', x: 12, y: EXPORT_TITLE / 2 + 4, 'dominant-baseline': 'central' }, root, title);
    drawHeader(svg('g', { class: 'ladder-header', transform: `translate(0 ${EXPORT_TITLE})` }, root), drawing);
    const body = svg('g', { class: `ladder-body${drawing.block.timed ? ' timed' : ''}`, transform: `translate(0 ${EXPORT_TITLE + HEADER})` }, root);
    drawLifelines(svg('g', { class: 'layer lifelines' }, body), drawing);
    drawBreaks(svg('g', { class: 'layer breaks' }, body), drawing, 0, n);
    const rows = svg('g', { class: 'layer rows' }, body);
    const owed = svg('g', { class: 'layer owed' }, body);
    const segments = svg('g', { class: 'layer segments' }, body);
    const pills = svg('g', { class: 'layer pills' }, body);
    const none: LadderHost = { reveal: () => undefined };
    drawRows(rows, pills, drawing, 0, n, none);
    drawBrackets(owed, drawing, 0, n);
    drawSegments(segments, drawing, 0, n, none);
    return root;
  }
}

/** Rows, labels and brackets of a block: computed once per model, whatever rows are in the DOM. */
function layOut(block: ConversationDiagram): Drawing {
  const rows = new RowLayout(block);
  const bodyHeight = rows.bottom + PAD + TAIL;
  const partial = { block, rows, bodyHeight };
  const solid = new Shapes<undefined>();
  const brackets = placeBrackets(partial, solid);
  return { ...partial, brackets, labels: placeLabels(partial, solid) };
}

/** Dims what happens at or after slider position `position`, except the events in `shown`. */
function markLater(
  layers: { rows: SVGGElement; pills: SVGGElement; segments: SVGGElement; owed: SVGGElement }, position: number, shown: ReadonlySet<number>,
): void {
  const later = (event: number) => event >= position && !shown.has(event);
  for (const el of [...layers.rows.children, ...layers.pills.children, ...layers.owed.children]) {
    el.classList.toggle('later', later(Number(el.getAttribute('data-event'))));
  }
  for (const el of layers.segments.children) el.classList.toggle('later', later(Number(el.getAttribute('data-sent'))));
}

/** Highlights what the slider's step changed (stepDiff.ts): its row and pills, the segments it sent and the one it took. */
function markDiff(layers: { rows: SVGGElement; pills: SVGGElement; segments: SVGGElement }, diff: StepDiff | undefined): void {
  const event = diff?.event;
  for (const el of [...layers.rows.children, ...layers.pills.children]) {
    el.classList.toggle('step-diff', event !== undefined && Number(el.getAttribute('data-event')) === event);
  }
  const added = new Set(diff?.added.map((c) => c.id));
  const taken = new Set(diff?.taken.map((c) => c.id));
  for (const el of layers.segments.children) {
    const id = Number(el.getAttribute('data-seg'));
    el.classList.toggle('diff-added', added.has(id));
    el.classList.toggle('diff-taken', taken.has(id));
  }
}

function drawHeader(parent: SVGElement, drawing: Drawing): void {
  const { block } = drawing;
  svg('rect', { class: 'ladder-header-bg', x: 0, y: 0, width: LADDER_WIDTH, height: HEADER }, parent);
  drawLegend(parent, legendKeys(block, drawing.rows.breaks.length), 8, 14);
  if (block.timed) svg('text', { class: 'time-caption', x: TIME_X, y: HEADER - 8, 'text-anchor': 'end', 'dominant-baseline': 'central' }, parent, 'time');
  for (const peer of [0, 1] as const) {
    const x = LIFELINE[peer];
    const name = block.peers[peer];
    const width = Math.max(110, textWidth(name, 13, 'bold') + 28);
    const g = svg('g', { class: `peer-head peer-${peer}`, 'data-peer': peer }, parent);
    svg('rect', { class: 'peer-box', x: x - width / 2, y: 8, width, height: 28, rx: 6 }, g);
    svg('text', { class: 'peer-name', x, y: 22, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, g, name);
    drawPill(g, x, 52, block.start[peer], `pill start peer-${peer}`);
    svg('line', { class: `lifeline peer-${peer}`, x1: x, y1: 62, x2: x, y2: HEADER }, g);
  }
}

function drawLifelines(parent: SVGGElement, drawing: Drawing): void {
  for (const peer of [0, 1] as const) {
    svg('line', { class: `lifeline peer-${peer}`, x1: LIFELINE[peer], y1: 0, x2: LIFELINE[peer], y2: drawing.bodyHeight - TAIL / 2 }, parent);
  }
}

/** The shortened gaps after the rows from `a` to `b`: each cuts both lifelines (drawn over them). */
function drawBreaks(layer: SVGGElement, drawing: Drawing, a: number, b: number): void {
  for (const gap of drawing.rows.breaks) if (gap.after >= a && gap.after < b) drawBreak(layer, gap, LIFELINE, LADDER_WIDTH);
}

function drawPill(parent: SVGElement, x: number, y: number, text: string, cls: string): SVGGElement {
  const g = svg('g', { class: cls }, parent);
  const width = pillWidth(text);
  svg('rect', { class: 'pill-bg', x: x - width / 2, y: y - PILL_H / 2, width, height: PILL_H, rx: PILL_H / 2 }, g);
  svg('text', { class: 'pill-text', x, y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, g, text);
  return g;
}

function eventName(e: LadderEvent, block: ConversationDiagram): string {
  const line = e.range.start.line + 1;
  const states = `${block.peers[0]} ${e.after[0]}, ${block.peers[1]} ${e.after[1]}`;
  const problem = e.ok ? '' : ` — error${e.note ? `: ${e.note}` : ''}`;
  const time = e.time !== undefined && e.kind !== 'expect' ? ` at ${formatTime(e.time)}` : '';
  return `Line ${line}${time}: ${e.text} (${states})${problem}`;
}

/** How long `peer` stayed in the state event `i` moved it into, from the model's durations. */
function stayText(block: ConversationDiagram, peer: 0 | 1, i: number): string | undefined {
  const span = block.durations?.[peer].find((d) => d.enteredAt === i);
  if (!span) return undefined;
  const name = block.peers[peer];
  if (span.to === undefined) return `${name} in ${span.state} from ${formatTime(span.from)} to the end`;
  return `${name} in ${span.state} for ${formatDuration(span.to - span.from)} (${formatTime(span.from)} to ${formatTime(span.to)})`;
}

function drawRows(rows: SVGGElement, pills: SVGGElement, drawing: Drawing, a: number, b: number, host: LadderHost): void {
  const { block, rows: layout } = drawing;
  const [xa, xb] = LIFELINE;
  const gutter = block.timed ? TIMED_GUTTER : GUTTER;
  for (let i = a; i < b; i++) {
    const e = block.events[i];
    const y = layout.line(i);
    const side = e.peer === 1 ? 1 : 0;
    const cls = `event kind-${e.kind}${e.ok ? '' : ' error'}${e.peer === undefined ? ' no-peer' : ` peer-${e.peer}`}${e.crash ? ' crash' : ''}`;
    const g = svg('g', { class: cls, 'data-event': i, 'data-line': e.range.start.line + 1 }, rows);
    svg('rect', { class: 'row-bg', x: 0, y: layout.top(i), width: LADDER_WIDTH, height: ROW }, g);
    svg('text', { class: 'line-number', x: 8, y, 'dominant-baseline': 'central' }, g, String(e.range.start.line + 1));
    // The time axis: each event's time (an `expect` happens at no time of its own).
    if (e.time !== undefined && e.kind !== 'expect') {
      svg('text', { class: 'event-time', x: TIME_X, y, 'text-anchor': 'end', 'dominant-baseline': 'central', 'data-time': e.time }, g, formatTime(e.time));
    }
    let textX = side === 0 ? xa - 16 : xb + 16;
    if (e.kind === 'timeout' && e.peer !== undefined) {
      drawClock(g, side === 0 ? xa - 16 : xb + 16, y);
      textX += side === 0 ? -16 : 16;
    }
    if (e.crash && e.peer !== undefined) drawCrash(g, LIFELINE[e.peer], y);
    if (!e.ok) {
      const mx = side === 0 ? gutter + 8 : LADDER_WIDTH - 16;
      const mark = svg('g', { class: 'error-mark' }, g);
      svg('circle', { cx: mx, cy: y, r: 7 }, mark);
      svg('text', { x: mx, y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, mark, '!');
    }
    // Left of the text: the line number, the time (and the error mark).
    const room = side === 0 ? textX - (e.ok ? gutter : gutter + 24) : LADDER_WIDTH - (e.ok ? 10 : 34) - textX;
    svg('text', { class: 'event-text', x: textX, y, 'text-anchor': side === 0 ? 'end' : 'start', 'dominant-baseline': 'central' }, g, fit(e.text, room, 12));
    const name = eventName(e, block);
    tooltip(g, e.note ? `${name}\n${e.note}${e.rfc ? ` (RFC 9293 ${e.rfc})` : ''}` : name);
    activatable(g, name, () => host.reveal(e.range));
    // Under the line: the state each peer the event moved is in now (and, with times, for how long).
    for (const peer of badged(e)) {
      const pill = drawPill(pills, LIFELINE[peer], layout.badge(i), e.after[peer], `pill change peer-${peer}`);
      pill.setAttribute('data-event', String(i));
      pill.setAttribute('data-peer', String(peer));
      pill.setAttribute('data-state', e.after[peer]);
      const stay = stayText(block, peer, i);
      if (stay) tooltip(pill, stay);
    }
  }
}

/** `text`, cut with an ellipsis to fit `width` pixels (the whole text is in the row's name). */
function fit(text: string, width: number, size: number): string {
  if (textWidth(text, size) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(`${text.slice(0, mid)}…`, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

function drawClock(parent: SVGGElement, x: number, y: number): void {
  const g = svg('g', { class: 'clock' }, parent);
  svg('circle', { cx: x, cy: y, r: 6.5 }, g);
  svg('path', { d: `M${x} ${y - 4} L${x} ${y} L${x + 3} ${y + 2}` }, g);
}

/** The peers whose state badge goes under event `e`'s line. */
function badged(e: LadderEvent): (0 | 1)[] {
  if (e.kind === 'expect') return [];
  return ([0, 1] as const).filter((peer) => e.after[peer] !== e.before[peer]);
}

interface SegmentPath {
  readonly x1: number;
  readonly y1: number;
  /** Where the drawing ends: the receiver's lifeline, the cross, or the tip still in flight. */
  readonly ex: number;
  readonly ey: number;
  readonly inFlight: boolean;
}

/** Where an old segment's arrow meets the lifeline: a little above the row's line, clear of its text. */
const OLD_ARRIVES_ABOVE = 9;

function segmentPath(drawing: Omit<Drawing, 'labels' | 'brackets'>, s: LadderSegment): SegmentPath {
  const { block, rows, bodyHeight } = drawing;
  const to = (1 - s.from) as 0 | 1;
  const x2 = LIFELINE[to];
  if (s.sentAt === undefined) {
    // An old segment: from the diagram's edge on the receiver's outer side, through the band above its row.
    const arrived = s.arrivedAt ?? 0;
    const ey = rows.line(arrived) - OLD_ARRIVES_ABOVE;
    return { x1: EDGE_X[to], y1: rows.top(arrived) - 18, ex: x2, ey, inFlight: false };
  }
  const x1 = LIFELINE[s.from];
  const y1 = rows.line(s.sentAt);
  if (s.arrivedAt === undefined) {
    // Still travelling at the end: the longer in flight, the further across (they do not pile up).
    const n = block.events.length - s.sentAt;
    return { x1, y1, ex: x1 + (x2 - x1) * Math.min(0.85, Math.max(0.3, n / (n + 2))), ey: bodyHeight - TAIL / 2, inFlight: true };
  }
  const y2 = s.arrivedAt > s.sentAt ? rows.line(s.arrivedAt) : y1 + ROW / 2;
  const t = s.lost ? LOST_AT : 1;
  return { x1, y1, ex: x1 + (x2 - x1) * t, ey: y1 + (y2 - y1) * t, inFlight: false };
}

/** The event after which a segment is drawn: the one that sent it, or the arrival of an old one. */
const shownFrom = (s: LadderSegment): number => s.sentAt ?? s.arrivedAt ?? 0;

/** A label's outline, with a little room around it (its halo and a gap). */
function labelOutline(place: LabelPlace, width: number): Point[] {
  return turnedRect(place, width + 6, LABEL_H + 4, (place.deg * Math.PI) / 180);
}

/** Shapes bucketed by the bands of page they span, to find the ones near a shape fast. */
class Shapes<T> {
  private readonly buckets = new Map<number, { poly: Point[]; tag: T }[]>();

  private span(poly: readonly Point[]): [number, number] {
    let top = Infinity;
    let bottom = -Infinity;
    for (const p of poly) {
      top = Math.min(top, p.y);
      bottom = Math.max(bottom, p.y);
    }
    return [Math.floor(top / ROW), Math.floor(bottom / ROW)];
  }

  add(poly: Point[], tag: T): void {
    const [a, b] = this.span(poly);
    for (let k = a; k <= b; k++) {
      const list = this.buckets.get(k);
      if (list) list.push({ poly, tag });
      else this.buckets.set(k, [{ poly, tag }]);
    }
  }

  /** Whether `poly` touches none of the shapes (but those tagged `except`). */
  free(poly: readonly Point[], except?: T): boolean {
    const [a, b] = this.span(poly);
    for (let k = a; k <= b; k++) {
      // (Untagged shapes are never excepted: `except` undefined must not match their undefined tag.)
      for (const other of this.buckets.get(k) ?? []) {
        if ((except === undefined || other.tag !== except) && convexOverlap(poly, other.poly)) return false;
      }
    }
    return true;
  }
}

const OWED_SIZE = 10.5;

/**
 * Places the bracket of each owed ACK on the inner side of its peer's lifeline, and its words beside
 * it: at mid-height, or nearer an end, or further out, wherever they touch no state badge and no
 * words placed before. Everything placed goes into `solid` for the segment labels to keep clear of.
 */
function placeBrackets(drawing: Omit<Drawing, 'labels' | 'brackets'>, solid: Shapes<undefined>): BracketPlace[] {
  const { block, rows, bodyHeight } = drawing;
  addBadges(block, rows, solid);
  const width = textWidth('owes ACK', OWED_SIZE);
  return block.owedAcks.map((debt) => {
    const x = LIFELINE[debt.peer];
    const inward = debt.peer === 0 ? 1 : -1;
    const y1 = rows.line(debt.owedAt);
    const y2 = debt.paidAt !== undefined ? rows.line(debt.paidAt) : bodyHeight - TAIL / 2;
    const outline = (lx: number, ly: number): Point[] => {
      const left = inward === 1 ? lx : lx - width;
      return rectCorners({ x: left - 2, y: ly - 8, width: width + 4, height: 16 });
    };
    const mid = (y1 + y2) / 2;
    const ys = [mid, mid - ROW / 4, mid + ROW / 4, y1 + ROW / 2, y2 - ROW / 2].filter((y) => y > y1 + 6 && y < y2 - 6);
    if (ys.length === 0) ys.push(mid);
    const xs = [BRACKET_OFF + 6, 58, 100].map((dx) => x + inward * dx);
    let label = { x: xs[0], y: ys[0] };
    search: for (const lx of xs) {
      for (const ly of ys) {
        if (solid.free(outline(lx, ly))) {
          label = { x: lx, y: ly };
          break search;
        }
      }
    }
    solid.add(outline(label.x, label.y), undefined);
    return { debt, x, inward, y1, y2, label };
  });
}

/** The state badges, and the words of the break marks: nothing may be written over them. */
function addBadges(block: ConversationDiagram, rows: RowLayout, solid: Shapes<undefined>): void {
  block.events.forEach((e, i) => {
    for (const peer of badged(e)) {
      const width = pillWidth(e.after[peer]);
      solid.add(rectCorners({ x: LIFELINE[peer] - width / 2, y: rows.badge(i) - PILL_H / 2, width, height: PILL_H }), undefined);
    }
  });
  for (const gap of rows.breaks) {
    const width = textWidth(`⋯ ${formatDuration(gap.seconds)} ⋯`, 11);
    solid.add(rectCorners({ x: LADDER_WIDTH / 2 - width / 2 - 4, y: gap.y - 9, width: width + 8, height: 18 }), undefined);
  }
}

/**
 * Places every segment's label: along the arrow (reading left to right), its centre off the line on
 * the upper side, at the middle of what is drawn or, when that would touch a badge or a label placed
 * before it, a little earlier or later along the arrow, or under it; where it can, clear of the other
 * arrows too. Done once per model for all the segments, so that a label stays put while the rows
 * around it scroll in and out of the DOM. An old segment's label must also keep clear of the event
 * texts beside its arrow, outside the lifelines.
 */
function placeLabels(drawing: Omit<Drawing, 'labels' | 'brackets'>, solid: Shapes<undefined>): LabelPlace[] {
  const { block, rows } = drawing;
  const paths = block.segments.map((s) => segmentPath(drawing, s));
  // What a label must not touch (badges, brackets, the labels placed so far), and would rather not (arrows).
  const lines = new Shapes<number>();
  paths.forEach(({ x1, y1, ex, ey }, k) => {
    const centre = { x: (x1 + ex) / 2, y: (y1 + ey) / 2 };
    lines.add(turnedRect(centre, Math.hypot(ex - x1, ey - y1), 2, Math.atan2(ey - y1, ex - x1)), k);
  });
  for (const s of block.segments) {
    if (s.sentAt !== undefined || s.arrivedAt === undefined) continue;
    for (const i of [s.arrivedAt - 1, s.arrivedAt]) {
      const e = block.events[i];
      if (!e) continue;
      const side = e.peer === 1 ? 1 : 0;
      const width = textWidth(e.text, 12);
      const x = side === 0 ? LIFELINE[0] - 16 - width : LIFELINE[1] + 16;
      solid.add(rectCorners({ x, y: rows.line(i) - 8, width, height: 16 }), undefined);
    }
  }
  return block.segments.map((s, k) => {
    const { x1, y1, ex, ey, inFlight } = paths[k];
    const angle = Math.atan2(ey - y1, ex - x1);
    let deg = (angle * 180) / Math.PI;
    if (deg > 90) deg -= 180;
    if (deg < -90) deg += 180;
    const turn = (deg * Math.PI) / 180;
    const width = textWidth(segmentLabel(s), LABEL_SIZE, '600');
    const middle = s.lost ? 0.45 : inFlight ? 0.62 : 0.5;
    const at = (t: number, side: number): LabelPlace => ({
      x: x1 + (ex - x1) * t + side * LABEL_OFF * Math.sin(turn),
      y: y1 + (ey - y1) * t - side * LABEL_OFF * Math.cos(turn),
      deg,
    });
    // Beside the middle first; then nearer the end, and further off the line (a short arrow that
    // leaves from above a state badge, as a segment just sent is, has no room at its middle).
    const candidates = [
      ...[1, -1].flatMap((side) => LABEL_AT.map((dt) => at(middle + dt, side))),
      ...[0.8, 0.9, 1].flatMap((t) => [1, -1, 2, -2].map((side) => at(t, side))),
    ];
    const chosen = candidates.find((place) => {
      const outline = labelOutline(place, width);
      return solid.free(outline) && lines.free(outline, k);
    }) ?? candidates.find((place) => solid.free(labelOutline(place, width))) ?? candidates[0];
    solid.add(labelOutline(chosen, width), undefined);
    return chosen;
  });
}

function drawBrackets(layer: SVGGElement, drawing: Drawing, a: number, b: number): void {
  const { block } = drawing;
  const lineOf = (i: number) => (block.events[i]?.range.start.line ?? 0) + 1;
  for (const place of drawing.brackets) {
    const end = place.debt.paidAt ?? block.events.length;
    if (place.debt.owedAt >= b || end < a) continue;
    drawBracket(layer, place, block, lineOf);
  }
}

function drawSegments(layer: SVGGElement, drawing: Drawing, a: number, b: number, host: LadderHost): void {
  const { block } = drawing;
  const n = block.events.length;
  block.segments.forEach((s, k) => {
    const end = s.arrivedAt ?? n;
    if (shownFrom(s) >= b || end < a) return;
    drawSegment(layer, drawing, s, drawing.labels[k], host);
  });
}

function drawSegment(layer: SVGGElement, drawing: Drawing, s: LadderSegment, label: LabelPlace, host: LadderHost): void {
  const { block } = drawing;
  const { x1, y1, ex, ey, inFlight } = segmentPath(drawing, s);
  const state = s.lost ? ' lost' : inFlight ? ' in-flight' : '';
  const mark = s.mark ? ` mark-${s.mark}` : '';
  const g = svg('g', {
    class: `segment peer-${s.from}${state}${mark}`, 'data-seg': s.id, 'data-sent': shownFrom(s), 'data-arrived': s.arrivedAt, 'data-from': s.from,
    'data-mark': s.mark,
  }, layer);
  svg('line', { class: 'segment-hit', x1, y1, x2: ex, y2: ey }, g);
  svg('line', { class: 'segment-line', x1, y1, x2: ex, y2: ey }, g);
  const angle = Math.atan2(ey - y1, ex - x1);
  if (s.lost) {
    const c = svg('g', { class: 'lost-cross' }, g);
    svg('line', { x1: ex - 6, y1: ey - 6, x2: ex + 6, y2: ey + 6 }, c);
    svg('line', { x1: ex - 6, y1: ey + 6, x2: ex + 6, y2: ey - 6 }, c);
  } else {
    const size = 9;
    const pa = `${ex - size * Math.cos(angle - 0.4)},${ey - size * Math.sin(angle - 0.4)}`;
    const pb = `${ex - size * Math.cos(angle + 0.4)},${ey - size * Math.sin(angle + 0.4)}`;
    svg('polygon', { class: 'segment-arrow', points: `${ex},${ey} ${pa} ${pb}` }, g);
  }
  // The flags, beside the arrow (placeLabels), reading left to right over a halo of the background.
  const lx = label.x.toFixed(1);
  const ly = label.y.toFixed(1);
  svg('text', {
    class: 'segment-text', x: lx, y: ly, 'text-anchor': 'middle', 'dominant-baseline': 'central', transform: `rotate(${label.deg.toFixed(1)} ${lx} ${ly})`,
  }, g, segmentLabel(s));
  const sender = block.peers[s.from];
  const receiver = block.peers[1 - s.from];
  const lineOf = (i: number | undefined) => (i === undefined ? 0 : block.events[i]?.range.start.line ?? 0) + 1;
  const fate = s.lost
    ? 'lost'
    : inFlight
      ? 'still in flight at the end'
      : `received by ${receiver} at line ${lineOf(s.arrivedAt)}`;
  const what = markText(s);
  const origin = s.sentAt === undefined ? `claiming to be from ${sender}` : `from ${sender} to ${receiver}, sent at line ${lineOf(s.sentAt)}`;
  const name = `Segment ${s.id} ${s.text}${what ? ` (${what})` : ''} ${origin}, ${fate}`;
  tooltip(g, name);
  // A click shows where it came from: the event that sent it, or for an old one where it arrived.
  const range = block.events[shownFrom(s)]?.range;
  activatable(g, name, () => {
    if (range) host.reveal(range);
  });
}
