// The diagram model: what the language server computes for the preview and the webview draws.
// Shared, as types and one method name, by the server (lsp/), the extension (client/) and the
// webview bundle. Plain data only (it crosses LSP and postMessage as JSON); no imports but types.

import type { Stack, State, Timer } from '../tcp/machine';

/**
 * What marks a segment out of the ordinary (the engine's SegmentMark, tcp/endpoint.ts: the model
 * builder assigns one to the other, so the compiler keeps them the same).
 */
export type SegmentMark = 'retransmission' | 'probe' | 'old' | 'challenge';

/** Custom LSP request: DiagramParams → DiagramModel | null (null: the document is not open). */
export const DIAGRAM_REQUEST = 'tcpfsm/diagram';

export interface DiagramParams {
  readonly textDocument: { readonly uri: string };
  /** The cursor: the model details the block holding it (else the last block before it, else the first). */
  readonly position?: SourcePosition;
}

/** 0-based, UTF-16 columns, as in LSP. */
export interface SourcePosition {
  readonly line: number;
  readonly character: number;
}

export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/** A state of the table, with what the diagram shows about it. */
export interface DiagramState {
  readonly name: State;
  /** Other spellings (SYN_RCVD, ESTAB, …). */
  readonly aliases: readonly string[];
  /** One line: the state's summary from the hover docs. */
  readonly summary: string;
}

/** An edge of the state-machine table (EDGES[id]). */
export interface DiagramEdge {
  readonly id: number;
  readonly from: State;
  readonly to: State;
  /** `staying` steps keep the state (SPEC section 4): drawn only when a path takes them. */
  readonly kind: 'main' | 'exceptional' | 'staying';
  /** `trigger / action`, e.g. `recv SYN / send SYN+ACK`. */
  readonly label: string;
  /** The most specific RFC 9293 section. */
  readonly rfc: string;
  readonly note?: string;
}

export interface BlockSummary {
  /** Position of the block among the file's blocks, from 0. */
  readonly index: number;
  readonly kind: 'scenario' | 'conversation';
  readonly name?: string;
  readonly range: SourceRange;
}

/** One hop of a path: a scenario step `A -> B` (a chain gives one hop per arrow), or a peer's state change. */
export interface PathStep {
  /** 1-based, in the order the block takes them (the numbers drawn on the diagram). */
  readonly number: number;
  /** Undefined when the source wrote a state that does not exist. */
  readonly from?: State;
  readonly to?: State;
  /**
   * The table edge taken; undefined when the hop is illegal (drawn dashed in the error colour) or
   * a crash. A `staying` edge (from = to) is a step that keeps the state (SPEC section 4).
   */
  readonly edgeId?: number;
  /** A change that is no edge of the table: the peer's host crashed (`crash`), the peer is CLOSED. */
  readonly crash?: true;
  readonly ok: boolean;
  /** The diagnostic message when the hop is not ok. */
  readonly problem?: string;
  /** The source to reveal for this hop: the step's line, or the conversation event. */
  readonly range: SourceRange;
}

/** A line the preview's playground offers to append to the block. */
export interface PlayChoice {
  /** The whole line as it is written, e.g. `client: recv SYN+ACK`, `FIN_WAIT_2 -> TIME_WAIT : recv FIN / send ACK`. */
  readonly line: string;
  /** A conversation's: the peer it happens at. */
  readonly peer?: 0 | 1;
  /** The button's text: `recv SYN+ACK`, `→ TIME_WAIT`. */
  readonly label: string;
  /** What it does: `SYN_SENT → ESTABLISHED, sends ACK`, `recv FIN / send ACK — …`. */
  readonly detail: string;
  readonly exceptional?: boolean;
}

/** What may be appended to the block now, and where (the same source as completion). */
export interface Playground {
  /** Where a chosen line goes: the end of the block's last line. */
  readonly insertAt: SourcePosition;
  /** Inserted before the line (a line break and the block's indentation) and after it. */
  readonly prefix: string;
  readonly suffix: string;
  readonly choices: readonly PlayChoice[];
}

export interface ScenarioDiagram {
  readonly kind: 'scenario';
  readonly index: number;
  readonly name?: string;
  readonly range: SourceRange;
  readonly steps: readonly PathStep[];
  /** The stack the scenario declares (SPEC section 8); rfc9293 by default. */
  readonly stack: Stack;
  readonly playground?: Playground;
  /** Syntax errors inside the block: the drawing may miss what they broke. */
  readonly syntaxErrors: number;
}

/** A segment of a conversation, from the event that sent it to the one that received or lost it. */
export interface LadderSegment {
  /** Numbered in the order sent, from 1. */
  readonly id: number;
  /** Flags, e.g. `FIN+ACK`. */
  readonly text: string;
  /** Index of the sending peer. */
  readonly from: 0 | 1;
  readonly acknowledges?: 'SYN' | 'FIN';
  /**
   * Index in `events` of the event that sent it; undefined for an old segment (`recv old`), which
   * arrives from outside the conversation: no event of either peer sent it.
   */
  readonly sentAt?: number;
  /** Index in `events` of the `recv` or `lose` that took it; undefined while still in flight at the end. */
  readonly arrivedAt?: number;
  readonly lost: boolean;
  /** A retransmission, a keep-alive probe, an old duplicate (from outside), a challenge ACK. */
  readonly mark?: SegmentMark;
}

export interface LadderEvent {
  readonly kind: 'call' | 'recv' | 'lose' | 'timeout' | 'expect';
  /** The event as written, on one line. */
  readonly text: string;
  /** The peer it happened at (undefined for `expect` and unknown peers). */
  readonly peer?: 0 | 1;
  readonly range: SourceRange;
  /** When it happened, in seconds since the block's start, when the block has times. */
  readonly time?: number;
  readonly before: readonly [State, State];
  readonly after: readonly [State, State];
  /** Ids of the segments it sent. */
  readonly sent: readonly number[];
  /** Id of the segment a `recv`/`lose` took. */
  readonly received?: number;
  readonly ok: boolean;
  readonly rfc?: string;
  /** Which check of RFC 9293 3.10.7 decided an arrival. */
  readonly check?: string;
  readonly note?: string;
  /** The timer that fired, for a timeout. */
  readonly timer?: Timer;
  /** The peer's host crashed (`crash`): it is CLOSED and forgot the connection. */
  readonly crash?: true;
  /** A receive written `/ delay ACK`: the ACK it would send is owed (see ConversationDiagram.owedAcks). */
  readonly delaysAck?: true;
}

/** A peer's stay in one state, when the block has times. */
export interface StateSpan {
  readonly state: State;
  /** Seconds since the block's start when the peer entered it (0 for the state it started in). */
  readonly from: number;
  /** When it left; undefined when the peer is still in it after the last event. */
  readonly to?: number;
  /** Index in `events` of the event that moved the peer into it; undefined for the start state. */
  readonly enteredAt?: number;
  /** Index in `events` of the event that moved it out. */
  readonly leftAt?: number;
}

/** An ACK a peer owes: from a receive written `/ delay ACK` to the segment that carries it. */
export interface OwedAck {
  readonly peer: 0 | 1;
  /** Index in `events` of the receive that delayed it. */
  readonly owedAt: number;
  /**
   * Index of the event after which the peer no longer owes it: the one that sent `paidBy`, or one
   * that ended the connection (a crash, an abort); undefined when it is still owed at the end.
   */
  readonly paidAt?: number;
  /** Id of the segment that carried the ACK (a FIN, data, `send ACK`). */
  readonly paidBy?: number;
}

export interface ConversationDiagram {
  readonly kind: 'conversation';
  readonly index: number;
  readonly name?: string;
  readonly range: SourceRange;
  readonly peers: readonly [string, string];
  /** Each peer's stack (SPEC section 8). */
  readonly stacks: readonly [Stack, Stack];
  readonly start: readonly [State, State];
  /** True when the block's events have times (`LadderEvent.time`, `durations`). */
  readonly timed: boolean;
  readonly events: readonly LadderEvent[];
  readonly segments: readonly LadderSegment[];
  /** Each peer's table steps as a path over the state diagram: its state changes and the steps that stay. */
  readonly paths: readonly [readonly PathStep[], readonly PathStep[]];
  /** Each peer's states in order with when it entered and left them, when the block has times. */
  readonly durations?: readonly [readonly StateSpan[], readonly StateSpan[]];
  /** The ACKs delayed with `/ delay ACK`, in the order they were owed. */
  readonly owedAcks: readonly OwedAck[];
  readonly playground?: Playground;
  readonly syntaxErrors: number;
}

export type BlockDiagram = ScenarioDiagram | ConversationDiagram;

export interface DiagramModel {
  readonly uri: string;
  /** The document version the model was computed from. */
  readonly version: number;
  /** The whole table, always (the diagram draws every state and edge). */
  readonly states: readonly DiagramState[];
  readonly edges: readonly DiagramEdge[];
  /** Every block of the file, in order. */
  readonly blocks: readonly BlockSummary[];
  /** The block at the cursor, in detail; undefined when the file has no block. */
  readonly current?: BlockDiagram;
}
