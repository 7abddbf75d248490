// The language server over stdio, driven by a real LSP client library.

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STATE_DOCS } from '../../server/src/tcp/docs';
import { brief, LspClient } from '../support/lspClient';

const TEXT = [
  'scenario "Handshake" {',           // 0
  '  CLOSED -> SYN_SEND : connect',   // 1
  '  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK',
  '  ESTABLISHED -> CLOSED : close',  // 3
  '}',
  '',
].join('\n');

describe('language server over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('announces incremental sync, hover and quick fixes', () => {
    assert.deepEqual(client.capabilities?.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(client.capabilities?.hoverProvider, true);
    assert.deepEqual(client.capabilities?.codeActionProvider, { codeActionKinds: ['quickfix'] });
  });

  it('publishes exact diagnostics on open', async () => {
    const diagnostics = await client.open('file:///open.tcpfsm', TEXT);
    assert.deepEqual(brief(diagnostics), ['unknown-state@2:13-2:21', 'wrong-event@4:27-4:32']);
    assert.equal(diagnostics[0].severity, 1);
    assert.equal(diagnostics[0].source, 'tcpfsm');
    assert.match(String(diagnostics[0].message), /did you mean SYN_SENT\?/);
    assert.match(String(diagnostics[1].message), /close from ESTABLISHED leads to FIN_WAIT_1 \(send FIN\)/);
  });

  it('updates diagnostics after an incremental edit', async () => {
    const uri = 'file:///edit.tcpfsm';
    await client.open(uri, TEXT);
    // SYN_SEND → SYN_SENT: replace the D at line 2, column 20.
    const fixed = await client.change(uri, 2, [{ range: { start: { line: 1, character: 19 }, end: { line: 1, character: 20 } }, text: 'T' }]);
    assert.deepEqual(brief(fixed), ['wrong-event@4:27-4:32']);
    // Break the chain: the next step now starts somewhere else.
    const broken = await client.change(uri, 3, [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 10 } }, text: 'LISTEN' }]);
    assert.deepEqual(brief(broken), ['discontinuity@3:3-3:9', 'illegal-transition@3:13-3:24', 'wrong-event@4:27-4:32']);
  });

  it('checks a burst of edits once, for the latest version', async () => {
    const uri = 'file:///burst.tcpfsm';
    await client.open(uri, 'scenario "b" {\n  CLOSED -> LISTEN\n}\n');
    const published: number[] = [];
    const stop = client.onPublish((p) => {
      if (p.uri === uri) published.push(p.version ?? -1);
    });
    const last = client.nextDiagnostics(uri, 6);
    for (let v = 2; v <= 6; v++) {
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 1, character: 18 }, end: { line: 1, character: 18 } }, text: ' ' }],
      });
    }
    const final = await last;
    stop();
    assert.deepEqual(final.diagnostics, []);
    assert.ok(published.length < 5, `expected fewer publications than edits, got versions ${published.join(',')}`);
    assert.equal(published[published.length - 1], 6);
  });

  it('clears diagnostics when the document closes', async () => {
    const uri = 'file:///close.tcpfsm';
    await client.open(uri, 'garbage\n');
    assert.deepEqual(await client.close(uri), []);
  });

  it('hovers a state with its doc and RFC reference', async () => {
    const uri = 'file:///hover.tcpfsm';
    await client.open(uri, TEXT);
    const hover = await client.hover(uri, 2, 20); // ESTABLISHED on line 3
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    const value = hover.contents.value;
    assert.match(value, /^\*\*ESTABLISHED\*\*/);
    assert.ok(value.includes(STATE_DOCS.ESTABLISHED.summary), 'the hover carries the state doc');
    assert.match(value, /RFC 9293 section 3\.3\.2/);
    assert.match(value, /ss -tan state established/);
    assert.deepEqual(hover.range, { start: { line: 2, character: 14 }, end: { line: 2, character: 25 } });
  });

  it('hovers an alias with its origin, and event words', async () => {
    const uri = 'file:///hover2.tcpfsm';
    await client.open(uri, 'scenario "a" {\n  SYN_RCVD -> ESTAB : recv ACK of SYN\n}\n');
    const alias = await client.hover(uri, 1, 4);
    assert.match((alias!.contents as { value: string }).value, /\*\*SYN_RECEIVED\*\* — `SYN_RCVD` is the BSD and the RFC 9293 figure name/);
    const recv = await client.hover(uri, 1, 23);
    assert.match((recv!.contents as { value: string }).value, /^\*\*recv/);
    const flag = await client.hover(uri, 1, 35);
    assert.match((flag!.contents as { value: string }).value, /^\*\*SYN/);
    assert.equal(await client.hover(uri, 1, 0), null);
  });

  it('offers the suggestions of a misspelled state as quick fixes', async () => {
    const uri = 'file:///fix.tcpfsm';
    const diagnostics = await client.open(uri, TEXT);
    const actions = await client.codeActions(uri, diagnostics[0].range, [diagnostics[0]]);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Change to SYN_SENT');
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    assert.deepEqual(actions[0].edit?.changes?.[uri], [
      { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 20 } }, newText: 'SYN_SENT' },
    ]);
  });

  it('survives any text: binary noise, huge lines, lone surrogates', async () => {
    const uri = 'file:///noise.tcpfsm';
    const noise = ['\u0000\u0001\uFFFF\uD800 scenario "\\', '}'.repeat(1000), '->'.repeat(5000), 'scenario "x" {\n' + 'A -> '.repeat(2000), 'conversation {'].join('\n');
    const diagnostics = await client.open(uri, noise);
    assert.ok(diagnostics.length > 0);
    const hover = await client.hover(uri, 3, 3);
    assert.equal(hover === null || typeof hover === 'object', true);
    // Still alive and correct afterwards.
    assert.deepEqual(brief(await client.open('file:///after.tcpfsm', 'scenario "ok" {\n  CLOSED -> LISTEN\n}\n')), []);
  });
});
