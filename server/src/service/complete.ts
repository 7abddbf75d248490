// Completion: what may be written at an offset, derived from the state-machine table (scenario
// lines) and from the simulation (conversation lines). The context is read from the text of the
// current line before the cursor, so half-typed lines work; the parsed block supplies what the
// previous lines did. Never throws (a property test checks it on random text).

import { parse } from '../syntax/parser';
import type { Item, ScenarioBlock, Span } from '../syntax/tree';
import {
  type Edge,
  type EdgeContext,
  edgeConditionHolds,
  edgesBetween,
  edgesFrom,
  formatSegment,
  lookupState,
  type SegmentSpec,
  type State,
  STATES,
  stayingSteps,
  writtenLabel,
  writtenTrigger,
} from '../tcp/machine';
import { scenarioStack } from './check';
import { conversationLine } from './completeConversation';
import { type CompletionEntry, type Draft, finish, skipSpaces, STACK_DETAILS, tokens } from './completeText';
import { itemAt } from './locate';
import { seedBlock, SEEDS } from './seeds';

export type { CompletionEntry, CompletionKind } from './completeText';

export interface CompleteOptions {
  /** The client expands snippets (keywords then insert a whole block). */
  readonly snippets?: boolean;
}

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
    : conversationLine(text, offset, lineStart, block!, base, word);
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
function orderedEdges(state: State, context: EdgeContext): Edge[] {
  const all = edgesFrom(state).filter((e) => edgeConditionHolds(e, context));
  const main = all.filter((e) => e.kind === 'main');
  return [
    ...main.filter((e) => e.to !== 'CLOSED'),
    ...main.filter((e) => e.to === 'CLOSED'),
    ...all.filter((e) => e.kind === 'exceptional'),
  ];
}

/**
 * Where the scenario's last step ends (CLOSED before the first) and the edges out of it, in the
 * order completion offers them after `->` (the preview's playground; the steps that stay are not
 * edges out).
 */
export function nextEdges(block: ScenarioBlock): { state: State; edges: Edge[] } {
  const previous = previousStep(block, Number.MAX_SAFE_INTEGER);
  const state = previous.state ?? 'CLOSED';
  return { state, edges: orderedEdges(state, { ...previous.context, enteredFrom: previous.from }) };
}

interface Previous {
  readonly state?: State;
  readonly from?: State;
  /** What the conditional edges depend on besides the state entered from: the stack, a `shutdown` shown before. */
  readonly context: Omit<EdgeContext, 'enteredFrom'>;
}

/** Where the last step that ends before `lineStart` (relative) ended, and where it came from. */
function previousStep(block: ScenarioBlock, rel: number): Previous {
  let last: ScenarioBlock['steps'][number] | undefined;
  let closedBy: 'shutdown' | undefined;
  for (const step of block.steps) {
    if (step.span.end > rel) break;
    last = step;
    // As the checker: a scenario that shows `shutdown` closed the socket that way.
    if (step.label?.parts.some((p) => p.kind === 'call' && p.call === 'shutdown')) closedBy = 'shutdown';
  }
  const context = { stack: scenarioStack(block), ...(closedBy ? { closedBy } : {}) };
  if (!last || last.states.length === 0) return { context };
  const n = last.states.length;
  const state = lookupState(last.states[n - 1].text)?.state;
  const from = n >= 2 ? lookupState(last.states[n - 2].text)?.state : undefined;
  return { state, from, context };
}

function scenarioLine(text: string, offset: number, lineStart: number, block: ScenarioBlock, base: number, toks: string[], word: Span): CompletionEntry[] {
  const previous = previousStep(block, lineStart - base);

  // At the start of a line: where the previous step ended, then every state; before the first
  // step, the stack lines too.
  if (toks.length === 0) {
    const drafts: Draft[] = [];
    if (previous.state) drafts.push({ label: previous.state, kind: 'state', detail: 'where the previous step ended', preselect: true });
    for (const s of STATES) if (s !== previous.state) drafts.push({ label: s, kind: 'state' });
    if (!block.stack && block.steps.every((step) => step.span.start >= lineStart - base)) {
      for (const stack of ['linux', 'rfc9293'] as const) drafts.push({ label: `stack ${stack}`, kind: 'keyword', detail: STACK_DETAILS[stack] });
    }
    return finish(drafts, word);
  }
  if (toks.length === 1 && toks[0].toLowerCase() === 'stack') {
    return finish((['linux', 'rfc9293'] as const).map((stack): Draft => ({ label: stack, kind: 'keyword', detail: STACK_DETAILS[stack] })), word);
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
  const drafts = orderedEdges(source, { ...previous.context, enteredFrom }).map((edge): Draft => ({
    label: edge.to,
    kind: 'state',
    detail: writtenLabel(edge),
    // Shown on every row of the list (the detail only on the focused one): several edges can
    // lead to the same state, so the row must say which.
    description: edge.kind === 'exceptional' ? `${writtenLabel(edge)} · exceptional` : writtenLabel(edge),
  }));
  // The source itself, last: a step that stays needs its label (SPEC section 4).
  const staying = stayingSteps(source).filter((e) => edgeConditionHolds(e, { ...previous.context, enteredFrom }));
  if (staying.length > 0) {
    const detail = `${writtenLabel(staying[0])}${staying.length > 1 ? ` (or ${staying.length - 1} more)` : ''}`;
    drafts.push({ label: source, kind: 'state', detail, description: `${detail} · stays` });
  }
  return finish(drafts, word);
}

function afterColon(text: string, offset: number, lineStart: number, a: State, b: State, previous: Previous, word: Span): CompletionEntry[] {
  const enteredFrom = previous.state === a ? previous.from : undefined;
  let edges: readonly Edge[] = edgesBetween(a, b).filter((e) => edgeConditionHolds(e, { ...previous.context, enteredFrom }));
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
  const move = edge.from === edge.to ? `stays in ${edge.from}` : `${edge.from} → ${edge.to}`;
  const source = edge.rfc[edge.rfc.length - 1];
  return `${move}${edge.note ? ` (${edge.note})` : ''}, ${/^\d/.test(source) ? `RFC 9293 ${source}` : source}`;
}
