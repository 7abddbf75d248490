// Fuzz inputs: `.tcpfsm` documents made by the grammar (blocks of steps and conversation lines
// from the words of the state-machine table, with misspellings, junk and odd characters) and by
// mutating real documents (the examples, the fixtures and the kept reproducers): insertions of
// tokens and odd characters, deletions, duplications, line shuffles, line-end changes, splices,
// and growth by repetition (huge documents, deep brace nesting, long words). Deterministic for a
// seed. The words come from tcp/machine.ts, so a new state or alias is fuzzed without a change
// here; a new construct of the grammar (SPEC v2 events, `stack`, times) is a new line in LINES.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALIASES, FLAGS, STATES } from '../../server/src/tcp/machine';

export type Rng = () => number;

/** mulberry32, the bench's generator: floats in [0, 1). */
export function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, n: number) => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];
export const chance = (rng: Rng, p: number) => rng() < p;

const ROOT = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// words

const STATE_WORDS = [...STATES, ...STATES.flatMap((s) => ALIASES[s].map((a) => a.name))];
const MISSPELLED = ['SYN_SEND', 'ESTABLISED', 'SEND_SYN', 'FIN_WAIT_3', 'TIMEWAIT', 'CLOSE_WIAT', 'LISTENING', 'fin-wiat-2', 'Estab', 'x'];
const CALLS = ['listen', 'connect', 'close', 'abort', 'send data', 'passive open', 'active open', 'create TCB', 'delete TCB'];
const PEERS = ['client', 'server', 'a', 'b', 'peer-1', 'x_y'];
const ODD = [
  '\u0000', '\u0001', '\u007f', '\u00a0', '\u00ad', '\u200b', '\u202e', '\u2066', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff',
  '\ud800', '\udc00', '\ud83d\ude42', 'é', 'Ω', '日本', '\t', '\v', '\f', '\r', '\r\n', '\n', '\\', '"', '\\"',
];
/** Single tokens and pieces the mutator inserts. */
export const TOKENS = [
  'scenario', 'conversation', '"n"', '"', '{', '}', '->', '-', '>', ':', '/', ',', '+', 'of', '#', '//', '# c', '=>',
  'recv', 'send', 'rcv', 'snd', 'receive', 'lose', 'timeout', '2MSL', 'peers', 'start', 'expect', 'DATA', 'TCB',
  ...FLAGS, ...STATE_WORDS, ...MISSPELLED, ...CALLS, ...PEERS, ...ODD, ' ', '  ', '\n\n',
];

function segment(rng: Rng): string {
  const flags = Array.from({ length: 1 + int(rng, 2) }, () => pick(rng, FLAGS));
  const sep = chance(rng, 0.8) ? '+' : pick(rng, [',', ' + ', '+ ']);
  let s = flags.join(sep);
  if (chance(rng, 0.2)) s += ` of ${pick(rng, ['SYN', 'FIN', 'ACK'])}`;
  return s;
}

function label(rng: Rng): string {
  const parts: string[] = [];
  const n = 1 + int(rng, 3);
  for (let i = 0; i < n; i++) {
    parts.push(pick(rng, [
      () => pick(rng, CALLS),
      () => `${pick(rng, ['recv', 'rcv', 'receive'])} ${segment(rng)}`,
      () => `${pick(rng, ['send', 'snd'])} ${segment(rng)}`,
      () => pick(rng, ['timeout', 'timeout 2MSL']),
      () => pick(rng, TOKENS),
    ])());
  }
  return parts.join(pick(rng, [' / ', ', ', '/', ' ']));
}

const state = (rng: Rng) => (chance(rng, 0.9) ? pick(rng, STATE_WORDS) : pick(rng, MISSPELLED));

/** One line of a block body; a new construct of the grammar is a new entry here. */
const LINES: readonly ((rng: Rng) => string)[] = [
  (rng) => `${state(rng)} -> ${state(rng)}${chance(rng, 0.7) ? ` : ${label(rng)}` : ''}`,
  (rng) => Array.from({ length: 2 + int(rng, 3) }, () => state(rng)).join(' -> '),
  (rng) => `${pick(rng, PEERS)}: ${pick(rng, ['listen', 'connect', 'close', 'abort', 'send data', 'timeout'])}`,
  (rng) => `${pick(rng, PEERS)}: ${pick(rng, ['recv', 'lose'])} ${segment(rng)}`,
  (rng) => `peers ${pick(rng, PEERS)}, ${pick(rng, PEERS)}`,
  (rng) => `start ${pick(rng, PEERS)} ${state(rng)}, ${pick(rng, PEERS)} ${state(rng)}`,
  (rng) => `expect ${pick(rng, PEERS)} ${state(rng)}, ${pick(rng, PEERS)} ${state(rng)}`,
  (rng) => pick(rng, ['# a comment', '// note', '']),
  (rng) => Array.from({ length: 1 + int(rng, 6) }, () => pick(rng, TOKENS)).join(pick(rng, [' ', ''])),
];

function block(rng: Rng): string {
  const kind = pick(rng, ['scenario', 'conversation']);
  const name = chance(rng, 0.9) ? `"${pick(rng, ['a', 'b', 'Active open', 'x\\"y', '', 'dup'])}"` : pick(rng, ['', 'bare', '"open']);
  const lines = Array.from({ length: int(rng, 12) }, () => `${pick(rng, ['  ', '', '\t', '    '])}${pick(rng, LINES)(rng)}`);
  const close = chance(rng, 0.92) ? '}' : '';
  const eol = pick(rng, ['\n', '\n', '\n', '\r\n', '\r']);
  const brace = chance(rng, 0.95) ? (chance(rng, 0.9) ? ' {' : `${eol}{`) : '';
  return [`${kind} ${name}${brace}`, ...lines, close].join(eol) + eol;
}

/** A document written from the grammar: blocks, stray lines and comments. */
export function grammarDocument(rng: Rng): string {
  const parts: string[] = [];
  const n = 1 + int(rng, 6);
  for (let i = 0; i < n; i++) parts.push(chance(rng, 0.85) ? block(rng) : `${pick(rng, LINES)(rng)}\n`);
  return parts.join(chance(rng, 0.3) ? '\n' : '');
}

// ---------------------------------------------------------------------------------------------
// seeds and mutations

function tcpfsmFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tcpfsmFiles(full) : e.name.endsWith('.tcpfsm') ? [full] : [];
  });
}

/** The real documents the mutator starts from: examples, fixtures, the webview's test files. */
export function seedDocuments(): string[] {
  const files = [...tcpfsmFiles(path.join(ROOT, 'examples')), ...tcpfsmFiles(path.join(ROOT, 'test'))];
  return files.sort().map((f) => fs.readFileSync(f, 'utf8'));
}

/** Grows `text` to many kilobytes: repeated pieces, deep nesting, a long word. */
function grow(rng: Rng, text: string): string {
  const at = int(rng, text.length + 1);
  const times = 200 + int(rng, 8000);
  const piece = pick(rng, [
    () => text.slice(at, at + 1 + int(rng, 200)) || '{',
    () => '{',
    () => '{\n',
    () => '}\n',
    () => pick(rng, ['"', '\\', '->', '+', ':', '#x\n', '  \n', 'A_', 'scenario "n" {\n']),
    () => `${pick(rng, LINES)(rng)}\n`,
    () => block(rng),
  ])();
  return text.slice(0, at) + piece.repeat(times) + text.slice(at);
}

/** One random change of `text`. */
function mutateOnce(rng: Rng, text: string, seeds: readonly string[]): string {
  const at = int(rng, text.length + 1);
  const len = chance(rng, 0.7) ? int(rng, 4) : int(rng, 60);
  switch (int(rng, 10)) {
    case 0:
    case 1:
      return text.slice(0, at) + pick(rng, TOKENS) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + len);
    case 3:
      return text.slice(0, at) + text.slice(at, at + len) + text.slice(at);
    case 4:
      return text.slice(0, at) + pick(rng, ODD) + text.slice(at);
    case 5: {
      const lines = text.split('\n');
      const i = int(rng, lines.length);
      const j = int(rng, lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 6:
      return text.replace(/\r?\n/g, () => pick(rng, ['\n', '\r\n', '\r', '\n']));
    case 7: {
      const other = pick(rng, seeds);
      const from = int(rng, other.length + 1);
      return text.slice(0, at) + other.slice(from, from + int(rng, 400)) + text.slice(at);
    }
    case 8:
      return text.slice(0, at) + `${pick(rng, LINES)(rng)}\n` + text.slice(at);
    default: {
      // Change a character into a near one.
      if (at >= text.length) return text + pick(rng, TOKENS);
      return text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ (1 << int(rng, 7))) + text.slice(at + 1);
    }
  }
}

export function mutate(rng: Rng, text: string, seeds: readonly string[]): string {
  let out = text;
  const n = 1 + int(rng, chance(rng, 0.8) ? 4 : 30);
  for (let i = 0; i < n; i++) out = mutateOnce(rng, out, seeds);
  return out;
}

export interface DocumentSource {
  /** The next document; `big` allows growth to hundreds of kilobytes. */
  next(rng: Rng, big: boolean): string;
}

/** Documents: half grammar-made, half mutated seeds; with `big`, some grown to 20–400 KB. */
export function documentSource(extraSeeds: readonly string[] = []): DocumentSource {
  const seeds = [...seedDocuments(), ...extraSeeds];
  return {
    next(rng, big) {
      let text = chance(rng, 0.5) ? grammarDocument(rng) : mutate(rng, pick(rng, seeds), seeds);
      if (chance(rng, 0.15)) text = mutate(rng, text + grammarDocument(rng), seeds);
      if (big && chance(rng, 0.05)) text = grow(rng, text);
      return text;
    },
  };
}
