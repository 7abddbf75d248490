// Deterministic generator of realistic `.tcpfsm` input for the benchmark (and for tests that
// want a big file): `scenario` blocks of 5–20 steps that walk the real state machine of
// server/src/tcp/machine.ts, written the way people write them (labels, aliases, lower case,
// hyphens, aligned columns, chains, comments, blank lines), with about 2% of the steps turned
// into mistakes that each produce exactly one diagnostic: a misspelled state (unknown-state), a
// hop with no edge (illegal-transition), a label that does not belong to the edge (wrong-event)
// and a step that does not start where the previous one ended (discontinuity).

import { partBelongs } from '../server/src/service/check';
import type { LabelPart } from '../server/src/syntax/tree';
import {
  ALIASES,
  type Edge,
  edgeConditionHolds,
  edgeLabel,
  edgesBetween,
  edgesFrom,
  type Flag,
  formatSegment,
  formatTrigger,
  lookupState,
  type State,
  STATES,
  type UserCall,
} from '../server/src/tcp/machine';

export type MistakeKind = 'unknown-state' | 'illegal-transition' | 'wrong-event' | 'discontinuity';

export interface GeneratedScenarios {
  readonly text: string;
  /** Step lines written (a chain `A -> B -> C` is one step). */
  readonly steps: number;
  /** Steps that are mistakes; each should produce exactly one diagnostic. */
  readonly mistakes: number;
  readonly mistakesByKind: Readonly<Record<MistakeKind, number>>;
  readonly blocks: number;
  /** Hops of the state machine written (a chain of n states has n - 1). */
  readonly hops: number;
}

/** Share of the steps that are mistakes. */
export const MISTAKE_RATE = 0.02;

/** mulberry32: small, fast, and good enough for test data. Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLES = [
  'active open', 'passive open', 'simultaneous open', 'active close', 'passive close',
  'simultaneous close', 'reset by peer', 'user timeout', 'abort', 'TIME_WAIT and 2MSL',
  'half-close', 'listener turned active', 'handshake then close', 'keep-alive gone wrong',
  'server side', 'client side', 'load balancer health check', 'HTTP/1.1 keep-alive',
];

const BLOCK_COMMENTS = [
  '# RFC 9293 section 3.3.2, Figure 5',
  '# the peer closes first: we end in CLOSE_WAIT until the application calls close()',
  '# TIME_WAIT lasts 2MSL (4 minutes in the RFC, 60 s on Linux)',
  '// seen in a packet capture from the staging proxy',
  '# a RST can arrive in any synchronized state',
  '// simultaneous open: both sides send SYN',
  '# note 2: a FIN that also acknowledges ours goes straight to TIME_WAIT',
  '# ss -tan shows ESTAB, netstat shows ESTABLISHED',
];

const STEP_COMMENTS = [
  '# 3.10.7.4',
  '// retransmitted once',
  '# our FIN is acknowledged',
  '# see tcpdump line 42',
  '// after the application calls close()',
  '# 2MSL',
  '// RST from the middlebox',
  '# peer is slow to answer',
];

const TYPOS = [
  'SYN_SEND', 'SYN_SEN', 'SEND_SYN', 'STABLISHED', 'ESTABLISED', 'ESTABLSHED', 'SYN_RECIEVED',
  'SYN_RECEIVE', 'FIN_WAIT_3', 'FINWAIT1', 'TIMEWAIT', 'TIME_WAITE', 'CLOSE_WIAT', 'LASTACK',
  'CLOSEING', 'LISTENING', 'CLOSD', 'FIN-WAIT-0', 'syn_sent_', 'Establised', 'fin_wiat_2',
];

const WORD_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$/;

/** Label parts tried when a step is made a wrong-event mistake. */
const WRONG_PARTS: { text: string; part: LabelPart }[] = (() => {
  const span = { start: 0, end: 0 };
  const calls: [string, UserCall][] = [['listen', 'listen'], ['connect', 'connect'], ['close', 'close'], ['abort', 'abort'], ['send data', 'send-data']];
  const segs: Flag[][] = [['SYN'], ['SYN', 'ACK'], ['ACK'], ['FIN'], ['RST']];
  const out: { text: string; part: LabelPart }[] = calls.map(([text, call]) => ({ text, part: { kind: 'call', call, span } }));
  for (const flags of segs) {
    const f = flags.join('+');
    out.push({ text: `recv ${f}`, part: { kind: 'recv', segment: { flags, span }, span } });
    out.push({ text: `send ${f}`, part: { kind: 'send', segment: { flags, span }, span } });
  }
  out.push({ text: 'timeout 2MSL', part: { kind: 'timeout', timer: '2msl', span } });
  out.push({ text: 'timeout', part: { kind: 'timeout', span } });
  return out;
})();

export function generateScenarios(steps: number, seed: number): GeneratedScenarios {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => rnd() < p;

  /** How this block writes state names: mostly canonical, sometimes ss/netstat style. */
  interface Style {
    lower: boolean;
    hyphens: boolean;
    aliases: number;
    align: boolean;
  }

  function spell(state: State, style: Style): string {
    let name: string = state;
    const aliases = ALIASES[state];
    if (aliases.length > 0 && chance(style.aliases)) name = pick(aliases).name;
    if (style.hyphens) name = name.replace(/_/g, '-');
    if (style.lower) name = name.toLowerCase();
    return name;
  }

  function misspell(state: State, style: Style): string {
    for (;;) {
      let s: string;
      if (chance(0.4)) {
        s = pick(TYPOS);
      } else {
        s = spell(state, style);
        const i = int(s.length);
        switch (int(3)) {
          case 0: // a letter dropped
            s = s.slice(0, i) + s.slice(i + 1);
            break;
          case 1: // two letters swapped
            if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
            break;
          default: // a letter doubled
            s = s.slice(0, i) + s[i] + s.slice(i);
        }
      }
      if (WORD_RE.test(s) && !lookupState(s)) return s;
    }
  }

  /**
   * An edge the checker accepts after a hop from `enteredFrom` (note 1). The blocks declare no
   * stack, so the Linux-only edges are left out (they are `wrong-event` on rfc9293). With
   * `unlabelled`, no edge that stays in its state: such a step needs its label.
   */
  function pickEdge(from: State, enteredFrom: State | undefined, unlabelled = false): Edge {
    const edges = edgesFrom(from).filter((e) => edgeConditionHolds(e, enteredFrom) && !(unlabelled && e.to === from));
    // Main edges (Figure 5) much more often than the exceptional ones.
    let total = 0;
    for (const e of edges) total += e.kind === 'main' ? 12 : 1;
    let r = rnd() * total;
    for (const e of edges) {
      r -= e.kind === 'main' ? 12 : 1;
      if (r < 0) return e;
    }
    return edges[edges.length - 1];
  }

  function label(edge: Edge, style: Style): string | undefined {
    const r = rnd();
    // A step that stays in its state (note 3's TIME_WAIT `send RST`) must say why.
    if (r < 0.12 && edge.to !== edge.from) return undefined;
    let text: string;
    if (r < 0.2) text = edgeLabel(edge, true);
    else if (r < 0.3 && edge.triggers.length > 0) text = formatTrigger(edge.triggers[0]);
    else if (r < 0.35 && edge.triggers.length > 0 && edge.action) text = `send ${formatSegment(edge.action)}`;
    else text = edgeLabel(edge);
    if (chance(0.08)) {
      // Other spellings of the same parts.
      text = text
        .replace(/^listen$/, 'passive open')
        .replace(/^connect\b/, 'active open')
        .replace(/\brecv\b/, pick(['rcv', 'receive', 'recv']))
        .replace(/SYN\+ACK/, 'SYN,ACK')
        .replace(' / ', ', ');
    }
    if (chance(0.03) && edge.to === 'CLOSED') text += ', delete TCB';
    if (style.lower || chance(0.04)) text = text.toLowerCase();
    return text;
  }

  const out: string[] = [];
  const write = (line: string) => out.push(line);
  let written = 0;
  let mistakes = 0;
  let hops = 0;
  const byKind: Record<MistakeKind, number> = { 'unknown-state': 0, 'illegal-transition': 0, 'wrong-event': 0, discontinuity: 0 };
  let blocks = 0;

  write(`# Generated by bench/generate.ts (seed ${seed}, ${steps} steps): TCP connections as seen`);
  write('# from one endpoint, checked against RFC 9293. About 2% of the steps are mistakes on purpose.');
  write('');

  while (written < steps) {
    blocks++;
    const want = Math.min(steps - written, 5 + int(16));
    const style: Style = {
      lower: chance(0.08),
      hyphens: chance(0.1),
      aliases: chance(0.25) ? 0.7 : 0.03,
      align: chance(0.5),
    };
    const pad = (s: string, n: number) => (style.align ? s.padEnd(n) : s);
    if (chance(0.35)) write(pick(BLOCK_COMMENTS));
    const title = pick(TITLES);
    const name = chance(0.03) ? `Connection ${blocks}: \\"${title}\\"` : `Connection ${blocks}: ${title}`;
    write(`scenario "${name}" {`);

    let cur: State = chance(0.6) ? 'CLOSED' : chance(0.6) ? 'ESTABLISHED' : chance(0.5) ? 'LISTEN' : pick(STATES);
    /** The state the last hop came from, as the checker sees it (undefined: not shown). */
    let enteredFrom: State | undefined;
    /** The previous step ended in a state the checker knows (not misspelled). */
    let previousKnown = false;
    const line = (from: string, to: string, text: string | undefined) => {
      let s = `  ${pad(from, 12)} -> ${text ? pad(to, 12) : to}`;
      if (text) s += ` : ${text}`;
      if (chance(0.06)) s += `   ${pick(STEP_COMMENTS)}`;
      write(s.trimEnd());
    };

    for (let k = 0; k < want; k++) {
      if (k > 0 && chance(0.025)) write('');
      if (k > 0 && chance(0.02)) write(`  ${pick(STEP_COMMENTS)}`);
      written++;

      if (chance(MISTAKE_RATE)) {
        mistakes++;
        const kinds: MistakeKind[] = previousKnown
          ? ['unknown-state', 'illegal-transition', 'wrong-event', 'discontinuity']
          : ['unknown-state', 'illegal-transition', 'wrong-event'];
        const kind = pick(kinds);
        byKind[kind]++;
        hops++;
        switch (kind) {
          case 'unknown-state': {
            const edge = pickEdge(cur, enteredFrom);
            const misspellFrom = chance(0.5);
            const from = misspellFrom ? misspell(cur, style) : spell(cur, style);
            const to = misspellFrom ? spell(edge.to, style) : misspell(edge.to, style);
            line(from, to, label(edge, style));
            // Either way the checker forgets where the scenario came from.
            cur = edge.to;
            enteredFrom = undefined;
            previousKnown = misspellFrom;
            break;
          }
          case 'illegal-transition': {
            const targets = STATES.filter((s) => edgesBetween(cur, s).length === 0);
            const to = pick(targets);
            const other = pickEdge(cur, enteredFrom);
            line(spell(cur, style), spell(to, style), chance(0.5) ? label(other, style) : undefined);
            enteredFrom = cur;
            cur = to;
            previousKnown = true;
            break;
          }
          case 'wrong-event': {
            const edge = pickEdge(cur, enteredFrom);
            const applicable = edgesBetween(cur, edge.to).filter((e) => edgeConditionHolds(e, enteredFrom));
            const wrong = WRONG_PARTS.filter((w) => !applicable.some((e) => partBelongs(w.part, e)));
            let text = pick(wrong).text;
            // Sometimes the right trigger is written too, and the wrong part is the action.
            if (chance(0.4) && edge.triggers.length > 0 && text.startsWith('send ')) text = `${formatTrigger(edge.triggers[0])} / ${text}`;
            if (style.lower) text = text.toLowerCase();
            line(spell(cur, style), spell(edge.to, style), text);
            enteredFrom = cur;
            cur = edge.to;
            previousKnown = true;
            break;
          }
          case 'discontinuity': {
            const start = pick(STATES.filter((s) => s !== cur));
            const edge = pickEdge(start, undefined);
            line(spell(start, style), spell(edge.to, style), label(edge, style));
            enteredFrom = start;
            cur = edge.to;
            previousKnown = true;
            break;
          }
        }
        continue;
      }

      if (chance(0.08)) {
        // A chain without labels: each hop must be an edge.
        const n = 2 + int(3);
        const names = [spell(cur, style)];
        for (let h = 0; h < n; h++) {
          const edge = pickEdge(cur, enteredFrom, true);
          enteredFrom = cur;
          cur = edge.to;
          names.push(spell(cur, style));
          hops++;
        }
        write(`  ${names.join(' -> ')}${chance(0.06) ? `   ${pick(STEP_COMMENTS)}` : ''}`);
        previousKnown = true;
        continue;
      }

      const edge = pickEdge(cur, enteredFrom);
      line(spell(cur, style), spell(edge.to, style), label(edge, style));
      hops++;
      enteredFrom = cur;
      cur = edge.to;
      previousKnown = true;
    }
    write('}');
    write('');
  }

  return { text: out.join('\n'), steps: written, mistakes, mistakesByKind: byKind, blocks, hops };
}

// ---------------------------------------------------------------------------------------------
// conversations

export interface GeneratedConversation {
  readonly text: string;
  /** Event lines written (`expect` lines included): the ladder's rows. */
  readonly events: number;
  /** Connections opened and closed (or refused) one after the other. */
  readonly episodes: number;
}

/** Both peers ESTABLISHED with nothing in flight, from both CLOSED. */
const OPENS: readonly (readonly string[])[] = [
  ['server: listen', 'client: connect', 'server: recv SYN', 'client: recv SYN+ACK', 'server: recv ACK'],
  ['server: listen', 'client: connect', 'server: lose SYN', 'client: timeout', 'server: recv SYN', 'client: recv SYN+ACK', 'server: recv ACK'],
  ['client: connect', 'server: connect', 'client: recv SYN', 'server: recv SYN', 'client: recv SYN+ACK', 'server: recv SYN+ACK'],
];

/** Both peers CLOSED with nothing in flight, from both ESTABLISHED. */
const CLOSES: readonly (readonly string[])[] = [
  ['client: close', 'server: recv FIN', 'client: recv ACK', 'server: close', 'client: recv FIN', 'server: recv ACK', 'client: timeout'],
  ['server: close', 'client: recv FIN', 'server: recv ACK', 'client: close', 'server: recv FIN', 'client: recv ACK', 'server: timeout'],
  ['client: close', 'server: close', 'client: recv FIN', 'server: recv FIN', 'client: recv ACK', 'server: recv ACK', 'client: timeout', 'server: timeout'],
  ['client: close', 'server: recv FIN', 'client: lose ACK', 'server: close', 'client: recv FIN', 'server: recv ACK', 'client: timeout'],
  ['client: close', 'server: recv FIN', 'client: recv ACK', 'server: close', 'client: recv FIN', 'server: lose ACK', 'server: timeout', 'client: recv FIN', 'server: recv ACK', 'client: timeout'],
  ['client: abort', 'server: recv RST'],
  ['server: abort', 'client: recv RST'],
];

const REFUSED: readonly string[] = ['client: connect', 'server: recv SYN', 'client: recv RST'];

/**
 * One `conversation` block of exactly `events` event lines: connections opened (handshake, lost
 * SYN, simultaneous open), some data both ways, and closed (either side first, simultaneously,
 * with a lost ACK, by abort), or refused, one after the other. Every line is legal (a test checks
 * that it has no diagnostics).
 */
export function generateConversation(events: number, seed: number): GeneratedConversation {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const lines: string[] = [];
  let episodes = 0;
  while (lines.length < events) {
    episodes++;
    if (rnd() < 0.1) {
      lines.push(...REFUSED, 'expect client CLOSED, server CLOSED');
      continue;
    }
    lines.push(...pick(OPENS));
    if (rnd() < 0.5) lines.push('expect client ESTABLISHED, server ESTABLISHED');
    const data = Math.floor(rnd() * 4);
    for (let i = 0; i < data; i++) {
      lines.push(...(rnd() < 0.6
        ? ['client: send data', 'server: recv DATA', 'client: recv ACK']
        : ['server: send data', 'client: recv DATA', 'server: recv ACK']));
    }
    lines.push(...pick(CLOSES));
    if (rnd() < 0.5) lines.push('expect client CLOSED, server CLOSED');
  }
  lines.length = events;
  const text = [
    `# Generated by bench/generate.ts (seed ${seed}, ${events} events): one connection after another.`,
    `conversation "Generated, ${events} events" {`,
    ...lines.map((l) => `  ${l}`),
    '}',
    '',
  ].join('\n');
  return { text, events, episodes };
}
