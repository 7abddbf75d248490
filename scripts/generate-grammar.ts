// Builds the TextMate grammar for `.tcpfsm` files from the state-machine module, so that the
// highlighted state names, aliases, flags and user calls are exactly the ones the checker accepts.
//
//   npx tsx scripts/generate-grammar.ts      (or `npm run generate`)
//
// writes syntaxes/tcpfsm.tmLanguage.json; test/unit/grammar.test.ts fails when that file is stale.
//
// The grammar follows the lexer (server/src/syntax/lexer.ts) and the parser:
// - a word is a run of word characters (ASCII letters, digits, `_`, and any non-ASCII character
//   that is not a space), where a `-` joins two word characters (`FIN-WAIT-1` is one word, `->`
//   is never part of one); keywords, flags and states match whole words only;
// - keywords, flags and state names are case-insensitive; in state names `-` and `_` are the
//   same character;
// - what a word means depends on where it stands: in a scenario, states before the `:` and label
//   words after it (so `LISTEN -> CLOSED : close` has two states and one call); in a conversation,
//   a peer name and `:` start an event line (after an optional time, `0.309` or `+0.1`), and
//   `peers` / `start` / `expect` lines pair peer names with states; `stack` lines name stacks.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALIASES, FLAGS, STACKS, STATES, TIMERS, USER_CALLS, formatCall, formatTimer } from '../server/src/tcp/machine';

const SCOPE = 'tcpfsm';

/** One word character of the lexer (`isWordChar`): ASCII word characters and non-space non-ASCII. */
const W =
  '[0-9A-Za-z_\\x{80}-\\x{9F}\\x{A1}-\\x{1FFF}\\x{200C}-\\x{2027}\\x{202A}-\\x{2FFF}\\x{3001}-\\x{FEFE}\\x{FF00}-\\x{10FFFF}]';
/** Not in the middle of a word: no word character before, nor a `-` joined to one. */
const BEFORE = `(?<!${W})(?<!${W}-)`;
/** Not followed by more of the same word: no word character after, nor a `-` joining one. */
const AFTER = `(?!-?${W})`;
/** A whole word of the lexer. */
const WORD = `${W}+(?:-${W}+)*`;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Case-insensitive whole-word alternation of single words, longest first. */
function words(list: readonly string[]): string {
  const alternatives = [...new Set(list.map((w) => w.toLowerCase()))]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map(escapeRegex);
  return `(?i)${BEFORE}(?:${alternatives.join('|')})${AFTER}`;
}

/** A state spelling as a regex: case-insensitive (via the caller's `(?i)`), `-` and `_` alike. */
function stateSpelling(name: string): string {
  return name
    .split(/[-_]/)
    .map(escapeRegex)
    .join('[-_]');
}

/** Whole-word alternation of state spellings, longest first so that no spelling is cut short. */
function stateWords(list: readonly string[]): string {
  const sorted = [...new Set(list.map((s) => s.toUpperCase().replace(/-/g, '_')))].sort(
    (a, b) => b.length - a.length || a.localeCompare(b),
  );
  return `(?i)${BEFORE}(?:${sorted.map(stateSpelling).join('|')})${AFTER}`;
}

const scope = (name: string) => `${name}.${SCOPE}`;

/**
 * Phrases of several words such as `passive open` or `send data` (`first` is a list of
 * alternatives, the other words are fixed): each word scoped, the blanks between them not.
 */
function phrase(first: readonly string[], rest: readonly string[], name: string): object {
  const groups = [first.map(escapeRegex).join('|'), ...rest.map(escapeRegex)].map((g) => `(${g})`);
  const captures: Record<string, { name: string }> = {};
  groups.forEach((_, i) => (captures[String(i + 1)] = { name: scope(name) }));
  return { match: `(?i)${BEFORE}${groups.join('\\s+')}${AFTER}`, captures };
}

/** Events of a conversation that are not user calls of the table: the host loses the connection. */
const HOST_EVENTS = ['crash'];

export function generateGrammar(): object {
  const canonical = [...STATES];
  // Timer words as the parser reads them: `fin-wait-2` also as `fin_wait_2`, any case.
  const timerWords = TIMERS.map(formatTimer).map((t) => t.split('-').map(escapeRegex).join('[-_]'));
  const timeoutPhrase = {
    match: `(?i)${BEFORE}(timeout)(?:\\s+(${timerWords.join('|')}))?${AFTER}`,
    captures: { '1': { name: scope('keyword.control.timer') }, '2': { name: scope('keyword.control.timer') } },
  };
  const stackLine = (withPeers: boolean) => ({
    name: scope('meta.stack'),
    begin: `^\\s*(?i)(stack)${AFTER}(?!\\s*:)`,
    beginCaptures: { '1': { name: scope('keyword.other') } },
    end: '$|(?=\\})',
    patterns: [
      { include: '#comments' },
      { name: scope('support.type.stack'), match: words(STACKS) },
      { name: scope('punctuation.separator.comma'), match: ',' },
      ...(withPeers ? [{ name: scope('variable.other.peer'), match: WORD }] : []),
    ],
  });
  const aliases = STATES.flatMap((s) => ALIASES[s].map((a) => a.name));
  const calls = USER_CALLS.map(formatCall);
  const singleWordCalls = calls.filter((c) => !/\s/.test(c));
  // `send data`: before the segment verb `send`, so that it wins at the same position.
  const multiWordCalls = calls
    .filter((c) => /\s/.test(c))
    .map((c) => {
      const [first, ...rest] = c.split(/\s+/);
      return phrase([first], rest, 'keyword.control.call');
    });

  // A new block at the start of a line closes a block whose `}` is missing (as in the parser:
  // the keyword followed by its name or its `{`).
  const newBlockAhead = `(?=^\\s*(?i:scenario|conversation)${AFTER}\\s*["{])`;
  const lineEnd = '$|(?=\\})';

  const block = (kind: 'scenario' | 'conversation', body: string) => ({
    name: scope(`meta.block.${kind}`),
    begin: `(?i)${BEFORE}(${kind})${AFTER}`,
    beginCaptures: { '1': { name: scope('keyword.other.block') } },
    end: `(?<=\\})|${newBlockAhead}`,
    patterns: [
      { include: '#comments' },
      { include: '#block-name' },
      {
        // The body starts at its `{` or, when the `{` is missing, where the parser takes it to
        // start: at the next line that holds something other than a `{` or a comment.
        begin: '(\\{)|^(?!\\s*(?:\\{|$|#|//))',
        beginCaptures: { '1': { name: scope('punctuation.section.block.begin') } },
        end: `(\\})|${newBlockAhead}`,
        endCaptures: { '1': { name: scope('punctuation.section.block.end') } },
        patterns: [{ include: body }],
      },
    ],
  });

  return {
    information_for_contributors: [
      'Generated by scripts/generate-grammar.ts from server/src/tcp/machine.ts; do not edit by hand. Run `npm run generate`.',
    ],
    name: 'TCP State Machine',
    scopeName: `source.${SCOPE}`,
    fileTypes: ['tcpfsm'],
    patterns: [{ include: '#comments' }, { include: '#scenario' }, { include: '#conversation' }],
    repository: {
      comments: {
        patterns: [
          {
            name: scope('comment.line.number-sign'),
            match: '(#).*$',
            captures: { '1': { name: scope('punctuation.definition.comment') } },
          },
          {
            name: scope('comment.line.double-slash'),
            match: '(//).*$',
            captures: { '1': { name: scope('punctuation.definition.comment') } },
          },
        ],
      },
      string: {
        name: scope('string.quoted.double'),
        begin: '"',
        beginCaptures: { '0': { name: scope('punctuation.definition.string.begin') } },
        end: '(")|$',
        endCaptures: { '1': { name: scope('punctuation.definition.string.end') } },
        patterns: [{ include: '#string-escapes' }],
      },
      'string-escapes': {
        patterns: [
          { name: scope('constant.character.escape'), match: '\\\\["\\\\]' },
          { name: scope('invalid.illegal.unknown-escape'), match: '\\\\.?' },
        ],
      },
      // The name of a scenario or conversation: a string that names the block.
      'block-name': {
        name: `${scope('string.quoted.double')} ${scope('entity.name.section')}`,
        begin: '"',
        beginCaptures: { '0': { name: scope('punctuation.definition.string.begin') } },
        end: '(")|$',
        endCaptures: { '1': { name: scope('punctuation.definition.string.end') } },
        patterns: [{ include: '#string-escapes' }],
      },
      scenario: block('scenario', '#scenario-body'),
      conversation: block('conversation', '#conversation-body'),

      // ---------------------------------------------------------------------------------------
      // scenario: STATE -> STATE [-> STATE ...] [: label]
      'scenario-body': {
        patterns: [
          { include: '#comments' },
          { include: '#string' },
          stackLine(false),
          {
            name: scope('meta.label'),
            begin: ':',
            beginCaptures: { '0': { name: scope('punctuation.separator.colon') } },
            end: lineEnd,
            patterns: [{ include: '#comments' }, { include: '#string' }, { include: '#label-part' }],
          },
          { include: '#arrow' },
          { include: '#states' },
        ],
      },
      'label-part': {
        patterns: [
          phrase(['passive', 'active'], ['open'], 'keyword.control.call'),
          phrase(['create', 'delete'], ['TCB'], 'keyword.control.tcb'),
          ...multiWordCalls,
          { name: scope('keyword.control.call'), match: words(singleWordCalls) },
          { name: scope('keyword.control.segment'), match: words(['send', 'snd', 'recv', 'rcv', 'receive']) },
          { include: '#segment' },
          { include: '#timer' },
          { include: '#label-separators' },
        ],
      },

      // ---------------------------------------------------------------------------------------
      // conversation: [peers A, B] [start A STATE, B STATE] { PEER: event | expect A STATE, ... }
      'conversation-body': {
        patterns: [
          { include: '#comments' },
          { include: '#string' },
          {
            name: scope('meta.event'),
            begin: `^\\s*(?:(\\+?\\s*[0-9]+(?:\\.[0-9]+)?)\\s+)?(${WORD})\\s*(:)`,
            beginCaptures: {
              '1': { name: scope('constant.numeric.time') },
              '2': { name: scope('variable.other.peer') },
              '3': { name: scope('punctuation.separator.colon') },
            },
            end: lineEnd,
            patterns: [{ include: '#comments' }, { include: '#string' }, { include: '#event' }],
          },
          stackLine(true),
          {
            name: scope('meta.peers'),
            begin: `^\\s*(?i)(peers)${AFTER}`,
            beginCaptures: { '1': { name: scope('keyword.other') } },
            end: lineEnd,
            patterns: [
              { include: '#comments' },
              { include: '#string' },
              { name: scope('punctuation.separator.comma'), match: ',' },
              { name: scope('variable.other.peer'), match: WORD },
            ],
          },
          {
            name: scope('meta.peer-states'),
            begin: `^\\s*(?i)(start|expect)${AFTER}`,
            beginCaptures: { '1': { name: scope('keyword.other') } },
            end: lineEnd,
            patterns: [
              { include: '#comments' },
              { include: '#string' },
              { name: scope('punctuation.separator.comma'), match: ',' },
              {
                match: `(${WORD})(?:\\s+(${WORD}))?`,
                captures: {
                  '1': { name: scope('variable.other.peer') },
                  '2': { patterns: [{ include: '#states' }] },
                },
              },
            ],
          },
        ],
      },
      event: {
        patterns: [
          // `send ACK`: a pure ACK; before `send data` and the calls so that `send` is taken with it.
          {
            match: `(?i)${BEFORE}(send)\\s+(ack)${AFTER}`,
            captures: { '1': { name: scope('keyword.control.call') }, '2': { name: scope('constant.language.flag') } },
          },
          ...multiWordCalls,
          { name: scope('keyword.control.call'), match: words([...singleWordCalls, ...HOST_EVENTS]) },
          { name: scope('keyword.control.segment'), match: words(['recv', 'lose']) },
          // `recv old SEG`, `recv SEG / delay ACK`
          { name: scope('storage.modifier'), match: words(['old', 'delay']) },
          { name: scope('punctuation.separator.slash'), match: '/' },
          { include: '#segment' },
          { include: '#timer' },
        ],
      },

      // ---------------------------------------------------------------------------------------
      // shared pieces
      segment: {
        patterns: [
          { name: scope('constant.language.flag'), match: words(FLAGS) },
          { name: scope('keyword.other.of'), match: words(['of']) },
          { name: scope('punctuation.separator.plus'), match: '\\+' },
          { name: scope('punctuation.separator.comma'), match: ',' },
        ],
      },
      timer: {
        patterns: [timeoutPhrase],
      },
      'label-separators': {
        patterns: [
          { name: scope('punctuation.separator.slash'), match: '/' },
          { name: scope('punctuation.separator.comma'), match: ',' },
        ],
      },
      arrow: {
        patterns: [{ name: scope('keyword.operator.arrow'), match: '->' }],
      },
      // Canonical names before aliases; within each, longest first (CLOSE_WAIT, CLOSED before CLOSE).
      states: {
        patterns: [
          { name: scope('support.constant.state'), match: stateWords(canonical) },
          { name: scope('support.constant.state.alias'), match: stateWords(aliases) },
        ],
      },
    },
  };
}

export const GRAMMAR_FILE = path.join(__dirname, '..', 'syntaxes', 'tcpfsm.tmLanguage.json');

/** The grammar file's exact contents: 2-space JSON with a trailing newline. */
export function renderGrammar(): string {
  return `${JSON.stringify(generateGrammar(), null, 2)}\n`;
}

if (require.main === module) {
  const text = renderGrammar();
  fs.mkdirSync(path.dirname(GRAMMAR_FILE), { recursive: true });
  fs.writeFileSync(GRAMMAR_FILE, text);
  const rel = path.relative(process.cwd(), GRAMMAR_FILE) || GRAMMAR_FILE;
  console.log(`wrote ${rel} (${text.length} bytes, ${STATES.length} states, ${STATES.flatMap((s) => ALIASES[s]).length} aliases)`);
}
