// The TCP state machine of RFC 9293 as data: states, accepted spellings, every edge with its
// trigger, action and RFC source. Everything else (checker, hover, grammar, diagram) reads this.

export const STATES = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
] as const;

export type State = (typeof STATES)[number];

/** RFC 9293 section 3.5.2: the states in which both sides' sequence numbers are known. */
export const SYNCHRONIZED_STATES: readonly State[] = [
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
];

/**
 * Where a spelling is printed, for the `tcpfsm.stateNames` setting: `rfc-figure` for the boxes
 * of RFC 9293 Figure 5, `ss` for what Linux's `ss` prints (with `-` for `_`).
 */
export type NameSource = 'rfc-figure' | 'ss';

export interface Alias {
  readonly name: string;
  readonly origin: string;
  /** The sources among `NameSource` that print this alias (none for the other aliases). */
  readonly printedBy?: readonly NameSource[];
}

/** Spellings accepted without complaint besides the canonical name (SPEC section 2). */
export const ALIASES: Readonly<Record<State, readonly Alias[]>> = {
  CLOSED: [
    // netstat prints CLOSE; /proc/net/tcp prints hex codes (07), not names.
    { name: 'CLOSE', origin: 'Linux netstat' },
    { name: 'UNCONN', origin: 'ss', printedBy: ['ss'] },
  ],
  LISTEN: [],
  SYN_SENT: [],
  SYN_RECEIVED: [
    { name: 'SYN_RCVD', origin: 'BSD and the RFC 9293 figure', printedBy: ['rfc-figure'] },
    { name: 'SYN_RECV', origin: 'Linux', printedBy: ['ss'] },
  ],
  // The RFC 9293 figure's box says ESTAB too.
  ESTABLISHED: [{ name: 'ESTAB', origin: 'ss', printedBy: ['ss', 'rfc-figure'] }],
  FIN_WAIT_1: [
    { name: 'FIN_WAIT1', origin: 'Linux netstat' },
    { name: 'FINWAIT_1', origin: 'common spelling' },
  ],
  FIN_WAIT_2: [
    { name: 'FIN_WAIT2', origin: 'Linux netstat' },
    // The RFC 9293 figure's box says FINWAIT-2.
    { name: 'FINWAIT_2', origin: 'common spelling', printedBy: ['rfc-figure'] },
  ],
  CLOSE_WAIT: [],
  CLOSING: [],
  LAST_ACK: [],
  TIME_WAIT: [],
};

/** How a state name was written: canonical or which alias. */
export interface StateLookup {
  readonly state: State;
  readonly alias?: Alias;
}

/** Case-insensitive, with `-` and `_` the same character (SPEC section 1). */
export function normalizeStateName(text: string): string {
  return text.toUpperCase().replace(/-/g, '_');
}

const stateByName = new Map<string, StateLookup>();
for (const state of STATES) {
  stateByName.set(state, { state });
  for (const alias of ALIASES[state]) stateByName.set(alias.name, { state, alias });
}

export function lookupState(text: string): StateLookup | undefined {
  // Most names are written canonically: skip the normalisation then.
  return stateByName.get(text) ?? stateByName.get(normalizeStateName(text));
}

/** Every accepted spelling, canonical names first. */
export function allStateSpellings(): string[] {
  return [...STATES, ...STATES.flatMap((s) => ALIASES[s].map((a) => a.name))];
}

// ---------------------------------------------------------------------------------------------
// Segments and edges

export type Flag = 'SYN' | 'ACK' | 'FIN' | 'RST' | 'DATA';
export const FLAGS: readonly Flag[] = ['SYN', 'ACK', 'FIN', 'RST', 'DATA'];
/** What an ACK acknowledges, when it matters for the transition. */
export type AckOf = 'SYN' | 'FIN';

export interface SegmentSpec {
  readonly flags: ReadonlySet<Flag>;
  readonly ackOf?: AckOf;
}

export type UserCall = 'listen' | 'connect' | 'close' | 'shutdown' | 'abort' | 'send-data';
export const USER_CALLS: readonly UserCall[] = ['listen', 'connect', 'close', 'shutdown', 'abort', 'send-data'];

/** The timers of RFC 9293 3.10.8 and section 8 of the SPEC (`fin-wait-2` is Linux's). */
export type Timer = '2msl' | 'retransmit' | 'user' | 'keepalive' | 'fin-wait-2';
export const TIMERS: readonly Timer[] = ['2msl', 'retransmit', 'user', 'keepalive', 'fin-wait-2'];
/** How a timer is written: `timeout 2MSL`, `timeout fin-wait-2`. */
export function formatTimer(timer: Timer): string {
  return timer === '2msl' ? '2MSL' : timer;
}

/** How an endpoint behaves where RFC 9293 leaves a choice or Linux departs from it (SPEC section 8). */
export type Stack = 'rfc9293' | 'linux';
export const STACKS: readonly Stack[] = ['rfc9293', 'linux'];

export type Trigger =
  | { readonly kind: 'call'; readonly call: UserCall }
  | { readonly kind: 'recv'; readonly segment: SegmentSpec }
  | { readonly kind: 'timeout'; readonly timer: Timer };

/**
 * Conditions that depend on how the state was entered or on the stack:
 * - `from-listen`: SYN_RECEIVED was reached from LISTEN (RFC 9293 note 1);
 * - `not-from-listen`: SYN_RECEIVED was not reached from LISTEN (active open, reopen); when the
 *   history is unknown this one is given the benefit of the doubt;
 * - `linux-after-close`: stack `linux` and the application called `close` (not `shutdown`):
 *   Linux's half-duplex close (SPEC section 8).
 */
export type EdgeCondition = 'from-listen' | 'not-from-listen' | 'linux-after-close';

/**
 * An edge of the table. `main` and `exceptional` edges change the state; `staying` steps keep it
 * (the RFC's answers, retransmissions and timers: SPEC section 4, "Steps that stay").
 */
export interface Edge {
  readonly from: State;
  readonly to: State;
  readonly kind: 'main' | 'exceptional' | 'staying';
  /** Alternatives: any one of them triggers the edge. Empty when the edge has no trigger (note 3, `send ACK`). */
  readonly triggers: readonly Trigger[];
  readonly action?: SegmentSpec;
  readonly condition?: EdgeCondition;
  /** RFC 9293 sections this edge comes from, most specific last. */
  readonly rfc: readonly string[];
  /** A few words on when the edge is taken, for hover and completion details. */
  readonly note?: string;
}

export function segment(text: string): SegmentSpec {
  const [flagText, ackOf] = text.split(' of ');
  const flags = new Set(flagText.split('+') as Flag[]);
  return ackOf ? { flags, ackOf: ackOf as AckOf } : { flags };
}

const call = (c: UserCall): Trigger => ({ kind: 'call', call: c });
const recv = (s: string): Trigger => ({ kind: 'recv', segment: segment(s) });
const timeout = (timer: Timer): Trigger => ({ kind: 'timeout', timer });

const FIGURE_5 = '3.3.2 (Figure 5)';

const MAIN_EDGES: Edge[] = [
  { from: 'CLOSED', to: 'LISTEN', kind: 'main', triggers: [call('listen')], rfc: [FIGURE_5, '3.10.1'], note: 'passive open' },
  { from: 'CLOSED', to: 'SYN_SENT', kind: 'main', triggers: [call('connect')], action: segment('SYN'), rfc: [FIGURE_5, '3.10.1'], note: 'active open' },
  { from: 'LISTEN', to: 'CLOSED', kind: 'main', triggers: [call('close'), call('shutdown')], rfc: [FIGURE_5, '3.10.4'] },
  { from: 'LISTEN', to: 'SYN_RECEIVED', kind: 'main', triggers: [recv('SYN')], action: segment('SYN+ACK of SYN'), rfc: [FIGURE_5, '3.10.7.2'] },
  {
    from: 'LISTEN', to: 'SYN_SENT', kind: 'main', triggers: [call('send-data'), call('connect')], action: segment('SYN'),
    rfc: [FIGURE_5, '3.10.1', '3.10.2'], note: 'a listening socket turned active by SEND or an active OPEN',
  },
  { from: 'SYN_SENT', to: 'CLOSED', kind: 'main', triggers: [call('close'), call('shutdown')], rfc: [FIGURE_5, '3.10.4'] },
  { from: 'SYN_SENT', to: 'SYN_RECEIVED', kind: 'main', triggers: [recv('SYN')], action: segment('SYN+ACK of SYN'), rfc: [FIGURE_5, '3.10.7.3'], note: 'simultaneous open' },
  { from: 'SYN_SENT', to: 'ESTABLISHED', kind: 'main', triggers: [recv('SYN+ACK of SYN')], action: segment('ACK of SYN'), rfc: [FIGURE_5, '3.10.7.3'] },
  {
    from: 'SYN_RECEIVED', to: 'ESTABLISHED', kind: 'main',
    triggers: [recv('ACK of SYN'), recv('SYN+ACK of SYN')],
    rfc: [FIGURE_5, '3.10.7.4'],
    note: 'in a simultaneous open the ACK arrives as SYN+ACK',
  },
  { from: 'SYN_RECEIVED', to: 'FIN_WAIT_1', kind: 'main', triggers: [call('close'), call('shutdown')], action: segment('FIN'), rfc: [FIGURE_5, '3.10.4'] },
  { from: 'ESTABLISHED', to: 'FIN_WAIT_1', kind: 'main', triggers: [call('close'), call('shutdown')], action: segment('FIN'), rfc: [FIGURE_5, '3.10.4'], note: 'active close' },
  { from: 'ESTABLISHED', to: 'CLOSE_WAIT', kind: 'main', triggers: [recv('FIN')], action: segment('ACK of FIN'), rfc: [FIGURE_5, '3.10.7.4'], note: 'passive close' },
  { from: 'FIN_WAIT_1', to: 'FIN_WAIT_2', kind: 'main', triggers: [recv('ACK of FIN')], rfc: [FIGURE_5, '3.10.7.4'] },
  { from: 'FIN_WAIT_1', to: 'CLOSING', kind: 'main', triggers: [recv('FIN')], action: segment('ACK of FIN'), rfc: [FIGURE_5, '3.10.7.4'], note: 'simultaneous close: our FIN not yet acknowledged' },
  { from: 'FIN_WAIT_1', to: 'TIME_WAIT', kind: 'main', triggers: [recv('FIN+ACK of FIN')], action: segment('ACK of FIN'), rfc: ['3.3.2 note 2', '3.10.7.4'], note: 'the FIN also acknowledges ours' },
  { from: 'FIN_WAIT_2', to: 'TIME_WAIT', kind: 'main', triggers: [recv('FIN')], action: segment('ACK of FIN'), rfc: [FIGURE_5, '3.10.7.4'] },
  { from: 'CLOSING', to: 'TIME_WAIT', kind: 'main', triggers: [recv('ACK of FIN')], rfc: [FIGURE_5, '3.10.7.4'] },
  { from: 'CLOSE_WAIT', to: 'LAST_ACK', kind: 'main', triggers: [call('close'), call('shutdown')], action: segment('FIN'), rfc: [FIGURE_5, '3.10.4'] },
  { from: 'LAST_ACK', to: 'CLOSED', kind: 'main', triggers: [recv('ACK of FIN')], rfc: [FIGURE_5, '3.10.7.4'] },
  { from: 'TIME_WAIT', to: 'CLOSED', kind: 'main', triggers: [timeout('2msl')], rfc: [FIGURE_5, '3.10.8'] },
];

const RST_RECEIVERS: State[] = ['SYN_SENT', 'SYN_RECEIVED', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'];
const ABORT_WITH_RST: State[] = ['SYN_RECEIVED', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT'];
const ABORT_SILENT: State[] = ['LISTEN', 'SYN_SENT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'];

const EXCEPTIONAL_EDGES: Edge[] = [
  {
    from: 'SYN_RECEIVED', to: 'LISTEN', kind: 'exceptional', triggers: [recv('RST')], condition: 'from-listen',
    rfc: ['3.3.2 note 1', '3.10.7.4'], note: 'only when SYN_RECEIVED was reached from LISTEN',
  },
  {
    from: 'SYN_RECEIVED', to: 'LISTEN', kind: 'exceptional', triggers: [recv('SYN')], condition: 'from-listen',
    rfc: ['3.10.7.4'], note: 'a SYN of a new connection (not a retransmission of the SYN it has), only when SYN_RECEIVED was reached from LISTEN',
  },
  ...RST_RECEIVERS.map((from): Edge => ({
    // In SYN_SENT only a RST whose ACK acknowledges our SYN is acceptable (3.10.7.3).
    from, to: 'CLOSED', kind: 'exceptional', triggers: [recv(from === 'SYN_SENT' ? 'RST of SYN' : 'RST')],
    ...(from === 'SYN_RECEIVED' ? { condition: 'not-from-listen' as const, note: 'only when SYN_RECEIVED was not reached from LISTEN' } : {}),
    rfc: ['3.3.2 note 3', from === 'SYN_SENT' ? '3.10.7.3' : '3.10.7.4'],
  })),
  ...ABORT_WITH_RST.map((from): Edge => ({
    from, to: 'CLOSED', kind: 'exceptional', triggers: [call('abort')], action: segment('RST'), rfc: ['3.10.5'],
  })),
  ...ABORT_SILENT.map((from): Edge => ({
    from, to: 'CLOSED', kind: 'exceptional', triggers: [call('abort')], rfc: ['3.10.5'], note: 'nothing is sent',
  })),
  ...STATES.filter((s) => s !== 'CLOSED').map((from): Edge => ({
    from, to: 'CLOSED', kind: 'exceptional', triggers: [timeout('user')], rfc: ['3.10.8'], note: 'user timeout',
  })),
  ...SYNCHRONIZED_STATES.map((from): Edge => ({
    from, to: 'TIME_WAIT', kind: 'exceptional', triggers: [], action: segment('RST'), rfc: ['3.3.2 note 3'],
    note: 'the side sending a RST may hold TIME_WAIT',
  })),
  {
    from: 'TIME_WAIT', to: 'SYN_RECEIVED', kind: 'exceptional', triggers: [recv('SYN')], action: segment('SYN+ACK of SYN'),
    rfc: ['3.6.1 MAY-2', 'RFC 6191', '3.10.7.4'], note: 'a SYN of a new connection reopens it',
  },
  ...(['FIN_WAIT_1', 'FIN_WAIT_2'] as const).map((from): Edge => ({
    from, to: 'CLOSED', kind: 'exceptional', triggers: [recv('DATA')], action: segment('RST'), condition: 'linux-after-close',
    rfc: ['3.6.1 SHLD-3', 'RFC 1122 4.2.2.13'], note: 'data after a half-duplex close is answered with RST (stack linux, after close)',
  })),
  {
    from: 'FIN_WAIT_2', to: 'CLOSED', kind: 'exceptional', triggers: [timeout('fin-wait-2')], condition: 'linux-after-close',
    rfc: ['Linux tcp_fin_timeout'], note: 'an orphaned FIN_WAIT_2 is deleted after tcp_fin_timeout (stack linux, after close)',
  },
];

/** Every segment a peer can send that carries an ACK (what "any segment with ACK" means in the table). */
const WITH_ACK = ['ACK', 'SYN+ACK', 'FIN', 'DATA', 'DATA+FIN'];
const stay = (states: readonly State[], triggers: Trigger[], action: string | undefined, rfc: string[], note: string): Edge[] =>
  states.map((s): Edge => ({ from: s, to: s, kind: 'staying', triggers, ...(action ? { action: segment(action) } : {}), rfc, note }));

/** Steps that stay in their state (SPEC section 4). A scenario must label them. */
const STAYING_STEPS: Edge[] = [
  ...stay(['CLOSED'], ['SYN', 'SYN+ACK', 'ACK', 'FIN', 'DATA', 'DATA+FIN'].map(recv), 'RST', ['3.10.7.1'], 'no connection: anything but a RST is answered with RST'),
  ...stay(['LISTEN'], WITH_ACK.map(recv), 'RST', ['3.10.7.2'], 'a segment with an ACK is answered with RST'),
  ...stay(['LISTEN'], [recv('RST')], undefined, ['3.10.7.2'], 'a RST is ignored'),
  ...stay(['SYN_SENT'], [timeout('retransmit')], 'SYN', ['3.10.8'], 'the SYN is sent again'),
  ...stay(['SYN_SENT'], WITH_ACK.map(recv), 'RST', ['3.10.7.3'], 'an ACK that does not acknowledge our SYN is answered with RST'),
  ...stay(['SYN_SENT', 'SYN_RECEIVED'], [call('send-data')], undefined, ['3.10.2'], 'the data is queued until the connection is established'),
  ...stay(['SYN_RECEIVED'], [timeout('retransmit')], 'SYN+ACK', ['3.10.8'], 'the SYN+ACK is sent again'),
  ...stay(['SYN_RECEIVED'], [recv('SYN')], 'SYN+ACK', ['3.10.7.4'], 'a retransmitted SYN is answered with SYN+ACK again'),
  ...stay(['ESTABLISHED', 'CLOSE_WAIT'], [call('send-data')], 'DATA', ['3.10.2'], 'data is sent'),
  ...stay(['ESTABLISHED', 'CLOSE_WAIT'], [timeout('retransmit')], 'DATA', ['3.10.8'], 'unacknowledged data is sent again'),
  ...stay(['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2'], [recv('DATA')], 'ACK', ['3.10.7.4'], 'data is accepted and acknowledged'),
  ...stay(['FIN_WAIT_1', 'CLOSING', 'LAST_ACK'], [timeout('retransmit')], 'FIN', ['3.10.8'], 'the unacknowledged FIN is sent again'),
  // SPEC section 5 retransmits "the oldest segment sent and not acknowledged": in these states it
  // can be data sent before the FIN, or data and FIN in one segment (a choice, docs/language.md).
  ...stay(['FIN_WAIT_1', 'CLOSING', 'LAST_ACK'], [timeout('retransmit')], 'DATA', ['3.10.8'], 'data sent before the FIN is sent again'),
  ...stay(['FIN_WAIT_1', 'CLOSING', 'LAST_ACK'], [timeout('retransmit')], 'DATA+FIN', ['3.10.8'], 'the unacknowledged data and FIN are sent again'),
  ...stay(['FIN_WAIT_1'], [timeout('retransmit')], 'SYN+ACK', ['3.10.8'], 'closed in SYN_RECEIVED before its SYN was acknowledged: the SYN+ACK is sent again'),
  ...stay(['TIME_WAIT'], [recv('FIN')], 'ACK', ['3.10.7.4'], 'a retransmitted FIN is acknowledged and 2MSL restarts'),
  ...stay(SYNCHRONIZED_STATES, [recv('SYN')], 'ACK', ['3.10.7.4', 'RFC 5961'], 'a SYN in a synchronized state gets a challenge ACK'),
  ...stay(SYNCHRONIZED_STATES, WITH_ACK.map(recv), 'ACK', ['3.10.7.4', 'RFC 1122 4.2.3.6'], 'a duplicate, old or unacceptable segment, or a keep-alive probe, is acknowledged'),
  ...stay(['ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT_2'], [timeout('keepalive')], 'ACK', ['RFC 1122 4.2.3.6'], 'a keep-alive probe'),
  ...stay(SYNCHRONIZED_STATES, [], 'ACK', ['3.10.7.4'], 'a pure ACK: a delayed ACK or a window update'),
];

/** Every edge: main, exceptional, then the staying steps. An edge's id is its index here. */
export const EDGES: readonly Edge[] = [...MAIN_EDGES, ...EXCEPTIONAL_EDGES, ...STAYING_STEPS];
const NO_EDGES: readonly Edge[] = [];

const edgesByPair = new Map<State, Map<State, Edge[]>>(STATES.map((s) => [s, new Map()]));
const edgesFromState = new Map<State, Edge[]>(STATES.map((s) => [s, []]));
const edgesToState = new Map<State, Edge[]>(STATES.map((s) => [s, []]));
const stayingFromState = new Map<State, Edge[]>(STATES.map((s) => [s, []]));
for (const edge of EDGES) {
  if (edge.kind === 'staying') {
    stayingFromState.get(edge.from)!.push(edge);
    continue;
  }
  const byTarget = edgesByPair.get(edge.from)!;
  const list = byTarget.get(edge.to);
  if (list) list.push(edge);
  else byTarget.set(edge.to, [edge]);
  edgesFromState.get(edge.from)!.push(edge);
  edgesToState.get(edge.to)!.push(edge);
}

/** The edges from one state to another; for the same state, its staying steps. */
/** For each state, its self-edges (note 3's TIME_WAIT `send RST`) and then its staying steps. */
const stayingOrLoopEdges = new Map<State, Edge[]>(STATES.map((s) => [s, [...(edgesByPair.get(s)!.get(s) ?? []), ...stayingFromState.get(s)!]]));

export function edgesBetween(from: State, to: State): readonly Edge[] {
  if (from === to) return stayingOrLoopEdges.get(from)!;
  return edgesByPair.get(from)!.get(to) ?? NO_EDGES;
}
/** The steps that stay in `state` (SPEC section 4). */
export function stayingSteps(state: State): readonly Edge[] {
  return stayingFromState.get(state)!;
}
/** The edges that leave `state` (main and exceptional; not the staying steps). */
export function edgesFrom(state: State): readonly Edge[] {
  return edgesFromState.get(state)!;
}
export function edgesTo(state: State): readonly Edge[] {
  return edgesToState.get(state)!;
}

// ---------------------------------------------------------------------------------------------
// Formatting edges the way users write them

/** The order flags are written in: `SYN+ACK`, `FIN+ACK`, `DATA+FIN+ACK`. */
export const FLAG_ORDER: readonly Flag[] = ['SYN', 'DATA', 'FIN', 'RST', 'ACK'];

export function formatSegment(seg: SegmentSpec, withAckOf = false): string {
  const flags = FLAG_ORDER.filter((f) => seg.flags.has(f)).join('+');
  return withAckOf && seg.ackOf ? `${flags} of ${seg.ackOf}` : flags;
}

export function formatCall(c: UserCall): string {
  return c === 'send-data' ? 'send data' : c;
}

export function formatTrigger(t: Trigger, withAckOf = false): string {
  switch (t.kind) {
    case 'call':
      return formatCall(t.call);
    case 'recv':
      return `recv ${formatSegment(t.segment, withAckOf)}`;
    case 'timeout':
      return `timeout ${formatTimer(t.timer)}`;
  }
}

/** `trigger / action` as written in a scenario label, e.g. `recv SYN+ACK / send ACK`. */
export function edgeLabel(edge: Edge, withAckOf = false): string {
  const trigger = edge.triggers.length > 0 ? formatTrigger(edge.triggers[0], withAckOf) : '';
  const action = edge.action ? `send ${formatSegment(edge.action, withAckOf)}` : '';
  return trigger && action ? `${trigger} / ${action}` : trigger || action;
}

/** A trigger as a user writes it: a received lone ACK says what it acknowledges (`recv ACK of FIN`). */
export function writtenTrigger(t: Trigger): string {
  return formatTrigger(t, t.kind === 'recv' && t.segment.flags.size === 1 && t.segment.flags.has('ACK'));
}

/**
 * An edge's label as a user writes it, like the RFC figure: `recv ACK of SYN`, but
 * `recv SYN+ACK / send ACK` (what a sent ACK acknowledges goes without saying).
 */
export function writtenLabel(edge: Edge): string {
  const trigger = edge.triggers.length > 0 ? writtenTrigger(edge.triggers[0]) : '';
  const action = edge.action ? `send ${formatSegment(edge.action)}` : '';
  return trigger && action ? `${trigger} / ${action}` : trigger || action;
}

/** What a conditional edge depends on: how the state was entered, the stack, how the socket was closed. */
export interface EdgeContext {
  readonly enteredFrom?: State;
  readonly stack?: Stack;
  /** How the application closed the socket, when it did: `close` or `shutdown`. */
  readonly closedBy?: 'close' | 'shutdown';
}

/**
 * Whether a conditional edge applies. A state entered from `enteredFrom` (RFC 9293 note 1); the
 * Linux half-duplex close needs stack `linux` and no `shutdown` (a context that does not say how
 * the socket was closed gets the benefit of the doubt).
 */
export function edgeConditionHolds(edge: Edge, context: State | EdgeContext | undefined): boolean {
  const ctx: EdgeContext = typeof context === 'string' || context === undefined ? { enteredFrom: context } : context;
  switch (edge.condition) {
    case undefined:
      return true;
    case 'from-listen':
      return ctx.enteredFrom === 'LISTEN';
    case 'not-from-listen':
      return ctx.enteredFrom !== 'LISTEN';
    case 'linux-after-close':
      return ctx.stack === 'linux' && ctx.closedBy !== 'shutdown';
  }
}

/** Short event words used when summarising exceptional edges ("RST/abort/timeout"). */
export function edgeEventWord(edge: Edge): string {
  if (edge.triggers.length === 0) return edge.action ? `send ${formatSegment(edge.action)}` : '';
  const t = edge.triggers[0];
  if (t.kind === 'recv') return formatSegment(t.segment);
  if (t.kind === 'call') return formatCall(t.call);
  return t.timer === 'user' ? 'timeout' : `timeout ${formatTimer(t.timer)}`;
}

// ---------------------------------------------------------------------------------------------
// The segment matching rule (SPEC section 3)

export interface WrittenSegment {
  readonly flags: readonly Flag[];
  readonly ackOf?: AckOf;
}

/**
 * Segments match by their flags. Next to FIN or RST an ACK is optional; next to SYN (or alone) it
 * is significant. `of SYN` / `of FIN`, when written, must name what the spec's ACK acknowledges.
 */
export function segmentMatches(written: WrittenSegment, spec: SegmentSpec): boolean {
  const w = written.flags;
  const s = spec.flags;
  if (w.includes('SYN') !== s.has('SYN')) return false;
  if (w.includes('FIN') !== s.has('FIN')) return false;
  if (w.includes('RST') !== s.has('RST')) return false;
  if (w.includes('DATA') !== s.has('DATA')) return false;
  // DATA always carries an ACK (SPEC section 5), so writing it is optional there too.
  const ackOptional = s.has('FIN') || s.has('RST') || s.has('DATA');
  if (!ackOptional && w.includes('ACK') !== s.has('ACK')) return false;
  if (written.ackOf !== undefined && written.ackOf !== spec.ackOf) return false;
  return true;
}
