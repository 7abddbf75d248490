// The `tcpfsm.stateNames` setting in the core: the spellings each mode accepts, the exact spans
// and replacements of the others, the `state-spelling` diagnostics and their quick fix, and the
// incremental analysis carrying them across edits (the CLI's analysis never has them).

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/service/analyze';
import { IncrementalAnalysis } from '../../server/src/service/incremental';
import { applyEdits, type TextEdit } from '../../server/src/service/edits';
import { quickFixes } from '../../server/src/service/quickfix';
import {
  acceptedSpellings,
  fileSpellingIssues,
  preferredSpelling,
  spellingCheck,
  spellingDiagnostics,
  spellingIssues,
  type StateNames,
} from '../../server/src/service/spelling';
import { parse, parseItem } from '../../server/src/syntax/parser';
import { ALIASES, allStateSpellings, STATES } from '../../server/src/tcp/machine';

/** Offset of the `nth` occurrence of `word` in `text`. */
function offsetOf(text: string, word: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(word, at + 1);
    assert.ok(at >= 0, `no ${word} #${nth}`);
  }
  return at;
}

/** The issues of `text` in `mode` as [written, start, end, replacement]. */
function issues(text: string, mode: StateNames): [string, number, number, string][] {
  return fileSpellingIssues(parse(text), mode).map((i) => [text.slice(i.span.start, i.span.end), i.span.start, i.span.end, i.replacement]);
}

/** The expected entry for the `nth` occurrence of `word`. */
function at(text: string, word: string, replacement: string, nth = 0): [string, number, number, string] {
  const start = offsetOf(text, word, nth);
  return [word, start, start + word.length, replacement];
}

const SCENARIO = [
  'scenario "s" {',
  '  CLOSED -> SYN_SENT -> SYN_RCVD -> ESTAB',
  '  estab -> fin-wait-1 : close',
  '  FIN_WAIT1 -> FIN_WAIT2 : recv ACK of FIN',
  '  FINWAIT_2 -> Time_Wait : recv FIN',
  '  TIME_WAIT -> CLOSE : timeout 2MSL',
  '  CLOSED -> LISTEN -> SYN_RECEIVED -> ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> UNCONN',
  '  SYN_SEND -> Syn-Recv',
  '  FINWAIT_1 -> CLOSING',
  '}',
  '',
].join('\n');

const CONVERSATION = [
  'conversation "c" {',
  '  start client ESTABLISHED, server SYN_RECV',
  '  client: close',
  '  expect client FIN-WAIT-1, server syn_rcvd',
  '  expect client closed, server Estab',
  '}',
  '',
].join('\n');

describe('stateNames: the spellings of each mode', () => {
  it('rfc: the canonical names and the RFC 9293 figure\'s one-word boxes', () => {
    assert.deepEqual(acceptedSpellings('rfc'), [...STATES, 'SYN_RCVD', 'ESTAB', 'FINWAIT_2']);
    for (const state of STATES) assert.equal(preferredSpelling(state, 'rfc'), state);
  });

  it('linux: one name per state, as ss prints it', () => {
    assert.deepEqual(acceptedSpellings('linux'), [
      'UNCONN', 'LISTEN', 'SYN-SENT', 'SYN-RECV', 'ESTAB', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT',
    ]);
    assert.deepEqual(STATES.map((s) => preferredSpelling(s, 'linux')), acceptedSpellings('linux'));
  });

  it('any: every accepted spelling, the fix target being the canonical name', () => {
    assert.deepEqual(acceptedSpellings('any'), allStateSpellings());
    for (const state of STATES) assert.equal(preferredSpelling(state, 'any'), state);
  });

  it('every alias and canonical name, written alone, is accepted silently by `any`', () => {
    const names = [...STATES, ...STATES.flatMap((s) => ALIASES[s].map((a) => a.name))];
    const text = `scenario "all" {\n${names.map((n) => `  ${n} -> CLOSED`).join('\n')}\n}\n`;
    assert.deepEqual(issues(text, 'any'), []);
    assert.equal(spellingCheck('any'), undefined);
    // … while each other mode flags exactly the names outside its set.
    const rfcFlags = issues(text, 'rfc').map((i) => i[0]).filter((n) => n !== 'CLOSED');
    assert.deepEqual(rfcFlags, ['CLOSE', 'UNCONN', 'SYN_RECV', 'FIN_WAIT1', 'FINWAIT_1', 'FIN_WAIT2']);
    const linuxFlags = [...new Set(issues(text, 'linux').map((i) => i[0]))];
    assert.deepEqual(linuxFlags, ['CLOSED', 'SYN_RECEIVED', 'ESTABLISHED', 'CLOSE', 'SYN_RCVD', 'FIN_WAIT1', 'FINWAIT_1', 'FIN_WAIT2', 'FINWAIT_2']);
  });
});

describe('stateNames: spans and replacements in scenarios', () => {
  it('rfc', () => {
    const t = SCENARIO;
    const close = offsetOf(t, 'CLOSE :');
    assert.deepEqual(issues(t, 'rfc'), [
      at(t, 'FIN_WAIT1', 'FIN_WAIT_1'),
      at(t, 'FIN_WAIT2', 'FIN_WAIT_2'),
      ['CLOSE', close, close + 5, 'CLOSED'],
      at(t, 'UNCONN', 'CLOSED'),
      at(t, 'Syn-Recv', 'SYN_RECEIVED'),
      at(t, 'FINWAIT_1', 'FIN_WAIT_1'),
    ]);
  });

  it('linux (case and -/_ do not count: estab, fin-wait-1, Time_Wait, Syn-Recv go without comment)', () => {
    const t = SCENARIO;
    const close = offsetOf(t, 'CLOSE :');
    assert.deepEqual(issues(t, 'linux'), [
      at(t, 'CLOSED', 'UNCONN', 0),
      at(t, 'SYN_RCVD', 'SYN-RECV'),
      at(t, 'FIN_WAIT1', 'FIN-WAIT-1'),
      at(t, 'FIN_WAIT2', 'FIN-WAIT-2'),
      at(t, 'FINWAIT_2', 'FIN-WAIT-2'),
      ['CLOSE', close, close + 5, 'UNCONN'],
      at(t, 'CLOSED', 'UNCONN', 1),
      at(t, 'SYN_RECEIVED', 'SYN-RECV'),
      at(t, 'ESTABLISHED', 'ESTAB'),
      at(t, 'FINWAIT_1', 'FIN-WAIT-1'),
    ]);
  });

  it('never reports a name that is no state (that is unknown-state)', () => {
    for (const mode of ['rfc', 'linux'] as const) {
      assert.ok(!issues(SCENARIO, mode).some((i) => i[0] === 'SYN_SEND'), mode);
    }
  });
});

describe('stateNames: conversation start and expect', () => {
  it('rfc', () => {
    const t = CONVERSATION;
    assert.deepEqual(issues(t, 'rfc'), [at(t, 'SYN_RECV', 'SYN_RECEIVED')]);
  });

  it('linux', () => {
    const t = CONVERSATION;
    assert.deepEqual(issues(t, 'linux'), [
      at(t, 'ESTABLISHED', 'ESTAB'),
      at(t, 'syn_rcvd', 'SYN-RECV'),
      at(t, 'closed', 'UNCONN'),
    ]);
  });

  it('peers and event lines have no state names', () => {
    const t = 'conversation "p" {\n  peers a, b\n  a: listen\n  b: connect\n}\n';
    assert.deepEqual(issues(t, 'linux'), []);
    assert.deepEqual(issues(t, 'rfc'), []);
  });
});

describe('stateNames: item-relative spans', () => {
  it('spellingIssues gives spans relative to the item, fileSpellingIssues absolute ones', () => {
    const text = SCENARIO + CONVERSATION;
    const second = parseItem(text, SCENARIO.length);
    assert.equal(second.block?.kind, 'conversation');
    const rel = spellingIssues(second, 'rfc');
    const start = offsetOf(text, 'SYN_RECV');
    assert.deepEqual(rel, [{ span: { start: start - SCENARIO.length, end: start - SCENARIO.length + 8 }, text: 'SYN_RECV', state: 'SYN_RECEIVED', replacement: 'SYN_RECEIVED' }]);
    assert.deepEqual(issues(text, 'rfc').at(-1), ['SYN_RECV', start, start + 8, 'SYN_RECEIVED']);
  });
});

describe('stateNames: state-spelling diagnostics and the quick fix', () => {
  it('diagnostics: information, the word, a message naming the mode and the spelling', () => {
    const item = parseItem(CONVERSATION, 0);
    const [d] = spellingDiagnostics(item, 'linux');
    const start = offsetOf(CONVERSATION, 'ESTABLISHED');
    assert.deepEqual(d, {
      code: 'state-spelling',
      severity: 'information',
      span: { start, end: start + 11 },
      message: '`ESTABLISHED` is accepted, but with tcpfsm.stateNames set to linux the name is ESTAB (as ss prints it).',
      replacement: 'ESTAB',
    });
    const [r] = spellingDiagnostics(item, 'rfc');
    assert.equal(r.message, '`SYN_RECV` is accepted, but with tcpfsm.stateNames set to rfc the name is SYN_RECEIVED (RFC 9293).');
    assert.deepEqual(spellingDiagnostics(item, 'any'), []);
  });

  for (const mode of ['rfc', 'linux'] as const) {
    it(`${mode}: each "Change to X" is preferred and applying them all leaves no state-spelling`, () => {
      const text = SCENARIO + CONVERSATION;
      const analysis = new IncrementalAnalysis(text, spellingCheck(mode));
      const spelled = analysis.diagnostics().filter((d) => d.code === 'state-spelling');
      assert.deepEqual(spelled.map((d) => [text.slice(d.span.start, d.span.end), d.replacement]), issues(text, mode).map((i) => [i[0], i[3]]));
      const edits: TextEdit[] = [];
      for (const d of spelled) {
        const fixes = quickFixes(analysis.diagnostics(), d.span, analysis).filter((f) => f.diagnostic === d);
        assert.deepEqual(fixes.map((f) => [f.title, f.preferred, f.edits]), [[`Change to ${d.replacement}`, true, [{ span: d.span, newText: d.replacement }]]]);
        edits.push(...fixes[0].edits);
      }
      const fixed = applyEdits(text, edits);
      assert.deepEqual(issues(fixed, mode), []);
      // The checker's own diagnostics are unchanged by the renames.
      assert.deepEqual(analyze(fixed).diagnostics.map((d) => d.code), analyze(text).diagnostics.map((d) => d.code));
    });
  }

  it('the fix needs no tree (offered without a context)', () => {
    const analysis = new IncrementalAnalysis(CONVERSATION, spellingCheck('rfc'));
    const d = analysis.diagnostics().find((x) => x.code === 'state-spelling')!;
    assert.deepEqual(quickFixes(analysis.diagnostics(), d.span).map((f) => f.title), ['Change to SYN_RECEIVED']);
  });
});

describe('stateNames: the incremental analysis', () => {
  it('merges state-spelling into the item\'s diagnostics in text order, and drops it for any', () => {
    const text = 'scenario "s" {\n  CLOSED -> ESTABLISHED\n  ESTAB -> FIN_WAIT1 : close\n}\n';
    const analysis = new IncrementalAnalysis(text);
    const plain = analysis.diagnostics().map((d) => d.code);
    assert.deepEqual(plain, ['illegal-transition']);
    analysis.setExtraCheck(spellingCheck('linux'));
    assert.deepEqual(analysis.diagnostics().map((d) => `${d.code}:${text.slice(d.span.start, d.span.end)}`), [
      'state-spelling:CLOSED', 'illegal-transition:ESTABLISHED', 'state-spelling:ESTABLISHED', 'state-spelling:FIN_WAIT1',
    ]);
    analysis.setExtraCheck(spellingCheck('any'));
    assert.deepEqual(analysis.diagnostics().map((d) => d.code), plain);
  });

  it('keeps them right across edits (items re-checked or reused, shifted)', () => {
    const before = SCENARIO + CONVERSATION;
    const analysis = new IncrementalAnalysis(before, spellingCheck('linux'));
    const insert = '# a comment\n';
    const after = insert + before;
    analysis.update(after, 0, before.length);
    assert.deepEqual(
      analysis.diagnostics().filter((d) => d.code === 'state-spelling').map((d) => [after.slice(d.span.start, d.span.end), d.span.start, d.replacement]),
      issues(after, 'linux').map((i) => [i[0], i[1], i[3]]),
    );
    assert.equal(analysis.lastUpdate.reused > 0, true);
  });

  it('the CLI\'s analysis never reports state-spelling', () => {
    assert.ok(!analyze(SCENARIO + CONVERSATION).diagnostics.some((d) => d.code === 'state-spelling'));
  });
});
