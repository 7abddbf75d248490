// Recursive-descent parser: text → items (blocks or stray lines) with syntax errors.
// Never throws; recovers at line ends and block boundaries so later lines are still parsed.

import type { AckOf, Flag, Stack, Timer, UserCall } from '../tcp/machine';
import { Lexer, Tok } from './lexer';
import type {
  Block,
  ConversationBlock,
  ConversationEvent,
  EventCall,
  Ident,
  Item,
  Label,
  LabelPart,
  NameLiteral,
  PeerState,
  ScenarioBlock,
  SegmentLiteral,
  SourceFile,
  Span,
  StackLine,
  StateRef,
  Step,
  SyntaxError,
  TimeLiteral,
} from './tree';

export function parse(text: string): SourceFile {
  const items: Item[] = [];
  let pos = 0;
  while (pos < text.length) {
    const item = parseItem(text, pos);
    items.push(item);
    pos += item.length;
  }
  return { items };
}

/**
 * Parses one item starting at `offset`, which must be a top-level position (the start of the
 * file or the end of a previous item). The result depends only on the text from `offset` on.
 */
export function parseItem(text: string, offset: number): Item {
  return new ItemParser(text, offset).parseItem();
}

const LABEL_HELP = 'listen, connect, close, shutdown, abort, send data, send SEG, recv SEG, timeout [TIMER], create TCB, delete TCB';
const EVENT_HELP = 'listen, connect, close, shutdown, abort, crash, send data [, close], send ACK, recv [old] SEG [/ delay ACK], lose SEG, timeout [TIMER]';
const FLAG_HELP = 'SYN, ACK, FIN, RST, DATA';
const TIMER_HELP = '2MSL, retransmit, user, keepalive, fin-wait-2';
const STACK_HELP = '`stack linux`, `stack rfc9293`, or per peer `stack client linux, server rfc9293`';

function timerOf(lx: Lexer): Timer | undefined {
  if (lx.tok() !== Tok.Word) return undefined;
  if (lx.isWord('2msl')) return '2msl';
  if (lx.isWord('retransmit')) return 'retransmit';
  if (lx.isWord('user')) return 'user';
  if (lx.isWord('keepalive')) return 'keepalive';
  if (lx.isWord('fin-wait-2') || lx.isWord('fin_wait_2')) return 'fin-wait-2';
  return undefined;
}

function stackOf(lx: Lexer): Stack | undefined {
  if (lx.isWord('linux')) return 'linux';
  if (lx.isWord('rfc9293')) return 'rfc9293';
  return undefined;
}

function flagOf(lx: Lexer): Flag | undefined {
  if (lx.tok() !== Tok.Word) return undefined;
  if (lx.isWord('syn')) return 'SYN';
  if (lx.isWord('ack')) return 'ACK';
  if (lx.isWord('fin')) return 'FIN';
  if (lx.isWord('rst')) return 'RST';
  if (lx.isWord('data')) return 'DATA';
  return undefined;
}

function describe(lx: Lexer): string {
  switch (lx.tok()) {
    case Tok.Newline:
      return 'the end of the line';
    case Tok.EOF:
      return 'the end of the file';
    case Tok.String:
      return 'a string';
    case Tok.Number:
      return `the number \`${lx.value}\``;
    default:
      return `\`${lx.value}\``;
  }
}

class ItemParser {
  private readonly lx: Lexer;
  private readonly errors: SyntaxError[] = [];

  constructor(private readonly text: string, private readonly base: number) {
    this.lx = new Lexer(text, base);
    this.lx.next();
  }

  parseItem(): Item {
    const lx = this.lx;
    while (lx.tok() === Tok.Newline) lx.next();
    let block: Block | undefined;
    let end: number;
    if (lx.tok() === Tok.EOF) {
      end = lx.end;
    } else if (lx.isWord('scenario') || lx.isWord('conversation')) {
      block = this.parseBlock();
      end = this.blockEnd;
    } else {
      const what = lx.tok() === Tok.RBrace ? 'a `}` that closes no block' : describe(lx);
      this.error(lx.start, lx.end, `expected \`scenario\` or \`conversation\`, found ${what}`);
      end = this.skipLine();
    }
    return { start: this.base, length: end - this.base, block, errors: this.errors };
  }

  // -------------------------------------------------------------------------------------------
  // helpers

  private span(start: number, end: number): Span {
    return { start: start - this.base, end: end - this.base };
  }

  private tokenSpan(): Span {
    return this.span(this.lx.start, this.lx.end);
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ span: this.span(start, end), message });
  }

  private errorHere(message: string): void {
    const lx = this.lx;
    if (lx.tok() === Tok.Newline || lx.tok() === Tok.EOF) {
      // Point at the last thing written, not at an invisible line end.
      this.error(this.prevStart, this.lastConsumedEnd, message);
    } else {
      this.error(lx.start, lx.end, message);
    }
  }

  private atLineEnd(): boolean {
    const k = this.lx.tok();
    return k === Tok.Newline || k === Tok.EOF;
  }

  /** Skips to the end of the current line (not consuming the line end); returns that offset. */
  private skipLine(): number {
    const lx = this.lx;
    let end = lx.end;
    while (lx.tok() !== Tok.Newline && lx.tok() !== Tok.EOF) {
      end = lx.end;
      lx.next();
    }
    return end;
  }

  private skipLineInBlock(): void {
    const lx = this.lx;
    while (lx.tok() !== Tok.Newline && lx.tok() !== Tok.EOF && lx.tok() !== Tok.RBrace) this.consume();
  }

  /** After a complete line, anything before the line end is an error. */
  private expectLineEnd(what: string): void {
    const lx = this.lx;
    if (lx.tok() === Tok.Newline || lx.tok() === Tok.EOF || lx.tok() === Tok.RBrace) return;
    const start = lx.start;
    let end = lx.end;
    while (lx.tok() !== Tok.Newline && lx.tok() !== Tok.EOF && lx.tok() !== Tok.RBrace) {
      end = lx.end;
      this.consume();
    }
    this.error(start, end, `unexpected ${this.text.slice(start, end).length > 40 ? 'text' : `\`${this.text.slice(start, end)}\``} after ${what}`);
  }

  /** Reports a bad token in a string (unterminated, unknown escape). */
  private stringLiteral(): NameLiteral {
    const lx = this.lx;
    for (const p of lx.stringProblems ?? []) this.error(p.start, p.end, p.message);
    const literal = { value: lx.stringValue, span: this.tokenSpan() };
    this.consume();
    return literal;
  }

  // -------------------------------------------------------------------------------------------
  // blocks

  private parseBlock(): Block {
    const lx = this.lx;
    const isScenario = lx.isWord('scenario');
    const kindWord = isScenario ? 'scenario' : 'conversation';
    const keyword = this.tokenSpan();
    const blockStart = lx.start;
    this.consume();

    let name: NameLiteral | undefined;
    if (lx.tok() === Tok.String) {
      name = this.stringLiteral();
    } else if (lx.tok() === Tok.Word && !this.startsBlock()) {
      this.errorHere(`a ${kindWord}'s name is a string: write "${lx.value}"`);
      name = { value: lx.value, span: this.tokenSpan() };
      this.consume();
    } else {
      this.errorHere(`expected the ${kindWord}'s name as a string, e.g. ${kindWord} "My ${kindWord}" {`);
    }

    let open: Span | undefined;
    // The brace may sit on the next line.
    const beforeBrace = lx.save();
    while (lx.tok() === Tok.Newline) lx.next();
    if (lx.tok() === Tok.LBrace) {
      open = this.tokenSpan();
      this.consume();
    } else {
      lx.restore(beforeBrace);
      this.errorHere(`expected \`{\` to open the ${kindWord}'s body`);
      if (!this.atLineEnd() && lx.tok() !== Tok.LBrace) this.skipLineInBlock();
    }

    const steps: Step[] = [];
    const conv: ConversationParts = { events: [] };
    let scenarioStack: StackLine | undefined;
    let close: Span | undefined;
    for (;;) {
      while (lx.tok() === Tok.Newline) lx.next();
      if (lx.tok() === Tok.RBrace) {
        close = this.tokenSpan();
        this.consume();
        this.blockEnd = this.lastConsumedEnd;
        break;
      }
      if (lx.tok() === Tok.EOF || (lx.atLineStart && this.startsBlock())) {
        const at = open ?? keyword;
        this.error(at.start + this.base, at.end + this.base, `this ${kindWord} is missing its closing \`}\``);
        // The item ends where the next one starts; its trailing blanks stay with it.
        this.blockEnd = lx.tok() === Tok.EOF ? this.text.length : lx.start;
        break;
      }
      if (isScenario) {
        if (lx.isWord('stack') && !this.nextIs(Tok.Arrow)) {
          const line = this.parseStackLine(false, steps.length > 0 || scenarioStack !== undefined);
          scenarioStack ??= line;
        } else {
          const step = this.parseStep();
          if (step) steps.push(step);
        }
      } else {
        this.parseConversationLine(conv);
      }
      this.skipLineInBlock();
    }

    const span = this.span(blockStart, this.lastConsumedEnd);
    if (isScenario) {
      const block: ScenarioBlock = { kind: 'scenario', keyword, name, open, close, steps, span, ...(scenarioStack ? { stack: scenarioStack } : {}) };
      return block;
    }
    const block: ConversationBlock = {
      kind: 'conversation', keyword, name, open, close, span,
      peers: conv.peers, start: conv.start, events: conv.events, ...(conv.stack ? { stack: conv.stack } : {}),
    };
    return block;
  }

  /** Start and end (absolute) of the last token consumed. */
  private prevStart = 0;
  private lastConsumedEnd = 0;
  /** Where the item holding the current block ends (absolute). */
  private blockEnd = 0;

  private startsBlock(): boolean {
    const lx = this.lx;
    if (!lx.isWord('scenario') && !lx.isWord('conversation')) return false;
    const saved = lx.save();
    lx.next();
    const k = lx.tok();
    lx.restore(saved);
    return k === Tok.String || k === Tok.LBrace;
  }

  // -------------------------------------------------------------------------------------------
  // scenario steps

  private stateRef(): StateRef {
    const lx = this.lx;
    const ref = { text: lx.value, span: this.tokenSpan() };
    this.consume();
    return ref;
  }

  private parseStep(): Step | undefined {
    const lx = this.lx;
    const start = lx.start;
    if (lx.tok() !== Tok.Word) {
      this.errorHere(`expected a state name to start a step, found ${describe(lx)}`);
      return undefined;
    }
    const states: StateRef[] = [this.stateRef()];
    if (lx.tok() !== Tok.Arrow) {
      this.errorHere(`expected \`->\` after the state \`${states[0].text}\`, found ${describe(lx)}`);
      return undefined;
    }
    while (lx.tok() === Tok.Arrow) {
      this.consume();
      if (lx.tok() !== Tok.Word) {
        this.errorHere(`expected a state name after \`->\`, found ${describe(lx)}`);
        return states.length >= 2 ? { states, span: this.span(start, this.lastConsumedEnd) } : undefined;
      }
      states.push(this.stateRef());
    }
    let label: Label | undefined;
    if (lx.tok() === Tok.Colon) {
      const colon = this.tokenSpan();
      if (states.length > 2) {
        this.error(lx.start, lx.end, 'a label belongs to a single transition: split this chain into steps to label it');
      }
      this.consume();
      label = { colon, parts: this.parseLabelParts() };
    }
    this.expectLineEnd('the step');
    return { states, label, span: this.span(start, this.lastConsumedEnd) };
  }

  private parseLabelParts(): LabelPart[] {
    const lx = this.lx;
    const parts: LabelPart[] = [];
    if (this.atLineEnd() || lx.tok() === Tok.RBrace) {
      this.errorHere(`expected a label after \`:\` (${LABEL_HELP})`);
      return parts;
    }
    for (;;) {
      const part = this.parseLabelPart();
      if (part) parts.push(part);
      else this.skipToSeparator();
      if (lx.tok() === Tok.Slash || lx.tok() === Tok.Comma) {
        this.consume();
        if (this.atLineEnd() || lx.tok() === Tok.RBrace) {
          this.errorHere(`expected a label part after the separator (${LABEL_HELP})`);
          return parts;
        }
        continue;
      }
      if (this.atLineEnd() || lx.tok() === Tok.RBrace) return parts;
      this.errorHere(`expected \`/\` or \`,\` between label parts, found ${describe(lx)}`);
      this.skipToSeparator();
      if (lx.tok() !== Tok.Slash && lx.tok() !== Tok.Comma) return parts;
    }
  }

  private skipToSeparator(): void {
    const lx = this.lx;
    while (lx.tok() !== Tok.Slash && lx.tok() !== Tok.Comma && lx.tok() !== Tok.Newline && lx.tok() !== Tok.EOF && lx.tok() !== Tok.RBrace) {
      this.consume();
    }
  }

  /** One label part, or undefined after reporting why it is not one (nothing consumed then). */
  private parseLabelPart(): LabelPart | undefined {
    const lx = this.lx;
    const start = lx.start;
    const word = (lower: string) => lx.isWord(lower);
    const call = (c: UserCall): LabelPart => ({ kind: 'call', call: c, span: this.span(start, this.lastConsumedEnd) });
    if (lx.tok() !== Tok.Word) {
      this.errorHere(`expected a label part (${LABEL_HELP}), found ${describe(lx)}`);
      return undefined;
    }
    if (word('listen') || word('connect') || word('close') || word('shutdown') || word('abort')) {
      const c = lx.value.toLowerCase() as UserCall;
      this.consume();
      return call(c);
    }
    if (word('passive') || word('active')) {
      const c: UserCall = word('passive') ? 'listen' : 'connect';
      const first = lx.value;
      this.consume();
      if (!lx.isWord('open')) {
        this.errorHere(`expected \`open\` after \`${first}\``);
        return undefined;
      }
      this.consume();
      return call(c);
    }
    if (word('send') || word('snd')) {
      const verb = lx.value;
      this.consume();
      if (lx.isWord('data') && verb.toLowerCase() === 'send' && !this.dataSegmentFollows()) {
        this.consume();
        return call('send-data');
      }
      const segment = this.parseSegment(verb);
      return segment ? { kind: 'send', segment, span: this.span(start, this.lastConsumedEnd) } : undefined;
    }
    if (word('recv') || word('rcv') || word('receive')) {
      const verb = lx.value;
      this.consume();
      const segment = this.parseSegment(verb);
      return segment ? { kind: 'recv', segment, span: this.span(start, this.lastConsumedEnd) } : undefined;
    }
    if (word('timeout')) {
      this.consume();
      const timer = this.optionalTimer();
      return { kind: 'timeout', ...(timer ? { timer } : {}), span: this.span(start, this.lastConsumedEnd) };
    }
    if (word('create') || word('delete')) {
      const op = word('create') ? 'create' : 'delete';
      const first = lx.value;
      this.consume();
      if (!lx.isWord('tcb')) {
        this.errorHere(`expected \`TCB\` after \`${first}\``);
        return undefined;
      }
      this.consume();
      return { kind: 'tcb', op, span: this.span(start, this.lastConsumedEnd) };
    }
    this.errorHere(`unknown word \`${lx.value}\` in a label; a label part is one of: ${LABEL_HELP}`);
    return undefined;
  }

  /** After `timeout`: a timer word, or nothing; another word is reported. */
  private optionalTimer(): Timer | undefined {
    const lx = this.lx;
    const timer = timerOf(lx);
    if (timer) {
      this.consume();
      return timer;
    }
    if (lx.tok() === Tok.Word && !lx.isWord('create') && !lx.isWord('delete')) {
      this.errorHere(`unknown timer \`${lx.value}\`; a timer is one of: ${TIMER_HELP}`);
      this.consume();
    }
    return undefined;
  }

  /** At `data` after `send`: is it the flag of a segment (`send DATA+FIN`) rather than the SEND call? */
  private dataSegmentFollows(): boolean {
    const lx = this.lx;
    const saved = lx.save();
    lx.next();
    let segment = lx.tok() === Tok.Plus || lx.isWord('of');
    if (lx.tok() === Tok.Comma) {
      lx.next();
      segment = flagOf(lx) !== undefined;
    }
    lx.restore(saved);
    return segment;
  }

  private nextIs(kind: Tok): boolean {
    const lx = this.lx;
    const saved = lx.save();
    lx.next();
    const k = lx.tok();
    lx.restore(saved);
    return k === kind;
  }

  /** `stack STACK` or, in a conversation, `stack A STACK, B STACK`. */
  private parseStackLine(perPeerAllowed: boolean, misplaced: boolean | string): StackLine | undefined {
    const lx = this.lx;
    const keyword = this.tokenSpan();
    const start = lx.start;
    if (misplaced) this.errorHere(typeof misplaced === 'string' ? misplaced : '`stack` must come before the first step');
    this.consume();
    const entries: { peer?: StackLine['entries'][number]['peer']; stack: Stack; stackSpan: Span }[] = [];
    const single = stackOf(lx);
    if (single) {
      entries.push({ stack: single, stackSpan: this.tokenSpan() });
      this.consume();
    } else {
      for (;;) {
        if (lx.tok() !== Tok.Word) {
          this.errorHere(`expected a stack after \`stack\` (${STACK_HELP}), found ${describe(lx)}`);
          return undefined;
        }
        const peer = this.ident();
        const stack = stackOf(lx);
        if (!stack) {
          this.errorHere(lx.tok() === Tok.Word
            ? `unknown stack \`${lx.value}\`; a stack is \`linux\` or \`rfc9293\``
            : entries.length === 0 && peer ? `unknown stack \`${peer.text}\`; a stack is \`linux\` or \`rfc9293\`` : `expected a stack for \`${peer.text}\`, found ${describe(lx)}`);
          return undefined;
        }
        if (!perPeerAllowed) {
          this.error(peer.span.start + this.base, peer.span.end + this.base, 'a scenario is one endpoint: write `stack linux` or `stack rfc9293`');
        }
        entries.push({ peer, stack, stackSpan: this.tokenSpan() });
        this.consume();
        if (lx.tok() !== Tok.Comma) break;
        this.consume();
      }
      if (entries.length !== 2 && perPeerAllowed) {
        const last = entries[entries.length - 1];
        this.error(last.stackSpan.start + this.base, last.stackSpan.end + this.base, 'per peer, `stack` names both peers: `stack client linux, server rfc9293`');
      }
    }
    this.expectLineEnd('the stack');
    return { keyword, entries, span: this.span(start, this.lastConsumedEnd) };
  }

  private consume(): void {
    this.prevStart = this.lx.start;
    this.lastConsumedEnd = this.lx.end;
    this.lx.next();
  }

  /** FLAG { (+|,) FLAG } [of FLAG]. A `,` continues the segment only when a flag follows it. */
  private parseSegment(verb: string): SegmentLiteral | undefined {
    const lx = this.lx;
    const start = lx.start;
    const first = this.flag();
    if (!first) {
      this.errorHere(`expected a segment after \`${verb}\` (flags ${FLAG_HELP}, e.g. \`SYN+ACK\`), found ${describe(lx)}`);
      return undefined;
    }
    const flags: Flag[] = [first];
    this.consume();
    for (;;) {
      if (lx.tok() === Tok.Plus) {
        this.consume();
        const flag = this.flag();
        if (!flag) {
          this.errorHere(`expected a flag (${FLAG_HELP}) after \`+\`, found ${describe(lx)}`);
          return undefined;
        }
        this.addFlag(flags, flag);
        this.consume();
        continue;
      }
      if (lx.tok() === Tok.Comma) {
        const saved = lx.save();
        lx.next();
        if (flagOf(lx)) {
          const flag = this.flag()!;
          this.addFlag(flags, flag);
          this.consume();
          continue;
        }
        lx.restore(saved);
      }
      break;
    }
    let ackOf: AckOf | undefined;
    if (lx.isWord('of')) {
      this.consume();
      if (lx.isWord('syn')) ackOf = 'SYN';
      else if (lx.isWord('fin')) ackOf = 'FIN';
      else {
        this.errorHere(`expected \`SYN\` or \`FIN\` after \`of\` (what the ACK acknowledges), found ${describe(lx)}`);
        return undefined;
      }
      this.consume();
    }
    return { flags, ackOf, span: this.span(start, this.lastConsumedEnd) };
  }

  private addFlag(flags: Flag[], flag: Flag): void {
    if (flags.includes(flag)) this.errorHere(`the flag ${flag} is written twice`);
    else flags.push(flag);
  }

  private flag(): Flag | undefined {
    return flagOf(this.lx);
  }

  // -------------------------------------------------------------------------------------------
  // conversation lines

  private ident(): Ident {
    const lx = this.lx;
    const id = { text: lx.value, span: this.tokenSpan() };
    this.consume();
    return id;
  }

  private parseConversationLine(conv: ConversationParts): void {
    const lx = this.lx;
    if (lx.tok() === Tok.Number || lx.tok() === Tok.Plus) {
      const time = this.parseTime();
      if (!time) return;
      if (lx.tok() !== Tok.Word) {
        this.errorHere(`expected \`peer: event\` after the time, found ${describe(lx)}`);
        return;
      }
      return this.parseEvent(conv, time);
    }
    if (lx.tok() !== Tok.Word) {
      this.errorHere(`expected a conversation line (\`peer: event\`, \`expect …\`, \`peers …\`, \`stack …\` or \`start …\`), found ${describe(lx)}`);
      return;
    }
    if (!this.nextIs(Tok.Colon)) {
      if (lx.isWord('peers')) return this.parsePeers(conv);
      if (lx.isWord('start')) return this.parseStart(conv);
      if (lx.isWord('expect')) return this.parseExpect(conv);
      if (lx.isWord('stack')) {
        const misplaced = conv.stack ? 'the stacks are already given in this conversation'
          : conv.start || conv.events.length > 0 ? '`stack` must come before `start` and the first event' : false;
        const line = this.parseStackLine(true, misplaced);
        conv.stack ??= line;
        return;
      }
    }
    this.parseEvent(conv);
  }

  /** `0.309` or `+0.1`: seconds since the block's start, or after the previous timed event. */
  private parseTime(): TimeLiteral | undefined {
    const lx = this.lx;
    const start = lx.start;
    let relative = false;
    if (lx.tok() === Tok.Plus) {
      relative = true;
      this.consume();
      if (lx.tok() !== Tok.Number) {
        this.errorHere(`expected a number of seconds after \`+\` (e.g. \`+0.1\`), found ${describe(lx)}`);
        return undefined;
      }
    }
    const seconds = Number(lx.value);
    this.consume();
    return { seconds, relative, span: this.span(start, this.lastConsumedEnd) };
  }

  private parsePeers(conv: ConversationParts): void {
    const lx = this.lx;
    const keyword = this.tokenSpan();
    const start = lx.start;
    if (conv.peers) this.errorHere('the peers are already declared in this conversation');
    else if (conv.start || conv.events.length > 0) this.errorHere('`peers` must be the first line of a conversation');
    this.consume();
    const names: Ident[] = [];
    for (;;) {
      if (lx.tok() !== Tok.Word) {
        this.errorHere(`expected a peer name, found ${describe(lx)}`);
        return;
      }
      names.push(this.ident());
      if (names.length === 2) break;
      if (lx.tok() !== Tok.Comma) {
        this.errorHere(`expected \`,\` and the second peer's name, found ${describe(lx)}`);
        return;
      }
      this.consume();
    }
    if (lx.tok() === Tok.Comma) {
      // Keep the two names so later lines are checked against them.
      this.errorHere('a conversation has exactly two peers');
      if (!conv.peers) conv.peers = { keyword, names, span: this.span(start, this.lastConsumedEnd) };
      return;
    }
    this.expectLineEnd('the two peer names');
    if (!conv.peers) conv.peers = { keyword, names, span: this.span(start, this.lastConsumedEnd) };
  }

  private parsePeerStates(what: string): PeerState[] | undefined {
    const lx = this.lx;
    const entries: PeerState[] = [];
    for (;;) {
      if (lx.tok() !== Tok.Word) {
        this.errorHere(`expected a peer name after ${what}, found ${describe(lx)}`);
        return undefined;
      }
      const peer = this.ident();
      if (lx.tok() !== Tok.Word) {
        this.errorHere(`expected a state for \`${peer.text}\`, found ${describe(lx)}`);
        return undefined;
      }
      entries.push({ peer, state: this.stateRef() });
      if (lx.tok() !== Tok.Comma) return entries;
      this.consume();
      what = '`,`';
    }
  }

  private parseStart(conv: ConversationParts): void {
    const lx = this.lx;
    const keyword = this.tokenSpan();
    const start = lx.start;
    if (conv.start) this.errorHere('the start states are already given in this conversation');
    else if (conv.events.length > 0) this.errorHere('`start` must come before the first event');
    this.consume();
    const entries = this.parsePeerStates('`start`');
    if (!entries) return;
    if (entries.length !== 2) {
      const extra = entries.length > 2 ? entries[2].peer.span : entries[0].state.span;
      this.error(extra.start + this.base, extra.end + this.base, '`start` gives the state of both peers: `start client CLOSED, server LISTEN`');
    }
    this.expectLineEnd('the start states');
    if (!conv.start) conv.start = { keyword, entries, span: this.span(start, this.lastConsumedEnd) };
  }

  private parseExpect(conv: ConversationParts): void {
    const lx = this.lx;
    const keyword = this.tokenSpan();
    const start = lx.start;
    this.consume();
    const entries = this.parsePeerStates('`expect`');
    if (!entries) return;
    this.expectLineEnd('the expected states');
    conv.events.push({ kind: 'expect', keyword, entries, span: this.span(start, this.lastConsumedEnd) });
  }

  private parseEvent(conv: ConversationParts, time?: TimeLiteral): void {
    const lx = this.lx;
    const start = time ? time.span.start + this.base : lx.start;
    const peer = this.ident();
    if (lx.tok() !== Tok.Colon) {
      this.errorHere(`expected \`:\` after the peer name \`${peer.text}\` (e.g. \`${peer.text}: connect\`), found ${describe(lx)}`);
      return;
    }
    this.consume();
    if (lx.tok() !== Tok.Word) {
      this.errorHere(`expected an event (${EVENT_HELP}), found ${describe(lx)}`);
      return;
    }
    const verbStart = lx.start;
    const verb = () => this.span(verbStart, this.lastConsumedEnd);
    const base = { peer, ...(time ? { time } : {}) };
    const callEvent = (c: EventCall): ConversationEvent => ({ kind: 'call', ...base, call: c, verb: verb(), span: this.span(start, this.lastConsumedEnd) });
    let event: ConversationEvent | undefined;
    if (lx.isWord('listen') || lx.isWord('connect') || lx.isWord('close') || lx.isWord('shutdown') || lx.isWord('abort') || lx.isWord('crash')) {
      const c = lx.value.toLowerCase() as UserCall | 'crash';
      this.consume();
      event = callEvent(c);
    } else if (lx.isWord('send')) {
      this.consume();
      if (lx.isWord('ack')) {
        this.consume();
        event = callEvent('send-ack');
      } else if (lx.isWord('data')) {
        this.consume();
        let call: EventCall = 'send-data';
        if (lx.tok() === Tok.Comma) {
          this.consume();
          if (!lx.isWord('close')) {
            this.errorHere(`expected \`close\` after \`send data,\` (data and FIN in one segment), found ${describe(lx)}`);
            return;
          }
          this.consume();
          call = 'send-data-close';
        }
        event = callEvent(call);
      } else {
        this.errorHere(`in a conversation \`send\` is followed by \`data\` (the user's SEND), \`data, close\` or \`ACK\` (a pure ACK); other segments are sent by the simulation, found ${describe(lx)}`);
        return;
      }
    } else if (lx.isWord('recv') || lx.isWord('lose')) {
      const kind = lx.isWord('recv') ? 'recv' : 'lose';
      const word = lx.value;
      this.consume();
      let old: Span | undefined;
      if (lx.isWord('old')) {
        old = this.tokenSpan();
        if (kind === 'lose') this.errorHere('`old` is for `recv old SEG`: an old segment is not in flight, so it cannot be lost');
        this.consume();
      }
      const v = verb();
      const segment = this.parseSegment(word);
      if (!segment) return;
      let delayAck: Span | undefined;
      if (lx.tok() === Tok.Slash && kind === 'recv') {
        const slash = lx.start;
        this.consume();
        if (!lx.isWord('delay')) {
          this.errorHere(`expected \`delay ACK\` after \`/\`, found ${describe(lx)}`);
          return;
        }
        this.consume();
        if (!lx.isWord('ack')) {
          this.errorHere(`expected \`ACK\` after \`delay\`, found ${describe(lx)}`);
          return;
        }
        this.consume();
        delayAck = this.span(slash, this.lastConsumedEnd);
      }
      event = {
        kind, ...base, segment, verb: v, span: this.span(start, this.lastConsumedEnd),
        ...(old && kind === 'recv' ? { old } : {}), ...(delayAck ? { delayAck } : {}),
      };
    } else if (lx.isWord('timeout')) {
      this.consume();
      const timer = this.optionalTimer();
      event = { kind: 'timeout', ...base, ...(timer ? { timer } : {}), verb: verb(), span: this.span(start, this.lastConsumedEnd) };
    } else {
      this.errorHere(`unknown event \`${lx.value}\`; an event is one of: ${EVENT_HELP}`);
      return;
    }
    this.expectLineEnd('the event');
    conv.events.push(event);
  }
}

interface ConversationParts {
  peers?: ConversationBlock['peers'];
  stack?: StackLine;
  start?: ConversationBlock['start'];
  events: ConversationEvent[];
}
