// The legend under the drawing: every mark of the view shown, each drawn with the drawing's own
// classes (so it looks exactly like the mark it explains) and the one thing it means. A <details>
// the user can fold; whether it is open is kept with the view settings.

import { html, svg } from './dom';

export type LegendView = 'state' | 'ladder';

interface Entry {
  readonly id: string;
  readonly text: string;
  readonly draw: (g: SVGGElement) => void;
}

const W = 30;
const H = 18;
const line = (g: SVGGElement, cls: string) => svg('path', { class: cls, d: `M2 ${H / 2} L${W - 2} ${H / 2}` }, g);
const box = (g: SVGGElement, classes: string, ring = false) => {
  const s = svg('g', { class: `state ${classes}` }, g);
  svg('rect', { class: 'box-bg', x: 2, y: 2, width: W - 4, height: H - 4, rx: 3 }, s);
  svg('rect', { class: 'box-tint tint-0', x: 2, y: 2, width: W - 4, height: H - 4, rx: 3 }, s);
  svg('rect', { class: 'box', x: 2, y: 2, width: W - 4, height: H - 4, rx: 3 }, s);
  if (ring) svg('rect', { class: 'box-ring', x: 5, y: 5, width: W - 10, height: H - 10, rx: 2 }, s);
};
const badge = (g: SVGGElement, classes: string, peer: 0 | 1, text: string) => {
  const s = svg('g', { class: `step peer-${peer} ${classes}` }, g);
  svg('rect', { class: 'badge', x: W / 2 - 8, y: 1, width: 16, height: 16, rx: peer === 0 ? 8 : 3 }, s);
  svg('text', { class: 'badge-text', x: W / 2, y: H / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, s, text);
};
/** A segment label's halo, as the ladder draws a label the slider's step sent or took. */
const label = (g: SVGGElement, cls: string) =>
  svg('text', { class: 'segment-text', x: 1, y: 7, 'font-size': 9 }, svg('g', { class: `segment ${cls}` }, g), 'SEG');
const track = (g: SVGGElement, classes: string) => line(svg('g', { class: `track ${classes}` }, g), 'track-line');

function stateEntries(peers: readonly [string, string] | undefined): Entry[] {
  const entries: Entry[] = [];
  if (peers) {
    entries.push(
      { id: 'path-0', text: `${peers[0]}'s steps, numbered`, draw: (g) => { track(g, 'peer-0'); badge(g, '', 0, '1'); } },
      { id: 'path-1', text: `${peers[1]}'s steps, numbered`, draw: (g) => { track(g, 'peer-1'); badge(g, '', 1, '1'); } },
      { id: 'visited', text: 'been there (halves: both peers)', draw: (g) => box(g, 'on-path-0') },
      { id: 'current', text: `where ${peers[0]} (outline) and ${peers[1]} (ring) are at the slider`, draw: (g) => box(g, 'current-0 current-1', true) },
    );
  } else {
    entries.push(
      { id: 'path-0', text: 'the path\'s steps, numbered', draw: (g) => { track(g, 'peer-0'); badge(g, '', 0, '1'); } },
      { id: 'visited', text: 'been there', draw: (g) => box(g, 'on-path-0') },
      { id: 'current', text: 'where the path is at the slider', draw: (g) => box(g, 'current-0') },
    );
  }
  entries.push(
    { id: 'later', text: 'reached only after the slider', draw: (g) => box(g, 'on-path-later') },
    { id: 'faded', text: 'a step after the slider', draw: (g) => { track(g, 'peer-0 later'); badge(g, 'later', 0, '2'); } },
    { id: 'cursor', text: 'the step on the editor\'s line', draw: (g) => badge(g, 'cursor', 0, '1') },
    { id: 'step-diff', text: 'the slider\'s step and the state it entered', draw: (g) => { box(g, 'step-diff'); badge(g, 'step-diff', 0, '1'); } },
    { id: 'illegal', text: 'not an edge: an illegal step', draw: (g) => track(g, 'illegal error') },
    { id: 'edge', text: 'an edge of RFC 9293 Figure 5', draw: (g) => line(svg('g', { class: 'edge main' }, g), 'edge-line') },
    { id: 'exceptional', text: 'an exceptional edge (RST, abort, timeout)', draw: (g) => line(svg('g', { class: 'edge exceptional' }, g), 'edge-line') },
  );
  return entries;
}

function ladderEntries(peers: readonly [string, string]): Entry[] {
  const arrow = (g: SVGGElement, classes: string, lost = false) => {
    const s = svg('g', { class: `segment ${classes}` }, g);
    svg('line', { class: 'segment-line', x1: 2, y1: 5, x2: W - 6, y2: H - 5 }, s);
    if (lost) {
      const c = svg('g', { class: 'lost-cross' }, s);
      svg('line', { x1: W - 10, y1: H - 9, x2: W - 2, y2: H - 1 }, c);
      svg('line', { x1: W - 10, y1: H - 1, x2: W - 2, y2: H - 9 }, c);
    } else {
      svg('polygon', { class: 'segment-arrow', points: `${W - 3},${H - 4} ${W - 11},${H - 5} ${W - 7},${H - 11}` }, s);
    }
  };
  return [
    { id: 'segment-0', text: `a segment ${peers[0]} sent`, draw: (g) => arrow(g, 'peer-0') },
    { id: 'segment-1', text: `a segment ${peers[1]} sent`, draw: (g) => arrow(g, 'peer-1') },
    { id: 'in-flight', text: 'still in flight at the end', draw: (g) => arrow(g, 'peer-0 in-flight') },
    { id: 'lost', text: 'lost on the way (lose)', draw: (g) => arrow(g, 'peer-0 lost', true) },
    {
      id: 'pill', text: 'the state a peer enters', draw: (g) => {
        const p = svg('g', { class: 'pill peer-0' }, g);
        svg('rect', { class: 'pill-bg', x: 2, y: 3, width: W - 4, height: H - 6, rx: (H - 6) / 2 }, p);
      },
    },
    {
      id: 'timeout', text: 'a timer fired', draw: (g) => {
        const c = svg('g', { class: 'clock' }, g);
        svg('circle', { cx: W / 2, cy: H / 2, r: 6.5 }, c);
        svg('path', { d: `M${W / 2} ${H / 2 - 4} L${W / 2} ${H / 2} L${W / 2 + 3} ${H / 2 + 2}` }, c);
      },
    },
    {
      id: 'error', text: 'an error: the line is skipped', draw: (g) => {
        const m = svg('g', { class: 'error-mark' }, g);
        svg('circle', { cx: W / 2, cy: H / 2, r: 7 }, m);
        svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, m, '!');
      },
    },
    { id: 'faded', text: 'after the slider', draw: (g) => arrow(g, 'peer-0 later') },
    { id: 'diff-added', text: 'the slider\'s step sent it (added to a queue)', draw: (g) => { arrow(g, 'peer-0 diff-added'); label(g, 'diff-added'); } },
    { id: 'diff-taken', text: 'the slider\'s step took it (received or lost)', draw: (g) => { arrow(g, 'peer-1 diff-taken'); label(g, 'diff-taken'); } },
  ];
}

export class Legend {
  readonly element: HTMLDetailsElement;
  private readonly list: HTMLElement;
  private shownFor = '';

  constructor(parent: HTMLElement, open: boolean, onToggle: (open: boolean) => void) {
    this.element = html('details', { class: 'legend-panel', id: 'legend' }, parent);
    this.element.open = open;
    html('summary', undefined, this.element, 'Legend');
    this.list = html('ul', { class: 'legend-list' }, this.element);
    this.element.addEventListener('toggle', () => onToggle(this.element.open));
  }

  /** Shows the marks of `view` (a conversation names its peers). */
  show(view: LegendView, peers: readonly [string, string] | undefined): void {
    const key = `${view}\u0000${peers?.join('\u0000') ?? ''}`;
    if (key === this.shownFor) return;
    this.shownFor = key;
    this.list.replaceChildren();
    const entries = view === 'ladder' && peers ? ladderEntries(peers) : stateEntries(peers);
    for (const entry of entries) {
      const item = html('li', { class: 'legend-entry', 'data-mark': entry.id }, this.list);
      const swatch = svg('svg', { class: 'diagram legend-swatch', width: W, height: H, viewBox: `0 0 ${W} ${H}`, 'aria-hidden': 'true' }, item);
      entry.draw(svg('g', undefined, swatch));
      html('span', undefined, item, entry.text);
    }
  }
}
