// The diagram model of protocol/diagram.ts, built from a document: the whole state-machine table,
// the file's blocks, and the block at the cursor in detail (a scenario's hops with the edges the
// checker accepted; a conversation's events, segments and both peers' paths, from its trace).
// Pure: positions come from the caller's `positionAt`, so a huge file is never indexed here.

import type {
  BlockDiagram,
  BlockSummary,
  ConversationDiagram,
  DiagramEdge,
  DiagramModel,
  DiagramState,
  LadderEvent,
  LadderSegment,
  PathStep,
  ScenarioDiagram,
  SourcePosition,
  SourceRange,
} from '../protocol/diagram';
import { parseItem } from '../syntax/parser';
import { LineIndex } from '../syntax/lines';
import type { ConversationEvent, Item } from '../syntax/tree';
import { STATE_DOCS } from '../tcp/docs';
import {
  type AckOf,
  ALIASES,
  type Edge,
  EDGES,
  edgesBetween,
  type Flag,
  segmentMatches,
  type SegmentSpec,
  type State,
  STATES,
  type Trigger,
  writtenLabel,
} from '../tcp/machine';
import { scenarioHops } from './check';
import { type BlockEntry, IncrementalAnalysis } from './incremental';
import { type TraceRow, traceItem, type TracedSegment } from './trace';

// ---------------------------------------------------------------------------------------------
// the table, the same for every model

/** Edge ids are indexes in EDGES. */
const EDGE_IDS = new Map<Edge, number>(EDGES.map((e, i) => [e, i]));

export function edgeId(edge: Edge): number {
  return EDGE_IDS.get(edge)!;
}

export const DIAGRAM_STATES: readonly DiagramState[] = STATES.map((name) => ({
  name,
  aliases: ALIASES[name].map((a) => a.name),
  summary: STATE_DOCS[name].summary,
}));

export const DIAGRAM_EDGES: readonly DiagramEdge[] = EDGES.map((edge, id) => ({
  id,
  from: edge.from,
  to: edge.to,
  kind: edge.kind,
  label: writtenLabel(edge),
  rfc: edge.rfc[edge.rfc.length - 1],
  ...(edge.note ? { note: edge.note } : {}),
}));

// ---------------------------------------------------------------------------------------------
// the model

export interface DiagramInput {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** The file's blocks in order (IncrementalAnalysis.blocks()). */
  readonly blocks: readonly BlockEntry[];
  /** The cursor; undefined details the first block. */
  readonly offset?: number;
  /** Offset → 0-based line and UTF-16 column (the LSP adapter passes TextDocument.positionAt). */
  readonly positionAt: (offset: number) => SourcePosition;
}

export function buildDiagramModel(input: DiagramInput): DiagramModel {
  const { blocks, positionAt } = input;
  const range = (start: number, end: number): SourceRange => ({ start: positionAt(start), end: positionAt(end) });
  const summaries: BlockSummary[] = blocks.map((b, index) => ({
    index,
    kind: b.kind,
    ...(b.name !== undefined ? { name: b.name } : {}),
    range: range(b.start, b.start + b.length),
  }));
  const index = currentBlockIndex(blocks, input.offset);
  const current = index === undefined ? undefined : blockDiagram(input.text, blocks[index], index, summaries[index].range, positionAt);
  return {
    uri: input.uri,
    version: input.version,
    states: DIAGRAM_STATES,
    edges: DIAGRAM_EDGES,
    blocks: summaries,
    ...(current ? { current } : {}),
  };
}

/** The block holding `offset`, else the last block starting before it, else the first. */
export function currentBlockIndex(blocks: readonly { readonly start: number }[], offset: number | undefined): number | undefined {
  if (blocks.length === 0) return undefined;
  if (offset === undefined || offset < blocks[0].start) return 0;
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface TextDiagramOptions {
  readonly uri?: string;
  readonly version?: number;
  /** The cursor as an offset, or as a position (0-based). */
  readonly offset?: number;
  readonly position?: SourcePosition;
}

/**
 * The model of a whole text, without a language server: for tests, fixtures and the webview's
 * own tooling. (The server builds the same model from its kept analysis.)
 */
export function diagramModelOfText(text: string, options: TextDiagramOptions = {}): DiagramModel {
  const lines = new LineIndex(text);
  return buildDiagramModel({
    uri: options.uri ?? 'untitled:diagram.tcpfsm',
    version: options.version ?? 1,
    text,
    blocks: new IncrementalAnalysis(text).blocks(),
    offset: options.offset ?? (options.position ? lines.offsetAt(options.position) : undefined),
    positionAt: (offset) => lines.positionAt(offset),
  });
}

function blockDiagram(
  text: string,
  entry: BlockEntry,
  index: number,
  range: SourceRange,
  positionAt: (offset: number) => SourcePosition,
): BlockDiagram {
  const item = parseItem(text, entry.itemStart);
  return entry.kind === 'scenario'
    ? scenarioDiagram(item, entry, index, range, positionAt)
    : conversationDiagram(text, item, entry, index, range, positionAt);
}

// ---------------------------------------------------------------------------------------------
// scenarios

function scenarioDiagram(
  item: Item,
  entry: BlockEntry,
  index: number,
  range: SourceRange,
  positionAt: (offset: number) => SourcePosition,
): ScenarioDiagram {
  const steps: PathStep[] = [];
  if (item.block?.kind === 'scenario') {
    const base = item.start;
    for (const hop of scenarioHops(item.block)) {
      const span = hop.step.span;
      const step: Mutable<PathStep> = { number: steps.length + 1, ok: hop.edge !== undefined, range: { start: positionAt(span.start + base), end: positionAt(span.end + base) } };
      if (hop.from) step.from = hop.from;
      if (hop.to) step.to = hop.to;
      if (hop.edge) step.edgeId = edgeId(hop.edge);
      if (hop.problem) step.problem = hop.problem.message;
      steps.push(step);
    }
  }
  return {
    kind: 'scenario',
    index,
    ...(entry.name !== undefined ? { name: entry.name } : {}),
    range,
    steps,
    syntaxErrors: item.errors.length,
  };
}

// ---------------------------------------------------------------------------------------------
// conversations

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableSegment = Mutable<LadderSegment>;

function conversationDiagram(
  text: string,
  item: Item,
  entry: BlockEntry,
  index: number,
  range: SourceRange,
  positionAt: (offset: number) => SourcePosition,
): ConversationDiagram {
  const table = traceItem(text, item);
  const block = item.block;
  if (!table || block?.kind !== 'conversation') {
    return {
      kind: 'conversation', index, ...(entry.name !== undefined ? { name: entry.name } : {}), range,
      peers: ['client', 'server'], start: ['CLOSED', 'CLOSED'], events: [], segments: [], paths: [[], []],
      syntaxErrors: item.errors.length,
    };
  }
  const names = table.peers;
  // The simulator finds peers by name (names.indexOf), so this gives its indexes back.
  const peerIndex = (name: string | undefined): 0 | 1 | undefined => {
    if (name === undefined) return undefined;
    const i = names.indexOf(name);
    return i === 0 || i === 1 ? i : undefined;
  };

  const events: LadderEvent[] = [];
  const segments: MutableSegment[] = [];
  const paths: [PathStep[], PathStep[]] = [[], []];
  const rows = table.rows;
  // Plain assignments rather than conditional spreads: this loop runs once per event.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const peer = peerIndex(row.peer);
    const eventRange = { start: positionAt(row.span.start), end: positionAt(row.span.end) };
    const sent: number[] = [];
    for (const s of row.sent) {
      sent.push(s.id);
      const segment: MutableSegment = { id: s.id, text: s.text, from: peerIndex(s.from) ?? peer ?? 0, sentAt: i, lost: false };
      if (s.acknowledges) segment.acknowledges = s.acknowledges;
      segments[s.id - 1] = segment;
    }
    const event: Mutable<LadderEvent> = { kind: row.kind, text: row.event, range: eventRange, before: row.before, after: row.after, sent, ok: row.ok };
    if (peer !== undefined) event.peer = peer;
    if (row.received) {
      event.received = row.received.id;
      const taken = segments[row.received.id - 1];
      if (taken) {
        taken.arrivedAt = i;
        taken.lost = row.kind === 'lose';
      }
    }
    if (row.rfc) event.rfc = row.rfc;
    if (row.note) event.note = row.note;
    events.push(event);
    if (peer !== undefined && row.before[peer] !== row.after[peer]) {
      addPeerSteps(paths[peer], block.events[i], row, row.before[peer], row.after[peer], eventRange);
    }
  }
  return {
    kind: 'conversation',
    index,
    ...(entry.name !== undefined ? { name: entry.name } : {}),
    range,
    peers: names,
    start: table.start,
    events,
    segments,
    paths,
    syntaxErrors: item.errors.length,
  };
}

/** Does `trigger` describe what this event did (its call, the segment it received, a timeout)? */
function triggerFits(trigger: Trigger, event: ConversationEvent, row: TraceRow): boolean {
  switch (event.kind) {
    case 'call':
      return trigger.kind === 'call' && trigger.call === event.call;
    case 'recv':
      return trigger.kind === 'recv' && row.received !== undefined && segmentFits(row.received, trigger.segment);
    case 'timeout':
      return trigger.kind === 'timeout';
    default:
      return false;
  }
}

/** The segment's flags match the trigger's, and its ACK acknowledges what the trigger needs. */
function segmentFits(seg: TracedSegment, spec: SegmentSpec): boolean {
  if (!segmentMatches({ flags: seg.text.split('+') as Flag[] }, spec)) return false;
  return spec.ackOf === undefined || spec.ackOf === (seg.acknowledges as AckOf | undefined);
}

/** The edge from `from` to `to` whose trigger fits the event, else any edge between them. */
function edgeForEvent(from: State, to: State, event: ConversationEvent, row: TraceRow): Edge | undefined {
  const edges = edgesBetween(from, to);
  for (const e of edges) if (e.triggers.some((t) => triggerFits(t, event, row))) return e;
  return edges[0];
}

/**
 * A peer's state change as path steps: one for its edge. The simulator takes two edges in one
 * event only when a FIN arrives in SYN_RECEIVED with the ACK of our SYN (→ ESTABLISHED → CLOSE_WAIT);
 * such a change is drawn as the two edges it went through.
 */
function addPeerSteps(path: PathStep[], event: ConversationEvent, row: TraceRow, from: State, to: State, range: SourceRange): void {
  const direct = edgeForEvent(from, to, event, row);
  if (direct) {
    path.push({ number: path.length + 1, from, to, edgeId: edgeId(direct), ok: true, range });
    return;
  }
  for (const via of STATES) {
    const first = edgesBetween(from, via);
    const second = edgesBetween(via, to);
    if (first.length === 0 || second.length === 0) continue;
    const a = edgeForEvent(from, via, event, row)!;
    const b = edgeForEvent(via, to, event, row)!;
    path.push({ number: path.length + 1, from, to: via, edgeId: edgeId(a), ok: true, range });
    path.push({ number: path.length + 1, from: via, to, edgeId: edgeId(b), ok: true, range });
    return;
  }
  path.push({ number: path.length + 1, from, to, ok: false, problem: `no edge of the table joins ${from} and ${to}`, range });
}
