// The `tcpfsm.stateNames` setting: which of the accepted spellings of a state are written without
// comment. `any` takes every accepted spelling; `rfc` the canonical names and the spellings of the
// RFC 9293 figure; `linux` the names `ss` prints. Every other accepted spelling is a
// `state-spelling` (information, editor only) whose fix writes the mode's preferred spelling.
// Spellings are compared as the language compares names: case and `-`/`_` do not count. The sets
// are derived from the table (the canonical names and each alias's `printedBy`).

import { ALIASES, lookupState, normalizeStateName, type NameSource, type State, STATES } from '../tcp/machine';
import { type Item, type SourceFile, type Span, stateRefsOf } from '../syntax/tree';
import { type Diagnostic, diagnostic } from './diagnostics';

export type StateNames = 'any' | 'rfc' | 'linux';
export const STATE_NAMES: readonly StateNames[] = ['any', 'rfc', 'linux'];

export function isStateNames(value: unknown): value is StateNames {
  return typeof value === 'string' && (STATE_NAMES as readonly string[]).includes(value);
}

interface Spellings {
  /** Normalized names (upper case, `_`) written without comment. */
  readonly accepted: ReadonlySet<string>;
  /** The spelling a fix writes, for each state. */
  readonly preferred: Readonly<Record<State, string>>;
  /** The accepted spellings as the mode writes them, for docs and tests. */
  readonly list: readonly string[];
}

const printedBy = (state: State, source: NameSource): string[] =>
  ALIASES[state].filter((a) => a.printedBy?.includes(source)).map((a) => a.name);

function rfcSpellings(): Spellings {
  const figure = STATES.flatMap((s) => printedBy(s, 'rfc-figure'));
  const list = [...STATES, ...figure];
  const preferred = Object.fromEntries(STATES.map((s) => [s, s])) as Record<State, string>;
  return { accepted: new Set(list.map(normalizeStateName)), preferred, list };
}

function linuxSpellings(): Spellings {
  // `ss` prints one name per state: its alias when the table has one, else the canonical name,
  // with `-` between the words.
  const preferred = Object.fromEntries(
    STATES.map((s) => [s, (printedBy(s, 'ss')[0] ?? s).replace(/_/g, '-')]),
  ) as Record<State, string>;
  const list = STATES.map((s) => preferred[s]);
  return { accepted: new Set(list.map(normalizeStateName)), preferred, list };
}

const SPELLINGS: Readonly<Record<Exclude<StateNames, 'any'>, Spellings>> = {
  rfc: rfcSpellings(),
  linux: linuxSpellings(),
};

/** Every spelling written without comment in `mode` (for `any`: every accepted spelling). */
export function acceptedSpellings(mode: StateNames): readonly string[] {
  if (mode === 'any') return [...STATES, ...STATES.flatMap((s) => ALIASES[s].map((a) => a.name))];
  return SPELLINGS[mode].list;
}

/** The spelling of `state` that a fix writes in `mode` (the canonical name for `any` and `rfc`). */
export function preferredSpelling(state: State, mode: StateNames): string {
  return mode === 'any' ? state : SPELLINGS[mode].preferred[state];
}

export interface SpellingIssue {
  readonly span: Span;
  /** The name as written. */
  readonly text: string;
  readonly state: State;
  /** The mode's spelling of `state`. */
  readonly replacement: string;
}

/**
 * The accepted state names of `item` that `mode` does not write without comment, with spans
 * relative to the item. Unknown names are left to `unknown-state`; `any` finds nothing.
 */
export function spellingIssues(item: Item, mode: StateNames): SpellingIssue[] {
  if (mode === 'any') return [];
  const spellings = SPELLINGS[mode];
  const issues: SpellingIssue[] = [];
  for (const ref of stateRefsOf(item.block)) {
    const found = lookupState(ref.text);
    if (!found || spellings.accepted.has(normalizeStateName(ref.text))) continue;
    issues.push({ span: ref.span, text: ref.text, state: found.state, replacement: spellings.preferred[found.state] });
  }
  return issues;
}

/** The issues of every item of a file, with absolute spans. */
export function fileSpellingIssues(file: SourceFile, mode: StateNames): SpellingIssue[] {
  return file.items.flatMap((item) =>
    spellingIssues(item, mode).map((i) => ({ ...i, span: { start: i.span.start + item.start, end: i.span.end + item.start } })));
}

const WHOSE: Readonly<Record<Exclude<StateNames, 'any'>, string>> = {
  rfc: 'RFC 9293',
  linux: 'as ss prints it',
};

/** `state-spelling` diagnostics of `item` (spans relative to the item). */
export function spellingDiagnostics(item: Item, mode: StateNames): Diagnostic[] {
  if (mode === 'any') return [];
  return spellingIssues(item, mode).map((i) =>
    diagnostic(
      'state-spelling',
      i.span,
      `\`${i.text}\` is accepted, but with tcpfsm.stateNames set to ${mode} the name is ${i.replacement} (${WHOSE[mode]}).`,
      { replacement: i.replacement },
    ));
}

// One function per mode, so that setting the same mode again changes nothing.
const CHECKS: Readonly<Record<Exclude<StateNames, 'any'>, (item: Item) => readonly Diagnostic[]>> = {
  rfc: (item) => spellingDiagnostics(item, 'rfc'),
  linux: (item) => spellingDiagnostics(item, 'linux'),
};

/** The per-item check for `mode`, or undefined for `any` (nothing to check). */
export function spellingCheck(mode: StateNames): ((item: Item) => readonly Diagnostic[]) | undefined {
  if (mode === 'any') return undefined;
  return CHECKS[mode];
}
