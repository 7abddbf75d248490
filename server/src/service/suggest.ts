// "Did you mean" for misspelled state names: edit distance against every accepted spelling,
// also trying the words of the name in another order (SEND_SYN → SYN_SENT).

import { allStateSpellings, lookupState, normalizeStateName, type State, STATES } from '../tcp/machine';
import type { StateRef } from '../syntax/tree';
import { type Diagnostic, diagnostic } from './diagnostics';
import { detached } from './strings';

/** The state a written name stands for, or undefined after reporting `unknown-state` to `out`. */
export function resolveState(ref: StateRef, out: Diagnostic[]): State | undefined {
  const found = lookupState(ref.text);
  if (found) return found.state;
  const suggestions = suggestStates(ref.text);
  const message = suggestions.length > 0
    ? `unknown state \`${ref.text}\`; did you mean ${suggestions.join(' or ')}?`
    : `unknown state \`${ref.text}\`; the states are ${STATES.join(', ')}`;
  out.push(diagnostic('unknown-state', ref.span, message, { suggestions }));
  return undefined;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2: number[] = new Array(m + 1).fill(0);
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  let cur: number[] = new Array(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

function permutations(words: string[]): string[][] {
  if (words.length <= 1 || words.length > 4) return [words];
  const out: string[][] = [];
  words.forEach((w, i) => {
    for (const rest of permutations([...words.slice(0, i), ...words.slice(i + 1)])) out.push([w, ...rest]);
  });
  return out;
}

const SPELLINGS = allStateSpellings();
const NONE: readonly State[] = [];

/**
 * A name this long is nobody's misspelling of a state (the longest spelling has 12 characters):
 * it gets no suggestion, and the search stays small whatever is written (its cost grows with the
 * name's length times the 24 orders of its words).
 */
export const LONGEST_SUGGESTIBLE = 4 * Math.max(...SPELLINGS.map((s) => s.length));

// The same misspelling tends to recur across a file; remember the answers (bounded). A key is a
// copy: a name cut from the document would keep that version of the document alive (strings.ts).
const cache = new Map<string, readonly State[]>();
const CACHE_LIMIT = 4096;

/** Canonical states the misspelled `text` most likely meant, best first (at most 3). */
export function suggestStates(text: string): readonly State[] {
  if (text.length > LONGEST_SUGGESTIBLE) return NONE;
  let found = cache.get(text);
  if (!found) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    found = computeSuggestions(text);
    cache.set(detached(text), found);
  }
  return found;
}

function computeSuggestions(text: string): State[] {
  const input = normalizeStateName(text);
  const variants = permutations(input.split('_').filter(Boolean)).map((ws) => ws.join('_'));
  const best = new Map<State, number>();
  for (const spelling of SPELLINGS) {
    const state = lookupState(spelling)!.state;
    let d = Infinity;
    for (const v of variants) d = Math.min(d, editDistance(v, spelling), editDistance(v.replace(/_/g, ''), spelling.replace(/_/g, '')));
    if (d < (best.get(state) ?? Infinity)) best.set(state, d);
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  const ranked = [...best.entries()].filter(([, d]) => d <= limit).sort((x, y) => x[1] - y[1] || STATES.indexOf(x[0]) - STATES.indexOf(y[0]));
  if (ranked.length === 0) return [];
  const top = ranked[0][1];
  return ranked.filter(([, d]) => d <= top + 1).slice(0, 3).map(([s]) => s);
}
