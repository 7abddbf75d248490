// The TextMate grammar (syntaxes/tcpfsm.tmLanguage.json): it is the one the generator makes from
// the state-machine module, it matches every accepted state spelling as one word, and real lines
// tokenize with the scopes themes rely on (checked with VS Code's own engine, vscode-textmate).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { ALIASES, STATES, allStateSpellings, lookupState } from '../../server/src/tcp/machine';

// scripts/ is a TypeScript project of its own (test/tsconfig.json does not include it), so the
// generator is loaded at run time instead of imported.
import { generateGrammar } from '../../scripts/generate-grammar';

const ROOT = path.join(__dirname, '..', '..');
const GRAMMAR_FILE = path.join(ROOT, 'syntaxes', 'tcpfsm.tmLanguage.json');

// ---------------------------------------------------------------------------------------------
// helpers

let onigLoaded: Promise<void> | undefined;
function loadOniguruma(): Promise<void> {
  onigLoaded ??= oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')));
  return onigLoaded;
}

let grammarLoaded: Promise<vsctm.IGrammar> | undefined;
/** The committed grammar file, loaded by vscode-textmate as VS Code would. */
function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarLoaded ??= (async () => {
    await loadOniguruma();
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) =>
        scopeName === 'source.tcpfsm' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
    });
    const grammar = await registry.loadGrammar('source.tcpfsm');
    assert.ok(grammar, 'the grammar did not load');
    return grammar;
  })();
  return grammarLoaded;
}

/** A token as `[text, scopes]`, the scopes without the root `source.tcpfsm`, space-separated. */
type Token = [string, string];

/** Tokens of each line; blank tokens (between words) are left out. */
async function tokenize(text: string): Promise<Token[][]> {
  const grammar = await loadGrammar();
  let stack = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens
      .map((t): Token => [line.slice(t.startIndex, t.endIndex), t.scopes.slice(1).join(' ')])
      .filter(([s]) => s.trim() !== '');
  });
}

/** Tokens of `line` written inside the body of a block of `kind`. */
async function lineIn(kind: 'scenario' | 'conversation', line: string): Promise<Token[]> {
  const lines = await tokenize(`${kind} "t" {\n${line}\n}`);
  return lines[1];
}

const SC = 'meta.block.scenario.tcpfsm';
const CV = 'meta.block.conversation.tcpfsm';
const STATE = 'support.constant.state.tcpfsm';
const ALIAS = 'support.constant.state.alias.tcpfsm';

/** Every form a spelling may be written in: as listed, lower case, with dashes, mixed. */
function forms(spelling: string): string[] {
  const dashed = spelling.replace(/_/g, '-');
  const mixed = spelling
    .toLowerCase()
    .split('_')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('_');
  return [...new Set([spelling, spelling.toLowerCase(), dashed, dashed.toLowerCase(), mixed])];
}

const grammarJson = generateGrammar() as {
  repository: Record<string, { patterns?: { name?: string; match?: string }[] }>;
};

// ---------------------------------------------------------------------------------------------

describe('grammar file', () => {
  it('is the generator\'s output (run `npm run generate` after changing the machine or the generator)', () => {
    const rel = path.relative(ROOT, GRAMMAR_FILE);
    assert.ok(fs.existsSync(GRAMMAR_FILE), `${rel} is missing: run npm run generate`);
    const text = fs.readFileSync(GRAMMAR_FILE, 'utf8');
    assert.deepEqual(JSON.parse(text), generateGrammar(), `${rel} is stale: run npm run generate`);
    const rendered = `${JSON.stringify(generateGrammar(), null, 2)}\n`;
    assert.equal(text, rendered, `${rel} is not formatted as the generator writes it: run npm run generate`);
  });

  it('is the grammar package.json contributes for the tcpfsm language', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const grammar = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'tcpfsm');
    assert.equal(grammar.scopeName, 'source.tcpfsm');
    assert.equal(path.join(ROOT, grammar.path), GRAMMAR_FILE);
    assert.equal((generateGrammar() as { scopeName: string }).scopeName, 'source.tcpfsm');
  });
});

describe('state names', () => {
  const statePatterns = grammarJson.repository.states.patterns!;
  const canonicalIndex = statePatterns.findIndex((p) => p.name === STATE);
  const aliasIndex = statePatterns.findIndex((p) => p.name === ALIAS);

  it('the state patterns are canonical names first, then aliases', () => {
    assert.deepEqual([canonicalIndex, aliasIndex], [0, 1]);
  });

  it('every canonical name and alias, in every form, is one whole match of the right pattern', async () => {
    await loadOniguruma();
    const scanner = new oniguruma.OnigScanner(statePatterns.map((p) => p.match!));
    const spellings = allStateSpellings();
    assert.equal(spellings.length, STATES.length + STATES.flatMap((s) => ALIASES[s]).length);
    for (const spelling of spellings) {
      const expected = lookupState(spelling)!.alias ? aliasIndex : canonicalIndex;
      for (const form of forms(spelling)) {
        const m = scanner.findNextMatchSync(form, 0);
        assert.ok(m, `${form} is not matched`);
        assert.deepEqual(
          { pattern: m.index, start: m.captureIndices[0].start, end: m.captureIndices[0].end },
          { pattern: expected, start: 0, end: form.length },
          `${form} should be matched whole by the ${expected === aliasIndex ? 'alias' : 'canonical'} pattern`,
        );
      }
    }
  });

  it('every spelling gets the state scope in a scenario step and in an expect line', async () => {
    for (const spelling of allStateSpellings()) {
      const scopeName = lookupState(spelling)!.alias ? ALIAS : STATE;
      for (const form of forms(spelling)) {
        assert.deepEqual(await lineIn('scenario', `  ${form} -> ${form}`), [
          [form, `${SC} ${scopeName}`],
          ['->', `${SC} keyword.operator.arrow.tcpfsm`],
          [form, `${SC} ${scopeName}`],
        ]);
        assert.deepEqual(await lineIn('conversation', `  expect p ${form}, q ${form}`), [
          ['expect', `${CV} meta.peer-states.tcpfsm keyword.other.tcpfsm`],
          ['p', `${CV} meta.peer-states.tcpfsm variable.other.peer.tcpfsm`],
          [form, `${CV} meta.peer-states.tcpfsm ${scopeName}`],
          [',', `${CV} meta.peer-states.tcpfsm punctuation.separator.comma.tcpfsm`],
          ['q', `${CV} meta.peer-states.tcpfsm variable.other.peer.tcpfsm`],
          [form, `${CV} meta.peer-states.tcpfsm ${scopeName}`],
        ]);
      }
    }
  });

  it('CLOSE inside CLOSE_WAIT or CLOSED is not matched on its own', async () => {
    await loadOniguruma();
    const aliasOnly = new oniguruma.OnigScanner([statePatterns[aliasIndex].match!]);
    for (const text of ['CLOSE_WAIT', 'close-wait', 'CLOSED', 'closing', 'Close_Wait']) {
      assert.equal(aliasOnly.findNextMatchSync(text, 0), null, `the alias pattern matches inside ${text}`);
    }
    assert.deepEqual(await lineIn('scenario', '  CLOSE_WAIT -> Close-Wait -> CLOSE -> CLOSED'), [
      ['CLOSE_WAIT', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['Close-Wait', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['CLOSE', `${SC} ${ALIAS}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['CLOSED', `${SC} ${STATE}`],
    ]);
  });

  it('a state name inside a longer word is not matched', async () => {
    await loadOniguruma();
    const scanner = new oniguruma.OnigScanner(statePatterns.map((p) => p.match!));
    for (const text of ['CLOSEDx', 'xCLOSED', 'foo-CLOSED', 'CLOSED-x', 'SYN_SENTS', 'ÉCLOSED', 'CLOSED_', 'FIN_WAIT_12', 'FIN_WAIT']) {
      assert.equal(scanner.findNextMatchSync(text, 0), null, `a state pattern matches inside ${text}`);
    }
    // `->` right after a name does not join it: the lexer reads `CLOSED`, `->`, `SYN_SENT`.
    assert.deepEqual(await lineIn('scenario', 'CLOSED->SYN_SENT'), [
      ['CLOSED', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['SYN_SENT', `${SC} ${STATE}`],
    ]);
  });
});

describe('tokens of real lines', () => {
  const LABEL = `${SC} meta.label.tcpfsm`;
  const EVENT = `${CV} meta.event.tcpfsm`;

  it('a scenario step with a label and a comment', async () => {
    assert.deepEqual(await lineIn('scenario', '  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK  # comment'), [
      ['SYN_SENT', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['ESTABLISHED', `${SC} ${STATE}`],
      [':', `${LABEL} punctuation.separator.colon.tcpfsm`],
      ['recv', `${LABEL} keyword.control.segment.tcpfsm`],
      ['SYN', `${LABEL} constant.language.flag.tcpfsm`],
      ['+', `${LABEL} punctuation.separator.plus.tcpfsm`],
      ['ACK', `${LABEL} constant.language.flag.tcpfsm`],
      ['/', `${LABEL} punctuation.separator.slash.tcpfsm`],
      ['send', `${LABEL} keyword.control.segment.tcpfsm`],
      ['ACK', `${LABEL} constant.language.flag.tcpfsm`],
      ['#', `${LABEL} comment.line.number-sign.tcpfsm punctuation.definition.comment.tcpfsm`],
      [' comment', `${LABEL} comment.line.number-sign.tcpfsm`],
    ]);
  });

  it('a block header with escapes in its name', async () => {
    const [line] = await tokenize('scenario "Active \\"open\\"" {');
    const NAME = `${SC} string.quoted.double.tcpfsm entity.name.section.tcpfsm`;
    assert.deepEqual(line, [
      ['scenario', `${SC} keyword.other.block.tcpfsm`],
      ['"', `${NAME} punctuation.definition.string.begin.tcpfsm`],
      ['Active ', NAME],
      ['\\"', `${NAME} constant.character.escape.tcpfsm`],
      ['open', NAME],
      ['\\"', `${NAME} constant.character.escape.tcpfsm`],
      ['"', `${NAME} punctuation.definition.string.end.tcpfsm`],
      ['{', `${SC} punctuation.section.block.begin.tcpfsm`],
    ]);
  });

  it('a conversation header, `\\\\` and an unknown escape', async () => {
    const [line] = await tokenize('Conversation "a \\\\ b \\q" {');
    const NAME = `${CV} string.quoted.double.tcpfsm entity.name.section.tcpfsm`;
    assert.deepEqual(line, [
      ['Conversation', `${CV} keyword.other.block.tcpfsm`],
      ['"', `${NAME} punctuation.definition.string.begin.tcpfsm`],
      ['a ', NAME],
      ['\\\\', `${NAME} constant.character.escape.tcpfsm`],
      [' b ', NAME],
      ['\\q', `${NAME} invalid.illegal.unknown-escape.tcpfsm`],
      ['"', `${NAME} punctuation.definition.string.end.tcpfsm`],
      ['{', `${CV} punctuation.section.block.begin.tcpfsm`],
    ]);
  });

  it('a conversation event: the peer before `:`, then the event', async () => {
    assert.deepEqual(await lineIn('conversation', '  client: recv FIN'), [
      ['client', `${EVENT} variable.other.peer.tcpfsm`],
      [':', `${EVENT} punctuation.separator.colon.tcpfsm`],
      ['recv', `${EVENT} keyword.control.segment.tcpfsm`],
      ['FIN', `${EVENT} constant.language.flag.tcpfsm`],
    ]);
    assert.deepEqual(await lineIn('conversation', '  bob: lose ACK of FIN   // dropped'), [
      ['bob', `${EVENT} variable.other.peer.tcpfsm`],
      [':', `${EVENT} punctuation.separator.colon.tcpfsm`],
      ['lose', `${EVENT} keyword.control.segment.tcpfsm`],
      ['ACK', `${EVENT} constant.language.flag.tcpfsm`],
      ['of', `${EVENT} keyword.other.of.tcpfsm`],
      ['FIN', `${EVENT} constant.language.flag.tcpfsm`],
      ['//', `${EVENT} comment.line.double-slash.tcpfsm punctuation.definition.comment.tcpfsm`],
      [' dropped', `${EVENT} comment.line.double-slash.tcpfsm`],
    ]);
    assert.deepEqual(await lineIn('conversation', '  alice: send data'), [
      ['alice', `${EVENT} variable.other.peer.tcpfsm`],
      [':', `${EVENT} punctuation.separator.colon.tcpfsm`],
      ['send', `${EVENT} keyword.control.call.tcpfsm`],
      ['data', `${EVENT} keyword.control.call.tcpfsm`],
    ]);
    // A peer may be called like a keyword: followed by `:` it is a peer.
    assert.deepEqual(await lineIn('conversation', '  expect: close'), [
      ['expect', `${EVENT} variable.other.peer.tcpfsm`],
      [':', `${EVENT} punctuation.separator.colon.tcpfsm`],
      ['close', `${EVENT} keyword.control.call.tcpfsm`],
    ]);
  });

  it('expect, start and peers lines', async () => {
    const PS = `${CV} meta.peer-states.tcpfsm`;
    assert.deepEqual(await lineIn('conversation', '  expect client TIME_WAIT, server CLOSED'), [
      ['expect', `${PS} keyword.other.tcpfsm`],
      ['client', `${PS} variable.other.peer.tcpfsm`],
      ['TIME_WAIT', `${PS} ${STATE}`],
      [',', `${PS} punctuation.separator.comma.tcpfsm`],
      ['server', `${PS} variable.other.peer.tcpfsm`],
      ['CLOSED', `${PS} ${STATE}`],
    ]);
    // A peer named like a state is still a peer; an unknown state gets no state scope.
    assert.deepEqual(await lineIn('conversation', '  START closed CLOSE, listen SYN_SEND'), [
      ['START', `${PS} keyword.other.tcpfsm`],
      ['closed', `${PS} variable.other.peer.tcpfsm`],
      ['CLOSE', `${PS} ${ALIAS}`],
      [',', `${PS} punctuation.separator.comma.tcpfsm`],
      ['listen', `${PS} variable.other.peer.tcpfsm`],
      ['SYN_SEND', PS],
    ]);
    const PEERS = `${CV} meta.peers.tcpfsm`;
    assert.deepEqual(await lineIn('conversation', '  peers client, server  # default names'), [
      ['peers', `${PEERS} keyword.other.tcpfsm`],
      ['client', `${PEERS} variable.other.peer.tcpfsm`],
      [',', `${PEERS} punctuation.separator.comma.tcpfsm`],
      ['server', `${PEERS} variable.other.peer.tcpfsm`],
      ['#', `${PEERS} comment.line.number-sign.tcpfsm punctuation.definition.comment.tcpfsm`],
      [' default names', `${PEERS} comment.line.number-sign.tcpfsm`],
    ]);
  });

  it('state names with dashes and in any case', async () => {
    assert.deepEqual(await lineIn('scenario', '  fin-wait-1 -> Time_Wait'), [
      ['fin-wait-1', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['Time_Wait', `${SC} ${STATE}`],
    ]);
  });

  it('label words: user calls, two-word calls, timers, TCB bookkeeping', async () => {
    assert.deepEqual(await lineIn('scenario', '  LISTEN -> CLOSED : close'), [
      ['LISTEN', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['CLOSED', `${SC} ${STATE}`],
      [':', `${LABEL} punctuation.separator.colon.tcpfsm`],
      ['close', `${LABEL} keyword.control.call.tcpfsm`],
    ]);
    assert.deepEqual(await lineIn('scenario', 'CLOSED->LISTEN:Passive  Open/Create TCB,snd SYN'), [
      ['CLOSED', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['LISTEN', `${SC} ${STATE}`],
      [':', `${LABEL} punctuation.separator.colon.tcpfsm`],
      ['Passive', `${LABEL} keyword.control.call.tcpfsm`],
      ['Open', `${LABEL} keyword.control.call.tcpfsm`],
      ['/', `${LABEL} punctuation.separator.slash.tcpfsm`],
      ['Create', `${LABEL} keyword.control.tcb.tcpfsm`],
      ['TCB', `${LABEL} keyword.control.tcb.tcpfsm`],
      [',', `${LABEL} punctuation.separator.comma.tcpfsm`],
      ['snd', `${LABEL} keyword.control.segment.tcpfsm`],
      ['SYN', `${LABEL} constant.language.flag.tcpfsm`],
    ]);
    assert.deepEqual(await lineIn('scenario', '  TIME_WAIT -> CLOSED : timeout 2MSL, delete tcb'), [
      ['TIME_WAIT', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['CLOSED', `${SC} ${STATE}`],
      [':', `${LABEL} punctuation.separator.colon.tcpfsm`],
      ['timeout', `${LABEL} keyword.control.timer.tcpfsm`],
      ['2MSL', `${LABEL} keyword.control.timer.tcpfsm`],
      [',', `${LABEL} punctuation.separator.comma.tcpfsm`],
      ['delete', `${LABEL} keyword.control.tcb.tcpfsm`],
      ['tcb', `${LABEL} keyword.control.tcb.tcpfsm`],
    ]);
    assert.deepEqual(await lineIn('scenario', '  LISTEN -> SYN_SENT : send data / receive SYN,ACK of SYN'), [
      ['LISTEN', `${SC} ${STATE}`],
      ['->', `${SC} keyword.operator.arrow.tcpfsm`],
      ['SYN_SENT', `${SC} ${STATE}`],
      [':', `${LABEL} punctuation.separator.colon.tcpfsm`],
      ['send', `${LABEL} keyword.control.call.tcpfsm`],
      ['data', `${LABEL} keyword.control.call.tcpfsm`],
      ['/', `${LABEL} punctuation.separator.slash.tcpfsm`],
      ['receive', `${LABEL} keyword.control.segment.tcpfsm`],
      ['SYN', `${LABEL} constant.language.flag.tcpfsm`],
      [',', `${LABEL} punctuation.separator.comma.tcpfsm`],
      ['ACK', `${LABEL} constant.language.flag.tcpfsm`],
      ['of', `${LABEL} keyword.other.of.tcpfsm`],
      ['SYN', `${LABEL} constant.language.flag.tcpfsm`],
    ]);
  });

  it('SPEC v2 in a conversation: times, stack lines, send ACK, send data, close, recv old, / delay ACK, crash, shutdown, timers', async () => {
    const STACK = `${CV} meta.stack.tcpfsm`;
    assert.deepEqual(await lineIn('conversation', '  stack client linux, server RFC9293  # per peer'), [
      ['stack', `${STACK} keyword.other.tcpfsm`],
      ['client', `${STACK} variable.other.peer.tcpfsm`],
      ['linux', `${STACK} support.type.stack.tcpfsm`],
      [',', `${STACK} punctuation.separator.comma.tcpfsm`],
      ['server', `${STACK} variable.other.peer.tcpfsm`],
      ['RFC9293', `${STACK} support.type.stack.tcpfsm`],
      ['#', `${STACK} comment.line.number-sign.tcpfsm punctuation.definition.comment.tcpfsm`],
      [' per peer', `${STACK} comment.line.number-sign.tcpfsm`],
    ]);
    assert.deepEqual(await lineIn('conversation', '  0.309 server: recv old SYN / delay ACK'), [
      ['0.309', `${EVENT} constant.numeric.time.tcpfsm`],
      ['server', `${EVENT} variable.other.peer.tcpfsm`],
      [':', `${EVENT} punctuation.separator.colon.tcpfsm`],
      ['recv', `${EVENT} keyword.control.segment.tcpfsm`],
      ['old', `${EVENT} storage.modifier.tcpfsm`],
      ['SYN', `${EVENT} constant.language.flag.tcpfsm`],
      ['/', `${EVENT} punctuation.separator.slash.tcpfsm`],
      ['delay', `${EVENT} storage.modifier.tcpfsm`],
      ['ACK', `${EVENT} constant.language.flag.tcpfsm`],
    ]);
    assert.deepEqual(await lineIn('conversation', '  +0.1 client: send ACK'), [
      ['+0.1', `${EVENT} constant.numeric.time.tcpfsm`],
      ['client', `${EVENT} variable.other.peer.tcpfsm`],
      [':', `${EVENT} punctuation.separator.colon.tcpfsm`],
      ['send', `${EVENT} keyword.control.call.tcpfsm`],
      ['ACK', `${EVENT} constant.language.flag.tcpfsm`],
    ]);
    assert.deepEqual(await lineIn('conversation', '  63 client: send data, close'), [
      ['63', `${EVENT} constant.numeric.time.tcpfsm`],
      ['client', `${EVENT} variable.other.peer.tcpfsm`],
      [':', `${EVENT} punctuation.separator.colon.tcpfsm`],
      ['send', `${EVENT} keyword.control.call.tcpfsm`],
      ['data', `${EVENT} keyword.control.call.tcpfsm`],
      [',', `${EVENT} punctuation.separator.comma.tcpfsm`],
      ['close', `${EVENT} keyword.control.call.tcpfsm`],
    ]);
    for (const call of ['crash', 'shutdown']) {
      assert.deepEqual((await lineIn('conversation', `  a: ${call}`)).at(-1), [call, `${EVENT} keyword.control.call.tcpfsm`]);
    }
    for (const timer of ['2MSL', 'retransmit', 'user', 'keepalive', 'fin-wait-2', 'FIN_WAIT_2']) {
      assert.deepEqual((await lineIn('conversation', `  a: timeout ${timer}`)).slice(2), [
        ['timeout', `${EVENT} keyword.control.timer.tcpfsm`],
        [timer, `${EVENT} keyword.control.timer.tcpfsm`],
      ], timer);
    }
    // A peer called `stack` is a peer; a word after `timeout` that is not a timer is not a timer.
    assert.deepEqual((await lineIn('conversation', '  stack: listen'))[0], ['stack', `${EVENT} variable.other.peer.tcpfsm`]);
    assert.deepEqual((await lineIn('conversation', '  a: timeout forever')).slice(2), [
      ['timeout', `${EVENT} keyword.control.timer.tcpfsm`],
      [' forever', EVENT],
    ]);
  });

  it('SPEC v2 in a scenario: the stack line, the labels `shutdown` and `timeout TIMER`, DATA as a flag', async () => {
    const STACK = `${SC} meta.stack.tcpfsm`;
    assert.deepEqual(await lineIn('scenario', '  stack linux'), [
      ['stack', `${STACK} keyword.other.tcpfsm`],
      ['linux', `${STACK} support.type.stack.tcpfsm`],
    ]);
    assert.deepEqual((await lineIn('scenario', '  ESTABLISHED -> FIN_WAIT_1 : shutdown / send FIN')).slice(3), [
      [':', `${LABEL} punctuation.separator.colon.tcpfsm`],
      ['shutdown', `${LABEL} keyword.control.call.tcpfsm`],
      ['/', `${LABEL} punctuation.separator.slash.tcpfsm`],
      ['send', `${LABEL} keyword.control.segment.tcpfsm`],
      ['FIN', `${LABEL} constant.language.flag.tcpfsm`],
    ]);
    assert.deepEqual((await lineIn('scenario', '  FIN_WAIT_2 -> CLOSED : timeout fin-wait-2')).slice(3), [
      [':', `${LABEL} punctuation.separator.colon.tcpfsm`],
      ['timeout', `${LABEL} keyword.control.timer.tcpfsm`],
      ['fin-wait-2', `${LABEL} keyword.control.timer.tcpfsm`],
    ]);
    assert.deepEqual((await lineIn('scenario', '  ESTABLISHED -> ESTABLISHED : recv DATA / send ACK')).slice(4, 6), [
      ['recv', `${LABEL} keyword.control.segment.tcpfsm`],
      ['DATA', `${LABEL} constant.language.flag.tcpfsm`],
    ]);
  });

  it('a `}` on a step line closes the block; a block without `}` ends at the next block', async () => {
    const lines = await tokenize(
      [
        'scenario "a" {',
        '  LISTEN -> CLOSED : close }',
        'scenario "b" {',
        '  CLOSED -> LISTEN',
        'conversation "c" {',
        '  server: listen',
        '}',
        '# after',
      ].join('\n'),
    );
    assert.deepEqual(lines[1].slice(-2), [
      ['close', `${LABEL} keyword.control.call.tcpfsm`],
      ['}', `${SC} punctuation.section.block.end.tcpfsm`],
    ]);
    assert.deepEqual(lines[4][0], ['conversation', `${CV} keyword.other.block.tcpfsm`]);
    assert.deepEqual(lines[5][0], ['server', `${EVENT} variable.other.peer.tcpfsm`]);
    assert.deepEqual(lines[6], [['}', `${CV} punctuation.section.block.end.tcpfsm`]]);
    assert.deepEqual(lines[7][0], ['#', 'comment.line.number-sign.tcpfsm punctuation.definition.comment.tcpfsm']);
  });

  it('the `{` may sit on the next line', async () => {
    const lines = await tokenize('Scenario "x"\n{\n  CLOSED -> LISTEN : listen\n}');
    assert.deepEqual(lines[1], [['{', `${SC} punctuation.section.block.begin.tcpfsm`]]);
    assert.deepEqual(lines[2][0], ['CLOSED', `${SC} ${STATE}`]);
    assert.deepEqual(lines[2].at(-1), ['listen', `${LABEL} keyword.control.call.tcpfsm`]);
    assert.deepEqual(lines[3], [['}', `${SC} punctuation.section.block.end.tcpfsm`]]);
  });

  /** The .tcpfsm files under `dir` (relative to the root), in every subfolder. */
  const tcpfsmFiles = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? tcpfsmFiles(path.join(dir, e.name)) : e.name.endsWith('.tcpfsm') ? [path.join(dir, e.name)] : []);
  const files = [
    ...tcpfsmFiles('examples').filter((f) => f !== path.join('examples', 'diagnostics.tcpfsm')), // that one is wrong on purpose
    path.join('test', 'fixtures', 'parse', 'conversation-ok.tcpfsm'),
    path.join('test', 'fixtures', 'parse', 'lexical.tcpfsm'),
    path.join('test', 'fixtures', 'hints', 'facts.tcpfsm'),
  ];
  for (const file of files) {
    it(`every token of ${file} is highlighted`, async () => {
      const lines = await tokenize(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      lines.forEach((tokens, i) => {
        for (const [text, scopes] of tokens) {
          const specific = scopes.split(' ').filter((s) => !s.startsWith('meta.'));
          assert.ok(specific.length > 0, `${file}:${i + 1}: \`${text}\` has no scope but ${scopes || 'the root'}`);
        }
      });
    });
  }
});

describe('language configuration', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8'));

  it('a word may hold `-` between word characters, never the arrow', () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));
    assert.deepEqual(words('  FIN-WAIT-1 -> Time_Wait : recv SYN+ACK'), ['FIN-WAIT-1', 'Time_Wait', 'recv', 'SYN', 'ACK']);
    assert.deepEqual(words('CLOSED->SYN_SENT:timeout 2MSL'), ['CLOSED', 'SYN_SENT', 'timeout', '2MSL']);
  });

  it('indents after an opening `{` outside strings and comments', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    assert.ok(increase.test('scenario "Active open" {'));
    assert.ok(increase.test('conversation "a \\" {" {  # comment'));
    assert.ok(!increase.test('scenario "a {"'));
    assert.ok(!increase.test('scenario "a" { }'));
    assert.ok(!increase.test('  CLOSED -> LISTEN  # {'));
    assert.ok(decrease.test('  }'));
  });

  it('comments, brackets and auto-closing pairs', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [['{', '}']]);
    for (const pair of config.autoClosingPairs) assert.deepEqual(pair.notIn, ['string', 'comment']);
  });
});
