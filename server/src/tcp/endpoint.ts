// One TCP endpoint following RFC 9293 section 3.10 ("Event Processing"): its TCB and one method
// per kind of event (user calls 3.10.1–3.10.5, SEGMENT ARRIVES 3.10.7 per state group in the
// RFC's order of checks, the timers of 3.10.8). Independent of the syntax tree: the conversation
// checker and the capture importer drive it through `Network` (network.ts).
//
// Sequence space, abstracted: in each connection an endpoint's SYN is unit 0, each data segment
// one unit, the FIN one unit. An ACK carries the receiver's connection and the next unit expected,
// so "does this ACK acknowledge our FIN, from this connection?" is a comparison, as in the RFC.

import {
  type AckOf,
  type Edge,
  EDGES,
  type Flag,
  FLAG_ORDER,
  segmentMatches,
  type Stack,
  type State,
  STATES,
  SYNCHRONIZED_STATES,
  type Timer,
  TIMERS,
  type Trigger,
  USER_CALLS,
  type UserCall,
} from './machine';

/** A connection of one endpoint: a new one begins each time it opens. Generation 0 is "older than any". */
export interface ConnId {
  readonly peer: 0 | 1;
  readonly gen: number;
}

export interface Ack {
  /** The receiver's connection this ACK belongs to. */
  readonly conn: ConnId;
  /** The next unit of the receiver's sequence space that the sender expects. */
  readonly next: number;
}

/** What marks a segment out of the ordinary, for traces and the ladder. */
export type SegmentMark = 'retransmission' | 'probe' | 'old' | 'challenge';

/** A segment as an endpoint sends it, before the network numbers it. */
export interface SegmentBody {
  readonly from: 0 | 1;
  /** Flags in the order they are written (`SYN+ACK`, `DATA+FIN+ACK`…). */
  readonly flags: readonly Flag[];
  /** The connection whose sequence space SEQ is in (undefined: SEQ 0 of no connection). */
  readonly conn?: ConnId;
  readonly seq: number;
  /** Units the segment occupies: SYN, data and FIN count one each. */
  readonly len: number;
  readonly ack?: Ack;
  /** What of the receiver's the ACK acknowledges, when it acknowledges its SYN or FIN. */
  readonly ackOf?: AckOf;
  readonly mark?: SegmentMark;
}

/** A segment in flight, numbered by the network in the order segments were sent (from 1). */
export interface Segment extends SegmentBody {
  readonly id: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function has(seg: SegmentBody, flag: Flag): boolean {
  return seg.flags.includes(flag);
}

/** One step of the table an event took: a state change or a staying step. */
export interface EngineStep {
  readonly from: State;
  readonly to: State;
  /** What triggered it: a call, a timer, the part of an arriving segment; none for `send ACK`. */
  readonly trigger?: Trigger;
  /** The table entry: undefined only if the engine strayed from the table (a property test checks). */
  readonly edge?: Edge;
}

/** What an event did at one endpoint. */
export interface Outcome {
  /** Set when the event is not legal (illegal-call): the message says what is legal. Nothing changed then. */
  readonly problem?: string;
  readonly steps: readonly EngineStep[];
  readonly sent: readonly SegmentBody[];
  /** The RFC 9293 section of the rule applied. */
  readonly rfc?: string;
  /** A few words on what happened. */
  readonly note?: string;
  /** Which check of 3.10.7 decided (e.g. `first check: duplicate, answered with ACK`). */
  readonly check?: string;
  /** The endpoint owes an ACK after this event (a receive written `/ delay ACK`). */
  readonly owesAck?: boolean;
}

/** SPEC section 8: how long the timers run, in seconds. */
export const DURATIONS: Readonly<Record<Stack, { readonly twoMsl: number; readonly finWait2?: number; readonly keepaliveIdle: number; readonly keepaliveInterval: number }>> = {
  rfc9293: { twoMsl: 240, keepaliveIdle: 7200, keepaliveInterval: 75 },
  linux: { twoMsl: 60, finWait2: 60, keepaliveIdle: 7200, keepaliveInterval: 75 },
};

export type CallEvent = UserCall | 'send-data-close' | 'send-ack' | 'crash';

interface Unacked {
  readonly seq: number;
  readonly syn: boolean;
  readonly data: boolean;
  readonly fin: boolean;
}

/** An arriving segment as the checks of 3.10.7.4 see it. */
interface Arrival {
  readonly seg: SegmentBody;
  /** Written `recv old`, in a synchronized state: unacceptable whatever it carries. */
  readonly old: boolean;
  /** Everything it carries arrived already (or it is a keep-alive probe). */
  readonly duplicate: boolean;
  /** Not of the connection this endpoint synchronized with. */
  readonly unacceptable: boolean;
  /** It comes from a newer connection of the peer (a SYN after a crash or a close). */
  readonly newerConnection: boolean;
}

/** The transmission control block: everything an endpoint remembers. */
interface Tcb {
  state: State;
  /** Generations handed out so far: a new connection never reuses one (a crash does not reset it). */
  generations: number;
  conn?: ConnId;
  /** The other endpoint's connection this one synchronized with (from its SYN). */
  peerConn?: ConnId;
  /** The next unit expected from `peerConn` (everything below it arrived), and units that arrived beyond a gap. */
  rcvNext: number;
  ahead: Set<number>;
  /** The unit of the peer's FIN, once it arrived (maybe out of order), and whether it was processed. */
  peerFin?: number;
  finProcessed: boolean;
  sndNext: number;
  sndUna: number;
  /** The unit of our FIN once sent. */
  fin?: number;
  unacked: Unacked[];
  owesAck: boolean;
  /** How the application closed the socket (SPEC section 8). */
  closedBy?: 'close' | 'shutdown';
  /** SYN_RECEIVED was reached from LISTEN (note 1). */
  passive: boolean;
  /** Data the user sent in SYN_SENT or SYN_RECEIVED, waiting for ESTABLISHED (3.10.2). */
  queuedData: boolean;
  /** Times (seconds): when the state was entered, when TIME_WAIT's 2MSL (re)started, last arrival, last probe. */
  stateSince: number;
  twoMslSince?: number;
  heardAt?: number;
  probedAt?: number;
}

function freshTcb(generations: number, now: number): Tcb {
  return {
    state: 'CLOSED', generations, rcvNext: 0, ahead: new Set(), finProcessed: false, sndNext: 0, sndUna: 0,
    unacked: [], owesAck: false, passive: false, queuedData: false, stateSince: now,
  };
}

function copyTcb(t: Tcb): Tcb {
  return { ...t, ahead: new Set(t.ahead), unacked: [...t.unacked] };
}

const sameConn = (a: ConnId | undefined, b: ConnId | undefined): boolean =>
  a !== undefined && b !== undefined && a.peer === b.peer && a.gen === b.gen;

const isSynchronized = (s: State): boolean => SYNCHRONIZED_STATES.includes(s);

/** The first table entry for this step; with `sent`, one whose action matches what was sent. */
const EDGES_FROM = new Map<State, Edge[]>();
for (const edge of EDGES) {
  const list = EDGES_FROM.get(edge.from);
  if (list) list.push(edge);
  else EDGES_FROM.set(edge.from, [edge]);
}

/** findEdge's answers: the table is fixed, and the engine asks the same few questions again and again. */
const foundEdges = new Map<string, Edge | undefined>();
/** The same answers for the engine's own triggers (below), by a number instead of a string key. */
const foundByCode = new Map<number, Edge | undefined>();

function triggerKey(t: Trigger | undefined): string {
  if (!t) return '-';
  if (t.kind === 'call') return `c:${t.call}`;
  if (t.kind === 'timeout') return `t:${t.timer}`;
  return `r:${[...t.segment.flags].sort().join('+')}`;
}

/** Each flag's bit in a flag mask (the order of the bits does not matter, only the set). */
const FLAG_BIT: Readonly<Record<Flag, number>> = { SYN: 1, ACK: 2, FIN: 4, RST: 8, DATA: 16 };

export function flagMask(flags: readonly Flag[]): number {
  let mask = 0;
  for (let i = 0; i < flags.length; i++) mask |= FLAG_BIT[flags[i]];
  return mask;
}

const STATE_CODE = new Map<State, number>(STATES.map((s, i) => [s, i]));

/**
 * The engine's triggers, made once each: every step the engine records shares them, and each has
 * a small number for findEdge's cache (0 is "no trigger").
 */
const TRIGGER_CODE = new Map<Trigger, number>();
function canonical<T extends Trigger>(t: T): T {
  TRIGGER_CODE.set(t, TRIGGER_CODE.size + 1);
  return t;
}
const CALL_TRIGGERS = new Map<UserCall, Trigger>(USER_CALLS.map((call) => [call, canonical({ kind: 'call', call })]));
const TIMER_TRIGGERS = new Map<Timer, Trigger>(TIMERS.map((timer) => [timer, canonical({ kind: 'timeout', timer })]));
/** By flag mask. */
const RECV_TRIGGERS: Trigger[] = [];
for (let mask = 0; mask < 32; mask++) {
  const flags = FLAG_ORDER.filter((f) => (mask & FLAG_BIT[f]) !== 0);
  RECV_TRIGGERS.push(canonical({ kind: 'recv', segment: { flags: new Set(flags) } }));
}

export function findEdge(from: State, to: State, trigger: Trigger | undefined, sent?: readonly Flag[]): Edge | undefined {
  const triggerCode = trigger === undefined ? 0 : TRIGGER_CODE.get(trigger);
  if (triggerCode !== undefined) {
    // (trigger, from, to, sent) as one number: 32 flag masks and "nothing sent" (32).
    const code = ((triggerCode * 16 + STATE_CODE.get(from)!) * 16 + STATE_CODE.get(to)!) * 33 + (sent ? flagMask(sent) : 32);
    if (foundByCode.has(code)) return foundByCode.get(code);
    const edge = searchEdge(from, to, trigger, sent);
    foundByCode.set(code, edge);
    return edge;
  }
  const key = `${from}>${to}|${triggerKey(trigger)}|${sent ? sent.join('+') : ''}`;
  if (foundEdges.has(key)) return foundEdges.get(key);
  const edge = searchEdge(from, to, trigger, sent);
  foundEdges.set(key, edge);
  return edge;
}

function searchEdge(from: State, to: State, trigger: Trigger | undefined, sent?: readonly Flag[]): Edge | undefined {
  let fallback: Edge | undefined;
  for (const edge of EDGES_FROM.get(from) ?? []) {
    if (edge.to !== to) continue;
    if (!triggerFits(edge, trigger)) continue;
    if (!sent || (edge.action && segmentMatches({ flags: sent }, edge.action))) return edge;
    fallback ??= edge;
  }
  return fallback;
}

function triggerFits(edge: Edge, trigger: Trigger | undefined): boolean {
  if (!trigger) return edge.triggers.length === 0;
  return edge.triggers.some((t) => {
    if (t.kind !== trigger.kind) return false;
    if (t.kind === 'call') return trigger.kind === 'call' && t.call === trigger.call;
    if (t.kind === 'timeout') return trigger.kind === 'timeout' && t.timer === trigger.timer;
    return trigger.kind === 'recv' && segmentMatches({ flags: [...trigger.segment.flags] }, t.segment);
  });
}

const callTrigger = (call: UserCall): Trigger => CALL_TRIGGERS.get(call)!;
const timerTrigger = (timer: Timer): Trigger => TIMER_TRIGGERS.get(timer)!;
const recvTrigger = (flags: readonly Flag[]): Trigger => RECV_TRIGGERS[flagMask(flags)];

export function callText(call: CallEvent): string {
  switch (call) {
    case 'send-data':
      return 'send data';
    case 'send-data-close':
      return 'send data, close';
    case 'send-ack':
      return 'send ACK';
    default:
      return call;
  }
}

/**
 * One endpoint. Every event method either returns an outcome with a `problem` and changes
 * nothing, or applies the event. `snapshot`/`restore` let a caller try an event.
 */
export class Endpoint {
  private tcb: Tcb;
  /** The current time in seconds, set by the network before each event. */
  now = 0;
  private steps: EngineStep[] = [];
  private out: SegmentBody[] = [];

  constructor(readonly index: 0 | 1, readonly name: string, readonly stack: Stack) {
    this.tcb = freshTcb(0, 0);
  }

  get state(): State {
    return this.tcb.state;
  }
  get owesAck(): boolean {
    return this.tcb.owesAck;
  }
  get closedBy(): 'close' | 'shutdown' | undefined {
    return this.tcb.closedBy;
  }
  get passive(): boolean {
    return this.tcb.passive;
  }
  get connection(): ConnId | undefined {
    return this.tcb.conn;
  }
  get stateSince(): number {
    return this.tcb.stateSince;
  }
  /** Whether anything sent is still unacknowledged (a retransmission timer runs). */
  get hasUnacked(): boolean {
    return this.tcb.unacked.length > 0;
  }

  snapshot(): unknown {
    return copyTcb(this.tcb);
  }
  restore(snapshot: unknown): void {
    this.tcb = copyTcb(snapshot as Tcb);
  }

  /** Puts the endpoint in `state` with the history the state implies (SPEC section 5, `start`). */
  startIn(state: State, peerGen: number): void {
    const t = freshTcb(this.tcb.generations, this.now);
    this.tcb = t;
    t.state = state;
    if (state === 'CLOSED' || state === 'LISTEN') return;
    t.conn = { peer: this.index, gen: ++t.generations };
    t.sndNext = 1;
    if (state === 'SYN_SENT') {
      t.unacked = [{ seq: 0, syn: true, data: false, fin: false }];
      return;
    }
    t.peerConn = { peer: (1 - this.index) as 0 | 1, gen: peerGen };
    t.rcvNext = 1;
    if (state === 'SYN_RECEIVED') {
      t.unacked = [{ seq: 0, syn: true, data: false, fin: false }];
      return;
    }
    t.sndUna = 1;
    if (['FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'].includes(state)) {
      t.fin = 1;
      t.sndNext = 2;
      // The application closed the socket: with `close`, the usual call (a choice, docs/language.md).
      t.closedBy = 'close';
      if (state === 'FIN_WAIT_2' || state === 'TIME_WAIT') t.sndUna = 2;
      else t.unacked = [{ seq: 1, syn: false, data: false, fin: true }];
    }
    if (['CLOSE_WAIT', 'LAST_ACK', 'CLOSING', 'TIME_WAIT'].includes(state)) {
      t.rcvNext = 2;
      t.peerFin = 1;
      t.finProcessed = true;
    }
    if (state === 'TIME_WAIT') t.twoMslSince = this.now;
  }

  /** The time a timer can fire at, when it depends on time (2MSL, fin-wait-2, keepalive). */
  timerDueAt(timer: Timer, idleSince: number): number | undefined {
    const t = this.tcb;
    const d = DURATIONS[this.stack];
    switch (timer) {
      case '2msl':
        return t.state === 'TIME_WAIT' ? (t.twoMslSince ?? t.stateSince) + d.twoMsl : undefined;
      case 'fin-wait-2':
        return t.state === 'FIN_WAIT_2' && d.finWait2 !== undefined ? t.stateSince + d.finWait2 : undefined;
      case 'keepalive':
        return t.probedAt !== undefined ? t.probedAt + d.keepaliveInterval : (t.heardAt ?? idleSince) + d.keepaliveIdle;
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Bookkeeping

  private begin(): void {
    this.steps = [];
    this.out = [];
  }

  private done(extra: Omit<Outcome, 'steps' | 'sent'>): Outcome {
    // Without a note of its own, an event says what the table says of the edge it took.
    const note = extra.note ?? this.changeNote();
    // Network reads the parts by name (their order does not matter); no generic copy of `extra`.
    const outcome: Outcome = { steps: this.steps, sent: this.out, rfc: extra.rfc, note, check: extra.check, owesAck: extra.owesAck };
    this.steps = [];
    this.out = [];
    return outcome;
  }

  /** The table's note of the first step that changed the state. */
  private changeNote(): string | undefined {
    for (const s of this.steps) if (s.from !== s.to) return s.edge?.note;
    return undefined;
  }

  private refuse(problem: string): Outcome {
    return { problem, steps: [], sent: [] };
  }

  /** Records a table step and moves the state; CLOSED and LISTEN forget the connection. */
  private step(to: State, trigger: Trigger | undefined, sent?: readonly Flag[]): void {
    const from = this.tcb.state;
    this.steps.push({ from, to, trigger, edge: findEdge(from, to, trigger, sent) });
    if (to === from) return;
    if (to === 'CLOSED' || to === 'LISTEN') {
      // The connection is forgotten; whether the application closed the socket is not (a close
      // after shutdown stays legal in CLOSED).
      const closedBy = to === 'CLOSED' ? this.tcb.closedBy : undefined;
      this.tcb = freshTcb(this.tcb.generations, this.now);
      this.tcb.closedBy = closedBy;
    }
    this.tcb.state = to;
    this.tcb.stateSince = this.now;
    if (to === 'TIME_WAIT') this.tcb.twoMslSince = this.now;
  }

  private newConnection(): void {
    const t = this.tcb;
    t.conn = { peer: this.index, gen: ++t.generations };
    t.sndNext = 0;
    t.sndUna = 0;
    t.fin = undefined;
    t.unacked = [];
    t.peerConn = undefined;
    t.ahead = new Set();
    t.rcvNext = 0;
    t.peerFin = undefined;
    t.finProcessed = false;
    t.owesAck = false;
    t.closedBy = undefined;
    t.queuedData = false;
  }

  /** What of the peer's our ACK acknowledges: its FIN once processed, else its SYN. */
  private ackOf(): AckOf | undefined {
    const t = this.tcb;
    if (t.finProcessed) return 'FIN';
    return t.rcvNext >= 1 ? 'SYN' : undefined;
  }

  /** Sends new units (SYN, data, FIN) and/or an ACK; every segment but an opening SYN and a reset carries the ACK. */
  private send(parts: { syn?: boolean; data?: boolean; fin?: boolean }, mark?: SegmentMark): SegmentBody {
    const t = this.tcb;
    const seq = t.sndNext;
    const len = (parts.syn ? 1 : 0) + (parts.data ? 1 : 0) + (parts.fin ? 1 : 0);
    if (len > 0) t.unacked.push({ seq, syn: !!parts.syn, data: !!parts.data, fin: !!parts.fin });
    if (parts.fin) t.fin = seq + len - 1;
    t.sndNext += len;
    return this.emit({ syn: parts.syn, data: parts.data, fin: parts.fin, seq, len, mark });
  }

  private emit(p: { syn?: boolean; data?: boolean; fin?: boolean; seq: number; len: number; mark?: SegmentMark }): SegmentBody {
    const t = this.tcb;
    // In FLAG_ORDER: SYN, DATA, FIN, (RST), ACK.
    const flags: Flag[] = [];
    if (p.syn) flags.push('SYN');
    if (p.data) flags.push('DATA');
    if (p.fin) flags.push('FIN');
    const seg: Mutable<SegmentBody> = { from: this.index, flags, conn: t.conn, seq: p.seq, len: p.len };
    if (t.peerConn) {
      flags.push('ACK');
      seg.ack = { conn: t.peerConn, next: t.rcvNext };
      t.owesAck = false;
      const ackOf = this.ackOf();
      if (ackOf) seg.ackOf = ackOf;
    }
    if (p.mark) seg.mark = p.mark;
    this.out.push(seg);
    return seg;
  }

  /** A reset (3.10.5, 3.10.7): `<SEQ=…><CTL=RST>`, or RST+ACK when `ack` is given. */
  private reset(conn: ConnId | undefined, seq: number, ack?: Ack, ackOf?: AckOf): void {
    this.out.push({
      from: this.index, flags: ack ? ['RST', 'ACK'] : ['RST'], conn, seq, len: 0,
      ...(ack ? { ack } : {}), ...(ackOf ? { ackOf } : {}),
    });
  }

  // -------------------------------------------------------------------------------------------
  // User calls (3.10.1–3.10.5) and the other things a peer's host does

  call(call: CallEvent): Outcome {
    this.begin();
    switch (call) {
      case 'listen':
        return this.listen();
      case 'connect':
        return this.connect();
      case 'send-data':
        return this.sendData(false);
      case 'send-data-close':
        return this.sendData(true);
      case 'close':
      case 'shutdown':
        return this.close(call);
      case 'abort':
        return this.abort();
      case 'crash':
        return this.crash();
      case 'send-ack':
        return this.sendAck();
    }
  }

  /** True while `legalCalls` tries each call: a refusal then needs no message. */
  private probing = false;

  /** The calls legal in the current state, as written (for messages and completion). */
  legalCalls(): string[] {
    const legal: string[] = [];
    const wasProbing = this.probing;
    this.probing = true;
    try {
      for (const c of ['listen', 'connect', 'send-data', 'send-data-close', 'close', 'shutdown', 'abort', 'send-ack'] as const) {
        const saved = this.snapshot();
        const outcome = this.call(c);
        this.restore(saved);
        if (!outcome.problem) legal.push(callText(c));
      }
    } finally {
      this.probing = wasProbing;
    }
    return legal;
  }

  private illegalCall(call: CallEvent, why?: string): Outcome {
    if (this.probing) return this.refuse('illegal');
    const legal = this.legalCalls();
    const s = this.tcb.state;
    return this.refuse(`${this.name} cannot ${callText(call)} in ${s}${why ? ` (${why})` : ''}; ${legal.length > 0 ? `in ${s} ${this.name} can: ${legal.map((c) => (c.includes(',') ? `\`${c}\`` : c)).join(', ')}` : `no user call is possible in ${s}`}`);
  }

  private listen(): Outcome {
    if (this.tcb.state !== 'CLOSED') return this.illegalCall('listen');
    this.step('LISTEN', callTrigger('listen'));
    this.tcb.closedBy = undefined;
    return this.done({ rfc: '3.10.1', note: 'passive open' });
  }

  private connect(): Outcome {
    const from = this.tcb.state;
    if (from !== 'CLOSED' && from !== 'LISTEN') return this.illegalCall('connect');
    this.step('SYN_SENT', callTrigger('connect'), ['SYN']);
    this.newConnection();
    this.send({ syn: true });
    return this.done({ rfc: '3.10.1', note: from === 'LISTEN' ? 'a listening connection turned active' : 'active open' });
  }

  private sendData(thenClose: boolean): Outcome {
    const t = this.tcb;
    const s = t.state;
    if (thenClose) {
      if (t.closedBy) return this.illegalCall('send-data-close', 'the application has already closed');
      if (s !== 'ESTABLISHED' && s !== 'CLOSE_WAIT') return this.illegalCall('send-data-close');
      const to = s === 'ESTABLISHED' ? 'FIN_WAIT_1' : 'LAST_ACK';
      this.step(s, callTrigger('send-data'), ['DATA']);
      this.step(to, callTrigger('close'), ['FIN']);
      this.tcb.closedBy = 'close';
      this.send({ data: true, fin: true });
      return this.done({ rfc: '3.10.4', note: 'the data and the FIN leave in one segment' });
    }
    if (t.closedBy) return this.illegalCall('send-data', 'the application has closed the socket for sending');
    switch (s) {
      case 'LISTEN':
        this.step('SYN_SENT', callTrigger('send-data'), ['SYN']);
        this.newConnection();
        this.tcb.queuedData = true;
        this.send({ syn: true });
        return this.done({ rfc: '3.10.2', note: 'a listening connection turned active: the SYN leaves, the data is queued' });
      case 'SYN_SENT':
      case 'SYN_RECEIVED':
        this.step(s, callTrigger('send-data'));
        this.tcb.queuedData = true;
        return this.done({ rfc: '3.10.2', note: 'the data is queued until the connection is established' });
      case 'ESTABLISHED':
      case 'CLOSE_WAIT':
        this.step(s, callTrigger('send-data'), ['DATA']);
        this.send({ data: true });
        return this.done({ rfc: '3.10.2', note: 'data is sent; the state does not change' });
      default:
        return this.illegalCall('send-data');
    }
  }

  private close(call: 'close' | 'shutdown'): Outcome {
    const t = this.tcb;
    const s = t.state;
    if (t.closedBy === 'shutdown' && call === 'close') {
      // After shutdown(SHUT_WR) the FIN is gone already: close() only releases the socket.
      t.closedBy = 'close';
      return this.done({ rfc: '3.10.4', note: 'the application closes the socket after shutdown: nothing is sent' });
    }
    if (t.closedBy) return this.illegalCall(call, `the application has already called ${t.closedBy}`);
    switch (s) {
      case 'LISTEN':
      case 'SYN_SENT':
        this.step('CLOSED', callTrigger(call));
        this.tcb.closedBy = call;
        return this.done({ rfc: '3.10.4', note: 'the TCB is deleted' });
      case 'SYN_RECEIVED':
      case 'ESTABLISHED':
      case 'CLOSE_WAIT': {
        const to = s === 'CLOSE_WAIT' ? 'LAST_ACK' : 'FIN_WAIT_1';
        this.step(to, callTrigger(call), ['FIN']);
        this.tcb.closedBy = call;
        this.send({ fin: true });
        return this.done({ rfc: '3.10.4', note: call === 'shutdown' ? 'shutdown(SHUT_WR): the FIN is sent, receiving goes on' : undefined });
      }
      default:
        return this.illegalCall(call, s === 'CLOSED' ? 'there is no connection' : 'the connection is already closing');
    }
  }

  private abort(): Outcome {
    const t = this.tcb;
    const s = t.state;
    if (s === 'CLOSED') return this.illegalCall('abort', 'there is no connection');
    const withRst = s === 'SYN_RECEIVED' || s === 'ESTABLISHED' || s === 'FIN_WAIT_1' || s === 'FIN_WAIT_2' || s === 'CLOSE_WAIT';
    if (withRst) {
      // <SEQ=SND.NXT><CTL=RST>; Linux sets ACK on it (SO_LINGER 0, or close() with unread data).
      const conn = t.conn;
      const seq = t.sndNext;
      const ack = this.stack === 'linux' && t.peerConn ? { conn: t.peerConn, next: t.rcvNext } : undefined;
      const ackOf = ack ? this.ackOf() : undefined;
      this.step('CLOSED', callTrigger('abort'), ['RST']);
      this.reset(conn, seq, ack, ackOf);
      return this.done({ rfc: '3.10.5', note: this.stack === 'linux' ? 'a reset is sent (RST+ACK on Linux)' : 'a reset is sent' });
    }
    this.step('CLOSED', callTrigger('abort'));
    return this.done({ rfc: '3.10.5', note: 'nothing is sent' });
  }

  /** The host loses the connection: CLOSED, nothing sent. Not a TCP event, so no table step. */
  private crash(): Outcome {
    this.tcb = freshTcb(this.tcb.generations, this.now);
    return this.done({ note: 'the host crashed: the connection is forgotten, nothing is sent' });
  }

  private sendAck(): Outcome {
    const t = this.tcb;
    if (!isSynchronized(t.state)) {
      return this.refuse(`${this.name} cannot send ACK in ${t.state}: a pure ACK is sent only in a synchronized state (ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT)`);
    }
    const owed = t.owesAck;
    this.step(t.state, undefined, ['ACK']);
    this.emit({ seq: t.sndNext, len: 0 });
    return this.done({ rfc: '3.10.7.4', note: owed ? 'the delayed ACK is sent' : 'a pure ACK (nothing was owed)' });
  }

  // -------------------------------------------------------------------------------------------
  // Timers (3.10.8; SPEC section 5)

  /** Why `timer` cannot fire now (3.10.8, SPEC section 5), or undefined when it can. */
  timerRefusal(timer: Timer): string | undefined {
    const t = this.tcb;
    const s = t.state;
    switch (timer) {
      case 'retransmit':
        return t.unacked.length > 0 ? undefined : `${this.name} has nothing unacknowledged to retransmit in ${s}`;
      case '2msl':
        return s === 'TIME_WAIT' ? undefined : `the 2MSL timer runs only in TIME_WAIT; ${this.name} is in ${s}`;
      case 'user':
        return s !== 'CLOSED' ? undefined : `there is no connection for the user timeout to end: ${this.name} is CLOSED`;
      case 'keepalive':
        return s === 'ESTABLISHED' || s === 'CLOSE_WAIT' || s === 'FIN_WAIT_2' ? undefined
          : `keep-alive probes are sent only in ESTABLISHED, CLOSE_WAIT and FIN_WAIT_2; ${this.name} is in ${s}`;
      case 'fin-wait-2':
        if (this.stack !== 'linux') return 'RFC 9293 has no FIN_WAIT_2 timer; `stack linux` has tcp_fin_timeout';
        if (s !== 'FIN_WAIT_2') return `the fin-wait-2 timer runs only in FIN_WAIT_2; ${this.name} is in ${s}`;
        if (t.closedBy !== 'close') return `the fin-wait-2 timer runs only after close(); after shutdown(SHUT_WR) ${this.name} waits in FIN_WAIT_2 with no timer`;
        return undefined;
    }
  }

  /** The timers that can fire now, in the order a bare `timeout` tries them and then the others. */
  runningTimers(): Timer[] {
    return (['retransmit', '2msl', 'fin-wait-2', 'keepalive', 'user'] as const).filter((timer) => this.timerRefusal(timer) === undefined);
  }

  /** The timer a bare `timeout` fires: the first of retransmit, 2MSL, fin-wait-2 that runs. */
  bareTimer(): Timer | undefined {
    return (['retransmit', '2msl', 'fin-wait-2'] as const).find((timer) => this.timerRefusal(timer) === undefined);
  }

  timeout(timer?: Timer): Outcome {
    this.begin();
    const t = this.tcb;
    const s = t.state;
    if (timer === undefined) {
      const bare = this.bareTimer();
      if (bare) return this.timeout(bare);
      const running = this.runningTimers();
      return this.refuse(`no timer that a bare \`timeout\` fires runs for ${this.name} in ${s} (it is the first of retransmit, 2MSL, fin-wait-2 that applies)${running.length > 0 ? `; running: ${running.map((r) => `\`timeout ${r === '2msl' ? '2MSL' : r}\``).join(', ')}` : ''}`);
    }
    const refusal = this.timerRefusal(timer);
    if (refusal) return this.refuse(refusal);
    switch (timer) {
      case 'retransmit': {
        const oldest = t.unacked[0];
        const flags: Flag[] = [];
        if (oldest.syn) flags.push('SYN');
        if (oldest.data) flags.push('DATA');
        if (oldest.fin) flags.push('FIN');
        if (t.peerConn) flags.push('ACK');
        this.step(s, timerTrigger('retransmit'), flags);
        this.emit({ syn: oldest.syn, data: oldest.data, fin: oldest.fin, seq: oldest.seq, len: (oldest.syn ? 1 : 0) + (oldest.data ? 1 : 0) + (oldest.fin ? 1 : 0), mark: 'retransmission' });
        const what = flags.filter((f) => f !== 'ACK').join('+');
        return this.done({ rfc: '3.10.8', note: `the unacknowledged ${what} is sent again` });
      }
      case '2msl':
        this.step('CLOSED', timerTrigger('2msl'));
        return this.done({ rfc: '3.10.8', note: '2MSL expired: the TCB is deleted' });
      case 'user':
        this.step('CLOSED', timerTrigger('user'));
        return this.done({ rfc: '3.10.8', note: 'the user timeout: the connection is given up, nothing is sent' });
      case 'keepalive':
        this.step(s, timerTrigger('keepalive'), ['ACK']);
        // SEG.SEQ = SND.NXT-1: a segment the peer has seen, so it must answer with an ACK.
        this.emit({ seq: t.sndNext - 1, len: 0, mark: 'probe' });
        this.tcb.probedAt = this.now;
        return this.done({ rfc: 'RFC 1122 4.2.3.6', note: 'a keep-alive probe' });
      case 'fin-wait-2':
        this.step('CLOSED', timerTrigger('fin-wait-2'));
        return this.done({ rfc: 'Linux tcp_fin_timeout', note: 'the orphaned FIN_WAIT_2 socket is deleted, nothing is sent' });
    }
  }

  // -------------------------------------------------------------------------------------------
  // SEGMENT ARRIVES (3.10.7)

  /**
   * Processes an arriving segment. `old`: it comes from outside the conversation (an old
   * duplicate): unacceptable in every synchronized state. `delayAck`: the pure ACK this arrival
   * would send is owed instead (illegal when the answer is anything else).
   */
  arrive(seg: SegmentBody, options: { old?: boolean; delayAck?: boolean } = {}): Outcome {
    this.begin();
    // Only a delayed ACK can turn out illegal after the arrival was processed.
    const saved = options.delayAck ? this.snapshot() : undefined;
    let outcome: Outcome;
    switch (this.tcb.state) {
      case 'CLOSED':
        outcome = this.arriveClosed(seg);
        break;
      case 'LISTEN':
        outcome = this.arriveListen(seg);
        break;
      case 'SYN_SENT':
        outcome = this.arriveSynSent(seg, !!options.old);
        break;
      default:
        outcome = this.arriveOther(seg, !!options.old);
    }
    if (outcome.problem) return outcome;
    this.tcb.heardAt = this.now;
    this.tcb.probedAt = undefined;
    if (!options.delayAck) return outcome;
    const only = outcome.sent.length === 1 ? outcome.sent[0] : undefined;
    if (!only || only.flags.length !== 1 || only.flags[0] !== 'ACK') {
      const answer = outcome.sent.length === 0 ? 'nothing' : outcome.sent.map((s) => s.flags.join('+')).join(', ');
      this.restore(saved!);
      return this.refuse(`\`/ delay ACK\` is for an arrival answered with a pure ACK; here ${this.name} answers with ${answer}`);
    }
    this.tcb.owesAck = true;
    return { ...outcome, sent: [], owesAck: true, note: `${outcome.note ? `${outcome.note}; ` : ''}the ACK is delayed: ${this.name} owes it` };
  }

  /**
   * Turns the pure ACK this endpoint just sent into an owed one: what `/ delay ACK` on the
   * arrival that sent it would have done (the capture importer learns only afterwards that the
   * ACK was not sent on its own).
   */
  oweInstead(): void {
    this.tcb.owesAck = true;
  }

  /** 3.10.7.1 */
  private arriveClosed(seg: SegmentBody): Outcome {
    if (has(seg, 'RST')) return this.done({ rfc: '3.10.7.1', check: 'CLOSED', note: 'a RST to a closed port is dropped' });
    const trigger = recvTrigger(seg.flags);
    if (seg.ack) {
      this.step('CLOSED', trigger, ['RST']);
      this.reset(seg.ack.conn, seg.ack.next);
      return this.done({ rfc: '3.10.7.1', check: 'CLOSED', note: 'no connection: answered with <SEQ=SEG.ACK><CTL=RST>' });
    }
    this.step('CLOSED', trigger, ['RST', 'ACK']);
    const ackOf: AckOf | undefined = has(seg, 'SYN') ? 'SYN' : undefined;
    this.reset(undefined, 0, seg.conn ? { conn: seg.conn, next: seg.seq + seg.len } : undefined, ackOf);
    return this.done({ rfc: '3.10.7.1', check: 'CLOSED', note: 'no connection: answered with RST+ACK (connection refused)' });
  }

  /** 3.10.7.2 */
  private arriveListen(seg: SegmentBody): Outcome {
    const trigger = recvTrigger(seg.flags);
    if (has(seg, 'RST')) {
      this.step('LISTEN', trigger);
      return this.done({ rfc: '3.10.7.2', check: 'first check: RST', note: 'a RST in LISTEN is ignored' });
    }
    if (seg.ack) {
      this.step('LISTEN', trigger, ['RST']);
      this.reset(seg.ack.conn, seg.ack.next);
      return this.done({ rfc: '3.10.7.2', check: 'second check: ACK', note: 'an ACK in LISTEN is answered with RST' });
    }
    if (has(seg, 'SYN')) {
      this.step('SYN_RECEIVED', recvTrigger(['SYN']), ['SYN', 'ACK']);
      this.newConnection();
      this.acceptSyn(seg);
      this.tcb.passive = true;
      this.send({ syn: true });
      return this.done({ rfc: '3.10.7.2', check: 'third check: SYN', note: 'a connection request: SYN+ACK sent' });
    }
    return this.done({ rfc: '3.10.7.2', note: 'dropped' });
  }

  private acceptSyn(seg: SegmentBody): void {
    const t = this.tcb;
    t.peerConn = seg.conn ?? { peer: seg.from, gen: 0 };
    t.ahead = new Set();
    t.rcvNext = seg.seq + 1;
  }

  private ackAcceptable(seg: SegmentBody, old: boolean): boolean {
    const t = this.tcb;
    return !old && seg.ack !== undefined && sameConn(seg.ack.conn, t.conn) && seg.ack.next > t.sndUna && seg.ack.next <= t.sndNext;
  }

  /** 3.10.7.3 */
  private arriveSynSent(seg: SegmentBody, old: boolean): Outcome {
    const t = this.tcb;
    const rst = has(seg, 'RST');
    if (seg.ack && !this.ackAcceptable(seg, old)) {
      if (rst) return this.done({ rfc: '3.10.7.3', check: 'first check: ACK', note: 'a RST whose ACK does not acknowledge our SYN is dropped' });
      this.step('SYN_SENT', recvTrigger(seg.flags), ['RST']);
      this.reset(seg.ack.conn, seg.ack.next);
      return this.done({ rfc: '3.10.7.3', check: 'first check: unacceptable ACK', note: 'the ACK does not acknowledge our SYN: answered with <SEQ=SEG.ACK><CTL=RST> (half-open or old connection)' });
    }
    if (rst) {
      if (!seg.ack) return this.done({ rfc: '3.10.7.3', check: 'second check: RST', note: 'a RST without an ACK is dropped' });
      this.step('CLOSED', recvTrigger(['RST']));
      return this.done({ rfc: '3.10.7.3', check: 'second check: RST', note: 'connection reset (refused)' });
    }
    if (!has(seg, 'SYN')) return this.done({ rfc: '3.10.7.3', check: 'fifth check', note: 'neither SYN nor RST: dropped' });
    if (seg.ack) {
      this.step('ESTABLISHED', recvTrigger(['SYN', 'ACK']), ['ACK']);
      this.acceptSyn(seg);
      this.acknowledge(seg.ack.next);
      if (t.queuedData) {
        // 3.10.2: the queued data leaves now, and its segment is the ACK of the SYN+ACK.
        this.tcb.queuedData = false;
        this.step('ESTABLISHED', callTrigger('send-data'), ['DATA']);
        this.send({ data: true });
        return this.done({ rfc: '3.10.7.3', check: 'fourth check: SYN', note: 'established: the queued data carries the ACK' });
      }
      this.emit({ seq: this.tcb.sndNext, len: 0 });
      return this.done({ rfc: '3.10.7.3', check: 'fourth check: SYN' });
    }
    // A SYN alone: simultaneous open; our SYN is sent again with the ACK (SYN+ACK).
    this.step('SYN_RECEIVED', recvTrigger(['SYN']), ['SYN', 'ACK']);
    this.acceptSyn(seg);
    this.tcb.passive = false;
    this.emit({ syn: true, seq: 0, len: 1 });
    return this.done({ rfc: '3.10.7.3', check: 'fourth check: SYN', note: 'simultaneous open: SYN+ACK sent' });
  }

  /** Removes what an acceptable ACK acknowledges from the unacknowledged segments. */
  private acknowledge(next: number): void {
    const t = this.tcb;
    if (next > t.sndUna) t.sndUna = next;
    t.unacked = t.unacked.filter((u) => u.seq + (u.syn ? 1 : 0) + (u.data ? 1 : 0) + (u.fin ? 1 : 0) > t.sndUna);
  }

  private finAcked(): boolean {
    const t = this.tcb;
    return t.fin !== undefined && t.sndUna > t.fin;
  }

  /** Whether every unit a segment occupies in its sender's sequence space arrived already. */
  private allArrived(seg: SegmentBody): boolean {
    const t = this.tcb;
    for (let u = seg.seq; u < seg.seq + seg.len; u++) if (u >= t.rcvNext && !t.ahead.has(u)) return false;
    return true;
  }

  /** 3.10.7.4: SYN_RECEIVED and the synchronized states, in the RFC's order of checks. */
  private arriveOther(seg: SegmentBody, old: boolean): Outcome {
    const t = this.tcb;
    const syn = has(seg, 'SYN');
    // Outside the synchronized states an old segment cannot be told from a new one (SPEC section 5).
    const isOld = old && t.state !== 'SYN_RECEIVED';
    const sameConnection = sameConn(seg.conn, t.peerConn);
    const newerConnection = seg.conn !== undefined && t.peerConn !== undefined && seg.conn.peer === t.peerConn.peer && seg.conn.gen > t.peerConn.gen;
    const view: Arrival = {
      seg, old: isOld, newerConnection,
      duplicate: !isOld && sameConnection && ((seg.len > 0 && this.allArrived(seg)) || seg.mark === 'probe'),
      // Not of the connection this endpoint synchronized with: old, unless it is a SYN that
      // may open a new one (checked by the SYN check).
      unacceptable: isOld || (!sameConnection && !(syn && (newerConnection || t.state === 'SYN_RECEIVED'))),
    };
    return this.simultaneousOpen(view) ?? this.sequenceCheck(view) ?? this.rstCheck(view) ?? this.synCheck(view) ?? this.ackCheckAndText(view);
  }

  /** A SYN+ACK in SYN_RECEIVED that acknowledges our SYN establishes; its SYN, a duplicate, is acknowledged. */
  private simultaneousOpen({ seg, old }: Arrival): Outcome | undefined {
    const t = this.tcb;
    if (t.state !== 'SYN_RECEIVED' || !has(seg, 'SYN') || !seg.ack || !sameConn(seg.conn, t.peerConn) || !this.ackAcceptable(seg, old)) return undefined;
    this.step('ESTABLISHED', recvTrigger(['SYN', 'ACK']));
    this.acknowledge(seg.ack.next);
    if (t.queuedData) {
      t.queuedData = false;
      this.step('ESTABLISHED', callTrigger('send-data'), ['DATA']);
      this.send({ data: true });
    } else {
      this.step('ESTABLISHED', recvTrigger(seg.flags), ['ACK']);
      this.emitAck();
    }
    return this.done({ rfc: '3.10.7.4', check: 'first check: duplicate SYN, answered with ACK; fifth check: ACK of our SYN', note: 'simultaneous open: established' });
  }

  /**
   * First check: sequence number. An old segment, or one whose SYN, data and FIN all arrived
   * already, or a keep-alive probe, is answered with an ACK and dropped (a RST silently).
   */
  private sequenceCheck({ seg, duplicate, unacceptable }: Arrival): Outcome | undefined {
    if (!duplicate && !unacceptable) return undefined;
    const t = this.tcb;
    const s = t.state;
    const what = unacceptable ? 'old' : seg.mark === 'probe' ? 'keep-alive probe' : 'duplicate';
    if (has(seg, 'RST')) return this.done({ rfc: '3.10.7.4', check: `first check: ${what} RST, dropped`, note: 'a RST that is not acceptable is dropped' });
    if (s === 'SYN_RECEIVED') {
      if (has(seg, 'SYN') && duplicate) {
        this.step('SYN_RECEIVED', recvTrigger(['SYN']), ['SYN', 'ACK']);
        this.emit({ syn: true, seq: 0, len: 1, mark: 'retransmission' });
        return this.done({ rfc: '3.10.7.4', check: 'first check: duplicate SYN', note: 'a retransmitted SYN: the SYN+ACK is sent again' });
      }
      // SYN_RECEIVED has no staying step that acknowledges; the segment is dropped (a choice).
      return this.done({ rfc: '3.10.7.4', check: `first check: ${what}`, note: 'not acceptable in SYN_RECEIVED: dropped' });
    }
    if (s === 'TIME_WAIT' && duplicate && has(seg, 'FIN')) {
      this.step('TIME_WAIT', recvTrigger(['FIN']), ['ACK']);
      this.emitAck();
      t.twoMslSince = this.now;
      return this.done({ rfc: '3.10.7.4', check: 'first check: duplicate FIN', note: 'a retransmitted FIN is acknowledged again and 2MSL restarts' });
    }
    this.step(s, recvTrigger(seg.flags), ['ACK']);
    this.emitAck(what === 'old' ? 'challenge' : undefined);
    const note = what === 'keep-alive probe' ? 'a keep-alive probe is answered with an ACK'
      : what === 'duplicate' ? `a duplicate ${seg.flags.filter((f) => f !== 'ACK').join('+')} is acknowledged again`
        : `an old segment is not acceptable: answered with an ACK and dropped${s === 'TIME_WAIT' && has(seg, 'FIN') ? ' (2MSL does not restart)' : ''}`;
    return this.done({ rfc: '3.10.7.4', check: `first check: ${what}, answered with ACK`, note });
  }

  /** Second check: an acceptable RST closes (a SYN_RECEIVED reached from LISTEN returns there, note 1). */
  private rstCheck({ seg }: Arrival): Outcome | undefined {
    if (!has(seg, 'RST')) return undefined;
    const t = this.tcb;
    if (t.state === 'SYN_RECEIVED' && t.passive) {
      this.step('LISTEN', recvTrigger(['RST']));
      return this.done({ rfc: '3.10.7.4', check: 'second check: RST', note: 'back to LISTEN (note 1)' });
    }
    const refused = t.state === 'SYN_RECEIVED';
    this.step('CLOSED', recvTrigger(['RST']));
    return this.done({ rfc: '3.10.7.4', check: 'second check: RST', note: refused ? 'connection refused' : 'connection reset' });
  }

  /** Fourth check: a SYN gets a challenge ACK, reopens TIME_WAIT, or returns SYN_RECEIVED to LISTEN. */
  private synCheck({ seg, newerConnection }: Arrival): Outcome | undefined {
    if (!has(seg, 'SYN')) return undefined;
    const t = this.tcb;
    const s = t.state;
    if (s === 'SYN_RECEIVED') {
      if (t.passive) {
        this.step('LISTEN', recvTrigger(['SYN']));
        return this.done({ rfc: '3.10.7.4', check: 'fourth check: SYN', note: 'a SYN of a new connection: back to LISTEN' });
      }
      this.step('SYN_RECEIVED', recvTrigger(['SYN']), ['SYN', 'ACK']);
      this.emit({ syn: true, seq: 0, len: 1, mark: 'retransmission' });
      return this.done({ rfc: '3.10.7.4', check: 'fourth check: SYN', note: 'a SYN of another connection: the SYN+ACK is sent again' });
    }
    if (s === 'TIME_WAIT' && newerConnection) {
      this.step('SYN_RECEIVED', recvTrigger(['SYN']), ['SYN', 'ACK']);
      this.newConnection();
      this.acceptSyn(seg);
      this.tcb.passive = false;
      this.send({ syn: true });
      return this.done({ rfc: '3.10.7.4', check: 'fourth check: SYN of a new connection', note: 'TIME_WAIT reopened (3.6.1 MAY-2, RFC 6191)' });
    }
    this.step(s, recvTrigger(['SYN']), ['ACK']);
    this.emitAck('challenge');
    return this.done({ rfc: '3.10.7.4', check: 'fourth check: SYN, challenge ACK (RFC 5961)', note: 'a SYN in a synchronized state gets a challenge ACK' });
  }

  /** Fifth check (ACK), then the segment text (seventh) and the FIN (eighth); one ACK for all. */
  private ackCheckAndText({ seg, old }: Arrival): Outcome {
    const t = this.tcb;
    const s = t.state;
    if (!seg.ack) return this.done({ rfc: '3.10.7.4', check: 'fifth check', note: 'no ACK: dropped' });
    const checks: string[] = [];
    const notes: string[] = [];
    if (s === 'SYN_RECEIVED') {
      if (!this.ackAcceptable(seg, old)) {
        return this.done({ rfc: '3.10.7.4', check: 'fifth check: unacceptable ACK', note: 'the ACK does not acknowledge our SYN: dropped' });
      }
      this.step('ESTABLISHED', recvTrigger(['ACK']));
      this.acknowledge(seg.ack.next);
      checks.push('fifth check: ACK of our SYN');
      notes.push('established');
    } else if (!sameConn(seg.ack.conn, t.conn) || seg.ack.next > t.sndNext) {
      this.step(s, recvTrigger(seg.flags), ['ACK']);
      this.emitAck();
      return this.done({ rfc: '3.10.7.4', check: 'fifth check: ACK of something not sent', note: 'answered with an ACK and dropped' });
    } else if (seg.ack.next > t.sndUna) {
      this.acknowledge(seg.ack.next);
      checks.push('fifth check: ACK');
    }
    if (this.finAcked()) {
      const ackStep = recvTrigger(['ACK']);
      // FIN_WAIT_1 with a FIN that also acknowledges ours goes straight to TIME_WAIT (note 2).
      if (t.state === 'FIN_WAIT_1' && !this.finProcessedBy(seg)) this.step('FIN_WAIT_2', ackStep);
      else if (t.state === 'CLOSING') this.step('TIME_WAIT', ackStep);
      else if (t.state === 'LAST_ACK') {
        this.step('CLOSED', ackStep);
        return this.done({ rfc: '3.10.7.4', check: 'fifth check: ACK of our FIN', note: 'the connection is closed' });
      }
    }
    const text = this.textAndFin(seg, checks);
    if (text) return text;
    return this.done({ rfc: '3.10.7.4', check: checks.join('; ') || undefined, note: notes.join('; ') || undefined });
  }

  /** Seventh and eighth checks: data, then the FIN once everything before it arrived. Ends with one ACK. */
  private textAndFin(seg: SegmentBody, checks: string[]): Outcome | undefined {
    let needsAck = false;
    if (has(seg, 'DATA')) {
      const st = this.tcb.state;
      if (st === 'ESTABLISHED' || st === 'FIN_WAIT_1' || st === 'FIN_WAIT_2') {
        if (this.stack === 'linux' && this.tcb.closedBy === 'close' && st !== 'ESTABLISHED') {
          // Linux's half-duplex close: nobody will read this data (SHLD-3).
          const conn = this.tcb.conn;
          const seq = this.tcb.sndNext;
          this.step('CLOSED', recvTrigger(['DATA']), ['RST']);
          this.reset(conn, seq);
          return this.done({ rfc: '3.6.1 SHLD-3', check: 'seventh check: data after close()', note: 'stack linux: data after close() is answered with RST' });
        }
        this.receiveUnit(seg.seq);
        this.step(st, recvTrigger(['DATA']), ['ACK']);
        if (this.tcb.rcvNext <= seg.seq - 1) checks.push('out of order: the ACK repeats what is missing');
        needsAck = true;
        checks.push('seventh check: data accepted');
      } else {
        checks.push('seventh check: data ignored after the peer\'s FIN');
      }
    }
    if (has(seg, 'FIN')) {
      const finUnit = seg.seq + seg.len - 1;
      this.tcb.peerFin = finUnit;
      this.receiveUnit(finUnit);
    }
    const t = this.tcb;
    if (t.peerFin !== undefined && !t.finProcessed && t.rcvNext > t.peerFin) {
      t.finProcessed = true;
      needsAck = true;
      checks.push('eighth check: FIN');
      const finTrigger = recvTrigger(['FIN', 'ACK']);
      if (t.state === 'ESTABLISHED') this.step('CLOSE_WAIT', finTrigger, ['ACK']);
      else if (t.state === 'FIN_WAIT_1') this.step(this.finAcked() ? 'TIME_WAIT' : 'CLOSING', finTrigger, ['ACK']);
      else if (t.state === 'FIN_WAIT_2') this.step('TIME_WAIT', finTrigger, ['ACK']);
    }
    if (t.queuedData && t.state !== 'SYN_RECEIVED') {
      // 3.10.2: the data queued in SYN_RECEIVED leaves once established, carrying the ACK.
      t.queuedData = false;
      this.step(t.state, callTrigger('send-data'), ['DATA']);
      this.send({ data: true });
      checks.push('queued data sent');
    } else if (needsAck && this.out.length === 0) {
      this.emitAck();
    }
    return undefined;
  }

  /** Whether this arrival completes the peer's stream up to its FIN, so the FIN is processed now. */
  private finProcessedBy(seg: SegmentBody): boolean {
    const t = this.tcb;
    if (t.finProcessed) return false;
    const finUnit = has(seg, 'FIN') ? seg.seq + seg.len - 1 : t.peerFin;
    if (finUnit === undefined) return false;
    for (let u = t.rcvNext; u < finUnit; u++) {
      if (!t.ahead.has(u) && !(u >= seg.seq && u < seg.seq + seg.len)) return false;
    }
    return true;
  }

  /** Takes a unit in: in order it advances what is expected next (and past units that waited). */
  private receiveUnit(unit: number): void {
    const t = this.tcb;
    if (unit < t.rcvNext) return;
    t.ahead.add(unit);
    while (t.ahead.delete(t.rcvNext)) t.rcvNext++;
  }

  /** A pure ACK of everything received (a challenge ACK is marked as one). */
  private emitAck(mark?: SegmentMark): void {
    this.emit({ seq: this.tcb.sndNext, len: 0, ...(mark ? { mark } : {}) });
  }
}

export function isSynchronizedState(state: State): boolean {
  return isSynchronized(state);
}
