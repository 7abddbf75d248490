// The syntax tree of a .tcpfsm file. Offsets inside an item are relative to the item's start,
// so an item can be reused unchanged when text before it is edited.

import type { AckOf, Flag, Stack, Timer, UserCall } from '../tcp/machine';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface SyntaxError {
  readonly span: Span;
  readonly message: string;
}

/** A word in a state position, resolved by the checker. */
export interface StateRef {
  readonly text: string;
  readonly span: Span;
}

export interface Ident {
  readonly text: string;
  readonly span: Span;
}

export interface NameLiteral {
  /** The string with escapes resolved. */
  readonly value: string;
  readonly span: Span;
}

export interface SegmentLiteral {
  readonly flags: readonly Flag[];
  readonly ackOf?: AckOf;
  readonly span: Span;
}

export type LabelPart =
  | { readonly kind: 'call'; readonly call: UserCall; readonly span: Span }
  | { readonly kind: 'send' | 'recv'; readonly segment: SegmentLiteral; readonly span: Span }
  | { readonly kind: 'timeout'; readonly timer?: Timer; readonly span: Span }
  | { readonly kind: 'tcb'; readonly op: 'create' | 'delete'; readonly span: Span };

export interface Label {
  readonly colon: Span;
  readonly parts: readonly LabelPart[];
}

/** `A -> B [: label]` or a chain `A -> B -> C …`. */
export interface Step {
  readonly states: readonly StateRef[];
  readonly label?: Label;
  readonly span: Span;
}

/** `stack linux`, or `stack A linux, B rfc9293` (SPEC section 8). */
export interface StackLine {
  readonly keyword: Span;
  readonly entries: readonly { readonly peer?: Ident; readonly stack: Stack; readonly stackSpan: Span }[];
  readonly span: Span;
}

interface BlockBase {
  readonly keyword: Span;
  readonly name?: NameLiteral;
  readonly open?: Span;
  readonly close?: Span;
  readonly span: Span;
}

export interface ScenarioBlock extends BlockBase {
  readonly kind: 'scenario';
  readonly stack?: StackLine;
  readonly steps: readonly Step[];
}

export interface PeerState {
  readonly peer: Ident;
  readonly state: StateRef;
}

/** What a peer's host does in a conversation besides receiving: user calls, `crash`, `send ACK`. */
export type EventCall = UserCall | 'send-data-close' | 'crash' | 'send-ack';

/** `0.309` (seconds since the block's start) or `+0.1` (after the previous timed event). */
export interface TimeLiteral {
  readonly seconds: number;
  readonly relative: boolean;
  readonly span: Span;
}

interface PeerEventBase {
  readonly time?: TimeLiteral;
  readonly peer: Ident;
  /** The action's words (`recv`, `send data, close`, `timeout keepalive`). */
  readonly verb: Span;
  readonly span: Span;
}

export type ConversationEvent =
  | (PeerEventBase & { readonly kind: 'call'; readonly call: EventCall })
  | (PeerEventBase & {
    readonly kind: 'recv' | 'lose';
    readonly segment: SegmentLiteral;
    /** `recv old SEG`: the `old` word. */
    readonly old?: Span;
    /** `/ delay ACK`: its span. */
    readonly delayAck?: Span;
  })
  | (PeerEventBase & { readonly kind: 'timeout'; readonly timer?: Timer })
  | { readonly kind: 'expect'; readonly keyword: Span; readonly entries: readonly PeerState[]; readonly span: Span };

export type PeerEvent = Exclude<ConversationEvent, { kind: 'expect' }>;

export interface ConversationBlock extends BlockBase {
  readonly kind: 'conversation';
  readonly stack?: StackLine;
  readonly peers?: { readonly keyword: Span; readonly names: readonly Ident[]; readonly span: Span };
  readonly start?: { readonly keyword: Span; readonly entries: readonly PeerState[]; readonly span: Span };
  readonly events: readonly ConversationEvent[];
}

export type Block = ScenarioBlock | ConversationBlock;

/**
 * One independent piece of the file: a block, or a stray top-level line. Items tile the text:
 * each starts where the previous ended. Everything inside is relative to `start`.
 */
export interface Item {
  readonly start: number;
  readonly length: number;
  readonly block?: Block;
  readonly errors: readonly SyntaxError[];
}

export interface SourceFile {
  readonly items: readonly Item[];
}

export function shiftSpan(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

/** Every word of `block` in a state position (steps, `start`, `expect`), in text order. */
export function stateRefsOf(block: Block | undefined): StateRef[] {
  if (!block) return [];
  if (block.kind === 'scenario') return block.steps.flatMap((s) => s.states);
  const refs: StateRef[] = (block.start?.entries ?? []).map((e) => e.state);
  for (const event of block.events) if (event.kind === 'expect') for (const e of event.entries) refs.push(e.state);
  return refs;
}

/** The two peers of a conversation: its `peers` line, or `client` and `server` without one. */
export function peerNamesOf(block: ConversationBlock): [string, string] {
  return block.peers && block.peers.names.length === 2 ? [block.peers.names[0].text, block.peers.names[1].text] : ['client', 'server'];
}
