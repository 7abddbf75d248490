// The state diagram: every state and edge of the table in the layout of RFC 9293 Figure 5, the
// current block's path drawn over it with numbered steps (both peers' paths, in two colours, for a
// conversation), illegal hops dashed in the error colour, exceptional edges on request. A step that
// stays in its state (SPEC section 4) is a small loop on its state's box, drawn only when taken; a
// crash is a dotted jump to CLOSED.

import type { BlockDiagram, DiagramEdge, DiagramModel, DiagramState, SourceRange } from '../../../server/src/protocol/diagram';
import type { State } from '../../../server/src/tcp/machine';
import { activatable, svg, tooltip } from './dom';
import { arrowhead, type Point, pointAlong, polylineLength, type Rect, roundedPath } from './geometry';
import { BOX_H, BOX_W, type EdgeRoute, freeRoute, HEIGHT, type LabelPlace, NODES, type NodeKey, nodeBox, nodeOf, tableRoute, WIDTH } from './layout';
import { textWidth } from './measure';
import { type Hop, rangeHasLine, type Timeline } from './timeline';

/** A band above the diagram for the block's title and the legend (part of the exported picture). */
const HEADER = 56;
/** The whole figure, exceptional lanes included. */
export const FULL_VIEW_BOX: Rect = { x: 0, y: -HEADER, width: WIDTH, height: HEIGHT + HEADER };
/** The main edges only (no exceptional lane shown): a larger drawing in the same panel. */
export const MAIN_VIEW_BOX: Rect = { x: 96, y: -HEADER, width: 1004 - 96, height: 966 + HEADER };

const LABEL_PX = 11.5;
/** How far inside a state's box the ring of peer 1's current state is drawn. */
const RING_INSET = 4;
const LABEL_LINE = 9;
const BADGE_R = 9;
/** At most this many numbered badges per edge and peer; a busier edge shows a count instead. */
const BADGES_PER_TRACK = 4;

export interface StateViewHost {
  reveal(range: SourceRange): void;
}

/** One drawn edge: a table edge, or all exceptional edges between the same two states. */
interface DrawnEdge {
  readonly kind: 'main' | 'exceptional';
  readonly from: State;
  readonly to: State;
  readonly edges: readonly DiagramEdge[];
  readonly route: EdgeRoute;
  readonly group: SVGGElement;
  readonly label?: SVGGElement;
  /** Where the label is drawn (after rotation): badges keep out of it. */
  readonly labelBox?: Rect;
}

/** The path's use of one drawn route by one peer: a highlighted copy of the route plus its badges. */
interface Track {
  readonly peer: 0 | 1;
  readonly route?: EdgeRoute;
  readonly illegal: boolean;
  /** What the hops are when they are no drawn edge of the figure: steps that stay, or crashes. */
  readonly kind?: 'staying' | 'crash';
  readonly hops: Hop[];
  el?: SVGGElement;
  /** Each badge with the hops it stands for (one, or all of a busy edge's). */
  readonly badges: { hop: Hop; hops: readonly Hop[]; el: SVGGElement }[];
}

interface NodeEls {
  readonly key: NodeKey;
  readonly state: State;
  readonly el: SVGGElement;
}

export interface StateViewInput {
  readonly model: DiagramModel;
  readonly block?: BlockDiagram;
  readonly timeline: Timeline;
  readonly showExceptional: boolean;
  readonly title: string;
}

export class StateView {
  readonly root: SVGSVGElement;
  private drawn: DrawnEdge[] = [];
  private tracks: Track[] = [];
  private nodes: NodeEls[] = [];
  private timeline: Timeline = { hops: [], length: 0, unit: 'Step' };
  private hopTrack = new Map<Hop, Track>();
  private zoom = 1;
  private position = 0;
  private cursorLine?: number;
  private showingExceptional = false;
  /** What the drawing shows of the figure (set by render). */
  viewBox: Rect = FULL_VIEW_BOX;
  /** What badges must not cover: state boxes, labels, other badges. */
  private occupied: Rect[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly host: StateViewHost,
  ) {
    this.root = svg('svg', { class: 'diagram state-diagram', role: 'group' }, container);
  }

  naturalWidth(): number {
    return this.viewBox.width;
  }

  anchor(): Element {
    return this.root;
  }

  setZoom(zoom: number): void {
    this.zoom = zoom;
    this.root.setAttribute('width', String(Math.round(this.viewBox.width * zoom)));
    this.root.setAttribute('height', String(Math.round(this.viewBox.height * zoom)));
  }

  setShowExceptional(show: boolean): void {
    this.container.classList.toggle('hide-exceptional', !show);
  }

  render(input: StateViewInput): void {
    const { model, block, timeline } = input;
    this.timeline = timeline;
    this.root.replaceChildren();
    this.root.setAttribute('aria-label', `State diagram${block ? `: ${input.title}` : ''}`);
    this.setShowExceptional(input.showExceptional);

    const header = svg('g', { class: 'header' }, this.root);
    const layers = {
      exceptional: svg('g', { class: 'layer edges-exceptional' }, this.root),
      main: svg('g', { class: 'layer edges-main' }, this.root),
      tracks: svg('g', { class: 'layer tracks' }, this.root),
      nodes: svg('g', { class: 'layer nodes' }, this.root),
      labels: svg('g', { class: 'layer labels' }, this.root),
      badges: svg('g', { class: 'layer badges' }, this.root),
    };

    this.drawEdges(model, layers);
    this.drawNodes(model.states, layers.nodes);
    this.showingExceptional = input.showExceptional;
    this.drawPath(timeline, block, layers, model.edges);
    // Without exceptional lanes on screen the drawing can use the panel for the main figure.
    const lanes = input.showExceptional || this.drawn.some((d) => d.kind === 'exceptional' && d.group.classList.contains('taken'));
    this.viewBox = lanes ? FULL_VIEW_BOX : MAIN_VIEW_BOX;
    const { x, y, width, height } = this.viewBox;
    this.root.setAttribute('viewBox', `${x} ${y} ${width} ${height}`);
    this.setZoom(this.zoom);
    this.drawHeader(header, input);
  }

  // ---------------------------------------------------------------------------------------------
  // The table

  private drawEdges(model: DiagramModel, layers: { exceptional: SVGGElement; main: SVGGElement; labels: SVGGElement }): void {
    const groups = new Map<string, DiagramEdge[]>();
    for (const edge of model.edges) {
      // Steps that stay in their state are not edges of the figure.
      if (edge.kind === 'staying') continue;
      const key = `${edge.kind}:${edge.from}>${edge.to}`;
      const list = groups.get(key);
      if (list) list.push(edge);
      else groups.set(key, [edge]);
    }
    this.drawn = [];
    for (const edges of groups.values()) {
      const { from, to } = edges[0];
      const kind = edges[0].kind === 'main' ? 'main' : 'exceptional';
      const route = tableRoute(from, to, kind) ?? freeRoute(from, to, kind === 'main' ? 36 : -48);
      const layer = kind === 'main' ? layers.main : layers.exceptional;
      const group = svg('g', { class: `edge ${kind}`, 'data-edge': edges.map((e) => e.id).join(' '), 'data-from': from, 'data-to': to }, layer);
      svg('path', { class: 'edge-hit', d: roundedPath(route.points) }, group);
      svg('path', { class: 'edge-line', d: roundedPath(route.points) }, group);
      svg('polygon', { class: 'edge-arrow', points: arrowhead(route.points) }, group);
      tooltip(group, edgeTooltip(edges));
      const text = edges.length === 1 ? edges[0].label : compactLabel(edges);
      const drawnLabel = route.label ? drawLabel(layers.labels, route.label, text, `edge-label ${kind}`) : undefined;
      const label = drawnLabel?.g;
      const labelBox = drawnLabel?.box;
      label?.setAttribute('data-edge', edges.map((e) => e.id).join(' '));
      label?.setAttribute('aria-hidden', 'true');
      const drawn: DrawnEdge = { kind, from, to, edges, route, group, label, labelBox };
      const name = `${kind === 'exceptional' ? 'Exceptional edge' : 'Edge'} ${from} to ${to}: ${edges.map((e) => e.label).join('; ')}`;
      const onActivate = () => this.revealEdge(drawn);
      activatable(group, name, onActivate);
      label?.addEventListener('click', (event) => {
        event.stopPropagation();
        onActivate();
      });
      this.drawn.push(drawn);
    }
  }

  private drawNodes(states: readonly DiagramState[], layer: SVGGElement): void {
    const info = new Map(states.map((s) => [s.name, s]));
    this.nodes = [];
    for (const n of NODES) {
      const box = nodeBox(n);
      const el = svg('g', { class: 'state', 'data-state': n.state, 'data-node': n.key }, layer);
      svg('rect', { class: 'box-bg', x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }, el);
      // One mark, one meaning: a tint per peer that has been here (halves when both have), the
      // box's own outline for where peer 0 is now, an inner ring for where peer 1 is now.
      svg('rect', { class: 'box-tint tint-0', x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }, el);
      svg('rect', { class: 'box-tint tint-1', x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }, el);
      svg('rect', { class: 'box', x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }, el);
      svg('rect', { class: 'box-ring', x: box.x + RING_INSET, y: box.y + RING_INSET, width: box.width - RING_INSET * 2, height: box.height - RING_INSET * 2, rx: 4 }, el);
      svg('text', { class: 'state-name', x: n.x, y: n.y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, el, n.state);
      const s = info.get(n.state);
      const aliases = s && s.aliases.length > 0 ? ` (also ${s.aliases.join(', ')})` : '';
      tooltip(el, `${n.state}${aliases}${s?.summary ? `: ${s.summary}` : ''}`);
      activatable(el, `State ${n.state}${s?.summary ? `: ${s.summary}` : ''}`, () => this.revealState(n.state));
      this.nodes.push({ key: n.key, state: n.state, el });
    }
  }

  private drawHeader(header: SVGGElement, input: StateViewInput): void {
    const y = -HEADER / 2;
    const box = this.viewBox;
    svg('text', { class: 'title', x: box.x + 12, y, 'dominant-baseline': 'central' }, header, input.title);
    const items: { cls: string; text: string; shape: 'circle' | 'square' | 'dash' | 'exc' }[] = [];
    const block = input.block;
    if (block?.kind === 'conversation') {
      items.push({ cls: 'peer-0', text: block.peers[0], shape: 'circle' }, { cls: 'peer-1', text: block.peers[1], shape: 'square' });
    } else if (block) {
      items.push({ cls: 'peer-0', text: 'path', shape: 'circle' });
    }
    if (this.tracks.some((t) => t.illegal)) items.push({ cls: 'illegal', text: 'illegal step', shape: 'dash' });
    if (this.tracks.some((t) => t.kind === 'staying')) items.push({ cls: 'staying', text: 'stays in its state', shape: 'dash' });
    if (this.tracks.some((t) => t.kind === 'crash')) items.push({ cls: 'crash', text: 'crash', shape: 'dash' });
    items.push({ cls: 'exceptional', text: 'exceptional', shape: 'exc' });
    // Right-aligned: measure the items, then lay them out from the right edge.
    const widths = items.map((it) => 22 + textWidth(it.text, 12) + 18);
    let x = box.x + box.width - 8 - widths.reduce((a, b) => a + b, 0);
    const legend = svg('g', { class: 'legend' }, header);
    items.forEach((it, i) => {
      const g = svg('g', { class: `legend-item ${it.cls}`, 'data-legend': it.cls }, legend);
      if (it.shape === 'circle') svg('circle', { class: 'swatch', cx: x + 7, cy: y, r: 6 }, g);
      else if (it.shape === 'square') svg('rect', { class: 'swatch', x: x + 1, y: y - 6, width: 12, height: 12, rx: 2 }, g);
      else svg('line', { class: 'swatch-line', x1: x - 2, y1: y, x2: x + 16, y2: y }, g);
      svg('text', { class: 'legend-text', x: x + 22, y, 'dominant-baseline': 'central' }, g, it.text);
      x += widths[i];
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The path

  private drawPath(timeline: Timeline, block: BlockDiagram | undefined, layers: { tracks: SVGGElement; badges: SVGGElement }, edges: readonly DiagramEdge[]): void {
    this.tracks = [];
    this.hopTrack = new Map();
    this.occupied = NODES.map((n) => grow(nodeBox(n), 2));
    const byKey = new Map<string, Track>();
    const edgeById = new Map<number, DrawnEdge>();
    for (const d of this.drawn) for (const e of d.edges) edgeById.set(e.id, d);
    const at: (NodeKey | undefined)[] = [undefined, undefined];
    for (const hop of timeline.hops) {
      const { step } = hop;
      const drawn = step.edgeId !== undefined ? edgeById.get(step.edgeId) : undefined;
      let key: string;
      let route: EdgeRoute | undefined;
      let illegal = false;
      let kind: Track['kind'];
      const staying = step.edgeId !== undefined && edges[step.edgeId]?.kind === 'staying';
      if (staying && step.from) {
        // A loop on the box of the state (the CLOSED the path is at): one per state and peer.
        key = `stay:${at[hop.peer] ?? step.from}`;
        route = freeRoute(step.from, step.from, 0, at[hop.peer]);
        kind = 'staying';
      } else if (step.crash && step.from && step.to) {
        key = `crash:${at[hop.peer] ?? step.from}>${step.to}`;
        route = freeRoute(step.from, step.to, hop.peer === 0 ? 40 : 70, at[hop.peer]);
        kind = 'crash';
      } else if (drawn) {
        key = `edge:${drawn.kind}:${drawn.from}>${drawn.to}`;
        route = drawn.route;
        drawn.group.classList.add('taken', `taken-${hop.peer}`);
        drawn.label?.classList.add('taken');
        if (drawn.kind === 'exceptional' && drawn.labelBox && !drawn.group.classList.contains('taken-seen')) {
          drawn.group.classList.add('taken-seen');
          this.occupied.push(grow(drawn.labelBox, 2));
        }
      } else if (step.from && step.to) {
        key = `free:${at[hop.peer] ?? step.from}>${step.to}`;
        route = this.clearRoute(step.from, step.to, hop.peer === 0 ? 40 : 70, at[hop.peer]);
        illegal = true;
      } else {
        key = `none:${hop.step.number}:${hop.peer}`;
        illegal = true;
      }
      key += `:${hop.peer}`;
      let track = byKey.get(key);
      if (!track) {
        track = { peer: hop.peer, route, illegal, kind, hops: [], badges: [] };
        byKey.set(key, track);
        this.tracks.push(track);
      }
      track.hops.push(hop);
      this.hopTrack.set(hop, track);
      at[hop.peer] = route?.toNode;
    }

    for (const d of this.drawn) if (d.kind === 'main' && d.labelBox) this.occupied.push(grow(d.labelBox, 2));
    for (const track of this.tracks) {
      const first = track.hops[0].step;
      if (track.route) {
        const cls = `track peer-${track.peer}${track.illegal ? ' illegal error' : ''}${track.hops.some((h) => !h.step.ok) ? ' error' : ''}${track.kind ? ` ${track.kind}` : ''}`;
        const el = svg('g', { class: cls, 'data-peer': track.peer, 'data-from': first.from, 'data-to': first.to }, layers.tracks);
        if (track.kind === 'staying') {
          // What the steps did, from the table (the loop is no edge of the figure, so it has no label).
          const labels = [...new Set(track.hops.map((h) => edges[h.step.edgeId!]?.label ?? ''))];
          tooltip(el, `${first.from} stays: ${labels.join('; ')}`);
        } else if (track.kind === 'crash') {
          tooltip(el, `The host crashed: ${first.from} → CLOSED, no edge of the table`);
        }
        if (track.peer === 1 && !track.illegal) el.setAttribute('transform', 'translate(4 4)');
        svg('path', { class: 'track-line', d: roundedPath(track.route.points) }, el);
        svg('polygon', { class: 'track-arrow', points: arrowhead(track.route.points, 11) }, el);
        if (track.illegal) {
          el.setAttribute('data-step', track.hops.map((h) => h.step.number).join(' '));
          svg('path', { class: 'edge-hit', d: roundedPath(track.route.points) }, el);
          const problem = first.problem ? ` (${first.problem})` : '';
          tooltip(el, `Illegal step ${first.from} → ${first.to}${problem}`);
          activatable(el, `Illegal step ${first.number}: ${first.from} to ${first.to}${problem}`, () => this.host.reveal(first.range));
        }
        track.el = el;
      }
      this.drawBadges(track, layers.badges, block);
    }
  }

  /**
   * A route for an illegal hop (no edge of the table): the arc between the two boxes, bowed the way
   * that crosses no edge label and no other state (the preferred bow first, then further out on
   * either side), else the one that crosses the fewest.
   */
  private clearRoute(from: State, to: State, bow: number, fromNode: NodeKey | undefined): EdgeRoute {
    const obstacles: Rect[] = [];
    for (const d of this.drawn) {
      if (d.labelBox && (d.kind === 'main' || this.showingExceptional)) obstacles.push(grow(d.labelBox, 2));
    }
    let best: { route: EdgeRoute; hits: number } | undefined;
    for (const b of [bow, -bow, bow * 2, -bow * 2, bow * 3, -bow * 3, bow * 4.5, -bow * 4.5, 0]) {
      const route = freeRoute(from, to, b, fromNode);
      const ends = new Set<NodeKey>([route.fromNode, route.toNode]);
      const boxes = NODES.filter((n) => !ends.has(n.key)).map((n) => grow(nodeBox(n), 4));
      const hits = crossings(route.points, [...obstacles, ...boxes]);
      if (hits === 0) return route;
      if (!best || hits < best.hits) best = { route, hits };
    }
    return best!.route;
  }

  private drawBadges(track: Track, layer: SVGGElement, block: BlockDiagram | undefined): void {
    const route = track.route;
    let points: readonly Point[];
    if (route) points = route.points;
    else {
      // A hop with an unknown state: pin its badge to the state that is known, if any.
      const known = track.hops[0].step.from ?? track.hops[0].step.to;
      if (!known) return;
      const box = nodeBox(nodeOf(known));
      points = [{ x: box.x + box.width + 4, y: box.y - 4 }];
    }
    const length = polylineLength(points);
    const peerName = block?.kind === 'conversation' ? `${block.peers[track.peer]} ` : '';
    // A busy edge gets one badge with how many times it was taken (the steps are in its name).
    const shown = track.hops.length <= BADGES_PER_TRACK ? track.hops.length : 0;
    const texts = track.hops.slice(0, shown).map((h) => String(h.step.number));
    if (shown < track.hops.length) texts.push(`${track.hops.length}×`);
    const widths = texts.map((t) => Math.max(BADGE_R * 2, textWidth(t, 11, 'bold') + 9));
    const total = widths.reduce((a, b) => a + b + 3, -3);
    const centre = route && track.illegal ? length * 0.5 : length * (track.peer === 0 ? 0.32 : 0.64);
    const shift = track.peer === 1 && !track.illegal && route ? 4 : 0;
    const offset = shift ? `translate(${shift} ${shift})` : undefined;
    /** The badges' boxes when the row of badges starts `start` along the route. */
    const boxesAt = (start: number): { p: Point; box: Rect }[] => {
      let at = start;
      return widths.map((w) => {
        const p = pointAlong(points, at + w / 2);
        at += w + 3;
        return { p, box: { x: p.x - w / 2 + shift, y: p.y - BADGE_R + shift, width: w, height: BADGE_R * 2 } };
      });
    };
    // Nearest free place to the preferred one: off labels, state boxes and other badges.
    const lo = 2;
    const hi = Math.max(length - total - 2, lo);
    const preferred = Math.min(Math.max(centre - total / 2, lo), hi);
    let placed = boxesAt(preferred);
    for (let d = 0; d <= length; d += 5) {
      const candidates = d === 0 ? [preferred] : [preferred + d, preferred - d];
      const free = candidates.filter((c) => c >= lo && c <= hi).map(boxesAt).find((boxes) =>
        boxes.every(({ box }) => !this.occupied.some((o) => intersects(o, box))));
      if (free) {
        placed = free;
        break;
      }
    }
    for (const { box } of placed) this.occupied.push(box);
    texts.forEach((text, k) => {
      const w = widths[k];
      const { p } = placed[k];
      const rest = k === shown;
      const hop = track.hops[rest ? shown : k];
      const { step } = hop;
      const cls = `step peer-${hop.peer}${step.ok ? '' : ' error'}${track.illegal ? ' illegal' : ''}${rest ? ' more' : ''}`;
      const el = svg('g', {
        class: cls, 'data-step': rest ? undefined : step.number, 'data-peer': hop.peer, 'data-from': step.from, 'data-to': step.to,
        'data-order': hop.order, transform: offset,
      }, layer);
      svg('rect', { class: 'badge', x: p.x - w / 2, y: p.y - BADGE_R, width: w, height: BADGE_R * 2, rx: hop.peer === 0 ? BADGE_R : 3 }, el);
      svg('text', { class: 'badge-text', x: p.x, y: p.y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, el, text);
      const what = `${step.from ?? '?'} → ${step.to ?? '?'}`;
      const problem = step.problem ? `: ${step.problem}` : '';
      let name = `${peerName}step ${step.number}: ${what}${problem}`;
      if (rest) {
        const numbers = track.hops.slice(shown).map((h) => h.step.number);
        name = `${peerName}steps ${what}, ${numbers.length} times: ${numbers.slice(0, 24).join(', ')}${numbers.length > 24 ? ', …' : ''}`;
      }
      tooltip(el, name);
      activatable(el, name.charAt(0).toUpperCase() + name.slice(1), () => this.host.reveal(step.range));
      track.badges.push({ hop, hops: rest ? track.hops : [hop], el });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Slider and cursor

  /** Whether hop `h` is drawn as reached: before the slider, or on the cursor's line (that one always shows). */
  private reached(h: Hop, position: number): boolean {
    return h.order < position || (this.cursorLine !== undefined && rangeHasLine(h.step.range, this.cursorLine));
  }

  /** Shows the hops before slider position `position`; dims the rest and marks where each peer is. */
  setPosition(position: number): void {
    this.position = position;
    const reached = (h: Hop) => this.reached(h, position);
    // The step just taken (the slider's last): its hops, and the states they entered (stepDiff.ts).
    const stepped = (h: Hop) => h.order === position - 1;
    for (const track of this.tracks) {
      track.el?.classList.toggle('later', !track.hops.some(reached));
      track.el?.classList.toggle('step-diff', track.hops.some(stepped));
      for (const b of track.badges) {
        b.el.classList.toggle('later', !b.hops.some(reached));
        b.el.classList.toggle('step-diff', b.hops.some(stepped));
      }
    }
    const entered = new Set<NodeKey>();
    const visits = new Map<NodeKey, Set<string>>();
    const laterVisits = new Map<NodeKey, Set<string>>();
    const add = (map: Map<NodeKey, Set<string>>, key: NodeKey, value: string) => {
      const set = map.get(key) ?? new Set<string>();
      set.add(value);
      map.set(key, set);
    };
    const fromKey = (hop: Hop) => this.hopTrack.get(hop)?.route?.fromNode ?? hop.step.from;
    const toKey = (hop: Hop) => this.hopTrack.get(hop)?.route?.toNode ?? hop.step.to;
    const current: (NodeKey | undefined)[] = [undefined, undefined];
    for (const peer of [0, 1] as const) {
      let previous: State | undefined;
      let previousReached = false;
      let first = true;
      for (const hop of this.timeline.hops) {
        if (hop.peer !== peer) continue;
        const map = reached(hop) ? visits : laterVisits;
        const from = fromKey(hop);
        // The state a hop leaves counts as visited when the path did not just arrive there.
        // (or arrived in a hop not drawn as reached, when this one is: the cursor's).
        if (from && (first || previous !== hop.step.from || previousReached !== reached(hop))) add(map, from, `${peer}:${hop.step.number - 1}`);
        const to = toKey(hop);
        if (to) add(map, to, `${peer}:${hop.step.number}`);
        if (to && stepped(hop) && hop.step.from !== hop.step.to) entered.add(to);
        if (first && hop.order >= position) current[peer] = from;
        if (hop.order < position) current[peer] = to;
        previous = hop.step.to;
        previousReached = reached(hop);
        first = false;
      }
    }
    for (const n of this.nodes) {
      const seen = visits.get(n.key);
      const later = laterVisits.get(n.key);
      const list = (set: Set<string> | undefined, peer: number) =>
        [...(set ?? [])].filter((v) => v.startsWith(`${peer}:`)).map((v) => v.slice(2)).join(' ');
      const v0 = list(seen, 0);
      const v1 = list(seen, 1);
      n.el.classList.toggle('on-path', !!seen);
      n.el.classList.toggle('on-path-0', v0 !== '');
      n.el.classList.toggle('on-path-1', v1 !== '');
      n.el.classList.toggle('on-path-later', !seen && !!later);
      n.el.classList.toggle('current-0', current[0] === n.key);
      n.el.classList.toggle('current-1', current[1] === n.key);
      n.el.classList.toggle('step-diff', entered.has(n.key));
      // Both peers have been here: each tint takes its half (peer 0 left, peer 1 right).
      const box = nodeBox(nodeOf(n.key));
      const half = v0 !== '' && v1 !== '';
      const [tint0, tint1] = n.el.querySelectorAll('.box-tint');
      tint0?.setAttribute('width', String(half ? box.width / 2 : box.width));
      tint1?.setAttribute('x', String(half ? box.x + box.width / 2 : box.x));
      tint1?.setAttribute('width', String(half ? box.width / 2 : box.width));
      setOrRemove(n.el, 'data-visit0', v0);
      setOrRemove(n.el, 'data-visit1', v1);
    }
  }

  /** Highlights the hops whose source range holds `line` (undefined: none); those are drawn as reached. */
  setCursor(line: number | undefined): void {
    this.cursorLine = line;
    this.setPosition(this.position);
    for (const track of this.tracks) {
      let any = false;
      for (const b of track.badges) {
        const on = line !== undefined && b.hops.some((h) => rangeHasLine(h.step.range, line));
        b.el.classList.toggle('cursor', on);
        any ||= on;
      }
      if (line !== undefined) any ||= track.hops.some((h) => rangeHasLine(h.step.range, line));
      track.el?.classList.toggle('cursor', any);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Keyboard

  /**
   * From a focused state (or edge), the state one edge away in `direction`: the one of its
   * neighbours along drawn edges that lies most nearly that way. Undefined when none lies that way;
   * null when `from` is not a state or edge of this view (the key means something else there).
   */
  neighbour(from: Element, direction: 'up' | 'down' | 'left' | 'right'): SVGGElement | undefined | null {
    const node = from.closest('g.state');
    const edge = node ? undefined : from.closest('g.edge');
    if (!node && !edge) return null;
    if (!this.root.contains(node ?? edge!)) return null;
    const [dx, dy] = { up: [0, -1], down: [0, 1], left: [-1, 0], right: [1, 0] }[direction];
    const visible = (d: DrawnEdge) => d.kind === 'main' || this.container.classList.contains('hide-exceptional') === false || d.group.classList.contains('taken');
    let origin: Point;
    const candidates = new Set<NodeKey>();
    if (node) {
      const key = node.getAttribute('data-node') as NodeKey;
      const n = nodeOf(key);
      origin = { x: n.x, y: n.y };
      for (const d of this.drawn) {
        if (!visible(d)) continue;
        if (d.route.fromNode === key) candidates.add(d.route.toNode);
        if (d.route.toNode === key) candidates.add(d.route.fromNode);
      }
      candidates.delete(key);
    } else {
      const d = this.drawn.find((x) => x.group === edge);
      if (!d) return null;
      origin = pointAlong(d.route.points, polylineLength(d.route.points) / 2);
      candidates.add(d.route.fromNode).add(d.route.toNode);
    }
    let best: { key: NodeKey; score: number } | undefined;
    for (const key of candidates) {
      const n = nodeOf(key);
      const vx = n.x - origin.x;
      const vy = n.y - origin.y;
      const length = Math.hypot(vx, vy) || 1;
      const along = (vx * dx + vy * dy) / length;
      if (along < 0.3) continue;
      // Nearer and more nearly in line is better.
      const score = length / along ** 2;
      if (!best || score < best.score) best = { key, score };
    }
    return best ? this.nodes.find((n) => n.key === best!.key)?.el : undefined;
  }

  /** Focuses the first badge of the hops at slider order `order` (after a step by the arrow keys). */
  focusOrder(order: number): void {
    for (const track of this.tracks) {
      const badge = track.badges.find((b) => b.hops.some((h) => h.order === order));
      if (badge) {
        badge.el.focus();
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reveal

  private revealState(state: State): void {
    const hop = this.timeline.hops.find((h) => h.step.from === state || h.step.to === state);
    if (hop) this.host.reveal(hop.step.range);
  }

  private revealEdge(drawn: DrawnEdge): void {
    const ids = new Set(drawn.edges.map((e) => e.id));
    const hop = this.timeline.hops.find((h) => h.step.edgeId !== undefined && ids.has(h.step.edgeId));
    if (hop) this.host.reveal(hop.step.range);
  }
}

function setOrRemove(el: Element, name: string, value: string): void {
  if (value) el.setAttribute(name, value);
  else el.removeAttribute(name);
}

function edgeTooltip(edges: readonly DiagramEdge[]): string {
  return edges.map((e) => `${e.label || '(no event)'} — RFC 9293 ${e.rfc}${e.note ? ` — ${e.note}` : ''}`).join('\n');
}

/** The events of several exceptional edges in a few words: `RST · abort · timeout`. */
export function compactLabel(edges: readonly DiagramEdge[]): string {
  const words: string[] = [];
  for (const e of edges) {
    let word = e.label.split(' / ')[0].trim();
    word = word.replace(/^recv /, '').replace(/ of (SYN|FIN)$/, '');
    if (word.startsWith('timeout')) word = 'timeout';
    if (word && !words.includes(word)) words.push(word);
  }
  return words.join(' · ');
}

/** A label at its place: `trigger` over a rule over `action`, as in the RFC figure; one line otherwise. */
function drawLabel(layer: SVGGElement, place: LabelPlace, text: string, cls: string): { g: SVGGElement; box: Rect } {
  const { x, y, anchor, rotate } = place;
  const parts = text.split(' / ').map((s) => s.trim()).filter((s) => s !== '');
  const lines = parts.length === 0 ? [''] : parts.length <= 2 ? parts : [parts[0], parts.slice(1).join(' / ')];
  const g = svg('g', { class: cls }, layer);
  if (rotate) g.setAttribute('transform', `rotate(${rotate} ${x} ${y})`);
  const widths = lines.map((l) => textWidth(l, LABEL_PX));
  const width = Math.max(...widths, 1);
  const left = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
  const top = lines.length === 1 ? y - LABEL_LINE + 1 : y - LABEL_LINE * 2 + 1;
  const height = lines.length === 1 ? LABEL_LINE * 2 - 2 : LABEL_LINE * 4 - 2;
  svg('rect', { class: 'label-bg', x: left - 3, y: top, width: width + 6, height, rx: 3 }, g);
  if (lines.length === 1) {
    svg('text', { class: 'label-text', x, y, 'text-anchor': anchor, 'dominant-baseline': 'central' }, g, lines[0]);
  } else {
    svg('text', { class: 'label-text', x, y: y - LABEL_LINE, 'text-anchor': anchor, 'dominant-baseline': 'central' }, g, lines[0]);
    svg('line', { class: 'label-rule', x1: left, y1: y, x2: left + width, y2: y }, g);
    svg('text', { class: 'label-text', x, y: y + LABEL_LINE, 'text-anchor': anchor, 'dominant-baseline': 'central' }, g, lines[1]);
  }
  const box = { x: left - 3, y: top, width: width + 6, height };
  // rotate(-90) about (x, y) turns (px, py) into (x + (py - y), y - (px - x)).
  return { g, box: rotate === -90 ? { x: x + (box.y - y), y: y - (box.x + box.width - x), width: box.height, height: box.width } : box };
}

function grow(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + by * 2, height: r.height + by * 2 };
}

/** How many of `rects` the polyline passes through (sampled every 3 px). */
function crossings(points: readonly Point[], rects: readonly Rect[]): number {
  const length = polylineLength(points);
  const hit = new Set<number>();
  for (let d = 0; d <= length; d += 3) {
    const p = pointAlong(points, d);
    rects.forEach((r, i) => {
      if (p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height) hit.add(i);
    });
  }
  return hit.size;
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export const STATE_BOX = { width: BOX_W, height: BOX_H } as const;
