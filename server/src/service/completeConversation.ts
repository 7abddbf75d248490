// Completion on a conversation line. What a peer may do next is asked of the endpoint engine,
// not listed here: the block is simulated up to the line before the cursor, and each candidate
// event (the arrival at the head of the peer's queue, with and without `/ delay ACK`, every user
// call, every timer that runs for the peer now, a loss, a crash, an old segment) is tried on that
// network and offered only when the engine accepts it, with what it would do as its detail.

import type { CallEvent, Segment } from '../tcp/endpoint';
import { type Flag, formatTimer, type State, STATES, type Timer } from '../tcp/machine';
import { type Network, type NetworkResult, type PeerIndex, segmentText } from '../tcp/network';
import type { ConversationBlock, Span } from '../syntax/tree';
import { type CompletionEntry, type Draft, finish, skipSpaces, STACK_DETAILS, tokens } from './completeText';
import { seconds, shortFlags } from './lineFacts';
import { simulateNetwork } from './simulate';

interface Now {
  readonly names: readonly [string, string];
  /** The network after the last event before the cursor's line. */
  readonly net: Network;
  /** The block's first time, when it has times (keep-alive idles from it). */
  readonly firstTime: number;
  readonly timed: boolean;
}

/** The simulation up to the line before `rel` (relative to the item); later lines do not count. */
function simulateBefore(block: ConversationBlock, rel: number): Now {
  const cut: ConversationBlock = {
    ...block,
    ...(block.peers && block.peers.span.end > rel ? { peers: undefined } : {}),
    ...(block.stack && block.stack.span.end > rel ? { stack: undefined } : {}),
    ...(block.start && block.start.span.end > rel ? { start: undefined } : {}),
    events: block.events.filter((e) => e.span.end <= rel),
  };
  const { trace, net, firstTime } = simulateNetwork(cut, []);
  return { names: trace.peers, net, firstTime, timed: trace.timed };
}

/** A time at the start of an event line: `0.309 ` or `+0.1 `. */
const TIME_PREFIX = /^\s*(?:\+\s*)?\d+(?:\.\d+)?(?=\s)/;

export function conversationLine(text: string, offset: number, lineStart: number, block: ConversationBlock, base: number, word: Span): CompletionEntry[] {
  const now = simulateBefore(block, lineStart - base);
  const [n0, n1] = now.names;
  const line = text.slice(lineStart, word.start);
  const time = TIME_PREFIX.exec(line);
  const toks = tokens(time ? line.slice(time[0].length) : line);
  const peerIndex = (name: string | undefined): PeerIndex | undefined => (name === n0 ? 0 : name === n1 ? 1 : undefined);
  const rel = lineStart - base;

  if (toks.length === 0) return finish(lineStartItems(block, now, rel, time !== null), word);

  const first = toks[0].toLowerCase();
  if (!time && toks[1] !== ':' && (first === 'expect' || first === 'start')) return peerStates(now, first, toks, word);
  if (!time && toks[1] !== ':' && first === 'stack') return stackLine(now, toks, word);

  if (toks.length < 2 || toks[1] !== ':') return [];
  const i = peerIndex(toks[0]);
  if (i === undefined) return [];
  // The event is replaced whole: everything typed after `PEER:`.
  const colon = text.indexOf(':', lineStart + (time ? time[0].length : 0));
  const replace: Span = { start: Math.min(skipSpaces(text, colon + 1, offset), word.start), end: offset };
  const typed = text.slice(replace.start, offset).toLowerCase().replace(/\s+/g, ' ');
  return finish(eventItems(now, i, typed), replace);
}

/** At the start of a line: each peer (inserting `name: `), the expectation, and the header lines still missing. */
function lineStartItems(block: ConversationBlock, now: Now, rel: number, afterTime: boolean): Draft[] {
  const drafts: Draft[] = [];
  const states = now.net.states();
  for (const i of [0, 1] as const) {
    const head = now.net.queues[i][0];
    const detail = `${states[i]}${head ? `, ${written(head)} arriving` : ''}${now.net.peers[i].owesAck ? ', owes an ACK' : ''}`;
    drafts.push({ label: now.names[i], kind: 'peer', insertText: `${now.names[i]}: `, detail, description: detail });
  }
  if (afterTime) return drafts;
  const [n0, n1] = now.names;
  drafts.push({ label: `expect ${n0} ${states[0]}, ${n1} ${states[1]}`, kind: 'keyword', detail: 'the derived states' });
  const first = block.events.every((e) => e.span.start >= rel) && !(block.start && block.start.span.start < rel);
  if (first) {
    if (!block.peers && !block.stack) drafts.push({ label: 'peers', kind: 'keyword', insertText: 'peers ', detail: 'name the two peers' });
    if (!block.stack) {
      for (const stack of ['linux', 'rfc9293'] as const) {
        drafts.push({ label: `stack ${stack}`, kind: 'keyword', detail: `both peers: ${STACK_DETAILS[stack]}` });
      }
    }
    if (!block.start) drafts.push({ label: 'start', kind: 'keyword', insertText: 'start ', detail: 'the peers\' first states' });
  }
  return drafts;
}

/** After `expect` / `start`: peers with their states, or the states of one peer. */
function peerStates(now: Now, first: 'expect' | 'start', toks: readonly string[], word: Span): CompletionEntry[] {
  const states = now.net.states();
  const last = toks[toks.length - 1];
  if (last.toLowerCase() === first || last === ',') {
    const drafts: Draft[] = [0, 1].map((i) => ({
      label: first === 'expect' ? `${now.names[i]} ${states[i]}` : now.names[i],
      kind: 'peer' as const,
      ...(first === 'start' ? { insertText: `${now.names[i]} ` } : {}),
      detail: first === 'expect' ? `${now.names[i]} is in ${states[i]} here` : undefined,
    }));
    return finish(drafts, word);
  }
  const i = last === now.names[0] ? 0 : last === now.names[1] ? 1 : undefined;
  if (i === undefined) return [];
  const drafts: Draft[] = [];
  if (first === 'expect') drafts.push({ label: states[i], kind: 'state', detail: `${now.names[i]} is in ${states[i]} here`, preselect: true });
  for (const s of STATES) if (first !== 'expect' || s !== states[i]) drafts.push({ label: s, kind: 'state' });
  return finish(drafts, word);
}

/** `stack linux`, or per peer `stack client linux, server rfc9293`. */
function stackLine(now: Now, toks: readonly string[], word: Span): CompletionEntry[] {
  const last = toks[toks.length - 1];
  const stacks = (who: string): Draft[] =>
    (['linux', 'rfc9293'] as const).map((stack) => ({ label: stack, kind: 'keyword' as const, detail: `${who}: ${STACK_DETAILS[stack]}` }));
  if (last.toLowerCase() === 'stack') {
    return finish([...stacks('both peers'), ...now.names.map((name): Draft => ({ label: name, kind: 'peer', insertText: `${name} `, detail: `a stack for ${name} alone` }))], word);
  }
  if (last === ',') {
    const named = toks.filter((t) => now.names.includes(t));
    return finish(now.names.filter((n) => !named.includes(n)).map((name): Draft => ({ label: name, kind: 'peer', insertText: `${name} `, detail: `the stack of ${name}` })), word);
  }
  if (now.names.includes(last)) return finish(stacks(last), word);
  return [];
}

// ---------------------------------------------------------------------------------------------
// Events at one peer, tried on the engine

interface Tried {
  readonly before: State;
  readonly after: State;
  readonly result: NetworkResult;
  readonly owes: boolean;
}

/** Runs `event` on the network and puts everything back; undefined when the engine refuses it. */
function attempt(net: Network, i: PeerIndex, event: (net: Network) => NetworkResult): Tried | undefined {
  const saved = net.snapshot();
  const before = net.peers[i].state;
  try {
    const result = event(net);
    if (result.problem) return undefined;
    return { before, after: net.peers[i].state, result, owes: net.peers[i].owesAck };
  } finally {
    net.restore(saved);
  }
}

/** A segment as one writes it: `SYN+ACK`, `FIN` (the ACK next to FIN, RST or DATA goes without saying). */
const written = (s: { readonly flags: readonly Flag[] }): string => shortFlags(segmentText(s));

/** `CLOSED → SYN_SENT, sends SYN`, `stays in SYN_SENT, resends SYN`, `… owes the ACK`. */
function whatItDoes(t: Tried): string {
  const parts = [t.before === t.after ? `stays in ${t.before}` : `${t.before} → ${t.after}`];
  const plain = t.result.sent.filter((s) => !s.mark);
  if (plain.length > 0) parts.push(`sends ${plain.map(written).join(', ')}`);
  for (const s of t.result.sent) {
    if (s.mark === 'retransmission') parts.push(`resends ${written(s)}`);
    else if (s.mark === 'probe') parts.push('sends a keep-alive probe');
    else if (s.mark === 'challenge') parts.push('sends a challenge ACK');
  }
  if (t.result.owesAck) parts.push('owes the ACK: its next segment carries it');
  return parts.join(', ');
}

const CALLS: readonly CallEvent[] = ['listen', 'connect', 'send-data', 'send-data-close', 'close', 'shutdown', 'abort', 'send-ack'];
const CALL_WORDS: Readonly<Record<CallEvent, string>> = {
  'listen': 'listen', 'connect': 'connect', 'send-data': 'send data', 'send-data-close': 'send data, close', 'close': 'close',
  'shutdown': 'shutdown', 'abort': 'abort', 'send-ack': 'send ACK', 'crash': 'crash',
};
/** The segments `recv old` offers: each kind a peer can send. */
const OLD_SEGMENTS: readonly (readonly Flag[])[] = [['SYN'], ['SYN', 'ACK'], ['ACK'], ['DATA', 'ACK'], ['FIN', 'ACK'], ['RST']];

function eventItems(now: Now, i: PeerIndex, typed: string): Draft[] {
  const net = now.net;
  const peer = net.peers[i];
  const drafts: Draft[] = [];
  const offer = (label: string, event: (net: Network) => NetworkResult, extra: (t: Tried) => string = () => '') => {
    const tried = attempt(net, i, event);
    if (!tried) return;
    const does = whatItDoes(tried) + extra(tried);
    const note = tried.result.note;
    drafts.push({ label, kind: 'event', detail: note && !does.includes(note) ? `${does} — ${note}` : does, description: does });
  };
  const head: Segment | undefined = net.queues[i][0];
  if (head) {
    const flags = { flags: head.flags };
    offer(`recv ${written(head)}`, (n) => n.receive(i, flags));
    // Only where the arrival would answer with exactly one pure ACK: the engine refuses it elsewhere.
    offer(`recv ${written(head)} / delay ACK`, (n) => n.receive(i, flags, { delayAck: true }));
  }
  for (const call of CALLS) offer(CALL_WORDS[call], (n) => n.call(i, call));
  for (const timer of peer.runningTimers()) offer(`timeout ${formatTimer(timer)}`, (n) => n.timeout(i, timer), () => dueText(now, i, timer));
  if (head) offer(`lose ${written(head)}`, (n) => n.lose(i, { flags: head.flags }));
  if (peer.state !== 'CLOSED') offer('crash', (n) => n.call(i, 'crash'));
  if (/^recv o/.test(typed)) {
    for (const flags of OLD_SEGMENTS) offer(`recv old ${written({ flags })}`, (n) => n.receiveOld(i, flags));
  } else {
    drafts.push({
      label: 'recv old', kind: 'event', insertText: 'recv old ', retrigger: true,
      detail: 'a segment from outside the conversation: an old duplicate of an earlier connection (RFC 9293 Figure 8) or a forged one',
      description: 'an old or forged segment arrives',
    });
  }
  return drafts;
}

/** An event a peer may take after the whole block (the preview's playground), as completion offers it after `PEER:`. */
export interface EventChoice {
  readonly peer: PeerIndex;
  /** The event as written after `PEER: `, e.g. `recv SYN+ACK`. */
  readonly event: string;
  /** What it would do, e.g. `SYN_SENT → ESTABLISHED, sends ACK`. */
  readonly detail: string;
  /** In a block with times, a timer that cannot fire yet: the earliest time it can (the line must write it). */
  readonly at?: number;
}

/**
 * What each peer may do after the block's last line: the same events completion offers on a new
 * last line (the engine tried on each), except `recv old`, which is only the start of a line.
 */
export function legalEvents(block: ConversationBlock): { names: readonly [string, string]; choices: EventChoice[] } {
  const now = simulateBefore(block, Number.MAX_SAFE_INTEGER);
  const choices = ([0, 1] as const).flatMap((peer) => {
    const due = new Map<string, number>();
    if (now.timed) {
      for (const timer of now.net.peers[peer].runningTimers()) {
        const at = now.net.peers[peer].timerDueAt(timer, now.firstTime);
        if (at !== undefined && at > now.net.now + 1e-9) due.set(`timeout ${formatTimer(timer)}`, at);
      }
    }
    return eventItems(now, peer, '').filter((d) => !d.retrigger).map((d): EventChoice => {
      const at = due.get(d.label);
      return { peer, event: d.label, detail: d.detail ?? '', ...(at !== undefined ? { at } : {}) };
    });
  });
  return { names: now.names, choices };
}

/** In a block with times: when a timer that depends on time can fire, if not yet. */
function dueText(now: Now, i: PeerIndex, timer: Timer): string {
  if (!now.timed) return '';
  const due = now.net.peers[i].timerDueAt(timer, now.firstTime);
  return due !== undefined && due > now.net.now + 1e-9 ? `; not before ${seconds(due)}` : '';
}
