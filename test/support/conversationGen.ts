// Random conversations for property tests: operations driven straight on the engine's network
// (tcp/network.ts), and the `.tcpfsm` text of those it accepted, so the text can be checked
// against what the engine did.

import fc from 'fast-check';
import type { CallEvent } from '../../server/src/tcp/endpoint';
import { type Flag, formatTimer, type Stack, type State, STATES, type Timer } from '../../server/src/tcp/machine';
import { Network, type NetworkResult, type PeerIndex, segmentText } from '../../server/src/tcp/network';

export type Op =
  | { readonly kind: 'call'; readonly peer: PeerIndex; readonly call: CallEvent; readonly dt: number }
  | { readonly kind: 'recv'; readonly peer: PeerIndex; readonly delayAck: boolean; readonly dt: number }
  | { readonly kind: 'old'; readonly peer: PeerIndex; readonly flags: readonly Flag[]; readonly dt: number }
  | { readonly kind: 'lose'; readonly peer: PeerIndex; readonly dt: number }
  | { readonly kind: 'timeout'; readonly peer: PeerIndex; readonly timer?: Timer; readonly dt: number };

const CALLS: readonly CallEvent[] = ['listen', 'connect', 'send-data', 'send-data-close', 'close', 'shutdown', 'abort', 'crash', 'send-ack'];
const OLD_SEGMENTS: readonly (readonly Flag[])[] = [['SYN'], ['SYN', 'ACK'], ['ACK'], ['FIN', 'ACK'], ['DATA', 'ACK'], ['RST']];

const peer = fc.constantFrom<PeerIndex>(0, 1);
const dt = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom(60, 240, 7200));

/** Receives and calls weigh most, so conversations get somewhere. */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('call' as const), peer, call: fc.constantFrom(...CALLS), dt }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('recv' as const), peer, delayAck: fc.boolean(), dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('old' as const), peer, flags: fc.constantFrom(...OLD_SEGMENTS), dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lose' as const), peer, dt }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('timeout' as const), peer, dt,
      timer: fc.option(fc.constantFrom<Timer>('2msl', 'retransmit', 'user', 'keepalive', 'fin-wait-2'), { nil: undefined }),
    }),
  },
);

export const startArb = fc.tuple(fc.constantFrom<State>(...STATES), fc.constantFrom<State>(...STATES));
export const stacksArb = fc.tuple(fc.constantFrom<Stack>('rfc9293', 'linux'), fc.constantFrom<Stack>('rfc9293', 'linux'));

export const NAMES = ['client', 'server'] as const;

/** Applies one operation; a receive or loss takes whatever is at the head of the queue. */
export function applyOp(net: Network, op: Op): NetworkResult {
  switch (op.kind) {
    case 'call':
      return net.call(op.peer, op.call);
    case 'recv':
      return net.receiveHead(op.peer, { delayAck: op.delayAck });
    case 'old':
      return net.receiveOld(op.peer, op.flags);
    case 'lose':
      return net.loseHead(op.peer);
    case 'timeout':
      return net.timeout(op.peer, op.timer);
  }
}

const CALL_TEXT: Readonly<Record<CallEvent, string>> = {
  'listen': 'listen', 'connect': 'connect', 'close': 'close', 'shutdown': 'shutdown', 'abort': 'abort',
  'send-data': 'send data', 'send-data-close': 'send data, close', 'crash': 'crash', 'send-ack': 'send ACK',
};

/** The `.tcpfsm` line of an accepted operation (what it received is known once it ran). */
export function opLine(op: Op, result: NetworkResult, time?: number): string {
  const who = `${NAMES[op.peer]}: `;
  const at = time === undefined ? '' : `${Number(time.toFixed(6))} `;
  switch (op.kind) {
    case 'call':
      return `${at}${who}${CALL_TEXT[op.call]}`;
    case 'recv':
      return `${at}${who}recv ${segmentText(result.received!)}${op.delayAck ? ' / delay ACK' : ''}`;
    case 'old':
      return `${at}${who}recv old ${segmentText({ flags: op.flags })}`;
    case 'lose':
      return `${at}${who}lose ${segmentText(result.received!)}`;
    case 'timeout':
      return `${at}${who}timeout${result.timer ? ` ${formatTimer(result.timer)}` : ''}`;
  }
}

export interface Generated {
  readonly text: string;
  /** Both peers' states after each accepted operation, in order. */
  readonly states: readonly (readonly [State, State])[];
  readonly accepted: readonly { readonly op: Op; readonly result: NetworkResult; readonly time?: number }[];
}

/**
 * Runs `ops` on a network and writes the conversation of the accepted ones. With `timed`, each
 * line carries its time, and a timer that depends on time is moved to when it can fire.
 */
export function generate(ops: readonly Op[], start: readonly [State, State], stacks: readonly [Stack, Stack], timed: boolean): Generated {
  const net = new Network(NAMES, stacks);
  net.start(start);
  const lines: string[] = [];
  const states: [State, State][] = [];
  const accepted: { op: Op; result: NetworkResult; time?: number }[] = [];
  let now = 0;
  for (const op of ops) {
    // Times in microseconds, as written in the text, so the text replays exactly.
    const micro = (t: number) => Math.ceil(t * 1e6 - 1e-6) / 1e6;
    let time = micro(now + (timed ? op.dt : 0));
    if (timed && op.kind === 'timeout') {
      const p = net.peers[op.peer];
      const running = p.runningTimers();
      const timer = op.timer ?? (['retransmit', '2msl', 'fin-wait-2'] as const).find((t) => running.includes(t));
      // Keep-alive idles from the block's start (time 0) while nothing arrived.
      const due = timer ? p.timerDueAt(timer, 0) : undefined;
      if (due !== undefined && due > time) time = micro(due);
    }
    const saved = net.snapshot();
    net.now = time;
    const result = applyOp(net, op);
    if (result.problem) {
      net.restore(saved);
      continue;
    }
    now = time;
    accepted.push({ op, result, ...(timed ? { time } : {}) });
    lines.push(`  ${opLine(op, result, timed ? time : undefined)}`);
    states.push(net.states());
  }
  const stackLine = stacks[0] === stacks[1] ? `  stack ${stacks[0]}\n` : `  stack client ${stacks[0]}, server ${stacks[1]}\n`;
  const text = `conversation "generated" {\n${stackLine}  start client ${start[0]}, server ${start[1]}\n${lines.join('\n')}\n}\n`;
  return { text, states, accepted };
}
