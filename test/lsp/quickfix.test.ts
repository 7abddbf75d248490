// Quick fixes and the "Use canonical state names" source action over stdio, with exact edits.

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CodeAction, CodeActionRequest, type Range } from 'vscode-languageserver-protocol';
import { applyLspEdits, brief, LspClient } from '../support/lspClient';

const TEXT = [
  'scenario "Passive open" {',                     // 0
  '  CLOSED -> LISTEN : listen',                    // 1
  '  LISTEN -> SYN_RCVD : recv ACK',                // 2: wrong-event
  '  SYN_RCVD -> ESTAB',                            // 3
  '}',                                              // 4
  'scenario "Jump" {',                              // 5
  '  LISTEN -> ESTABLISHED',                        // 6: illegal-transition
  '  ESTABLISHED -> CLOSE_WAIT : recv FIN',         // 7
  '}',
  '',
].join('\n');

const range = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

/** Whole-line view of `text` after `edits` (LSP ranges, non-overlapping). */
describe('quick fixes over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('announces the quick fixes and the source action', () => {
    assert.deepEqual(client.capabilities?.codeActionProvider, { codeActionKinds: ['quickfix', 'source.canonicalStateNames'] });
  });

  it('replaces a wrong label with the edge label', async () => {
    const uri = 'file:///qf-wrong.tcpfsm';
    const diagnostics = await client.open(uri, TEXT);
    assert.deepEqual(brief(diagnostics), ['wrong-event@3:24-3:32', 'illegal-transition@7:13-7:24']);
    const actions = await client.codeActions(uri, diagnostics[0].range, [diagnostics[0]]);
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
      ['Change the label to `recv SYN / send SYN+ACK`', 'quickfix', true],
    ]);
    assert.deepEqual(actions[0].diagnostics?.map((d) => d.code), ['wrong-event']);
    const edits = actions[0].edit?.changes?.[uri];
    assert.deepEqual(edits, [{ range: range(2, 23, 2, 31), newText: 'recv SYN / send SYN+ACK' }]);
    const fixed = applyLspEdits(TEXT, edits!);
    assert.equal(fixed.split('\n')[2], '  LISTEN -> SYN_RCVD : recv SYN / send SYN+ACK');
    assert.deepEqual(brief(await client.open('file:///qf-wrong-fixed.tcpfsm', fixed)), ['illegal-transition@7:13-7:24']);
  });

  it('inserts the missing step of an illegal transition', async () => {
    const uri = 'file:///qf-illegal.tcpfsm';
    const diagnostics = await client.open(uri, TEXT);
    const actions = await client.codeActions(uri, diagnostics[1].range, [diagnostics[1]]);
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
      ['Insert the missing step through SYN_RECEIVED', 'quickfix', true],
    ]);
    const edits = actions[0].edit?.changes?.[uri];
    assert.deepEqual(edits, [{
      range: range(6, 2, 6, 23),
      newText: 'LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK\n  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN',
    }]);
    const fixed = applyLspEdits(TEXT, edits!);
    assert.deepEqual(fixed.split('\n').slice(5, 10), [
      'scenario "Jump" {',
      '  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK',
      '  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN',
      '  ESTABLISHED -> CLOSE_WAIT : recv FIN',
      '}',
    ]);
    assert.deepEqual(brief(await client.open('file:///qf-illegal-fixed.tcpfsm', fixed)), ['wrong-event@3:24-3:32']);
  });

  it('offers "Use canonical state names" as a source action for the whole file', async () => {
    const uri = 'file:///qf-source.tcpfsm';
    await client.open(uri, TEXT);
    const actions = ((await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: range(0, 0, 0, 0),
      context: { diagnostics: [], only: ['source'] },
    })) ?? []) as CodeAction[];
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.diagnostics]), [['Use canonical state names', 'source.canonicalStateNames', undefined]]);
    const edits = actions[0].edit?.changes?.[uri];
    assert.deepEqual(edits, [
      { range: range(2, 12, 2, 20), newText: 'SYN_RECEIVED' },
      { range: range(3, 2, 3, 10), newText: 'SYN_RECEIVED' },
      { range: range(3, 14, 3, 19), newText: 'ESTABLISHED' },
    ]);
    assert.deepEqual(applyLspEdits(TEXT, edits!).split('\n').slice(2, 4), [
      '  LISTEN -> SYN_RECEIVED : recv ACK',
      '  SYN_RECEIVED -> ESTABLISHED',
    ]);
    // Asked for quick fixes only, or on a line without an alias: not offered.
    const quick = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: range(0, 0, 0, 0), context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(quick, []);
    assert.deepEqual(await client.codeActions(uri, range(1, 4, 1, 4)), []);
  });

  it('offers it as a quick fix on an alias', async () => {
    const uri = 'file:///qf-alias.tcpfsm';
    await client.open(uri, TEXT);
    const actions = await client.codeActions(uri, range(3, 16, 3, 16));
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [['Use canonical state names', 'quickfix', false]]);
    assert.equal(actions[0].edit?.changes?.[uri]?.length, 3);
  });
});
