// Inlay hints of a conversation through VS Code's inlay hint provider command, and the setting
// that turns them off.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { repoUri, revertAndCloseAll, serverReady, WAIT_MS } from './helpers';

function labelOf(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

async function hintsOf(doc: vscode.TextDocument): Promise<string[]> {
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range)) ?? [];
  return hints.map((h) => `${h.position.line}:${h.position.character} ${labelOf(h)}`);
}

/** Asks again until the hints are `expected` (a setting reaches the server asynchronously). */
async function expectHints(doc: vscode.TextDocument, expected: readonly string[]): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await hintsOf(doc);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(last, expected);
}

// examples/conversations/handshake.tcpfsm: each event line ends with what it changed.
const HANDSHAKE_HINTS = [
  '3:16  server → LISTEN',
  '4:60  client → SYN_SENT · sent SYN',
  '5:55  server → SYN_RECEIVED · sent SYN+ACK',
  '7:56  client → ESTABLISHED · sent ACK',
  '8:18  server → ESTABLISHED',
];

suite('inlay hints', () => {
  suiteSetup(serverReady);
  teardown(async () => {
    await vscode.workspace.getConfiguration('tcpfsm').update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
    await revertAndCloseAll();
  });

  test('the handshake example: who moved and what it sent', async () => {
    const doc = await vscode.workspace.openTextDocument(repoUri('examples', 'conversations', 'handshake.tcpfsm'));
    await vscode.window.showTextDocument(doc);
    await expectHints(doc, HANDSHAKE_HINTS);
  });

  test('tcpfsm.inlayHints.enabled turns them off and on again', async () => {
    const doc = await vscode.workspace.openTextDocument(repoUri('examples', 'conversations', 'handshake.tcpfsm'));
    await vscode.window.showTextDocument(doc);
    await expectHints(doc, HANDSHAKE_HINTS);
    await vscode.workspace.getConfiguration('tcpfsm').update('inlayHints.enabled', false, vscode.ConfigurationTarget.Global);
    await expectHints(doc, []);
    await vscode.workspace.getConfiguration('tcpfsm').update('inlayHints.enabled', true, vscode.ConfigurationTarget.Global);
    await expectHints(doc, HANDSHAKE_HINTS);
  });
});
