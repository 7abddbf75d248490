// The diagram request (tcpfsm/diagram) and the "Open Diagram" code lenses, over stdio with the
// bundled server.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConversationDiagram, DiagramModel, ScenarioDiagram } from '../../server/src/protocol/diagram';
import { diagramModelOfText } from '../../server/src/service/diagram';
import { ROOT } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

const TEXT = [
  '# Two blocks.',                          // 0
  'scenario "Handshake" {',                 // 1
  '  CLOSED -> SYN_SENT : connect',         // 2
  '  SYN_SENT -> ESTABLISHED -> CLOSED',    // 3
  '}',                                      // 4
  '',                                       // 5
  '  conversation "Close" {',               // 6: indented on purpose
  '  start client ESTABLISHED, server ESTABLISHED',
  '  client: close',                        // 8
  '  server: recv FIN',                     // 9
  '}',                                      // 10
  '',
].join('\n');

function steps(model: DiagramModel | null): string[] {
  assert.ok(model?.current);
  const c = model.current;
  const list = c.kind === 'scenario' ? c.steps : [...c.paths[0], ...c.paths[1]];
  return list.map((s) => `${s.number} ${s.from}->${s.to} ${s.edgeId === undefined ? `!${s.ok}` : model.edges[s.edgeId].label}`);
}

describe('diagram model over stdio (tcpfsm/diagram)', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('announces code lenses', () => {
    assert.deepEqual(client.capabilities?.codeLensProvider, { resolveProvider: false });
  });

  it('answers with the model of the block at the position, with the uri and version', async () => {
    const uri = 'file:///diagram/two.tcpfsm';
    await client.open(uri, TEXT, 3);
    const model = await client.diagram(uri, { line: 3, character: 4 });
    assert.ok(model);
    // The whole table: SPEC v2's 62 edges (main and exceptional) and 51 steps that stay in their state.
    assert.deepEqual([model.uri, model.version, model.states.length, model.edges.length], [uri, 3, 11, 113]);
    assert.equal(model.edges.filter((e) => e.kind === 'staying').length, 51);
    assert.deepEqual(model.blocks.map((b) => [b.index, b.kind, b.name, b.range]), [
      [0, 'scenario', 'Handshake', { start: { line: 1, character: 0 }, end: { line: 4, character: 1 } }],
      [1, 'conversation', 'Close', { start: { line: 6, character: 2 }, end: { line: 10, character: 1 } }],
    ]);
    const s = model.current as ScenarioDiagram;
    assert.deepEqual([s.kind, s.index, s.name], ['scenario', 0, 'Handshake']);
    assert.deepEqual(steps(model), ['1 CLOSED->SYN_SENT connect / send SYN', '2 SYN_SENT->ESTABLISHED recv SYN+ACK / send ACK', '3 ESTABLISHED->CLOSED recv RST']);
    assert.deepEqual(s.steps[2].range, { start: { line: 3, character: 2 }, end: { line: 3, character: 35 } });
    // The same as the core builds from the text.
    assert.deepEqual(model, diagramModelOfText(TEXT, { uri, version: 3, position: { line: 3, character: 4 } }));

    const conversation = await client.diagram(uri, { line: 9, character: 0 });
    const c = conversation!.current as ConversationDiagram;
    assert.deepEqual([c.kind, c.index, c.events.length, c.segments.length], ['conversation', 1, 2, 2]);
    assert.deepEqual(steps(conversation), ['1 ESTABLISHED->FIN_WAIT_1 close / send FIN', '1 ESTABLISHED->CLOSE_WAIT recv FIN / send ACK']);
    // No position: the first block.
    assert.equal((await client.diagram(uri))!.current?.index, 0);
    // Before the first block, and past the end.
    assert.equal((await client.diagram(uri, { line: 0, character: 3 }))!.current?.index, 0);
    assert.equal((await client.diagram(uri, { line: 99, character: 0 }))!.current?.index, 1);
  });

  it('follows edits: the model of the new text, with its version', async () => {
    const uri = 'file:///diagram/edit.tcpfsm';
    await client.open(uri, TEXT);
    // connect → close: the first hop becomes illegal.
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 20 } }, text: 'LISTEN' }]);
    const model = await client.diagram(uri, { line: 2, character: 0 });
    assert.equal(model?.version, 2);
    assert.deepEqual(steps(model), ['1 CLOSED->LISTEN !false', '2 SYN_SENT->ESTABLISHED recv SYN+ACK / send ACK', '3 ESTABLISHED->CLOSED recv RST']);
    assert.match((model!.current as ScenarioDiagram).steps[0].problem!, /^CLOSED cannot go to LISTEN on connect; connect from CLOSED leads to SYN_SENT/);
    // Asked right after a change, before its diagnostics: the model is already that version's.
    const published = client.nextDiagnostics(uri, 3);
    void client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 18 } }, text: 'SYN_SENT' }],
    });
    const fixed = await client.diagram(uri, { line: 2, character: 0 });
    assert.equal(fixed?.version, 3);
    assert.equal(steps(fixed)[0], '1 CLOSED->SYN_SENT connect / send SYN');
    await published;
    // A new block typed above moves the others down.
    await client.change(uri, 4, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'scenario "new" {\n  CLOSED -> LISTEN\n}\n' }]);
    const moved = await client.diagram(uri, { line: 0, character: 0 });
    assert.deepEqual(moved?.blocks.map((b) => `${b.name}@${b.range.start.line}`), ['new@0', 'Handshake@4', 'Close@9']);
    assert.deepEqual(steps(moved), ['1 CLOSED->LISTEN listen']);
  });

  it('null for a document that is not open, or closed', async () => {
    assert.equal(await client.diagram('file:///diagram/never-opened.tcpfsm', { line: 0, character: 0 }), null);
    const uri = 'file:///diagram/closed.tcpfsm';
    await client.open(uri, TEXT);
    assert.ok(await client.diagram(uri));
    await client.close(uri);
    assert.equal(await client.diagram(uri), null);
  });

  it('never fails on garbage text or odd parameters, and the server stays up', async () => {
    const uri = 'file:///diagram/noise.tcpfsm';
    const logged: string[] = [];
    const listening = client.connection.onNotification('window/logMessage', (p: { message: string }) => {
      logged.push(p.message);
    });
    const noise = ['\u0000\u0001\uFFFF\uD800 scenario "\\', '}'.repeat(1000), '->'.repeat(5000), 'scenario "x" {\n' + 'A -> '.repeat(2000),
      'conversation "c" {\n  a: recv RST\n  client: lose\n  server: connect connect\n  expect', 'conversation {'].join('\n');
    await client.open(uri, noise);
    for (const position of [undefined, { line: 0, character: 0 }, { line: 3, character: 5 }, { line: 4, character: 3 }, { line: 1e6, character: 1e6 }, { line: -1, character: -5 }]) {
      const model = await client.diagram(uri, position);
      assert.ok(model);
      assert.equal(model.blocks.length, 3);
      JSON.stringify(model);
    }
    // Malformed params: an empty answer, not a crash.
    assert.equal(await client.connection.sendRequest('tcpfsm/diagram', {}), null);
    const odd = await client.connection.sendRequest('tcpfsm/diagram', { textDocument: { uri }, position: 'x' });
    assert.ok(odd === null || typeof odd === 'object');
    assert.deepEqual(await client.codeLenses('file:///diagram/not-open.tcpfsm'), []);
    const model = await client.diagram(uri, { line: 0, character: 0 });
    assert.equal(model?.uri, uri);
    listening.dispose();
    assert.deepEqual(logged.filter((m) => /failed/.test(m)), [], 'no handler failed');
  });

  it('a code lens above each block: "Open Diagram" at the keyword, opening the diagram at the block', async () => {
    const uri = 'file:///diagram/lenses.tcpfsm';
    await client.open(uri, TEXT);
    const lenses = await client.codeLenses(uri);
    assert.deepEqual(lenses, [
      {
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } },
        command: { title: 'Open Diagram', command: 'tcpfsm.openDiagram', arguments: [uri, { line: 1, character: 0 }] },
      },
      {
        range: { start: { line: 6, character: 2 }, end: { line: 6, character: 14 } },
        command: { title: 'Open Diagram', command: 'tcpfsm.openDiagram', arguments: [uri, { line: 6, character: 2 }] },
      },
    ]);
    // The lens's position opens that block.
    const [, position] = lenses[1].command!.arguments as [string, { line: number; character: number }];
    assert.equal((await client.diagram(uri, position))!.current?.index, 1);
  });

  it('code lenses follow edits, and every example gets one per block', async () => {
    const uri = 'file:///diagram/lens-edit.tcpfsm';
    await client.open(uri, TEXT);
    await client.change(uri, 2, [{ range: { start: { line: 5, character: 0 }, end: { line: 10, character: 1 } }, text: '' }]);
    assert.deepEqual((await client.codeLenses(uri)).map((l) => l.range.start), [{ line: 1, character: 0 }]);
    const file = path.join(ROOT, 'examples', 'diagnostics.tcpfsm');
    const text = fs.readFileSync(file, 'utf8');
    const exampleUri = 'file:///diagram/diagnostics.tcpfsm';
    await client.open(exampleUri, text);
    const lines = text.split('\n');
    const keywordLines = lines.flatMap((l, i) => (/^(scenario|conversation) /.test(l) ? [i] : []));
    assert.deepEqual((await client.codeLenses(exampleUri)).map((l) => l.range.start.line), keywordLines);
  });
});
