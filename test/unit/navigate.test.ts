// Navigation in the core: the outline, folding, selection ranges, highlights of a state within
// its block, and conversation peers (definition, references, rename) — exact spans, and no
// request ever throws.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/service/analyze';
import { itemAt } from '../../server/src/service/locate';
import {
  documentHighlights,
  documentSymbols,
  foldingRanges,
  type OutlineSymbol,
  peerDefinition,
  peerReferences,
  prepareRename,
  renamePeer,
  selectionChain,
} from '../../server/src/service/navigate';
import { applyEdits, type TextEdit } from '../../server/src/service/edits';
import { LineIndex } from '../../server/src/syntax/lines';
import { parse } from '../../server/src/syntax/parser';
import type { Span } from '../../server/src/syntax/tree';

/** `line:col-line:col` (0-based) of a span. */
function at(text: string, span: Span): string {
  const lines = new LineIndex(text);
  const a = lines.positionAt(span.start);
  const b = lines.positionAt(span.end);
  return `${a.line}:${a.character}-${b.line}:${b.character}`;
}

/** Offset of the `nth` occurrence of `needle`, plus `into`. */
function offsetOf(text: string, needle: string, nth = 0, into = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${JSON.stringify(needle)} #${nth} is not in the text`);
  }
  return i + into;
}

function item(text: string, offset: number) {
  return itemAt(parse(text), offset);
}

function apply(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].span.end <= sorted[i - 1].span.start, 'edits overlap');
  return applyEdits(text, edits);
}

const TWO_BLOCKS = [
  '# Two ways to open', //                              0
  '# (the outline shows both)', //                      1
  'scenario "Active open" {', //                        2
  '  CLOSED   -> SYN_SENT    : connect / send SYN', //  3
  '  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK', // 4
  '  ESTAB -> FIN_WAIT_1 -> FIN_WAIT_2', //             5
  '}', //                                               6
  '', //                                                7
  'conversation "Handshake" {', //                      8
  '  peers alice, bob', //                              9
  '  bob: listen', //                                  10
  '  alice: connect', //                               11
  '  expect alice SYN_SENT, bob LISTEN', //            12
  '}', //                                              13
  '',
].join('\n');

describe('document symbols', () => {
  it('gives one symbol per block, its steps or events as children, with exact ranges', () => {
    const text = TWO_BLOCKS;
    const view = (s: OutlineSymbol): unknown => ({
      name: s.name,
      detail: s.detail,
      kind: s.kind,
      range: at(text, s.span),
      selection: at(text, s.selection),
      ...(s.children ? { children: s.children.map(view) } : {}),
    });
    assert.deepEqual(documentSymbols(text, parse(text).items).map(view), [
      {
        name: 'Active open', detail: 'scenario · 3 steps', kind: 'scenario', range: '2:0-6:1', selection: '2:9-2:22',
        children: [
          { name: 'CLOSED -> SYN_SENT', detail: 'connect / send SYN', kind: 'step', range: '3:2-3:46', selection: '3:2-3:22' },
          { name: 'SYN_SENT -> ESTABLISHED', detail: 'recv SYN+ACK / send ACK', kind: 'step', range: '4:2-4:51', selection: '4:2-4:25' },
          { name: 'ESTAB -> FIN_WAIT_1 -> FIN_WAIT_2', detail: undefined, kind: 'step', range: '5:2-5:35', selection: '5:2-5:35' },
        ],
      },
      {
        name: 'Handshake', detail: 'conversation · alice, bob', kind: 'conversation', range: '8:0-13:1', selection: '8:13-8:24',
        children: [
          { name: 'bob: listen', detail: undefined, kind: 'event', range: '10:2-10:13', selection: '10:2-10:13' },
          { name: 'alice: connect', detail: undefined, kind: 'event', range: '11:2-11:16', selection: '11:2-11:16' },
          { name: 'expect alice SYN_SENT, bob LISTEN', detail: undefined, kind: 'event', range: '12:2-12:35', selection: '12:2-12:35' },
        ],
      },
    ]);
  });

  it('names an unnamed block by its keyword, defaults the peers, counts one step', () => {
    const text = 'scenario {\n  CLOSED -> LISTEN\n}\nconversation {\n  client:   connect\n}\n';
    const symbols = documentSymbols(text, parse(text).items);
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, at(text, s.selection)]), [
      ['scenario', 'scenario · 1 step', '0:0-0:8'],
      ['conversation', 'conversation · client, server', '3:0-3:12'],
    ]);
    assert.equal(symbols[1].children?.[0].name, 'client: connect');
  });
});

describe('folding ranges', () => {
  it('folds multi-line blocks (keeping a `}` on its own line visible) and comment runs', () => {
    const text = [
      '# one', //                        0
      '# two', //                        1
      '// three', //                     2
      'scenario "a" {', //               3
      '  # lone comment', //             4
      '  CLOSED -> LISTEN', //           5
      '  # a run', //                    6
      '  # inside', //                   7
      '}', //                            8
      'scenario "b" { CLOSED -> LISTEN }', // 9
      'scenario "c" {', //               10
      '  CLOSED -> LISTEN }', //         11
      '# last', //                       12
      '  # lines', //                    13
    ].join('\r\n');
    const items = parse(text).items;
    assert.deepEqual(foldingRanges(text, items, new LineIndex(text)), [
      { startLine: 0, endLine: 2, kind: 'comment' },
      { startLine: 3, endLine: 7 },
      { startLine: 6, endLine: 7, kind: 'comment' },
      { startLine: 10, endLine: 11 },
      { startLine: 12, endLine: 13, kind: 'comment' },
    ]);
  });
});

describe('selection ranges', () => {
  it('grows from a word to its step, the block body, the block and the file', () => {
    const text = TWO_BLOCKS;
    const offset = offsetOf(text, 'SYN+ACK', 0, 1);
    const chain = selectionChain(text, item(text, offset), offset);
    assert.deepEqual(chain.map((s) => at(text, s)), ['4:33-4:36', '4:2-4:51', '3:2-5:35', '2:0-6:1', '0:0-14:0']);
    assert.equal(text.slice(chain[0].start, chain[0].end), 'SYN');
  });

  it('on a peer, a block name and between blocks', () => {
    const text = TWO_BLOCKS;
    const peer = offsetOf(text, 'alice: connect', 0, 2);
    assert.deepEqual(selectionChain(text, item(text, peer), peer).map((s) => at(text, s)),
      ['11:2-11:7', '11:2-11:16', '9:2-12:35', '8:0-13:1', '0:0-14:0']);
    const name = offsetOf(text, '"Handshake"', 0, 3);
    assert.deepEqual(selectionChain(text, item(text, name), name).map((s) => at(text, s)), ['8:13-8:24', '8:0-13:1', '0:0-14:0']);
    const comment = offsetOf(text, 'outline');
    assert.deepEqual(selectionChain(text, item(text, comment), comment).map((s) => at(text, s)), ['0:0-14:0']);
    assert.deepEqual(selectionChain('', undefined, 0), [{ start: 0, end: 0 }]);
  });
});

describe('document highlights', () => {
  it('marks every spelling of ESTABLISHED in the block, an alias included, and nothing in the other block', () => {
    const text = [
      'scenario "Round trip" {', //                                  0
      '  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK', //      1
      '  ESTAB -> FIN_WAIT_1 : close', //                            2
      '  FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT', //                  3
      '  TIME_WAIT -> CLOSED', //                                    4
      '}', //                                                        5
      'scenario "Other" {', //                                       6
      '  ESTABLISHED -> CLOSE_WAIT', //                              7
      '}', //                                                        8
      'conversation {', //                                           9
      '  start client established, server ESTABLISHED', //          10
      '  expect client Established', //                              11
      '}',
    ].join('\n');
    const onCanonical = offsetOf(text, 'ESTABLISHED', 0, 3);
    const expected = ['1:14-1:25', '2:2-2:7'];
    assert.deepEqual(documentHighlights(item(text, onCanonical), onCanonical).map((h) => [at(text, h.span), h.kind]),
      expected.map((r) => [r, 'read']));
    const onAlias = offsetOf(text, 'ESTAB ->', 0, 5);
    assert.deepEqual(documentHighlights(item(text, onAlias), onAlias).map((h) => at(text, h.span)), expected);
    const inConversation = offsetOf(text, 'established');
    assert.deepEqual(documentHighlights(item(text, inConversation), inConversation).map((h) => at(text, h.span)),
      ['10:15-10:26', '10:35-10:46', '11:16-11:27']);
    // A label word is not a state; blanks give nothing.
    assert.deepEqual(documentHighlights(item(text, offsetOf(text, 'close')), offsetOf(text, 'close')), []);
    assert.deepEqual(documentHighlights(item(text, 0), 0), []);
  });

  it('marks a peer: its declaration written, its uses read', () => {
    const text = TWO_BLOCKS;
    const offset = offsetOf(text, 'bob: listen');
    assert.deepEqual(documentHighlights(item(text, offset), offset).map((h) => [at(text, h.span), h.kind]),
      [['9:15-9:18', 'write'], ['10:2-10:5', 'read'], ['12:25-12:28', 'read']]);
  });
});

const WITH_PEERS = [
  'conversation "Declared" {', //           0
  '  peers alice, bob', //                  1
  '  start alice CLOSED, bob CLOSED', //    2
  '  bob: listen', //                       3
  '  alice: connect', //                    4
  '  bob: recv SYN', //                     5
  '  expect alice SYN_SENT, bob SYN_RECEIVED', // 6
  '}',
  '',
].join('\n');

const WITHOUT_PEERS = [
  'conversation "Defaults" {', //           0
  '  server: listen', //                    1
  '  client: connect', //                   2
  '  server: recv SYN', //                  3
  '  expect client SYN_SENT, server SYN_RECEIVED', // 4
  '}',
  '',
].join('\n');

describe('peers: definition, references, rename', () => {
  it('with a peers line: the definition is there, references are every use', () => {
    const text = WITH_PEERS;
    for (const offset of [offsetOf(text, 'bob', 0, 1), offsetOf(text, 'bob: recv', 0, 3), offsetOf(text, 'bob SYN_RECEIVED')]) {
      assert.deepEqual(peerDefinition(item(text, offset), offset).map((s) => at(text, s)), ['1:15-1:18']);
      assert.deepEqual(peerReferences(item(text, offset), offset).map((s) => at(text, s)),
        ['1:15-1:18', '2:22-2:25', '3:2-3:5', '5:2-5:5', '6:25-6:28']);
      assert.deepEqual(peerReferences(item(text, offset), offset, false).map((s) => at(text, s)),
        ['2:22-2:25', '3:2-3:5', '5:2-5:5', '6:25-6:28']);
    }
  });

  it('with a peers line: rename changes every use, and the file checks clean', () => {
    const text = WITH_PEERS;
    assert.deepEqual(analyze(text).diagnostics, []);
    const offset = offsetOf(text, 'alice: connect', 0, 1);
    assert.deepEqual(prepareRename(item(text, offset), offset), { span: { start: offset - 1, end: offset + 4 }, placeholder: 'alice' });
    const result = renamePeer(text, item(text, offset), offset, 'carol');
    assert.ok('edits' in result);
    assert.deepEqual(result.edits.map((e) => [at(text, e.span), e.newText]),
      [['1:8-1:13', 'carol'], ['2:8-2:13', 'carol'], ['4:2-4:7', 'carol'], ['6:9-6:14', 'carol']]);
    const renamed = apply(text, result.edits);
    assert.equal(renamed, text.replace(/alice/g, 'carol'));
    assert.deepEqual(analyze(renamed).diagnostics, []);
  });

  it('without a peers line: the definition is the first use, rename declares the pair', () => {
    const text = WITHOUT_PEERS;
    const offset = offsetOf(text, 'server SYN_RECEIVED', 0, 2);
    assert.deepEqual(peerDefinition(item(text, offset), offset).map((s) => at(text, s)), ['1:2-1:8']);
    assert.deepEqual(peerReferences(item(text, offset), offset).map((s) => at(text, s)), ['1:2-1:8', '3:2-3:8', '4:26-4:32']);
    const result = renamePeer(text, item(text, offset), offset, 'web-1');
    assert.ok('edits' in result);
    const renamed = apply(text, result.edits);
    assert.equal(renamed, [
      'conversation "Defaults" {',
      '  peers client, web-1',
      '  web-1: listen',
      '  client: connect',
      '  web-1: recv SYN',
      '  expect client SYN_SENT, web-1 SYN_RECEIVED',
      '}',
      '',
    ].join('\n'));
    assert.deepEqual(analyze(renamed).diagnostics, []);
  });

  it('without a peers line and without indentation, the declaration joins the first edit', () => {
    const text = 'conversation "c" {\nclient: connect\n}\n';
    const offset = offsetOf(text, 'client');
    const result = renamePeer(text, item(text, offset), offset, 'me');
    assert.ok('edits' in result);
    const renamed = apply(text, result.edits);
    assert.equal(renamed, 'conversation "c" {\npeers me, server\nme: connect\n}\n');
    assert.deepEqual(analyze(renamed).diagnostics, []);
  });

  it('declares the pair above the first line in the text, even when `start` comes later (found by the fuzzer)', () => {
    const text = 'conversation "c" {\n  expect client CLOSED, server CLOSED\n  start client CLOSED, server CLOSED\n}\n';
    const offset = offsetOf(text, 'server');
    const result = renamePeer(text, item(text, offset), offset, 'web');
    assert.ok('edits' in result);
    assert.equal(apply(text, result.edits),
      'conversation "c" {\n  peers client, web\n  expect client CLOSED, web CLOSED\n  start client CLOSED, web CLOSED\n}\n');
  });

  it('refuses to rename a state, a keyword, to an invalid name or to the other peer', () => {
    const text = WITH_PEERS;
    const state = offsetOf(text, 'SYN_SENT');
    assert.deepEqual(prepareRename(item(text, state), state), { error: '`SYN_SENT` is a TCP state: only conversation peer names can be renamed' });
    assert.deepEqual(renamePeer(text, item(text, state), state, 'x'), { error: '`SYN_SENT` is a TCP state: only conversation peer names can be renamed' });
    const keyword = offsetOf(text, 'expect');
    assert.deepEqual(prepareRename(item(text, keyword), keyword), { error: 'Only conversation peer names can be renamed' });
    const peer = offsetOf(text, 'bob: listen');
    for (const bad of ['', 'two words', 'a:b', '"quoted"', '-x', '# comment']) {
      const result = renamePeer(text, item(text, peer), peer, bad);
      assert.ok('error' in result, `renaming to ${JSON.stringify(bad)} is refused`);
      assert.match(result.error, /is not a valid peer name/);
    }
    assert.deepEqual(renamePeer(text, item(text, peer), peer, 'alice'), { error: '`alice` is already a peer of this conversation' });
    const scenario = 'scenario "s" {\n  CLOSED -> LISTEN\n}\n';
    assert.deepEqual(peerDefinition(item(scenario, 20), 20), []);
    assert.deepEqual(peerReferences(item(scenario, 20), 20), []);
  });
});

describe('navigation never throws', () => {
  const TOKENS = [
    'scenario', 'conversation', ' ', '  ', '\n', '\r\n', '\r', '{', '}', '"', '"name"', '\\', '->', ':', '/', ',', '+',
    'CLOSED', 'ESTAB', 'ESTABLISHED', 'fin-wait-1', 'SYN_SENT', 'LISTEN', 'peers', 'start', 'expect', 'client', 'server',
    'alice', 'recv', 'send', 'SYN', 'ACK', 'listen', 'connect', 'of', '# c', '// c', 'é', '😀', '\t', '-',
  ];
  const doc = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((ts) => ts.join(''));

  it('answers every request at every offset of random text', () => {
    fc.assert(fc.property(doc, fc.constantFrom('x', 'peer2', 'a b', ''), (text, newName) => {
      const file = parse(text);
      const lines = new LineIndex(text);
      documentSymbols(text, file.items);
      foldingRanges(text, file.items, lines);
      for (let offset = 0; offset <= text.length; offset++) {
        const it = itemAt(file, offset);
        const chain = selectionChain(text, it, offset);
        for (let i = 1; i < chain.length; i++) {
          assert.ok(chain[i].start <= chain[i - 1].start && chain[i].end >= chain[i - 1].end, 'each range holds the previous one');
        }
        documentHighlights(it, offset);
        peerDefinition(it, offset);
        peerReferences(it, offset, offset % 2 === 0);
        prepareRename(it, offset);
        renamePeer(text, it, offset, newName);
      }
    }), { numRuns: 300 });
  });
});
