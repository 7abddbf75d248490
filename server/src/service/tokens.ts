// Semantic tokens: what each word of a block is (a state by its class, an event, a flag, a peer, a
// keyword, a block name), from the syntax tree of one item, so a huge file is tokenized item by
// item. Plain data and offsets; the LSP adapter only asks for positions.

import { Lexer, Tok } from '../syntax/lexer';
import type { Block, Item, LabelPart, SegmentLiteral, Span } from '../syntax/tree';
import { lookupState, type State } from '../tcp/machine';

/** Token types, in legend order: standard LSP types, so every theme colours them (new ones go last). */
export const TOKEN_TYPES = ['keyword', 'string', 'enumMember', 'function', 'macro', 'variable', 'number', 'type', 'modifier', 'parameter'] as const;
/** Token modifiers, in legend order (bit i is modifier i). */
export const TOKEN_MODIFIERS = ['declaration', 'opening', 'synchronized', 'closing', 'terminal', 'alias'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

/** What each kind of word is tokenized as. */
export const TOKEN_OF = {
  keyword: 'keyword', // scenario, conversation, peers, stack, start, expect, `of`
  name: 'string', // a block's name
  state: 'enumMember', // a known state (modifiers: its class, `alias` when written as an alias)
  event: 'function', // label parts and conversation events: connect, recv, send, timeout 2MSL, …
  flag: 'macro', // SYN, ACK, FIN, RST, DATA
  peer: 'variable', // conversation peers (`declaration` in `peers`)
  time: 'number', // an event's time: `0.309`, `+0.1`
  stack: 'type', // linux, rfc9293
  qualifier: 'modifier', // `old` in `recv old SEG`, `delay` in `/ delay ACK`
  timer: 'parameter', // the timer of `timeout`: 2MSL, retransmit, user, keepalive, fin-wait-2
} as const satisfies Record<string, TokenType>;

/** The words after `timeout` that name a timer (the parser's spellings, lowercase). */
const TIMER_WORDS = new Set(['2msl', 'retransmit', 'user', 'keepalive', 'fin-wait-2', 'fin_wait_2']);

export type StateClass = 'opening' | 'synchronized' | 'closing' | 'terminal';

export const STATE_CLASS: Readonly<Record<State, StateClass>> = {
  CLOSED: 'terminal',
  LISTEN: 'opening',
  SYN_SENT: 'opening',
  SYN_RECEIVED: 'opening',
  ESTABLISHED: 'synchronized',
  FIN_WAIT_1: 'closing',
  FIN_WAIT_2: 'closing',
  CLOSING: 'closing',
  CLOSE_WAIT: 'closing',
  LAST_ACK: 'closing',
  TIME_WAIT: 'closing',
};

/** One token, absolute offsets (never spans a line: strings end at their line's end). */
export interface SemanticToken {
  readonly start: number;
  readonly length: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

const typeIndex = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const modifierBit = new Map<string, number>(TOKEN_MODIFIERS.map((m, i) => [m, 1 << i]));

/**
 * The tokens of one parsed item, in text order. Words the tree does not know (unknown states,
 * text after a syntax error) are not tokenized: the TextMate grammar and the diagnostics cover them.
 */
export function itemTokens(text: string, item: Item): SemanticToken[] {
  const block = item.block;
  if (!block) return [];
  const out: SemanticToken[] = [];
  const base = item.start;
  const add = (span: Span, type: TokenType, modifiers: readonly TokenModifier[] = []) => {
    if (span.end > span.start) out.push({ start: base + span.start, length: span.end - span.start, type, modifiers });
  };
  const state = (span: Span, written: string) => {
    const found = lookupState(written);
    if (!found) return;
    add(span, TOKEN_OF.state, found.alias ? [STATE_CLASS[found.state], 'alias'] : [STATE_CLASS[found.state]]);
  };
  /**
   * Each word in `span` as `type`; inside `segment`, flags as flags and `of` as a keyword; a timer
   * after `timeout` as a timer; `old` and `delay` as qualifiers, the `ACK` after `delay` as a flag.
   */
  const words = (span: Span, type: TokenType, segment?: SegmentLiteral) => {
    const lx = new Lexer(text, base + span.start);
    const end = base + span.end;
    let previous = '';
    for (let k = lx.next(); k !== Tok.EOF && lx.start < end; k = lx.next()) {
      if (k !== Tok.Word) continue;
      const rel = { start: lx.start - base, end: lx.end - base };
      const word = lx.value.toLowerCase();
      if (segment && rel.start >= segment.span.start && rel.end <= segment.span.end) {
        add(rel, word === 'of' ? TOKEN_OF.keyword : TOKEN_OF.flag);
      } else if (previous === 'timeout' && TIMER_WORDS.has(word)) {
        add(rel, TOKEN_OF.timer);
      } else if (word === 'old' || word === 'delay') {
        add(rel, TOKEN_OF.qualifier);
      } else if (previous === 'delay' && word === 'ack') {
        add(rel, TOKEN_OF.flag);
      } else {
        add(rel, type);
      }
      previous = word;
    }
  };

  add(block.keyword, TOKEN_OF.keyword);
  if (block.name) add(block.name.span, TOKEN_OF.name);
  blockBody(block, { add, state, words });
  out.sort((a, b) => a.start - b.start);
  return out;
}

interface Emit {
  add(span: Span, type: TokenType, modifiers?: readonly TokenModifier[]): void;
  state(span: Span, written: string): void;
  words(span: Span, type: TokenType, segment?: SegmentLiteral): void;
}

function blockBody(block: Block, e: Emit): void {
  if (block.stack) {
    e.add(block.stack.keyword, TOKEN_OF.keyword);
    for (const entry of block.stack.entries) {
      if (entry.peer) e.add(entry.peer.span, TOKEN_OF.peer);
      e.add(entry.stackSpan, TOKEN_OF.stack);
    }
  }
  if (block.kind === 'scenario') {
    for (const step of block.steps) {
      for (const s of step.states) e.state(s.span, s.text);
      for (const part of step.label?.parts ?? []) labelPart(part, e);
    }
    return;
  }
  if (block.peers) {
    e.add(block.peers.keyword, TOKEN_OF.keyword);
    for (const name of block.peers.names) e.add(name.span, TOKEN_OF.peer, ['declaration']);
  }
  const entries = (list: readonly { peer: { span: Span }; state: { span: Span; text: string } }[]) => {
    for (const entry of list) {
      e.add(entry.peer.span, TOKEN_OF.peer);
      e.state(entry.state.span, entry.state.text);
    }
  };
  if (block.start) {
    e.add(block.start.keyword, TOKEN_OF.keyword);
    entries(block.start.entries);
  }
  for (const event of block.events) {
    if (event.kind === 'expect') {
      e.add(event.keyword, TOKEN_OF.keyword);
      entries(event.entries);
      continue;
    }
    if (event.time) e.add(event.time.span, TOKEN_OF.time);
    e.add(event.peer.span, TOKEN_OF.peer);
    if (event.kind === 'recv' || event.kind === 'lose') {
      e.words(event.verb, TOKEN_OF.event);
      e.words(event.segment.span, TOKEN_OF.event, event.segment);
      if (event.kind === 'recv' && event.delayAck) e.words(event.delayAck, TOKEN_OF.event);
    } else {
      e.words(event.verb, TOKEN_OF.event);
    }
  }
}

function labelPart(part: LabelPart, e: Emit): void {
  e.words(part.span, TOKEN_OF.event, part.kind === 'send' || part.kind === 'recv' ? part.segment : undefined);
}

/** The tokens of `items` that overlap [start, end) (absolute offsets; all when no range). */
export function tokensOf(text: string, items: Iterable<Item>, range?: { start: number; end: number }): SemanticToken[] {
  const out: SemanticToken[] = [];
  for (const item of items) {
    for (const t of itemTokens(text, item)) {
      if (range && (t.start + t.length <= range.start || t.start >= range.end)) continue;
      out.push(t);
    }
  }
  return out;
}

/**
 * LSP's encoding: five integers per token (line delta, start delta on the same line or start,
 * length, type index, modifier bits). `positionAt` gives 0-based line and UTF-16 character.
 */
export function encodeTokens(tokens: readonly SemanticToken[], positionAt: (offset: number) => { line: number; character: number }): number[] {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of tokens) {
    const p = positionAt(t.start);
    const dl = p.line - line;
    const dc = dl === 0 ? p.character - char : p.character;
    let bits = 0;
    for (const m of t.modifiers) bits |= modifierBit.get(m) ?? 0;
    data.push(dl, dc, t.length, typeIndex.get(t.type)!, bits);
    line = p.line;
    char = p.character;
  }
  return data;
}

/** The inverse of `encodeTokens`, for tests and tools. */
export function decodeTokens(data: readonly number[]): { line: number; char: number; length: number; type: TokenType; modifiers: TokenModifier[] }[] {
  const out: { line: number; char: number; length: number; type: TokenType; modifiers: TokenModifier[] }[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    const bits = data[i + 4];
    out.push({
      line,
      char,
      length: data[i + 2],
      type: TOKEN_TYPES[data[i + 3]],
      modifiers: TOKEN_MODIFIERS.filter((_, b) => (bits & (1 << b)) !== 0),
    });
  }
  return out;
}
