// The diagram model: what the language server computes for the preview and the webview draws.
// Shared, as types and one method name, by the server (lsp/), the extension (client/) and the
// webview bundle. Plain data only (it crosses LSP and postMessage as JSON); no imports but types.

import type { State } from '../tcp/machine';

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
  /** The table edge taken; undefined when the hop is illegal (drawn dashed in the error colour). */
  readonly edgeId?: number;
  readonly ok: boolean;
  /** The diagnostic message when the hop is not ok. */
  readonly problem?: string;
  /** The source to reveal for this hop: the step's line, or the conversation event. */
  readonly range: SourceRange;
}

export interface ScenarioDiagram {
  readonly kind: 'scenario';
  readonly index: number;
  readonly name?: string;
  readonly range: SourceRange;
  readonly steps: readonly PathStep[];
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
  /** Index in `events` of the event that sent it. */
  readonly sentAt: number;
  /** Index in `events` of the `recv` or `lose` that took it; undefined while still in flight at the end. */
  readonly arrivedAt?: number;
  readonly lost: boolean;
}

export interface LadderEvent {
  readonly kind: 'call' | 'recv' | 'lose' | 'timeout' | 'expect';
  /** The event as written, on one line. */
  readonly text: string;
  /** The peer it happened at (undefined for `expect` and unknown peers). */
  readonly peer?: 0 | 1;
  readonly range: SourceRange;
  readonly before: readonly [State, State];
  readonly after: readonly [State, State];
  /** Ids of the segments it sent. */
  readonly sent: readonly number[];
  /** Id of the segment a `recv`/`lose` took. */
  readonly received?: number;
  readonly ok: boolean;
  readonly rfc?: string;
  readonly note?: string;
}

export interface ConversationDiagram {
  readonly kind: 'conversation';
  readonly index: number;
  readonly name?: string;
  readonly range: SourceRange;
  readonly peers: readonly [string, string];
  readonly start: readonly [State, State];
  readonly events: readonly LadderEvent[];
  readonly segments: readonly LadderSegment[];
  /** Each peer's state changes as a path over the state diagram. */
  readonly paths: readonly [readonly PathStep[], readonly PathStep[]];
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
