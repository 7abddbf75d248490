// Two endpoints and the network between them (SPEC section 5): one queue of segments in flight
// toward each peer, delivered in order; `lose` drops the head; an old duplicate arrives from
// outside the queues. The conversation checker and the capture importer both drive this.

import { type CallEvent, type ConnId, Endpoint, type EngineStep, flagMask, type Outcome, type Segment, type SegmentBody } from './endpoint';
import { type Flag, FLAG_ORDER, formatSegment, segmentMatches, type Stack, type State, type Timer, type WrittenSegment } from './machine';

export type PeerIndex = 0 | 1;

/** What one event did, as the network saw it. */
export interface NetworkResult {
  /** `illegal-call` or `not-in-flight` with its message; nothing changed then. */
  readonly problem?: { readonly code: 'illegal-call' | 'not-in-flight'; readonly message: string };
  readonly steps: readonly EngineStep[];
  /** The segment a `recv` took off the queue (or the old one that arrived), or a `lose` dropped. */
  readonly received?: Segment;
  readonly sent: readonly Segment[];
  readonly rfc?: string;
  readonly note?: string;
  readonly check?: string;
  readonly owesAck?: boolean;
  /** The timer that fired (for a bare `timeout`, the one it was). */
  readonly timer?: Timer;
}

/** segmentText's answers, by flag mask. */
const SEGMENT_TEXT: (string | undefined)[] = [];

export function segmentText(seg: { readonly flags: readonly Flag[] }): string {
  const mask = flagMask(seg.flags);
  return (SEGMENT_TEXT[mask] ??= formatSegment({ flags: new Set(seg.flags) }));
}

/** Segments written in a `.tcpfsm` file: FIN and DATA always carry an ACK (SPEC section 3). */
function normalizeWritten(flags: readonly Flag[]): Flag[] {
  const all = new Set(flags);
  if (all.has('FIN') || all.has('DATA')) all.add('ACK');
  return FLAG_ORDER.filter((f) => all.has(f));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `{ ...body, id }` for the bodies endpoints send, written out: the same keys in the same order
 * (`ack`, `ackOf` and `mark` only when set), without the generic copy.
 */
function numbered(body: SegmentBody, id: number): Segment {
  const seg: Mutable<Segment> = { from: body.from, flags: body.flags, conn: body.conn, seq: body.seq, len: body.len } as Mutable<Segment>;
  if ('ack' in body) seg.ack = body.ack;
  if ('ackOf' in body) seg.ackOf = body.ackOf;
  if ('mark' in body) seg.mark = body.mark;
  seg.id = id;
  return seg;
}

export class Network {
  readonly peers: readonly [Endpoint, Endpoint];
  /** Segments in flight: [toward peer 0, toward peer 1], head first. */
  readonly queues: [Segment[], Segment[]] = [[], []];
  private nextId = 1;
  private time = 0;

  constructor(readonly names: readonly [string, string], stacks: readonly [Stack, Stack]) {
    this.peers = [new Endpoint(0, names[0], stacks[0]), new Endpoint(1, names[1], stacks[1])];
  }

  get now(): number {
    return this.time;
  }
  set now(t: number) {
    this.time = t;
    this.peers[0].now = t;
    this.peers[1].now = t;
  }

  states(): [State, State] {
    return [this.peers[0].state, this.peers[1].state];
  }

  /** Both peers start in these states with the history they imply (SPEC section 5, `start`). */
  start(states: readonly [State, State]): void {
    this.peers[0].startIn(states[0], 1);
    this.peers[1].startIn(states[1], 1);
  }

  private deliverSent(outcome: Outcome): Segment[] {
    const sent: Segment[] = [];
    for (const body of outcome.sent) {
      const seg = numbered(body, this.nextId++);
      this.queues[1 - body.from].push(seg);
      sent.push(seg);
    }
    return sent;
  }

  /** The outcome as the network saw it; `received` and `timer` go last when given. */
  private result(outcome: Outcome, received?: Segment, timer?: Timer): NetworkResult {
    if (outcome.problem) return { problem: { code: 'illegal-call', message: outcome.problem }, steps: [], sent: [] };
    const r: Mutable<NetworkResult> = { steps: outcome.steps, sent: this.deliverSent(outcome) };
    if (outcome.rfc) r.rfc = outcome.rfc;
    if (outcome.note) r.note = outcome.note;
    if (outcome.check) r.check = outcome.check;
    if (outcome.owesAck) r.owesAck = true;
    if (received) r.received = received;
    if (timer) r.timer = timer;
    return r;
  }

  /** A user call (or `crash`, `send ACK`) at peer `i`. */
  call(i: PeerIndex, call: CallEvent): NetworkResult {
    return this.result(this.peers[i].call(call));
  }

  /** A timer at peer `i`; a bare timeout is the first of retransmit, 2MSL, fin-wait-2 that applies. */
  timeout(i: PeerIndex, timer?: Timer): NetworkResult {
    const p = this.peers[i];
    const fired = timer ?? p.bareTimer();
    return this.result(p.timeout(timer), undefined, fired);
  }

  /** Why `written` is not what arrives next at peer `i`, or undefined when it is. */
  private notAtHead(i: PeerIndex, written: WrittenSegment, verb: string): NetworkResult | undefined {
    const queue = this.queues[i];
    const name = this.names[i];
    const head = queue[0];
    // The head's own flags (the capture importer's receive) always match it.
    if (head && written.flags === head.flags && (written.ackOf === undefined || written.ackOf === head.ackOf)) return undefined;
    const w = segmentText(written);
    if (!head) return { problem: { code: 'not-in-flight', message: `${w} is not in flight toward ${name}: nothing is in flight toward ${name}` }, steps: [], sent: [] };
    if (segmentMatches(written, { flags: new Set(head.flags), ackOf: head.ackOf })) return undefined;
    const rest = queue.length > 1 ? `, then ${queue.slice(1, 6).map(segmentText).join(', ')}${queue.length > 6 ? ', …' : ''}` : '';
    return {
      problem: {
        code: 'not-in-flight',
        message: `${w} is not at the head of the queue toward ${name}, so it cannot ${verb}: the next segment to arrive is ${segmentText(head)}${head.ackOf ? ` (acknowledging ${name}'s ${head.ackOf})` : ''}${rest}`,
      },
      steps: [], sent: [],
    };
  }

  /** `recv SEG [/ delay ACK]`: the head of the queue toward `i` arrives. */
  receive(i: PeerIndex, written: WrittenSegment, options: { delayAck?: boolean } = {}): NetworkResult {
    const refused = this.notAtHead(i, written, 'arrive');
    if (refused) return refused;
    const head = this.queues[i][0];
    const outcome = this.peers[i].arrive(head, { delayAck: options.delayAck });
    if (outcome.problem) return this.result(outcome);
    this.queues[i].shift();
    return this.result(outcome, head);
  }

  /**
   * After a receive at `i` that answered with one pure ACK: that ACK was not sent on its own but
   * owed (`/ delay ACK`). Takes it back from the queue toward the other peer.
   */
  oweAnswer(i: PeerIndex, ack: Segment): boolean {
    const queue = this.queues[1 - i];
    if (queue[queue.length - 1] !== ack || ack.flags.length !== 1 || ack.flags[0] !== 'ACK') return false;
    queue.pop();
    this.peers[i].oweInstead();
    return true;
  }

  /** Delivers the head of the queue toward `i` whatever it is (the capture importer's receive). */
  receiveHead(i: PeerIndex, options: { delayAck?: boolean } = {}): NetworkResult {
    const head = this.queues[i][0];
    if (!head) return { problem: { code: 'not-in-flight', message: `nothing is in flight toward ${this.names[i]}` }, steps: [], sent: [] };
    return this.receive(i, { flags: head.flags }, options);
  }

  /**
   * `recv old SEG`: a segment from outside the conversation (an old duplicate of an earlier
   * connection, or a forged one) arrives at `i`. It claims to come from the other peer.
   */
  receiveOld(i: PeerIndex, flags: readonly Flag[], options: { delayAck?: boolean } = {}): NetworkResult {
    const from = (1 - i) as PeerIndex;
    const all = normalizeWritten(flags);
    const olderThanAny: ConnId = { peer: from, gen: 0 };
    const len = (all.includes('SYN') ? 1 : 0) + (all.includes('DATA') ? 1 : 0) + (all.includes('FIN') ? 1 : 0);
    const body: SegmentBody = {
      from, flags: all, conn: olderThanAny, seq: 0, len, mark: 'old',
      ...(all.includes('ACK') ? { ack: { conn: { peer: i, gen: 0 }, next: 1 } } : {}),
    };
    const outcome = this.peers[i].arrive(body, { old: true, delayAck: options.delayAck });
    if (outcome.problem) return this.result(outcome);
    // An old segment is not one the conversation sent: it gets an id of its own for the ladder.
    const seg: Segment = { ...body, id: this.nextId++ };
    return this.result(outcome, seg);
  }

  /** `lose SEG`: the head of the queue toward `i` is dropped. */
  lose(i: PeerIndex, written: WrittenSegment): NetworkResult {
    const refused = this.notAtHead(i, written, 'be lost');
    if (refused) return refused;
    const head = this.queues[i].shift()!;
    return { steps: [], sent: [], received: head, note: `${segmentText(head)} is lost` };
  }

  /** Drops the head of the queue toward `i` whatever it is (the capture importer's loss). */
  loseHead(i: PeerIndex): NetworkResult {
    const head = this.queues[i][0];
    if (!head) return { problem: { code: 'not-in-flight', message: `nothing is in flight toward ${this.names[i]}` }, steps: [], sent: [] };
    return this.lose(i, { flags: head.flags });
  }

  /** Saves and restores everything, to try an event (completion asks "would this be legal?"). */
  snapshot(): unknown {
    return {
      peers: [this.peers[0].snapshot(), this.peers[1].snapshot()],
      queues: [[...this.queues[0]], [...this.queues[1]]],
      nextId: this.nextId,
      time: this.time,
    };
  }
  restore(snapshot: unknown): void {
    const s = snapshot as { peers: [unknown, unknown]; queues: [Segment[], Segment[]]; nextId: number; time: number };
    this.peers[0].restore(s.peers[0]);
    this.peers[1].restore(s.peers[1]);
    this.queues[0] = [...s.queues[0]];
    this.queues[1] = [...s.queues[1]];
    this.nextId = s.nextId;
    this.now = s.time;
  }
}
