// Conversations (SPEC section 5): two TCP endpoints and the segments in flight between them,
// simulated event by event to derive every state. An event that is not legal is reported and
// skipped, so the simulation goes on from the last consistent state and later lines are checked.

import {
  type AckOf,
  type Edge,
  edgesFrom,
  type Flag,
  FLAG_ORDER,
  formatSegment,
  segmentMatches,
  type SegmentSpec,
  type State,
  type UserCall,
} from '../tcp/machine';
import { type ConversationBlock, type ConversationEvent, type Ident, peerNamesOf, type Span, type StateRef } from '../syntax/tree';
import { type Diagnostic, diagnostic } from './diagnostics';
import { resolveState } from './suggest';

/** A segment in flight. Its ACK acknowledges what its sender had received when it was sent. */
export interface Segment {
  readonly flags: readonly Flag[];
  /** What of the receiver's the ACK acknowledges (FIN implies SYN), if it carries an ACK. */
  readonly ackOf?: AckOf;
  /** Index of the sending peer. */
  readonly from: 0 | 1;
  /** Numbers the segments of a conversation in the order they were sent, from 1. */
  readonly id: number;
}

/** What one event did: the states before and after, what it sent, what is in flight after. */
export interface TraceStep {
  readonly event: ConversationEvent;
  /** Index of the peer the event happened at (undefined for `expect`). */
  readonly peer?: 0 | 1;
  readonly before: readonly [State, State];
  readonly after: readonly [State, State];
  /** The segment a `recv` or `lose` took off the head of the queue. */
  readonly received?: Segment;
  /** Segments this event put in flight (answers included). */
  readonly sent: readonly Segment[];
  /** Queues after the event: [toward peer 0, toward peer 1]. */
  readonly inFlight: readonly [readonly Segment[], readonly Segment[]];
  /** The RFC 9293 section of the rule applied. */
  readonly rfc?: string;
  /** A few words on what happened, for hover. */
  readonly note?: string;
  /** False when the event was reported and skipped. */
  readonly ok: boolean;
}

export interface ConversationTrace {
  readonly peers: readonly [string, string];
  readonly start: readonly [State, State];
  readonly steps: readonly TraceStep[];
}

/**
 * A `not-in-flight` message names the segments queued behind the head up to this many: a queue
 * that grows without end (a conversation broken early) must not make every message, and the
 * check, grow with it.
 */
const LISTED_IN_FLIGHT = 5;

export function segmentText(seg: Segment): string {
  return formatSegment({ flags: new Set(seg.flags) });
}

interface Peer {
  name: string;
  state: State;
  /** The peer's SYN / FIN has reached us. */
  gotSyn: boolean;
  gotFin: boolean;
  /** SYN_RECEIVED was entered from LISTEN (RFC 9293 note 1). */
  passive: boolean;
}

/** What handling one event came to: whether it was legal, and the rule applied. */
interface Outcome {
  readonly ok: boolean;
  readonly rfc?: string;
  readonly note?: string;
}

function has(seg: Segment, flag: Flag): boolean {
  return seg.flags.includes(flag);
}

function specOf(seg: Segment): SegmentSpec {
  return { flags: new Set(seg.flags), ackOf: seg.ackOf };
}

/** Simulates a conversation block, appending its diagnostics (relative spans) to `out`. */
export function simulate(block: ConversationBlock, out: Diagnostic[]): ConversationTrace {
  const names = peerNamesOf(block);
  const peers: [Peer, Peer] = [
    { name: names[0], state: 'CLOSED', gotSyn: false, gotFin: false, passive: false },
    { name: names[1], state: 'CLOSED', gotSyn: false, gotFin: false, passive: false },
  ];
  const queues: [Segment[], Segment[]] = [[], []];
  let sentCount = 0;
  let received: Segment | undefined;

  const peerIndex = (id: Ident): 0 | 1 | undefined => {
    const i = names.indexOf(id.text);
    if (i === 0 || i === 1) return i;
    out.push(diagnostic('unknown-peer', id.span,
      `\`${id.text}\` is not a peer of this conversation; the peers are ${names[0]} and ${names[1]}${block.peers ? '' : ' (declare others with `peers A, B`)'}`));
    return undefined;
  };
  const resolve = (ref: StateRef): State | undefined => resolveState(ref, out);

  for (const entry of block.start?.entries ?? []) {
    const i = peerIndex(entry.peer);
    const state = resolve(entry.state);
    if (i !== undefined && state) {
      peers[i].state = state;
      // A peer that starts past the handshake has seen the other's SYN (and FIN, if closing).
      peers[i].gotSyn = state !== 'CLOSED' && state !== 'LISTEN' && state !== 'SYN_SENT';
      peers[i].gotFin = state === 'CLOSE_WAIT' || state === 'LAST_ACK' || state === 'CLOSING' || state === 'TIME_WAIT';
    }
  }
  const start: [State, State] = [peers[0].state, peers[1].state];

  const send = (from: 0 | 1, flags: readonly Flag[], sent: Segment[]) => {
    const sender = peers[from];
    const all = new Set(flags);
    // Every segment but an opening SYN carries an ACK of what its sender has received; a reset
    // is <SEQ=…><CTL=RST> alone (RFC 9293 3.10.5, 3.10.7.2).
    if (sender.gotSyn && !all.has('RST')) all.add('ACK');
    const ackOf: AckOf | undefined = all.has('ACK') ? (sender.gotFin ? 'FIN' : sender.gotSyn ? 'SYN' : undefined) : undefined;
    const seg: Segment = { flags: FLAG_ORDER.filter((f) => all.has(f)), ackOf, from, id: ++sentCount };
    queues[1 - from].push(seg);
    sent.push(seg);
  };

  const steps: TraceStep[] = [];
  for (const event of block.events) {
    const before: [State, State] = [peers[0].state, peers[1].state];
    const sent: Segment[] = [];
    let result: Outcome = { ok: true };
    let at: 0 | 1 | undefined;
    received = undefined;
    if (event.kind === 'expect') {
      for (const entry of event.entries) {
        const i = peerIndex(entry.peer);
        const state = resolve(entry.state);
        if (i === undefined || !state) continue;
        if (peers[i].state !== state) {
          out.push(diagnostic('expect-failed', entry.state.span,
            `expected ${names[i]} in ${state}, but ${names[i]} is in ${peers[i].state}`));
          result = { ok: false };
        }
      }
    } else {
      at = peerIndex(event.peer);
      if (at === undefined) {
        result = { ok: false };
      } else if (event.kind === 'call') {
        result = userCall(at, event.call, event.verb, sent);
      } else if (event.kind === 'timeout') {
        result = timeout(at, event.verb, sent);
      } else {
        result = arrival(at, event, sent);
      }
    }
    steps.push({
      event, peer: at, before, after: [peers[0].state, peers[1].state], received, sent,
      inFlight: [[...queues[0]], [...queues[1]]], ...result,
    });
  }
  return { peers: names, start, steps };

  // ------------------------------------------------------------------------------------------

  function userCall(i: 0 | 1, call: UserCall, verb: Span, sent: Segment[]): Outcome {
    const p = peers[i];
    if (call === 'send-data' && (p.state === 'ESTABLISHED' || p.state === 'CLOSE_WAIT')) {
      send(i, ['DATA'], sent);
      return { ok: true, rfc: '3.10.2', note: 'data is sent; the state does not change' };
    }
    const edge = edgesFrom(p.state).find((e) => e.triggers.some((t) => t.kind === 'call' && t.call === call));
    if (!edge) {
      const legal = legalCalls(p.state);
      out.push(diagnostic('illegal-call', verb,
        `${p.name} cannot ${callText(call)} in ${p.state}; ${legal.length > 0 ? `in ${p.state} ${p.name} can: ${legal.join(', ')}` : `no user call is possible in ${p.state}`}`));
      return { ok: false };
    }
    take(i, edge, sent);
    return { ok: true, rfc: edge.rfc[edge.rfc.length - 1], ...(edge.note ? { note: edge.note } : {}) };
  }

  function take(i: 0 | 1, edge: Edge, sent: Segment[]): void {
    const p = peers[i];
    if (edge.to === 'SYN_RECEIVED') p.passive = p.state === 'LISTEN';
    if (edge.action) send(i, [...edge.action.flags].filter((f) => f !== 'ACK'), sent);
    p.state = edge.to;
    if (edge.to === 'CLOSED' || edge.to === 'LISTEN') {
      p.gotSyn = false;
      p.gotFin = false;
    }
  }

  function timeout(i: 0 | 1, verb: Span, sent: Segment[]): Outcome {
    const p = peers[i];
    switch (p.state) {
      case 'TIME_WAIT':
        p.state = 'CLOSED';
        p.gotSyn = false;
        p.gotFin = false;
        return { ok: true, rfc: '3.10.8', note: '2MSL expired' };
      case 'SYN_SENT':
        send(i, ['SYN'], sent);
        return { ok: true, rfc: '3.10.8', note: 'the SYN is sent again' };
      case 'SYN_RECEIVED':
        send(i, ['SYN', 'ACK'], sent);
        return { ok: true, rfc: '3.10.8', note: 'the SYN+ACK is sent again' };
      case 'FIN_WAIT_1':
      case 'CLOSING':
      case 'LAST_ACK':
        send(i, ['FIN'], sent);
        return { ok: true, rfc: '3.10.8', note: 'the unacknowledged FIN is sent again' };
      default:
        out.push(diagnostic('illegal-call', verb,
          `no timer runs for ${p.name} in ${p.state}: a timeout is the 2MSL timer in TIME_WAIT, or the retransmission of an unacknowledged SYN or FIN in SYN_SENT, SYN_RECEIVED, FIN_WAIT_1, CLOSING and LAST_ACK`));
        return { ok: false };
    }
  }

  function arrival(i: 0 | 1, event: Extract<ConversationEvent, { kind: 'recv' | 'lose' }>, sent: Segment[]): Outcome {
    const p = peers[i];
    const queue = queues[i];
    const head = queue[0];
    const span = { start: event.verb.start, end: event.segment.span.end };
    const written = formatSegment({ flags: new Set(event.segment.flags) });
    if (!head) {
      out.push(diagnostic('not-in-flight', span, `${written} is not in flight toward ${p.name}: nothing is in flight toward ${p.name}`));
      return { ok: false };
    }
    if (!segmentMatches(event.segment, specOf(head))) {
      out.push(diagnostic('not-in-flight', span,
        `${written} is not at the head of the queue toward ${p.name}: the next segment to arrive is ${segmentText(head)}${head.ackOf ? ` (acknowledging ${p.name}'s ${head.ackOf})` : ''}${queue.length > 1 ? `, then ${queue.slice(1, 1 + LISTED_IN_FLIGHT).map(segmentText).join(', ')}${queue.length > 1 + LISTED_IN_FLIGHT ? ` and ${queue.length - 1 - LISTED_IN_FLIGHT} more` : ''}` : ''}`));
      return { ok: false };
    }
    queue.shift();
    received = head;
    if (event.kind === 'lose') return { ok: true, note: `${segmentText(head)} is lost` };
    return receive(i, head, sent);
  }

  /** RFC 9293 section 3.10.7: what peer i does with an arriving segment. */
  function receive(i: 0 | 1, seg: Segment, sent: Segment[]): Outcome {
    const p = peers[i];
    const ackedSyn = seg.ackOf !== undefined;
    const ackedFin = seg.ackOf === 'FIN';
    const rst = has(seg, 'RST');
    const syn = has(seg, 'SYN');
    const fin = has(seg, 'FIN');
    const data = has(seg, 'DATA');
    const to = (state: State) => {
      if (state === 'CLOSED' || state === 'LISTEN') {
        p.gotSyn = false;
        p.gotFin = false;
      }
      p.state = state;
    };
    switch (p.state) {
      case 'CLOSED':
        if (rst) return { ok: true, rfc: '3.10.7.1', note: 'a RST to a closed port is dropped' };
        {
          // <SEQ=0><ACK=…><CTL=RST,ACK> answers a segment without ACK, acknowledging its SYN.
          const answer: Segment = has(seg, 'ACK') ? { flags: ['RST'], from: i, id: ++sentCount } : { flags: ['RST', 'ACK'], ackOf: syn ? 'SYN' : undefined, from: i, id: ++sentCount };
          queues[1 - i].push(answer);
          sent.push(answer);
        }
        return { ok: true, rfc: '3.10.7.1', note: 'no connection: answered with RST (connection refused)' };
      case 'LISTEN':
        if (rst) return { ok: true, rfc: '3.10.7.2', note: 'a RST in LISTEN is ignored' };
        if (has(seg, 'ACK')) {
          send(i, ['RST'], sent);
          return { ok: true, rfc: '3.10.7.2', note: 'an ACK in LISTEN is answered with RST' };
        }
        if (syn) {
          p.gotSyn = true;
          p.passive = true;
          send(i, ['SYN'], sent);
          to('SYN_RECEIVED');
          return { ok: true, rfc: '3.10.7.2' };
        }
        return { ok: true, rfc: '3.10.7.2', note: 'dropped' };
      case 'SYN_SENT':
        if (rst) {
          if (ackedSyn) {
            to('CLOSED');
            return { ok: true, rfc: '3.10.7.3', note: 'connection reset' };
          }
          return { ok: true, rfc: '3.10.7.3', note: 'a RST that does not acknowledge our SYN is dropped' };
        }
        if (syn && ackedSyn) {
          p.gotSyn = true;
          to('ESTABLISHED');
          send(i, [], sent);
          return { ok: true, rfc: '3.10.7.3' };
        }
        if (syn) {
          p.gotSyn = true;
          p.passive = false;
          to('SYN_RECEIVED');
          send(i, ['SYN'], sent);
          return { ok: true, rfc: '3.10.7.3', note: 'simultaneous open' };
        }
        return { ok: true, rfc: '3.10.7.3', note: 'dropped' };
      case 'SYN_RECEIVED':
        if (rst) {
          to(p.passive ? 'LISTEN' : 'CLOSED');
          return { ok: true, rfc: '3.10.7.4', note: p.passive ? 'back to LISTEN (note 1)' : 'connection refused' };
        }
        if (ackedSyn) {
          to('ESTABLISHED');
          if (fin) return finArrives(i, seg, sent);
          if (data) send(i, [], sent);
          return { ok: true, rfc: '3.10.7.4' };
        }
        if (syn) {
          send(i, ['SYN'], sent);
          return { ok: true, rfc: '3.10.7.4', note: 'a retransmitted SYN: the SYN+ACK is sent again' };
        }
        return { ok: true, rfc: '3.10.7.4', note: 'dropped' };
      default:
        break;
    }
    // Synchronized states.
    if (rst) {
      to('CLOSED');
      return { ok: true, rfc: '3.10.7.4', note: 'connection reset' };
    }
    if (syn) {
      if (p.state === 'ESTABLISHED' && ackedSyn) {
        send(i, [], sent);
        return { ok: true, rfc: '3.10.7.4', note: 'a duplicate SYN+ACK is acknowledged again' };
      }
      send(i, [], sent);
      return { ok: true, rfc: '3.10.7.4', note: 'a SYN in a synchronized state is answered with an ACK' };
    }
    if (ackedFin) {
      if (p.state === 'FIN_WAIT_1') to(fin ? 'FIN_WAIT_1' : 'FIN_WAIT_2');
      else if (p.state === 'CLOSING') to('TIME_WAIT');
      else if (p.state === 'LAST_ACK') {
        to('CLOSED');
        return { ok: true, rfc: '3.10.7.4', note: 'the ACK of our FIN: the connection is closed' };
      }
    }
    if (fin) return finArrives(i, seg, sent);
    if (data) {
      if (p.state === 'ESTABLISHED' || p.state === 'FIN_WAIT_1' || p.state === 'FIN_WAIT_2') {
        send(i, [], sent);
        return { ok: true, rfc: '3.10.7.4', note: 'data is acknowledged' };
      }
      return { ok: true, rfc: '3.10.7.4', note: 'data after the peer closed is dropped' };
    }
    return { ok: true, rfc: '3.10.7.4' };
  }

  function finArrives(i: 0 | 1, seg: Segment, sent: Segment[]): Outcome {
    const p = peers[i];
    const retransmitted = p.gotFin;
    p.gotFin = true;
    switch (p.state) {
      case 'ESTABLISHED':
        p.state = 'CLOSE_WAIT';
        break;
      case 'FIN_WAIT_1':
        // Our FIN acknowledged by this segment → TIME_WAIT (note 2), else the FINs crossed.
        p.state = seg.ackOf === 'FIN' ? 'TIME_WAIT' : 'CLOSING';
        break;
      case 'FIN_WAIT_2':
        p.state = 'TIME_WAIT';
        break;
      case 'TIME_WAIT':
        send(i, [], sent);
        return { ok: true, rfc: '3.10.7.4', note: 'a retransmitted FIN is acknowledged again and 2MSL restarts' };
      default:
        send(i, [], sent);
        return { ok: true, rfc: '3.10.7.4', note: retransmitted ? 'a retransmitted FIN is acknowledged again' : 'the FIN is acknowledged' };
    }
    send(i, [], sent);
    return { ok: true, rfc: '3.10.7.4' };
  }
}

function callText(call: UserCall): string {
  return call === 'send-data' ? 'send data' : call;
}

function legalCalls(state: State): string[] {
  const calls: string[] = [];
  for (const e of edgesFrom(state)) {
    for (const t of e.triggers) if (t.kind === 'call' && !calls.includes(callText(t.call))) calls.push(callText(t.call));
  }
  if ((state === 'ESTABLISHED' || state === 'CLOSE_WAIT') && !calls.includes('send data')) calls.push('send data');
  return calls;
}
