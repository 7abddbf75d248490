// Semantic tokens in the core: the legend, and each word's type and modifiers for a scenario and a
// conversation, decoded from the LSP encoding; range filtering; nothing outside blocks.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTokens, encodeTokens, STATE_CLASS, TOKEN_MODIFIERS, TOKEN_TYPES, tokensOf } from '../../server/src/service/tokens';
import { parse } from '../../server/src/syntax/parser';
import { LineIndex } from '../../server/src/syntax/lines';
import { STATES } from '../../server/src/tcp/machine';

const TOKENS_TEXT = [
  'scenario "Open" {',                                           // 0
  '  CLOSED -> SYN_SENT : connect / send SYN',                   // 1
  '  SYN_SENT -> ESTAB -> FIN-WAIT1 -> Time_Wait  # chain',      // 2
  '  SYN_SENT -> SYN_SEND : recv SYN+ACK of SYN, timeout 2MSL',  // 3: SYN_SEND is unknown
  '}',                                                           // 4
  'conversation "Close" {',                                      // 5
  '  peers a, b',                                                // 6
  '  start a ESTABLISHED, b CLOSE_WAIT',                         // 7
  '  a: close',                                                  // 8
  '  b: recv FIN,ACK',                                           // 9
  '  b: send data',                                              // 10
  '  expect a FIN_WAIT_1, b LAST_ACK',                           // 11
  '}',                                                           // 12
].join('\n');

/** [line, char, length, type, modifiers] of each token, as a client decodes them. */
const TOKENS_EXPECTED: [number, number, number, string, string][] = [
  [0, 0, 8, 'keyword', ''],
  [0, 9, 6, 'string', ''],
  [1, 2, 6, 'enumMember', 'terminal'],
  [1, 12, 8, 'enumMember', 'opening'],
  [1, 23, 7, 'function', ''],
  [1, 33, 4, 'function', ''],
  [1, 38, 3, 'macro', ''],
  [2, 2, 8, 'enumMember', 'opening'],
  [2, 14, 5, 'enumMember', 'synchronized alias'],
  [2, 23, 9, 'enumMember', 'closing alias'],
  [2, 36, 9, 'enumMember', 'closing'],
  [3, 2, 8, 'enumMember', 'opening'],
  [3, 25, 4, 'function', ''],
  [3, 30, 3, 'macro', ''],
  [3, 34, 3, 'macro', ''],
  [3, 38, 2, 'keyword', ''],
  [3, 41, 3, 'macro', ''],
  [3, 46, 7, 'function', ''],
  [3, 54, 4, 'parameter', ''],
  [5, 0, 12, 'keyword', ''],
  [5, 13, 7, 'string', ''],
  [6, 2, 5, 'keyword', ''],
  [6, 8, 1, 'variable', 'declaration'],
  [6, 11, 1, 'variable', 'declaration'],
  [7, 2, 5, 'keyword', ''],
  [7, 8, 1, 'variable', ''],
  [7, 10, 11, 'enumMember', 'synchronized'],
  [7, 23, 1, 'variable', ''],
  [7, 25, 10, 'enumMember', 'closing'],
  [8, 2, 1, 'variable', ''],
  [8, 5, 5, 'function', ''],
  [9, 2, 1, 'variable', ''],
  [9, 5, 4, 'function', ''],
  [9, 10, 3, 'macro', ''],
  [9, 14, 3, 'macro', ''],
  [10, 2, 1, 'variable', ''],
  [10, 5, 4, 'function', ''],
  [10, 10, 4, 'function', ''],
  [11, 2, 6, 'keyword', ''],
  [11, 9, 1, 'variable', ''],
  [11, 11, 10, 'enumMember', 'closing'],
  [11, 23, 1, 'variable', ''],
  [11, 25, 8, 'enumMember', 'closing'],
];

function decoded(text: string, range?: { start: number; end: number }) {
  const lines = new LineIndex(text);
  const data = encodeTokens(tokensOf(text, parse(text).items, range), (o) => lines.positionAt(o));
  return decodeTokens(data).map((t) => [t.line, t.char, t.length, t.type, t.modifiers.join(' ')]);
}

describe('semantic tokens', () => {
  it('has a legend of standard types and the state classes as modifiers', () => {
    assert.deepEqual([...TOKEN_TYPES], ['keyword', 'string', 'enumMember', 'function', 'macro', 'variable', 'number', 'type', 'modifier', 'parameter']);
    assert.deepEqual([...TOKEN_MODIFIERS], ['declaration', 'opening', 'synchronized', 'closing', 'terminal', 'alias']);
  });

  it('classes every state', () => {
    const byClass: Record<string, string[]> = {};
    for (const s of STATES) (byClass[STATE_CLASS[s]] ??= []).push(s);
    assert.deepEqual(byClass, {
      terminal: ['CLOSED'],
      opening: ['LISTEN', 'SYN_SENT', 'SYN_RECEIVED'],
      synchronized: ['ESTABLISHED'],
      closing: ['FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'],
    });
  });

  it('tokenizes a scenario and a conversation word by word (unknown states and comments are left out)', () => {
    assert.deepEqual(decoded(TOKENS_TEXT), TOKENS_EXPECTED);
  });

  it('stacks, times, `old`, `delay ACK`, timer words, crash and shutdown', () => {
    const text = [
      'scenario "L" {',                                 // 0
      '  stack linux',                                  // 1
      '  FIN_WAIT_2 -> CLOSED : timeout fin-wait-2',    // 2
      '}',                                              // 3
      'conversation "V" {',                             // 4
      '  stack a linux, b rfc9293',                     // 5
      '  0.309 a: recv old SYN',                        // 6
      '  +0.1 b: recv FIN / delay ACK',                 // 7
      '  a: timeout keepalive',                         // 8
      '  b: crash',                                     // 9
      '  a: shutdown',                                  // 10
      '  b: send data, close',                          // 11
      '}',
    ].join('\n');
    assert.deepEqual(decoded(text).filter(([line]) => line !== 0 && line !== 4), [
      [1, 2, 5, 'keyword', ''],
      [1, 8, 5, 'type', ''],
      [2, 2, 10, 'enumMember', 'closing'],
      [2, 16, 6, 'enumMember', 'terminal'],
      [2, 25, 7, 'function', ''],
      [2, 33, 10, 'parameter', ''],
      [5, 2, 5, 'keyword', ''],
      [5, 8, 1, 'variable', ''],
      [5, 10, 5, 'type', ''],
      [5, 17, 1, 'variable', ''],
      [5, 19, 7, 'type', ''],
      [6, 2, 5, 'number', ''],
      [6, 8, 1, 'variable', ''],
      [6, 11, 4, 'function', ''],
      [6, 16, 3, 'modifier', ''],
      [6, 20, 3, 'macro', ''],
      [7, 2, 4, 'number', ''],
      [7, 7, 1, 'variable', ''],
      [7, 10, 4, 'function', ''],
      [7, 15, 3, 'macro', ''],
      [7, 21, 5, 'modifier', ''],
      [7, 27, 3, 'macro', ''],
      [8, 2, 1, 'variable', ''],
      [8, 5, 7, 'function', ''],
      [8, 13, 9, 'parameter', ''],
      [9, 2, 1, 'variable', ''],
      [9, 5, 5, 'function', ''],
      [10, 2, 1, 'variable', ''],
      [10, 5, 8, 'function', ''],
      [11, 2, 1, 'variable', ''],
      [11, 5, 4, 'function', ''],
      [11, 10, 4, 'function', ''],
      [11, 16, 5, 'function', ''],
    ]);
  });

  it('encodes relative positions: line deltas, and start deltas on the same line', () => {
    const text = 'scenario "x" {\n  CLOSED -> LISTEN\n}';
    const lines = new LineIndex(text);
    assert.deepEqual(encodeTokens(tokensOf(text, parse(text).items), (o) => lines.positionAt(o)), [
      0, 0, 8, 0, 0,
      0, 9, 3, 1, 0,
      1, 2, 6, 2, 1 << 4,
      0, 10, 6, 2, 1 << 1,
    ]);
  });

  it('counts UTF-16 code units', () => {
    const text = 'scenario "é🙂" { CLOSED -> LISTEN }';
    assert.deepEqual(decoded(text), [
      [0, 0, 8, 'keyword', ''],
      [0, 9, 5, 'string', ''],
      [0, 17, 6, 'enumMember', 'terminal'],
      [0, 27, 6, 'enumMember', 'opening'],
    ]);
  });

  it('gives only the tokens in a range', () => {
    const lines = new LineIndex(TOKENS_TEXT);
    const start = lines.offsetAt({ line: 8, character: 0 });
    const end = lines.offsetAt({ line: 9, character: 7 });
    assert.deepEqual(decoded(TOKENS_TEXT, { start, end }), TOKENS_EXPECTED.filter(([l, c]) => l === 8 || (l === 9 && c < 7)));
  });

  it('tokenizes nothing outside blocks and survives half-typed text', () => {
    assert.deepEqual(decoded('CLOSED -> LISTEN\n# comment\n'), []);
    assert.deepEqual(decoded('scenario "x" {\n  CLOSED -> \n  b: recv SYN+\n'), [
      [0, 0, 8, 'keyword', ''],
      [0, 9, 3, 'string', ''],
    ]);
  });
});
