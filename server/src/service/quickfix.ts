// Quick fixes as plain offset edits, all derived from the state-machine table: a misspelled state
// → each suggestion; wrong-event → the label of an edge between the two states; illegal-transition
// → the missing intermediate steps along the shortest path over main edges; discontinuity → start
// from where the previous step ended; not-in-flight → the segment at the head of the queue;
// state-spelling (the `tcpfsm.stateNames` setting) → the setting's spelling; and "Use canonical
// state names" for the whole file. Each fix re-parses the item at the diagnostic, and a fix that
// would leave a syntax error the item did not have is never offered (fixesParse).

import {
  type Edge,
  edgeConditionHolds,
  edgesBetween,
  edgesFrom,
  lookupState,
  type State,
  writtenLabel,
} from '../tcp/machine';
import { parse } from '../syntax/parser';
import { type ConversationBlock, type Item, type ScenarioBlock, type SourceFile, type Span, type Step, type StateRef, stateRefsOf } from '../syntax/tree';
import type { Diagnostic } from './diagnostics';
import { applyEdits, type TextEdit } from './edits';
import { segmentText, simulate } from './simulate';

export type { TextEdit } from './edits';

/** The code action kind of the whole-file "Use canonical state names" source action. */
export const CANONICAL_NAMES_KIND = 'source.canonicalStateNames';
export const CANONICAL_NAMES_TITLE = 'Use canonical state names';

export type FixKind = 'quickfix' | typeof CANONICAL_NAMES_KIND;

export interface QuickFix {
  readonly title: string;
  /** The diagnostic it fixes; undefined for the canonical-names action. */
  readonly diagnostic?: Diagnostic;
  readonly edits: readonly TextEdit[];
  readonly preferred: boolean;
  /** 'quickfix' when absent. */
  readonly kind?: FixKind;
}

/** What the fixes need besides the diagnostics: the text and the parsed item at an offset. */
export interface FixContext {
  readonly source: string;
  itemAt(offset: number): Item | undefined;
}

/**
 * Fixes for the diagnostics (absolute spans) that touch `range`. Without `context` only the
 * suggestions of misspelled states and the spellings of `state-spelling` are offered (they need
 * no tree).
 */
export function quickFixes(diagnostics: readonly Diagnostic[], range: Span, context?: FixContext): QuickFix[] {
  const fixes: QuickFix[] = [];
  // Diagnostics come in text order: the item holding one is parsed once for all of its own.
  let item: Item | undefined;
  const itemHolding = (offset: number): Item | undefined => {
    if (!item || offset < item.start || offset >= item.start + Math.max(item.length, 1)) item = context?.itemAt(offset);
    return item;
  };
  for (const d of diagnostics) {
    if (d.span.end < range.start || d.span.start > range.end) continue;
    const found: QuickFix[] = [];
    if (d.code === 'unknown-state') {
      (d.suggestions ?? []).forEach((state, i) => {
        found.push({ title: `Change to ${state}`, diagnostic: d, edits: [{ span: d.span, newText: state }], preferred: i === 0 });
      });
    } else if (d.code === 'state-spelling') {
      if (d.replacement !== undefined) {
        found.push({ title: `Change to ${d.replacement}`, diagnostic: d, edits: [{ span: d.span, newText: d.replacement }], preferred: true });
      }
    } else if (context && d.code !== 'syntax') {
      const at = itemHolding(d.span.start);
      if (!at?.block) continue;
      const rel: Span = { start: d.span.start - at.start, end: d.span.end - at.start };
      found.push(...(at.block.kind === 'scenario'
        ? scenarioFixes(d, rel, at, at.block, context.source)
        : conversationFixes(d, rel, at, at.block)));
    }
    if (found.length === 0) continue;
    const at = context && itemHolding(d.span.start);
    fixes.push(...(at ? found.filter((fix) => fixParses(context.source, at, fix)) : found));
  }
  return fixes;
}

/**
 * Whether `fix` leaves the item it edits with no more syntax errors than it had. Lines of a block
 * body are parsed one by one (the parser recovers at each line end), so a fix inside the body is
 * judged on the lines it edits, parsed in an empty block of the same kind before and after: a
 * fix costs a few lines, not the whole block, however long the block. A fix that touches the
 * block's first or last line is judged on the whole item. Either way a fix that cuts the block in
 * two counts the errors of both pieces.
 */
export function fixParses(text: string, item: Item, fix: QuickFix): boolean {
  const start = item.start;
  const end = item.start + item.length;
  if (fix.edits.length === 0) return true;
  if (fix.edits.some((e) => e.span.start < start || e.span.end > end)) return false;
  const lo = Math.min(...fix.edits.map((e) => e.span.start));
  const hi = Math.max(...fix.edits.map((e) => e.span.end));
  const block = item.block;
  let from = start;
  let to = end;
  let wrap = (lines: string) => lines;
  if (block?.open) {
    const bodyStart = start + block.open.end;
    const bodyEnd = start + (block.close ? block.close.start : item.length);
    let lineStart = lo;
    while (lineStart > bodyStart && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
    let lineEnd = hi;
    while (lineEnd < bodyEnd && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    // Only whole lines of the body, after the `{` line and before the `}` line.
    if (lineStart > bodyStart && isLineBreak(text.charCodeAt(lineStart - 1)) && lineEnd < bodyEnd) {
      from = lineStart;
      to = lineEnd;
      wrap = (lines) => `${block.kind} "" {\n${lines}\n}\n`;
    }
  }
  const before = text.slice(from, to);
  const after = applyEdits(before, fix.edits.map((e) => ({ span: { start: e.span.start - from, end: e.span.end - from }, newText: e.newText })));
  const errors = (source: string) => parse(wrap(source)).items.reduce((n, i) => n + i.errors.length, 0);
  return errors(after) <= errors(before);
}

const isLineBreak = (c: number) => c === 10 || c === 13;

/** The shortest path from `from` to `to` over main edges (BFS, table order), or undefined. */
export function shortestMainPath(from: State, to: State): Edge[] | undefined {
  const via = new Map<State, Edge>();
  const seen = new Set<State>([from]);
  const queue: State[] = [from];
  while (queue.length > 0) {
    const state = queue.shift()!;
    if (state === to) break;
    for (const edge of edgesFrom(state)) {
      if (edge.kind !== 'main' || seen.has(edge.to)) continue;
      seen.add(edge.to);
      via.set(edge.to, edge);
      queue.push(edge.to);
    }
  }
  if (!seen.has(to) || from === to) return undefined;
  const path: Edge[] = [];
  for (let s: State = to; s !== from;) {
    const edge = via.get(s)!;
    path.unshift(edge);
    s = edge.from;
  }
  return path;
}

// ---------------------------------------------------------------------------------------------
// scenarios

const stateOf = (ref: StateRef): State | undefined => lookupState(ref.text)?.state;
const sameSpan = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

function scenarioFixes(d: Diagnostic, rel: Span, item: Item, block: ScenarioBlock, text: string): QuickFix[] {
  const index = block.steps.findIndex((s) => s.span.start <= rel.start && rel.end <= s.span.end);
  if (index < 0) return [];
  const step = block.steps[index];
  const previous = index > 0 ? block.steps[index - 1] : undefined;
  const abs = (span: Span): Span => ({ start: span.start + item.start, end: span.end + item.start });
  switch (d.code) {
    case 'wrong-event':
      return wrongEventFixes(d, step, previous, abs, text, item.start);
    case 'illegal-transition':
      return illegalTransitionFixes(d, rel, step, abs, text);
    case 'discontinuity':
      return discontinuityFixes(d, rel, step, previous, abs, text);
    default:
      return [];
  }
}

/** The state the step was entered from, when the previous step ends where this one starts. */
function enteredFrom(step: Step, previous: Step | undefined): State | undefined {
  if (!previous) return undefined;
  const last = stateOf(previous.states[previous.states.length - 1]);
  if (!last || last !== stateOf(step.states[0])) return undefined;
  return stateOf(previous.states[previous.states.length - 2]);
}

/**
 * Replace the whole written label (from the first word after `:` to the end of the step, with the
 * parts the parser dropped, such as `send DATA+ACK` in a scenario) with the label of each edge the
 * step may take.
 */
function wrongEventFixes(d: Diagnostic, step: Step, previous: Step | undefined, abs: (s: Span) => Span, text: string, base: number): QuickFix[] {
  const parts = step.label?.parts ?? [];
  if (step.states.length !== 2 || !step.label || parts.length === 0) return [];
  const from = stateOf(step.states[0]);
  const to = stateOf(step.states[1]);
  if (!from || !to) return [];
  const before = enteredFrom(step, previous);
  const labels: string[] = [];
  for (const edge of edgesBetween(from, to)) {
    if (!edgeConditionHolds(edge, before)) continue;
    const label = writtenLabel(edge);
    if (label && !labels.includes(label)) labels.push(label);
  }
  let start = step.label.colon.end;
  while (start < step.span.end && (text.charCodeAt(base + start) === 32 || text.charCodeAt(base + start) === 9)) start++;
  const span = abs({ start, end: Math.max(step.span.end, parts[parts.length - 1].span.end) });
  return labels.map((label) => ({
    title: `Change the label to \`${label}\``,
    diagnostic: d,
    edits: [{ span, newText: label }],
    preferred: labels.length === 1,
  }));
}

/** Indentation for lines inserted after `step`: the line's own when the step begins it. */
function indentOf(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  return /^[ \t]*$/.test(before) ? before : '  ';
}

/** Insert the intermediate states along the shortest path over main edges. */
function illegalTransitionFixes(d: Diagnostic, rel: Span, step: Step, abs: (s: Span) => Span, text: string): QuickFix[] {
  const i = step.states.findIndex((ref, k) => k > 0 && sameSpan(ref.span, rel)) - 1;
  if (i < 0) return [];
  const fromRef = step.states[i];
  const toRef = step.states[i + 1];
  const from = stateOf(fromRef);
  const to = stateOf(toRef);
  // Only conditional edges (RFC 9293 note 1) join the states: no path is the obvious fix.
  if (!from || !to || edgesBetween(from, to).length > 0) return [];
  const path = shortestMainPath(from, to);
  if (!path || path.length < 2) return [];
  const middle = path.slice(0, -1).map((e) => e.to);
  const names = middle.join(', ');
  const title = `Insert the missing step${middle.length > 1 ? 's' : ''} through ${names}`;
  if (step.states.length > 2) {
    // A chain takes no label: put the states into the chain.
    const at = abs({ start: fromRef.span.end, end: fromRef.span.end });
    return [{ title, diagnostic: d, edits: [{ span: at, newText: middle.map((s) => ` -> ${s}`).join('') }], preferred: true }];
  }
  const span = abs({ start: fromRef.span.start, end: step.span.end });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = indentOf(text, span.start);
  return [{ title, diagnostic: d, edits: [{ span, newText: pathLines(path, eol, indent, fromRef.text, toRef.text) }], preferred: true }];
}

/** `A -> B : label` lines for a path, joined with the line's indentation. */
function pathLines(path: readonly Edge[], eol: string, indent: string, first?: string, last?: string): string {
  return path.map((edge, k) => {
    const a = k === 0 && first !== undefined ? first : edge.from;
    const b = k === path.length - 1 && last !== undefined ? last : edge.to;
    const label = writtenLabel(edge);
    return `${a} -> ${b}${label ? ` : ${label}` : ''}`;
  }).join(eol + indent);
}

/**
 * Start the step where the previous step ended (preferred when that makes the step legal), or
 * insert the steps that lead from there to where this step starts.
 */
function discontinuityFixes(d: Diagnostic, rel: Span, step: Step, previous: Step | undefined, abs: (s: Span) => Span, text: string): QuickFix[] {
  if (!previous || !sameSpan(step.states[0].span, rel)) return [];
  const target = stateOf(previous.states[previous.states.length - 1]);
  const first = stateOf(step.states[0]);
  if (!target || !first) return [];
  const next = stateOf(step.states[1]);
  const legal = next !== undefined && edgesBetween(target, next).length > 0;
  const fixes: QuickFix[] = [{
    title: `Change the source to ${target}`,
    diagnostic: d,
    edits: [{ span: abs(rel), newText: target }],
    preferred: legal,
  }];
  const path = shortestMainPath(target, first);
  if (path) {
    const at = abs({ start: rel.start, end: rel.start });
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const indent = indentOf(text, at.start);
    fixes.push({
      title: `Insert the missing step${path.length > 1 ? 's' : ''} from ${target} to ${first}`,
      diagnostic: d,
      edits: [{ span: at, newText: pathLines(path, eol, indent) + eol + indent }],
      preferred: !legal,
    });
  }
  return fixes;
}

// ---------------------------------------------------------------------------------------------
// conversations

/** `recv`/`lose` the segment at the head of the queue toward the peer instead. */
function conversationFixes(d: Diagnostic, rel: Span, item: Item, block: ConversationBlock): QuickFix[] {
  if (d.code !== 'not-in-flight') return [];
  const trace = simulate(block, []);
  const k = trace.steps.findIndex((s) => (s.event.kind === 'recv' || s.event.kind === 'lose') && s.event.verb.start === rel.start);
  if (k < 0) return [];
  const step = trace.steps[k];
  const event = step.event;
  if ((event.kind !== 'recv' && event.kind !== 'lose') || step.peer === undefined) return [];
  const queue = k > 0 ? trace.steps[k - 1].inFlight[step.peer] : [];
  const head = queue[0];
  if (!head) return [];
  const word = segmentText(head);
  const span = { start: event.segment.span.start + item.start, end: event.segment.span.end + item.start };
  return [{
    title: `Change to \`${event.kind} ${word}\`, the segment at the head of the queue`,
    diagnostic: d,
    edits: [{ span, newText: word }],
    preferred: true,
  }];
}

// ---------------------------------------------------------------------------------------------
// canonical state names

/** Edits turning every accepted but non-canonical spelling of `item` into the canonical name. */
function canonicalEdits(item: Item): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const ref of stateRefsOf(item.block)) {
    const state = stateOf(ref);
    if (state && ref.text !== state) edits.push({ span: { start: ref.span.start + item.start, end: ref.span.end + item.start }, newText: state });
  }
  return edits;
}

/** Whether `range` touches a state written with an alias or another accepted spelling. */
export function touchesAlias(item: Item | undefined, range: Span): boolean {
  if (!item) return false;
  return stateRefsOf(item.block).some((ref) => {
    const start = ref.span.start + item.start;
    const end = ref.span.end + item.start;
    if (end < range.start || start > range.end) return false;
    const state = stateOf(ref);
    return state !== undefined && ref.text !== state;
  });
}

/**
 * "Use canonical state names": every alias (SYN_RCVD, ESTAB, …) and every other accepted spelling
 * (fin-wait-1, Established) of the file becomes the canonical name. Undefined when there is none.
 */
export function canonicalNamesFix(file: SourceFile, kind: FixKind = CANONICAL_NAMES_KIND): QuickFix | undefined {
  const edits = file.items.flatMap(canonicalEdits);
  if (edits.length === 0) return undefined;
  return { title: CANONICAL_NAMES_TITLE, edits, preferred: false, kind };
}
