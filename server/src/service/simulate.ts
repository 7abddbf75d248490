// Conversations (SPEC section 5): maps a block's events onto the endpoint engine
// (tcp/endpoint.ts, tcp/network.ts) and turns its outcomes into diagnostics and a trace. An event
// that is not legal is reported and skipped, so later lines are still checked. Time (SPEC
// section 8) is kept here: when each event happens, `time-order` and `early-timeout`.

import type { EngineStep, Segment } from '../tcp/endpoint';
import { DURATIONS } from '../tcp/endpoint';
import { formatTimer, type Stack, type State, type Timer } from '../tcp/machine';
import { Network, type NetworkResult, type PeerIndex } from '../tcp/network';
import { type ConversationBlock, type ConversationEvent, type Ident, peerNamesOf, type PeerEvent, type Span, type StateRef } from '../syntax/tree';
import { type Diagnostic, diagnostic } from './diagnostics';
import { resolveState } from './suggest';

export type { Segment } from '../tcp/endpoint';
export { segmentText } from '../tcp/network';

/** What one event did: the states before and after, what it sent, what is in flight after. */
export interface TraceStep {
  readonly event: ConversationEvent;
  /** Index of the peer the event happened at (undefined for `expect`). */
  readonly peer?: 0 | 1;
  /** When the event happened (seconds), when the block has times. */
  readonly time?: number;
  readonly before: readonly [State, State];
  readonly after: readonly [State, State];
  /** The time each peer entered its state after the event, when the block has times. */
  readonly since?: readonly [number, number];
  /** The segment a `recv` or `lose` took off the head of the queue (or the old one that arrived). */
  readonly received?: Segment;
  /** Segments this event put in flight (answers included). */
  readonly sent: readonly Segment[];
  /** Queues after the event: [toward peer 0, toward peer 1]. */
  readonly inFlight: readonly [readonly Segment[], readonly Segment[]];
  /** Whether each peer owes an ACK after the event. */
  readonly owes: readonly [boolean, boolean];
  /** The table steps the event took. */
  readonly steps: readonly EngineStep[];
  /** The RFC 9293 section of the rule applied. */
  readonly rfc?: string;
  /** Which check of 3.10.7 decided, for an arrival. */
  readonly check?: string;
  /** A few words on what happened, for hover. */
  readonly note?: string;
  /** The timer that fired, for a timeout. */
  readonly timer?: Timer;
  /** False when the event was reported and skipped. */
  readonly ok: boolean;
}

export interface ConversationTrace {
  readonly peers: readonly [string, string];
  readonly stacks: readonly [Stack, Stack];
  readonly start: readonly [State, State];
  /** True when some event of the block has a time. */
  readonly timed: boolean;
  readonly steps: readonly TraceStep[];
}

/** The stacks of the block's two peers (SPEC section 8): rfc9293 unless `stack` says otherwise. */
function stacksOf(block: ConversationBlock, names: readonly [string, string], out: Diagnostic[]): [Stack, Stack] {
  const stacks: [Stack, Stack] = ['rfc9293', 'rfc9293'];
  for (const entry of block.stack?.entries ?? []) {
    if (!entry.peer) {
      stacks[0] = stacks[1] = entry.stack;
      continue;
    }
    const i = names.indexOf(entry.peer.text);
    if (i === 0 || i === 1) stacks[i] = entry.stack;
    else out.push(diagnostic('unknown-peer', entry.peer.span, `\`${entry.peer.text}\` is not a peer of this conversation; the peers are ${names[0]} and ${names[1]}`));
  }
  return stacks;
}

function isTimed(block: ConversationBlock): boolean {
  return block.events.some((e) => e.kind !== 'expect' && e.time !== undefined);
}

const seconds = (t: number): string => `${Number(t.toFixed(6))} s`;

/**
 * Simulates a conversation block, appending its diagnostics (relative spans) to `out`. With
 * `steps: false` only the diagnostics are wanted (the checker): no trace rows are kept.
 */
export function simulate(block: ConversationBlock, out: Diagnostic[], options: { steps?: boolean } = {}): ConversationTrace {
  const keepSteps = options.steps ?? true;
  const names = peerNamesOf(block);
  const stacks = stacksOf(block, names, out);
  const net = new Network(names, stacks);
  const timed = isTimed(block);

  const peerIndex = (id: Ident): PeerIndex | undefined => {
    const i = names.indexOf(id.text);
    if (i === 0 || i === 1) return i;
    out.push(diagnostic('unknown-peer', id.span,
      `\`${id.text}\` is not a peer of this conversation; the peers are ${names[0]} and ${names[1]}${block.peers ? '' : ' (declare others with `peers A, B`)'}`));
    return undefined;
  };
  const resolve = (ref: StateRef): State | undefined => resolveState(ref, out);

  const startStates: [State, State] = ['CLOSED', 'CLOSED'];
  for (const entry of block.start?.entries ?? []) {
    const i = peerIndex(entry.peer);
    const state = resolve(entry.state);
    if (i !== undefined && state) startStates[i] = state;
  }
  net.start(startStates);

  // Keep-alive idles from the block's start (time 0) while a peer has heard nothing.
  const firstTime = 0;

  const steps: TraceStep[] = [];
  let now = 0;
  for (const event of block.events) {
    const before = net.states();
    if (event.kind !== 'expect' && event.time) now = applyTime(event.time, now, out);
    net.now = now;
    let result: NetworkResult = { steps: [], sent: [] };
    let ok = true;
    let at: PeerIndex | undefined;
    if (event.kind === 'expect') {
      for (const entry of event.entries) {
        const i = peerIndex(entry.peer);
        const state = resolve(entry.state);
        if (i === undefined || !state) continue;
        if (net.peers[i].state !== state) {
          out.push(diagnostic('expect-failed', entry.state.span,
            `expected ${names[i]} in ${state}, but ${names[i]} is in ${net.peers[i].state}`));
          ok = false;
        }
      }
    } else {
      at = peerIndex(event.peer);
      if (at === undefined) ok = false;
      else {
        if (timed && event.kind === 'timeout') checkTimerDue(net, at, event, firstTime, now, out);
        result = apply(net, at, event);
        if (result.problem) {
          ok = false;
          out.push(diagnostic(result.problem.code, problemSpan(event, result), result.problem.message));
        }
      }
    }
    if (!keepSteps) continue;
    steps.push({
      event, peer: at, ...(timed ? { time: now } : {}), before, after: net.states(),
      ...(timed ? { since: [net.peers[0].stateSince, net.peers[1].stateSince] as const } : {}),
      ...(result.received ? { received: result.received } : {}),
      sent: result.sent,
      inFlight: [[...net.queues[0]], [...net.queues[1]]],
      owes: [net.peers[0].owesAck, net.peers[1].owesAck],
      steps: result.steps,
      ...(result.rfc ? { rfc: result.rfc } : {}),
      ...(result.check ? { check: result.check } : {}),
      ...(result.note ? { note: result.note } : {}),
      ...(result.timer ? { timer: result.timer } : {}),
      ok,
    });
  }
  return { peers: names, stacks, start: startStates, timed, steps };
}

/** The time an event happens at; a time earlier than the previous one is `time-order`. */
function applyTime(time: NonNullable<PeerEvent['time']>, now: number, out: Diagnostic[]): number {
  const at = time.relative ? now + time.seconds : time.seconds;
  if (at < now) {
    out.push(diagnostic('time-order', time.span,
      `this event's time (${seconds(at)}) is earlier than the previous event's (${seconds(now)}); times never go back, so it is taken to happen at ${seconds(now)}`));
    return now;
  }
  return at;
}

/** `early-timeout`: a timed timeout before its timer could expire (SPEC section 8). It still applies. */
function checkTimerDue(net: Network, i: PeerIndex, event: Extract<ConversationEvent, { kind: 'timeout' }>, firstTime: number, now: number, out: Diagnostic[]): void {
  const p = net.peers[i];
  const timer = event.timer ?? p.bareTimer();
  if (!timer || p.timerRefusal(timer) !== undefined) return;
  const due = p.timerDueAt(timer, firstTime);
  if (due === undefined || now >= due - 1e-9) return;
  const d = DURATIONS[p.stack];
  const what = timer === '2msl'
    ? `the 2MSL timer of ${p.name} (${d.twoMsl} s on stack ${p.stack}) runs from ${seconds(due - d.twoMsl)}, when ${p.name} entered TIME_WAIT or last acknowledged a retransmitted FIN`
    : timer === 'fin-wait-2'
      ? `the fin-wait-2 timer of ${p.name} (${d.finWait2 ?? 0} s, tcp_fin_timeout) runs from ${seconds(p.stateSince)}, when ${p.name} entered FIN_WAIT_2`
      : `the keep-alive timer of ${p.name} fires after ${d.keepaliveIdle} s without a segment (then every ${d.keepaliveInterval} s)`;
  out.push(diagnostic('early-timeout', event.verb,
    `\`timeout ${formatTimer(timer)}\` at ${seconds(now)} is too early: ${what}, so it can fire at ${seconds(due)} at the earliest`));
}

function apply(net: Network, i: PeerIndex, event: PeerEvent): NetworkResult {
  switch (event.kind) {
    case 'call':
      return net.call(i, event.call);
    case 'timeout':
      return net.timeout(i, event.timer);
    case 'lose':
      return net.lose(i, event.segment);
    case 'recv':
      if (event.old) return net.receiveOld(i, event.segment.flags, { delayAck: event.delayAck !== undefined });
      return net.receive(i, event.segment, { delayAck: event.delayAck !== undefined });
  }
}

/** Where a problem is reported: the verb, the segment, or `/ delay ACK` when that is what is wrong. */
function problemSpan(event: PeerEvent, result: NetworkResult): Span {
  if (event.kind === 'recv' || event.kind === 'lose') {
    if (result.problem?.code === 'illegal-call' && event.kind === 'recv' && event.delayAck) return event.delayAck;
    return { start: event.verb.start, end: event.segment.span.end };
  }
  return event.verb;
}
