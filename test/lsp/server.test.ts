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

  it('announces incremental sync, hover, quick fixes and inlay hints', () => {
    assert.deepEqual(client.capabilities?.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(client.capabilities?.inlayHintProvider, true);
    assert.equal(client.capabilities?.hoverProvider, true);
    assert.deepEqual(client.capabilities?.codeActionProvider, { codeActionKinds: ['quickfix', 'source.canonicalStateNames'] });
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

  it('takes a change past the end and a reversed change as the ordered, clamped edit', async () => {
    const uri = 'file:///ranges.tcpfsm';
    await client.open(uri, 'scenario "r" {\n  CLOSED -> LISTEN\n}\n');
    // Lines 9 and 20 do not exist: the text goes at the end, and positions stay numbers.
    await client.change(uri, 2, [{ range: { start: { line: 9, character: 4 }, end: { line: 10, character: 0 } }, text: 'scenario "s" {\n' }]);
    const past = await client.change(uri, 3, [{ range: { start: { line: 20, character: 0 }, end: { line: 21, character: 0 } }, text: '  CLOSED -> SYN_SEND\n' }]);
    assert.deepEqual(brief(past), ['syntax@4:14-4:15', 'unknown-state@5:13-5:21']);
    assert.ok(past.every((d) => Number.isInteger(d.range.start.character) && Number.isInteger(d.range.end.character)));
    // Reversed: delete lines 1..3 (`  CLOSED -> LISTEN`, `}`, the header of "s"), start after end.
    const reversed = await client.change(uri, 4, [{ range: { start: { line: 4, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
    assert.deepEqual(brief(reversed), ['syntax@1:14-1:15', 'unknown-state@2:13-2:21']);
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
    assert.match(value, /RFC 9293 section \[3\.3\.2\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc9293#section-3\.3\.2\)/);
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

const CONVERSATION = [
  'scenario "s" {',                                 // 0
  '  CLOSED -> LISTEN',                              // 1
  '}',                                               // 2
  '# Both close at once.',                           // 3
  'conversation "Simultaneous close" {',             // 4
  '  start client ESTABLISHED, server ESTABLISHED',  // 5
  '  client: close   # FIN →',                       // 6
  '  server: close',                                 // 7
  '  client: recv FIN',                              // 8
  '  server: recv FIN',                              // 9
  '  expect client CLOSING, server CLOSING',         // 10
  '  client: lose ACK',                              // 11
  '  server: recv ACK',                              // 12
  '  client: recv SYN',                              // 13: nothing like it in flight
  '}',                                               // 14
  '',
].join('\n');

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 15, character: 0 } };

describe('conversations over stdio: inlay hints and hover', () => {
  let client: LspClient;
  before(async () => {
    // A client that answers workspace/configuration and can refresh hints, like VS Code.
    client = await LspClient.start({
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, inlayHint: { refreshSupport: true } },
    });
  });
  after(async () => {
    await client.stop();
  });

  it('puts what each event line changed at its end: the peer, its new state, what it sent', async () => {
    const uri = 'file:///conversation.tcpfsm';
    assert.deepEqual(brief(await client.open(uri, CONVERSATION)), ['not-in-flight@14:11-14:19']);
    const hints = await client.inlayHints(uri, WHOLE);
    assert.deepEqual(hints.map((h) => [h.position.line, h.position.character, h.label]), [
      [6, 25, 'client → FIN_WAIT_1 · sends FIN'],
      [7, 15, 'server → FIN_WAIT_1 · sends FIN'],
      [8, 18, 'client → CLOSING · sends ACK'],
      [9, 18, 'server → CLOSING · sends ACK'],
      [11, 18, '✗ ACK to client lost'],
      [12, 18, 'server → TIME_WAIT'],
      [13, 18, 'skipped · client CLOSING'],
    ]);
    assert.ok(hints.every((h) => h.paddingLeft === true && h.paddingRight === undefined));
    assert.ok(hints.every((h) => typeof h.label === 'string' && h.label.length <= 43));
    assert.deepEqual(hints[0].tooltip, {
      kind: 'markdown',
      value: [
        '| client (rfc9293) | server (rfc9293) |\n|---|---|\n| ESTABLISHED → **FIN_WAIT_1** | ESTABLISHED |',
        "Sent: `FIN+ACK` client → server (its ACK acknowledges server's SYN)  \nActive close.",
        'RFC 9293 section 3.10.4',
        'In flight client → server: `FIN+ACK`  \nIn flight server → client: nothing',
      ].join('\n\n'),
    });
    assert.match((hints[1].tooltip as { value: string }).value, /In flight client → server: `FIN\+ACK`  \nIn flight server → client: `FIN\+ACK`$/);
  });

  it('gives only the hints of the requested range, none for scenarios', async () => {
    const uri = 'file:///range.tcpfsm';
    await client.open(uri, CONVERSATION);
    const some = await client.inlayHints(uri, { start: { line: 8, character: 0 }, end: { line: 9, character: 5 } });
    assert.deepEqual(some.map((h) => h.position.line), [8, 9]);
    assert.deepEqual(await client.inlayHints(uri, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }), []);
  });

  it('follows edits: hints come from the current text', async () => {
    const uri = 'file:///hint-edit.tcpfsm';
    await client.open(uri, CONVERSATION);
    // The server no longer closes: its line becomes a recv of the client's FIN.
    await client.change(uri, 2, [{ range: { start: { line: 7, character: 10 }, end: { line: 7, character: 15 } }, text: 'recv FIN' }]);
    const hints = await client.inlayHints(uri, { start: { line: 6, character: 0 }, end: { line: 7, character: 30 } });
    assert.deepEqual(hints.map((h) => h.label), [
      'client → FIN_WAIT_1 · sends FIN',
      'server → CLOSE_WAIT · sends ACK',
    ]);
  });

  it('turns hints off and on with tcpfsm.inlayHints.enabled, asking the editor to refresh', async () => {
    const uri = 'file:///setting.tcpfsm';
    await client.open(uri, CONVERSATION);
    assert.ok(client.registrations.includes('workspace/didChangeConfiguration'), 'the server registers for configuration changes');
    const refreshes = client.hintRefreshes;
    await client.changeSettings({ inlayHints: { enabled: false } });
    await waitFor(() => client.hintRefreshes === refreshes + 1);
    assert.deepEqual(await client.inlayHints(uri, WHOLE), []);
    await client.changeSettings({ inlayHints: { enabled: true } });
    await waitFor(() => client.hintRefreshes === refreshes + 2);
    assert.equal((await client.inlayHints(uri, WHOLE)).length, 7);
  });

  it('hovers a conversation line: states before → after with the stacks, segments, the RFC check, in flight', async () => {
    const uri = 'file:///conversation-hover.tcpfsm';
    await client.open(uri, CONVERSATION);
    const hover = await client.hover(uri, 8, 4); // `client` of `client: recv FIN`
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.equal(hover.contents.value, [
      '**`client: recv FIN`**',
      '| client (rfc9293) | server (rfc9293) |\n|---|---|\n| FIN_WAIT_1 → **CLOSING** | FIN_WAIT_1 |',
      "Received: `FIN+ACK` server → client (its ACK acknowledges client's SYN)  \nSent: `ACK` client → server (its ACK acknowledges server's FIN)  \nSimultaneous close: our FIN not yet acknowledged.",
      'RFC 9293 section 3.10.7.4 — eighth check: FIN',
      'In flight client → server: `FIN+ACK`, `ACK`  \nIn flight server → client: nothing',
    ].join('\n\n'));
    assert.deepEqual(hover.range, { start: { line: 8, character: 2 }, end: { line: 8, character: 18 } });
    // On the segment, the step comes first and the flag's meaning follows.
    const onFlag = await client.hover(uri, 8, 16);
    const value = (onFlag!.contents as { value: string }).value;
    assert.ok(value.startsWith('**`client: recv FIN`**'), value);
    assert.match(value, /\n---\n\n\*\*FIN — no more data from the sender\*\*/);
    assert.deepEqual(onFlag!.range, { start: { line: 8, character: 15 }, end: { line: 8, character: 18 } });
    // A skipped line says so.
    const skipped = (await client.hover(uri, 13, 4))!.contents as { value: string };
    assert.match(skipped.value, /This line is an error, so the simulation skips it: the states do not change\./);
    // A state in `expect` keeps the state hover.
    const state = (await client.hover(uri, 10, 17))!.contents as { value: string };
    assert.match(state.value, /^\*\*CLOSING\*\*/);
  });

  it('a timed conversation: the time of a line that does not write it, in its hint when it fits; time and durations in the hover', async () => {
    const uri = 'file:///timed.tcpfsm';
    const text = [
      'conversation "Linux close" {',                    // 0
      '  stack linux',                                    // 1
      '  start client ESTABLISHED, server ESTABLISHED',   // 2
      '  1 client: close',                                // 3
      '  +0.1 server: recv FIN / delay ACK',              // 4
      '  server: send ACK',                               // 5
      '}',
      '',
    ].join('\n');
    assert.deepEqual(brief(await client.open(uri, text)), []);
    const hints = await client.inlayHints(uri, { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } });
    assert.deepEqual(hints.map((h) => [h.position.line, h.position.character, h.label, h.paddingLeft ?? false, h.paddingRight ?? false]), [
      [3, 17, 'client → FIN_WAIT_1 · sends FIN', true, false],
      [4, 35, 'server → CLOSE_WAIT · owes ACK · at 1.1 s', true, false],
      [5, 18, 'server CLOSE_WAIT · sends delayed ACK', true, false],
    ]);
    const hover = (await client.hover(uri, 5, 4))!.contents as { value: string };
    assert.equal(hover.value.split('\n\n')[2], 'At 1.1 s · server in CLOSE_WAIT for 0 s (since 1.1 s) · client in FIN_WAIT_1 for 0.1 s (since 1 s)');
    assert.match(hover.value, /\nThe delayed ACK is sent\.\n/);
  });
});

/** Polls `condition` until it holds (the server's requests arrive asynchronously). */
async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the server');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
