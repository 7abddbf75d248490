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
  OwedAck,
  PathStep,
  ScenarioDiagram,
  SourcePosition,
  SourceRange,
  StateSpan,
} from '../protocol/diagram';
import { parseItem } from '../syntax/parser';
import { LineIndex } from '../syntax/lines';
import type { Item } from '../syntax/tree';
import { STATE_DOCS } from '../tcp/docs';
import type { EngineStep } from '../tcp/endpoint';
import { ALIASES, type Edge, EDGES, type State, STATES, writtenLabel } from '../tcp/machine';
import { scenarioHops, scenarioStack } from './check';
import { playgroundOf } from './playground';
import { type BlockEntry, IncrementalAnalysis } from './incremental';
import { type TraceRow, traceItemWithSteps } from './trace';

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
  const diagram = entry.kind === 'scenario'
    ? scenarioDiagram(item, entry, index, range, positionAt)
    : conversationDiagram(text, item, entry, index, range, positionAt);
  const playground = playgroundOf(text, item, positionAt);
  return playground ? { ...diagram, playground } : diagram;
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
    stack: item.block?.kind === 'scenario' ? scenarioStack(item.block) : 'rfc9293',
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
  const traced = traceItemWithSteps(text, item);
  const block = item.block;
  if (!traced || block?.kind !== 'conversation') {
    return {
      kind: 'conversation', index, ...(entry.name !== undefined ? { name: entry.name } : {}), range,
      peers: ['client', 'server'], stacks: ['rfc9293', 'rfc9293'], start: ['CLOSED', 'CLOSED'], timed: false, events: [], segments: [],
      paths: [[], []], owedAcks: [], syntaxErrors: item.errors.length,
    };
  }
  const { table } = traced;
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
  const owed = new OwedAcks();
  const durations = table.timed ? new Durations(table.start) : undefined;
  const rows = table.rows;
  // Plain assignments rather than conditional spreads: this loop runs once per event.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const written = block.events[i];
    const peer = peerIndex(row.peer);
    const eventRange = { start: positionAt(row.span.start), end: positionAt(row.span.end) };
    const sent: number[] = [];
    for (const s of row.sent) {
      sent.push(s.id);
      const segment: MutableSegment = { id: s.id, text: s.text, from: peerIndex(s.from) ?? peer ?? 0, sentAt: i, lost: false };
      if (s.acknowledges) segment.acknowledges = s.acknowledges;
      if (s.mark) segment.mark = s.mark;
      segments[s.id - 1] = segment;
    }
    const event: Mutable<LadderEvent> = { kind: row.kind, text: row.event, range: eventRange, before: row.before, after: row.after, sent, ok: row.ok };
    if (peer !== undefined) event.peer = peer;
    if (row.time !== undefined) event.time = row.time;
    if (row.received) {
      event.received = row.received.id;
      let taken = segments[row.received.id - 1];
      if (!taken && row.received.mark === 'old') {
        // An old segment arrives from outside the conversation: nothing sent it.
        const r = row.received;
        taken = { id: r.id, text: r.text, from: peerIndex(r.from) ?? 0, lost: false, mark: 'old' };
        if (r.acknowledges) taken.acknowledges = r.acknowledges;
        segments[r.id - 1] = taken;
      }
      if (taken) {
        taken.arrivedAt = i;
        taken.lost = row.kind === 'lose';
      }
    }
    if (row.rfc) event.rfc = row.rfc;
    if (row.check) event.check = row.check;
    if (row.note) event.note = row.note;
    if (row.timer) event.timer = row.timer;
    const crash = row.ok && written.kind === 'call' && written.call === 'crash';
    if (crash) event.crash = true;
    const delays = row.ok && written.kind === 'recv' && written.delayAck !== undefined;
    if (delays) event.delaysAck = true;
    events.push(event);
    owed.after(i, row, delays ? peer : undefined, peerIndex);
    durations?.after(i, row);
    if (peer !== undefined) addPeerSteps(paths[peer], traced.steps[i].steps, row.before[peer], row.after[peer], crash, eventRange);
  }
  const diagram: Mutable<ConversationDiagram> = {
    kind: 'conversation',
    index,
    ...(entry.name !== undefined ? { name: entry.name } : {}),
    range,
    peers: names,
    stacks: table.stacks,
    start: table.start,
    timed: table.timed,
    events,
    segments,
    paths,
    owedAcks: owed.list,
    syntaxErrors: item.errors.length,
  };
  if (durations) diagram.durations = durations.spans;
  return diagram;
}

/**
 * A peer's table steps for one event, as path steps: each state change and each step that stays in
 * its state (the engine names the table entry of each), or the jump of a crash, which is no TCP
 * event. An event can take two steps: a FIN arriving in SYN_RECEIVED with the ACK of our SYN
 * (→ ESTABLISHED → CLOSE_WAIT), or a simultaneous open's SYN+ACK (→ ESTABLISHED, then its
 * duplicate SYN acknowledged).
 */
function addPeerSteps(path: PathStep[], steps: readonly EngineStep[], before: State, after: State, crash: boolean, range: SourceRange): void {
  for (const step of steps) {
    const hop: Mutable<PathStep> = { number: path.length + 1, from: step.from, to: step.to, ok: step.edge !== undefined, range };
    if (step.edge) hop.edgeId = edgeId(step.edge);
    else hop.problem = `the simulation took a step from ${step.from} to ${step.to} that is not in the table`;
    path.push(hop);
  }
  const reached = steps.length > 0 ? steps[steps.length - 1].to : before;
  if (reached === after) return;
  if (crash) path.push({ number: path.length + 1, from: reached, to: after, ok: true, crash: true, range });
  else path.push({ number: path.length + 1, from: reached, to: after, ok: false, problem: `no edge of the table joins ${reached} and ${after}`, range });
}

/** Follows `owes` from row to row: each debt from the receive that delayed it to the event that paid or dropped it. */
class OwedAcks {
  readonly list: Mutable<OwedAck>[] = [];
  private readonly open: (Mutable<OwedAck> | undefined)[] = [undefined, undefined];

  after(i: number, row: TraceRow, delayedAt: 0 | 1 | undefined, peerIndex: (name: string) => 0 | 1 | undefined): void {
    for (const peer of [0, 1] as const) {
      const debt = this.open[peer];
      if (!debt || row.owes[peer]) continue;
      debt.paidAt = i;
      // The first segment the peer sent with an ACK carried it (none: a crash or an abort dropped it).
      const carrier = row.sent.find((s) => peerIndex(s.from) === peer && s.text.split('+').includes('ACK'));
      if (carrier) debt.paidBy = carrier.id;
      this.open[peer] = undefined;
    }
    // A second delayed receive before the ACK leaves is paid by the same ACK: one debt.
    if (delayedAt !== undefined && row.owes[delayedAt] && !this.open[delayedAt]) {
      const debt: Mutable<OwedAck> = { peer: delayedAt, owedAt: i };
      this.open[delayedAt] = debt;
      this.list.push(debt);
    }
  }
}

/** Each peer's stays in its states, from the times the simulation says each state was entered. */
class Durations {
  readonly spans: [Mutable<StateSpan>[], Mutable<StateSpan>[]];

  constructor(start: readonly [State, State]) {
    this.spans = [[{ state: start[0], from: 0 }], [{ state: start[1], from: 0 }]];
  }

  after(i: number, row: TraceRow): void {
    for (const peer of [0, 1] as const) {
      if (row.after[peer] === row.before[peer]) continue;
      const spans = this.spans[peer];
      const last = spans[spans.length - 1];
      const at = row.since?.[peer] ?? row.time ?? last.from;
      last.to = at;
      last.leftAt = i;
      spans.push({ state: row.after[peer], from: at, enteredAt: i });
    }
  }
}
