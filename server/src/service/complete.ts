// Completion: what may be written at an offset, derived from the state-machine table (scenario
// lines) and from the simulation (conversation lines). The context is read from the text of the
// current line before the cursor, so half-typed lines work; the parsed block supplies what the
// previous lines did. Never throws (a property test checks it on random text).

import { parse } from '../syntax/parser';
import type { ConversationBlock, ConversationEvent, Item, ScenarioBlock, Span } from '../syntax/tree';
import {
  type Edge,
  edgeConditionHolds,
  edgesBetween,
  edgesFrom,
  formatCall,
  formatSegment,
  lookupState,
  type SegmentSpec,
  type State,
  STATES,
  type UserCall,
  writtenLabel,
  writtenTrigger,
} from '../tcp/machine';
import type { Diagnostic } from './diagnostics';
import { itemAt } from './locate';
import { seedBlock, SEEDS } from './seeds';
import { type Segment, segmentText, simulate } from './simulate';

export type CompletionKind = 'state' | 'event' | 'peer' | 'keyword' | 'snippet';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** A word shown after the label, e.g. `exceptional`. */
  readonly description?: string;
  /** What replaces `replace`; the label when absent. */
  readonly insertText?: string;
  /** `insertText` is in snippet syntax (`$1`, `${1:name}`, `$0`). */
  readonly snippet?: boolean;
  readonly preselect?: boolean;
  /** Keeps the order given here. */
  readonly sortText: string;
  /** Absolute span the item replaces (on the cursor's line, ending at the cursor). */
  readonly replace: Span;
}

export interface CompleteOptions {
  /** The client expands snippets (keywords then insert a whole block). */
  readonly snippets?: boolean;
}

type Draft = Omit<CompletionEntry, 'sortText' | 'replace'>;

/** Completion at `offset` of `text`, parsing the whole text. */
export function complete(text: string, offset: number, options: CompleteOptions = {}): CompletionEntry[] {
  const clamped = Math.max(0, Math.min(offset, text.length));
  return completeInItem(text, clamped, itemAt(parse(text), clamped), options);
}

/** Completion at `offset`, with `item` the parsed item holding it (or undefined in an empty text). */
export function completeInItem(text: string, offset: number, item: Item | undefined, options: CompleteOptions = {}): CompletionEntry[] {
  const at = Math.max(0, Math.min(offset, text.length));
  const entries = completeLine(text, at, item, options);
  // Right after `->`, `:`, `/` or `,` (the trigger characters), the item brings its own space.
  if (!':>/,'.includes(text[at - 1] ?? 'x')) return entries;
  return entries.map((e) => (e.replace.start === at && !e.snippet ? { ...e, insertText: ` ${e.insertText ?? e.label}` } : e));
}

// ---------------------------------------------------------------------------------------------
// The line before the cursor

const WORD = /[A-Za-z0-9_\u0080-\uffff]/;

function isWordAt(text: string, i: number): boolean {
  const c = text[i];
  if (c === undefined) return false;
  if (c === '-') return text[i + 1] !== '>';
  return WORD.test(c);
}

/** Tokens of a line fragment: words (states keep their `-`), `->`, strings, single characters. */
function tokens(line: string): string[] {
  return line.match(/->|[A-Za-z0-9_\u0080-\uffff]+(?:-(?!>)[A-Za-z0-9_\u0080-\uffff]*)*|"(?:[^"\\]|\\.)*"?|\S/g) ?? [];
}

/** Whether the fragment has a comment start outside strings. */
function inComment(line: string): boolean {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) return true;
  }
  return false;
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function skipSpaces(text: string, from: number, to: number): number {
  while (from < to && (text[from] === ' ' || text[from] === '\t')) from++;
  return from;
}

function finish(drafts: readonly Draft[], replace: Span): CompletionEntry[] {
  return drafts.map((d, i) => ({ ...d, sortText: String(i).padStart(4, '0'), replace }));
}

// ---------------------------------------------------------------------------------------------

function completeLine(text: string, offset: number, item: Item | undefined, options: CompleteOptions): CompletionEntry[] {
  let lineStart = lineStartOf(text, offset);
  const block = item?.block;
  const base = item?.start ?? 0;
  const open = block?.open ? block.open.end + base : undefined;
  const close = block?.close ? block.close.start + base : undefined;
  const inBlock = block !== undefined && open !== undefined && offset >= open && (close === undefined || offset <= close);
  if (inBlock && open! > lineStart) lineStart = open!;

  let wordStart = offset;
  while (wordStart > lineStart && isWordAt(text, wordStart - 1)) wordStart--;
  const before = text.slice(lineStart, wordStart);
  if (inComment(before) || inComment(text.slice(lineStart, offset))) return [];
  const toks = tokens(before);
  const word: Span = { start: wordStart, end: offset };

  if (!inBlock) {
    if (toks.length > 0) return [];
    return finish(keywords(options), word);
  }
  return block!.kind === 'scenario'
    ? scenarioLine(text, offset, lineStart, block!, base, toks, word)
    : conversationLine(text, offset, lineStart, block!, base, toks, word);
}

/** New blocks, as written by hand: the keyword (a skeleton when the client expands snippets). */
const BLOCKS = {
  scenario: {
    detail: 'one endpoint, step by step',
    snippet: 'scenario "${1:name}" {\n  ${2:CLOSED} -> ${3:LISTEN} : ${4:listen}\n  $0\n}',
  },
  conversation: {
    detail: 'two peers, states derived by simulation',
    snippet: 'conversation "${1:name}" {\n  peers ${2:client}, ${3:server}\n  ${3:server}: listen\n  ${2:client}: connect\n  $0\n}',
  },
} as const;

/** At the top level: one entry per kind of block, then each seed scenario of examples/ as a whole block. */
function keywords(options: CompleteOptions): Draft[] {
  const drafts: Draft[] = (['scenario', 'conversation'] as const).map((name) => {
    const { detail, snippet } = BLOCKS[name];
    return options.snippets
      ? { label: name, kind: 'keyword', detail, description: detail, insertText: snippet, snippet: true }
      : { label: name, kind: 'keyword', detail, description: detail };
  });
  for (const seed of SEEDS) {
    drafts.push({
      label: `seed: ${seed.name}`,
      kind: 'snippet',
      detail: `the seed scenario of ${seed.file}`,
      description: seed.file.replace(/^examples\//, ''),
      insertText: seedBlock(seed, options.snippets === true),
      ...(options.snippets ? { snippet: true } : {}),
    });
  }
  return drafts;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/** The edge's label as written in a scenario; a lone ACK names what it acknowledges. */
function actionText(action: SegmentSpec): string {
  return `send ${formatSegment(action)}`;
}

/** The edges leaving `state`, in completion order: main edges (those to CLOSED last), then exceptional. */
function orderedEdges(state: State, enteredFrom: State | undefined): Edge[] {
  const all = edgesFrom(state).filter((e) => edgeConditionHolds(e, enteredFrom));
  const main = all.filter((e) => e.kind === 'main');
  return [
    ...main.filter((e) => e.to !== 'CLOSED'),
    ...main.filter((e) => e.to === 'CLOSED'),
    ...all.filter((e) => e.kind === 'exceptional'),
  ];
}

interface Previous {
  readonly state?: State;
  readonly from?: State;
}

/** Where the last step that ends before `lineStart` (relative) ended, and where it came from. */
function previousStep(block: ScenarioBlock, rel: number): Previous {
  let last: ScenarioBlock['steps'][number] | undefined;
  for (const step of block.steps) {
    if (step.span.end <= rel) last = step;
    else break;
  }
  if (!last || last.states.length === 0) return {};
  const n = last.states.length;
  const state = lookupState(last.states[n - 1].text)?.state;
  const from = n >= 2 ? lookupState(last.states[n - 2].text)?.state : undefined;
  return { state, from };
}

function scenarioLine(text: string, offset: number, lineStart: number, block: ScenarioBlock, base: number, toks: string[], word: Span): CompletionEntry[] {
  const previous = previousStep(block, lineStart - base);

  // At the start of a line: where the previous step ended, then every state.
  if (toks.length === 0) {
    const drafts: Draft[] = [];
    if (previous.state) drafts.push({ label: previous.state, kind: 'state', detail: 'where the previous step ended', preselect: true });
    for (const s of STATES) if (s !== previous.state) drafts.push({ label: s, kind: 'state' });
    return finish(drafts, word);
  }

  // The states written so far: STATE (-> STATE)* followed by `->` or by `:` and label parts.
  const states: (State | undefined)[] = [];
  let i = 0;
  for (;;) {
    if (i >= toks.length) break;
    const t = toks[i];
    if (!/^[A-Za-z0-9_]/.test(t) && !/^[\u0080-\uffff]/.test(t)) return [];
    states.push(lookupState(t)?.state);
    i++;
    if (toks[i] === '->') {
      i++;
      if (i === toks.length) return afterArrow(states, previous, word);
      continue;
    }
    break;
  }
  if (toks[i] !== ':' || states.length !== 2) return [];
  const [a, b] = states;
  if (!a || !b) return [];
  return afterColon(text, offset, lineStart, a, b, previous, word);
}

function afterArrow(states: readonly (State | undefined)[], previous: Previous, word: Span): CompletionEntry[] {
  const source = states[states.length - 1];
  if (!source) return finish(STATES.map((s) => ({ label: s, kind: 'state' as const })), word);
  // Note 1: whether SYN_RECEIVED was reached from LISTEN.
  const enteredFrom = states.length >= 2 ? states[states.length - 2] : previous.state === source ? previous.from : undefined;
  const drafts = orderedEdges(source, enteredFrom).map((edge): Draft => ({
    label: edge.to,
    kind: 'state',
    detail: writtenLabel(edge),
    // Shown on every row of the list (the detail only on the focused one): several edges can
    // lead to the same state, so the row must say which.
    description: edge.kind === 'exceptional' ? `${writtenLabel(edge)} · exceptional` : writtenLabel(edge),
  }));
  return finish(drafts, word);
}

function afterColon(text: string, offset: number, lineStart: number, a: State, b: State, previous: Previous, word: Span): CompletionEntry[] {
  const enteredFrom = previous.state === a ? previous.from : undefined;
  let edges: readonly Edge[] = edgesBetween(a, b).filter((e) => edgeConditionHolds(e, enteredFrom));
  if (edges.length === 0) edges = edgesBetween(a, b);
  if (edges.length === 0) return [];
  // The part being typed starts after the last `:`, `/` or `,` of the line (the `,` of `SYN,ACK`
  // is rare enough to be taken as a separator here).
  let partStart = lineStart;
  for (let k = offset - 1; k >= lineStart; k--) {
    const c = text[k];
    if (c === ':' || c === '/' || c === ',') {
      partStart = k + 1;
      break;
    }
  }
  partStart = skipSpaces(text, partStart, offset);
  const replace: Span = { start: Math.min(partStart, word.start), end: offset };
  const written = text.slice(lineStart, partStart).split(/[:/,]/).slice(1).map((p) => p.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean);
  const fresh = written.length === 0;
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  const add = (d: Draft) => {
    const key = d.label.toLowerCase();
    if (seen.has(key) || written.includes(key)) return;
    seen.add(key);
    drafts.push(d);
  };
  if (fresh) for (const edge of edges) add({ label: writtenLabel(edge), kind: 'event', detail: edgeDetail(edge) });
  for (const edge of edges) {
    for (const t of edge.triggers) add({ label: writtenTrigger(t), kind: 'event', detail: 'trigger' });
    if (edge.action) add({ label: actionText(edge.action), kind: 'event', detail: 'action' });
  }
  return finish(drafts, replace);
}

function edgeDetail(edge: Edge): string {
  return `${edge.from} → ${edge.to}${edge.note ? ` (${edge.note})` : ''}, RFC 9293 ${edge.rfc[edge.rfc.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Conversations

interface Now {
  readonly names: readonly [string, string];
  readonly states: readonly [State, State];
  /** Queues toward [peer 0, peer 1], head first. */
  readonly queues: readonly [readonly Segment[], readonly Segment[]];
  /** The block cut before the cursor's line. */
  readonly block: ConversationBlock;
}

/** The simulation up to the line before `rel` (relative to the item). */
function simulateBefore(block: ConversationBlock, rel: number): Now {
  const events = block.events.filter((e) => e.span.end <= rel);
  const cut: ConversationBlock = {
    ...block,
    ...(block.peers && block.peers.span.end > rel ? { peers: undefined } : {}),
    ...(block.start && block.start.span.end > rel ? { start: undefined } : {}),
    events,
  };
  const trace = simulate(cut, []);
  const last = trace.steps[trace.steps.length - 1];
  return {
    names: trace.peers,
    states: last ? last.after : trace.start,
    queues: last ? last.inFlight : [[], []],
    block: cut,
  };
}

const NO_SPAN: Span = { start: 0, end: 0 };

/** What `event` (at peer `name`) would do now: undefined when it is not legal. */
function tryEvent(now: Now, event: ConversationEvent): { before: State; after: State; sent: readonly Segment[] } | undefined {
  const out: Diagnostic[] = [];
  const trace = simulate({ ...now.block, events: [...now.block.events, event] }, out);
  const step = trace.steps[trace.steps.length - 1];
  if (!step || !step.ok || step.peer === undefined) return undefined;
  return { before: step.before[step.peer], after: step.after[step.peer], sent: step.sent };
}

function stepDetail(r: { before: State; after: State; sent: readonly Segment[] }): string {
  const move = r.before === r.after ? `stays in ${r.before}` : `${r.before} → ${r.after}`;
  return r.sent.length > 0 ? `${move}, sends ${r.sent.map(segmentText).join(', ')}` : move;
}

function conversationLine(text: string, offset: number, lineStart: number, block: ConversationBlock, base: number, toks: string[], word: Span): CompletionEntry[] {
  const now = simulateBefore(block, lineStart - base);
  const [n0, n1] = now.names;
  const peerIndex = (name: string | undefined): 0 | 1 | undefined => (name === n0 ? 0 : name === n1 ? 1 : undefined);

  if (toks.length === 0) {
    const drafts: Draft[] = [];
    for (const i of [0, 1] as const) {
      const head = now.queues[i][0];
      const detail = `${now.states[i]}${head ? `, ${segmentText(head)} arriving` : ''}`;
      drafts.push({ label: now.names[i], kind: 'peer', insertText: `${now.names[i]}: `, detail, description: detail });
    }
    drafts.push({ label: `expect ${n0} ${now.states[0]}, ${n1} ${now.states[1]}`, kind: 'keyword', detail: 'the derived states' });
    if (block.events.every((e) => e.span.start >= lineStart - base)) {
      if (!block.peers) drafts.push({ label: 'peers', kind: 'keyword', insertText: 'peers ', detail: 'name the two peers' });
      if (!block.start) drafts.push({ label: 'start', kind: 'keyword', insertText: 'start ', detail: 'the peers\' first states' });
    }
    return finish(drafts, word);
  }

  const first = toks[0].toLowerCase();
  if (first === 'expect' || first === 'start') {
    const last = toks[toks.length - 1];
    if (last === 'expect' || last === 'start' || last === ',') {
      const drafts: Draft[] = [0, 1].map((i) => ({
        label: first === 'expect' ? `${now.names[i]} ${now.states[i]}` : now.names[i],
        kind: 'peer' as const,
        ...(first === 'start' ? { insertText: `${now.names[i]} ` } : {}),
        detail: first === 'expect' ? `${now.names[i]} is in ${now.states[i]} here` : undefined,
      }));
      return finish(drafts, word);
    }
    const i = peerIndex(last);
    if (i === undefined) return [];
    const drafts: Draft[] = [];
    if (first === 'expect') drafts.push({ label: now.states[i], kind: 'state', detail: `${now.names[i]} is in ${now.states[i]} here`, preselect: true });
    for (const s of STATES) if (first !== 'expect' || s !== now.states[i]) drafts.push({ label: s, kind: 'state' });
    return finish(drafts, word);
  }

  if (toks.length < 2 || toks[1] !== ':') return [];
  const i = peerIndex(toks[0]);
  if (i === undefined) return [];
  // The event is replaced whole: everything typed after `PEER:`.
  const colon = text.indexOf(':', lineStart);
  const replace: Span = { start: Math.min(skipSpaces(text, colon + 1, offset), word.start), end: offset };
  const peer = { text: now.names[i], span: NO_SPAN };
  const drafts: Draft[] = [];
  const offer = (label: string, event: ConversationEvent) => {
    const r = tryEvent(now, event);
    if (r) drafts.push({ label, kind: 'event', detail: stepDetail(r), description: stepDetail(r) });
  };
  const head = now.queues[i][0];
  const headLiteral = head && { flags: head.flags, span: NO_SPAN };
  if (head) offer(`recv ${segmentText(head)}`, { kind: 'recv', peer, segment: headLiteral!, verb: NO_SPAN, span: NO_SPAN });
  for (const call of legalCalls(now.states[i])) offer(formatCall(call), { kind: 'call', peer, call, verb: NO_SPAN, span: NO_SPAN });
  offer('timeout', { kind: 'timeout', peer, verb: NO_SPAN, span: NO_SPAN });
  if (head) offer(`lose ${segmentText(head)}`, { kind: 'lose', peer, segment: headLiteral!, verb: NO_SPAN, span: NO_SPAN });
  return finish(drafts, replace);
}

/** The user calls `state` has an edge for, in table order (send data too where data flows). */
function legalCalls(state: State): UserCall[] {
  const calls: UserCall[] = [];
  for (const e of edgesFrom(state)) for (const t of e.triggers) if (t.kind === 'call' && !calls.includes(t.call)) calls.push(t.call);
  if ((state === 'ESTABLISHED' || state === 'CLOSE_WAIT') && !calls.includes('send-data')) calls.push('send-data');
  return calls;
}
