// Hovers through VS Code's hover provider command: the state's documentation and RFC reference.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { STATE_DOCS } from '../../../server/src/tcp/docs';
import { expectDiagnostics, hoverText, openFixture, rangeText, revertAndCloseAll, serverReady } from './helpers';

async function hoversAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Hover[]> {
  return (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
}

suite('hover', () => {
  suiteSetup(serverReady);
  teardown(revertAndCloseAll);

  test('a state: one sentence, the edges in and out, RFC 9293 linked, More… for the page (the ss command on the first screen)', async () => {
    const { doc } = await openFixture('handshake.tcpfsm');
    await expectDiagnostics(doc.uri, ['error unknown-state@2:12-2:20']); // the server has the document
    // Line 3 is "  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK"; ESTABLISHED is 14-25.
    const hovers = await hoversAt(doc.uri, new vscode.Position(3, 20));
    assert.equal(hovers.length, 1, 'one hover');
    const text = hoverText(hovers[0]);
    const docs = STATE_DOCS.ESTABLISHED;
    assert.match(text, /^\*\*ESTABLISHED\*\* · synchronized state · RFC 9293 \[3\.3\.2\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc9293#section-3\.3\.2\)/);
    // The VS Code client runs command links: the long explanation is behind More…, the essentials first.
    for (const fragment of [docs.summary, docs.ssCommand, '[More about ESTABLISHED…](command:tcpfsm.showStateDoc?']) {
      assert.ok(text.includes(fragment), `the hover lacks ${JSON.stringify(fragment)}:\n${text}`);
    }
    assert.ok(!text.includes(docs.linuxNames), `the Linux details belong to the page:\n${text}`);
    assert.ok(text.split('\n\n---\n\n')[0].length < 400, 'the first block is short');
    assert.ok(hovers[0].range, 'the hover has a range');
    assert.equal(rangeText(hovers[0].range), '3:14-3:25');
  });

  test('a misspelled state: the hover suggests the right one', async () => {
    const { doc } = await openFixture('handshake.tcpfsm');
    await expectDiagnostics(doc.uri, ['error unknown-state@2:12-2:20']);
    const hovers = await hoversAt(doc.uri, new vscode.Position(2, 15));
    assert.equal(hovers.length, 1, 'one hover');
    assert.equal(hoverText(hovers[0]), '`SYN_SEND` is not a TCP state; did you mean SYN_SENT?');
  });

  test('no hover on whitespace', async () => {
    const { doc } = await openFixture('handshake.tcpfsm');
    await expectDiagnostics(doc.uri, ['error unknown-state@2:12-2:20']);
    assert.deepEqual(await hoversAt(doc.uri, new vscode.Position(2, 0)), []);
  });
});
