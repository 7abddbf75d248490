// Checks a parsed file: syntax errors, state names, and every scenario step against the edges
// of the state-machine table. Works per item so unchanged items' results can be reused.

import {
  edgeConditionHolds,
  type EdgeContext,
  type Edge,
  edgeEventWord,
  edgesBetween,
  edgesFrom,
  formatCall,
  formatSegment,
  formatTrigger,
  segmentMatches,
  type Stack,
  type State,
  stayingSteps,
  writtenLabel,
} from '../tcp/machine';
import { type Item, type LabelPart, type NameLiteral, type ScenarioBlock, shiftSpan, type Span, type Step, type StateRef } from '../syntax/tree';
import { type Diagnostic, diagnostic } from './diagnostics';
import { simulate } from './simulate';
import { resolveState } from './suggest';

const NO_DIAGNOSTICS: readonly Diagnostic[] = [];

/** Diagnostics of one item, spans relative to the item's start. */
export function checkItem(item: Item): readonly Diagnostic[] {
  if (item.errors.length === 0 && !item.block) return NO_DIAGNOSTICS;
  const out: Diagnostic[] = [];
  for (const e of item.errors) out.push(diagnostic('syntax', e.span, e.message));
  if (item.block?.kind === 'scenario') checkScenario(item.block, out);
  else if (item.block?.kind === 'conversation') simulate(item.block, out, { steps: false });
  if (out.length === 0) return NO_DIAGNOSTICS;
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}


/** Where an item sits and what its block is called: all `duplicate-name` needs. */
export interface NamedItem {
  readonly start: number;
  readonly name?: NameLiteral;
}

/** `duplicate-name`: two blocks of one file with the same name (absolute spans). */
export function checkDuplicateNames(items: readonly NamedItem[]): Diagnostic[] {
  const first = new Map<string, Span>();
  const out: Diagnostic[] = [];
  for (const item of items) {
    const name = item.name;
    if (!name) continue;
    const span = shiftSpan(name.span, item.start);
    const earlier = first.get(name.value);
    if (earlier) {
      const quoted = JSON.stringify(name.value);
      out.push(diagnostic('duplicate-name', span, `another block in this file is already named ${quoted}`, {
        related: [{ span: earlier, message: `${quoted} is first used here` }],
      }));
    } else {
      first.set(name.value, span);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// state names


// ---------------------------------------------------------------------------------------------
// scenarios

interface Reached {
  readonly state: State;
  /** The state the last hop came from, when the scenario shows it. */
  readonly from?: State;
}

/** One hop of a scenario as the checker judged it: `A -> B -> C` has two. */
export interface ScenarioHop {
  readonly step: Step;
  /** The hop's position in its step, from 0. */
  readonly index: number;
  /** Undefined when the state is not one (unknown-state). */
  readonly from?: State;
  readonly to?: State;
  /** The table edge the hop takes; undefined when the hop is not legal or a state is unknown. */
  readonly edge?: Edge;
  /** What made it fail: its unknown-state, illegal-transition or wrong-event diagnostic. */
  readonly problem?: Diagnostic;
}

/** Every hop of a scenario in order, with the edge the checker accepted (spans relative to the item). */
export function scenarioHops(block: ScenarioBlock): ScenarioHop[] {
  const hops: ScenarioHop[] = [];
  checkScenario(block, [], hops);
  return hops;
}

/** The stack a scenario declares (SPEC section 8); rfc9293 by default. */
export function scenarioStack(block: ScenarioBlock): Stack {
  return block.stack?.entries[0]?.stack ?? 'rfc9293';
}

function checkScenario(block: ScenarioBlock, out: Diagnostic[], hops?: ScenarioHop[]): void {
  let previous: Reached | undefined;
  const stack = scenarioStack(block);
  // A scenario that shows a `shutdown` step closed the socket that way; otherwise how it was
  // closed is unknown and the Linux half-duplex close gets the benefit of the doubt.
  let closedBy: 'shutdown' | undefined;
  const unknown: (Diagnostic | undefined)[] = [];
  for (const step of block.steps) {
    const states: (State | undefined)[] = [];
    if (hops) unknown.length = 0;
    for (const ref of step.states) {
      const reported = out.length;
      const state = resolveState(ref, out);
      states.push(state);
      if (hops) unknown.push(state ? undefined : out[reported]);
    }
    const first = states[0];
    let from: State | undefined;
    if (first && previous) {
      if (previous.state !== first) {
        out.push(diagnostic('discontinuity', step.states[0].span,
          `this step starts in ${first} but the previous step ended in ${previous.state}; start it from ${previous.state}`));
      } else {
        from = previous.from;
      }
    }
    for (let i = 0; i + 1 < states.length; i++) {
      const a = states[i];
      const b = states[i + 1];
      if (a && b) {
        const reported = out.length;
        const context: EdgeContext = { enteredFrom: i === 0 ? from : states[i - 1], stack, closedBy };
        const edge = checkHop(a, b, step.states[i + 1], context, states.length === 2 ? step.label?.parts : undefined, out);
        hops?.push(edge ? { step, index: i, from: a, to: b, edge } : { step, index: i, from: a, to: b, problem: out[reported] });
      } else if (hops) {
        hops.push({ step, index: i, from: a, to: b, problem: unknown[i] ?? unknown[i + 1] });
      }
    }
    if (step.label?.parts.some((p) => p.kind === 'call' && p.call === 'shutdown')) closedBy = 'shutdown';
    const last = states[states.length - 1];
    previous = last ? { state: last, from: states[states.length - 2] } : undefined;
  }
}

/** Why a Linux-only edge does not apply here. */
function linuxReason(edge: Edge, context: EdgeContext): string {
  const timer = edge.triggers.some((t) => t.kind === 'timeout');
  if (context.stack !== 'linux') {
    return timer
      ? 'RFC 9293 has no FIN_WAIT_2 timer; `stack linux` has tcp_fin_timeout'
      : 'RFC 9293 accepts data after CLOSE; `stack linux` answers data after close() with RST';
  }
  return timer
    ? 'after shutdown(SHUT_WR) Linux waits in FIN_WAIT_2 with no timer; tcp_fin_timeout applies only after close()'
    : 'after shutdown(SHUT_WR) Linux still receives data; only after close() is it answered with RST';
}

/** The labels of the steps that stay in `state`: `send data / send DATA`, `recv SYN|ACK / send RST`, … */
export function stayingSummary(state: State): string {
  const labels = stayingSteps(state).map((e) => {
    if (e.triggers.length < 2 || !e.triggers.every((t) => t.kind === 'recv')) return `\`${writtenLabel(e)}\``;
    const segments = e.triggers.map((t) => (t.kind === 'recv' ? formatSegment(t.segment) : '')).join('|');
    return `\`recv ${segments}${e.action ? ` / send ${formatSegment(e.action)}` : ''}\``;
  });
  return labels.filter((l, i) => labels.indexOf(l) === i).join(', ');
}

function conditionReason(state: State, enteredFrom: State | undefined): string {
  return enteredFrom
    ? `here ${state} was reached from ${enteredFrom}`
    : `this scenario does not show ${state} being reached from LISTEN`;
}

export function partBelongs(part: LabelPart, edge: Edge): boolean {
  switch (part.kind) {
    case 'call':
      // `send data / send DATA` is read as two SEND calls: the second stands for the DATA sent.
      return edge.triggers.some((t) => t.kind === 'call' && t.call === part.call) ||
        (part.call === 'send-data' && edge.action !== undefined && edge.action.flags.has('DATA'));
    case 'recv':
      return edge.triggers.some((t) => t.kind === 'recv' && segmentMatches(part.segment, t.segment));
    case 'send':
      return edge.action !== undefined && segmentMatches(part.segment, edge.action);
    case 'timeout':
      return edge.triggers.some((t) => t.kind === 'timeout' && (!part.timer || t.timer === part.timer));
    case 'tcb':
      return part.op === 'create' ? edge.from === 'CLOSED' : edge.to === 'CLOSED';
  }
}

export function formatPart(part: LabelPart): string {
  switch (part.kind) {
    case 'call':
      return formatCall(part.call);
    case 'send':
    case 'recv': {
      const seg = formatSegment({ flags: new Set(part.segment.flags) });
      return `${part.kind} ${part.segment.ackOf ? `${seg} of ${part.segment.ackOf}` : seg}`;
    }
    case 'timeout':
      return part.timer ? `timeout ${part.timer === '2msl' ? '2MSL' : part.timer}` : 'timeout';
    case 'tcb':
      return `${part.op} TCB`;
  }
}

/** "ESTABLISHED goes to: FIN_WAIT_1, CLOSE_WAIT, and on RST/abort/timeout to CLOSED, …" */
export function whereStateGoes(state: State): string {
  const main: State[] = [];
  const exceptional = new Map<string, string[]>();
  for (const edge of edgesFrom(state)) {
    if (edge.kind === 'main') {
      if (!main.includes(edge.to)) main.push(edge.to);
      continue;
    }
    const key = edge.condition === 'from-listen' ? `${edge.to} when it was reached from LISTEN`
      : edge.condition === 'linux-after-close' ? `${edge.to} (stack linux, after close)` : edge.to;
    const words = exceptional.get(key) ?? [];
    const word = edgeEventWord(edge);
    if (!words.includes(word)) words.push(word);
    exceptional.set(key, words);
  }
  const pieces: string[] = [...main];
  for (const [to, words] of exceptional) pieces.push(`${pieces.length > 0 ? 'and ' : ''}on ${words.join('/')} to ${to}`);
  return `${state} goes to: ${pieces.join(', ')}.`;
}

/** The rest of an edge's label once `part` is taken out, e.g. "send FIN" for close. */
function restOfLabel(edge: Edge, part: LabelPart): string {
  const pieces: string[] = [];
  const isTrigger = part.kind === 'call' || part.kind === 'recv' || part.kind === 'timeout';
  if (edge.triggers.length > 0 && !isTrigger) pieces.push(formatTrigger(edge.triggers[0]));
  if (edge.action && part.kind !== 'send') pieces.push(`send ${formatSegment(edge.action)}`);
  return pieces.join(' / ');
}

/**
 * Checks one hop and returns the edge it takes: the first edge of the table between the two
 * states whose condition holds and that carries every written part. Reports and returns
 * undefined when there is none.
 */
function checkHop(
  from: State,
  to: State,
  toRef: StateRef,
  context: EdgeContext,
  parts: readonly LabelPart[] | undefined,
  out: Diagnostic[],
): Edge | undefined {
  const enteredFrom = context.enteredFrom;
  const edges = edgesBetween(from, to);
  if (from === to && !parts) {
    out.push(diagnostic('illegal-transition', toRef.span,
      `a step that stays in ${from} needs its event: label it with one of ${stayingSummary(from)}`));
    return undefined;
  }
  if (edges.length === 0) {
    out.push(diagnostic('illegal-transition', toRef.span, `${from} cannot go to ${to}. ${whereStateGoes(from)}`));
    return undefined;
  }
  // Taken by nearly every legal step: an applicable edge carries every part (main edges come
  // first). A label without a trigger (`send ACK`) prefers the edge that has none.
  const triggerWritten = parts?.some((p) => p.kind === 'call' || p.kind === 'recv' || p.kind === 'timeout') ?? false;
  let carrier: Edge | undefined;
  for (const e of edges) {
    if (!edgeConditionHolds(e, context)) continue;
    if (!parts) return e;
    let all = true;
    for (const p of parts) {
      if (!partBelongs(p, e)) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    if (triggerWritten || e.triggers.length === 0) return e;
    carrier ??= e;
  }
  if (carrier) return carrier;
  const applicable = edges.filter((e) => edgeConditionHolds(e, context));
  if (applicable.length === 0) {
    // Only conditional edges join these states, and the condition fails (RFC 9293 note 1).
    out.push(diagnostic('illegal-transition', toRef.span,
      `${from} goes back to ${to} on RST only when it was reached from LISTEN (RFC 9293 note 1); ${conditionReason(from, enteredFrom)}, so a RST closes it. ${whereStateGoes(from)}`));
    return undefined;
  }
  // Here some part is written (no parts would have taken the first applicable edge above).
  const written = parts!;

  // Blame the first written part that the closest edge does not have.
  let best = applicable[0];
  let bestScore = -1;
  for (const e of applicable) {
    const score = written.filter((p) => partBelongs(p, e)).length;
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  const culprit = written.find((p) => !partBelongs(p, best))!;
  const word = formatPart(culprit);
  const conditional = edges.find((e) => !edgeConditionHolds(e, context) && written.every((p) => partBelongs(p, e)));
  if (conditional?.condition === 'linux-after-close') {
    out.push(diagnostic('wrong-event', culprit.span, `${from} cannot go to ${to} on ${word}: ${linuxReason(conditional, context)}. ${whereStateGoes(from)}`));
    return undefined;
  }
  if (conditional) {
    out.push(diagnostic('wrong-event', culprit.span,
      `${from} cannot go to ${to} on ${word}: ${from} was reached from LISTEN, so a RST returns it to LISTEN (RFC 9293 note 1). ${whereStateGoes(from)}`));
    return undefined;
  }
  if (from === to) {
    out.push(diagnostic('wrong-event', culprit.span, `${from} does not stay in ${from} on ${word}; it stays on ${stayingSummary(from)}`));
    return undefined;
  }
  const leads = edgesFrom(from).filter((e) => edgeConditionHolds(e, context) && partBelongs(culprit, e));
  const stays = stayingSteps(from).filter((e) => partBelongs(culprit, e));
  const targets = leads.map((e) => {
    const rest = restOfLabel(e, culprit);
    return rest ? `${e.to} (${rest})` : e.to;
  });
  for (const e of stays) {
    const rest = restOfLabel(e, culprit);
    targets.push(rest ? `${from} itself (${rest})` : `${from} itself`);
  }
  const where = targets.length > 0
    ? `${word} from ${from} leads to ${targets.filter((v, i, all) => all.indexOf(v) === i).join(' or ')}`
    : `${from} has no transition on ${word}`;
  out.push(diagnostic('wrong-event', culprit.span, `${from} cannot go to ${to} on ${word}; ${where}. ${whereStateGoes(from)}`));
  return undefined;
}
