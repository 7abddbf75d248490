// Inlay hints of a conversation through VS Code's inlay hint provider command: what each line
// changed (one hint per line, at most 43 characters, padded from the code), the time of a line of
// a timed conversation that does not write it, the tooltip's detail; and the setting that turns
// them off.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, repoUri, revertAndCloseAll, serverReady, WAIT_MS } from './helpers';

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
  '3:16 server → LISTEN',
  '4:60 client → SYN_SENT · sends SYN',
  '5:55 server → SYN_RECEIVED · sends SYN+ACK',
  '7:56 client → ESTABLISHED · sends ACK',
  '8:18 server → ESTABLISHED',
];

// workspace/timed.tcpfsm, a copy of a capture transcription with a relative time (line 7) and a
// line without a time (line 12): their hints end with their time when it fits (VS Code shows at
// most 43 characters of hints per line).
const TIMED_HINTS = [
  '5:25 server → LISTEN',
  '6:52 client → SYN_SENT · sends SYN',
  '7:53 server → SYN_RECEIVED · sends SYN+ACK',
  '8:52 client → ESTABLISHED · sends ACK',
  '9:27 server → ESTABLISHED',
  '10:62 client ESTABLISHED · sends DATA',
  '11:59 server ESTABLISHED · sends ACK',
  '12:27 client ESTABLISHED · at 1.006992 s',
  '13:53 client → FIN_WAIT_1 · sends FIN',
  '14:39 server → CLOSE_WAIT · owes ACK',
  '15:52 server CLOSE_WAIT · sends delayed ACK',
  '16:27 client → FIN_WAIT_2',
  '17:54 server → LAST_ACK · sends FIN',
  '18:53 client → TIME_WAIT · sends ACK',
  '19:27 server → CLOSED',
  '20:31 client → CLOSED',
];

suite('inlay hints', () => {
  suiteSetup(serverReady);
  teardown(async () => {
    await vscode.workspace.getConfiguration('tcpfsm').update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
    await revertAndCloseAll();
  });

  test('the handshake example: what each line changed, the peer first, and what it sent', async () => {
    const doc = await vscode.workspace.openTextDocument(repoUri('examples', 'conversations', 'handshake.tcpfsm'));
    await vscode.window.showTextDocument(doc);
    await expectHints(doc, HANDSHAKE_HINTS);
  });

  test('a timed conversation: exact labels and positions, one per line, padded, the time of a line that does not write it, the tooltip', async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri('timed.tcpfsm'));
    await vscode.window.showTextDocument(doc);
    await expectHints(doc, TIMED_HINTS);
    const range = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range)) ?? [];
    // VS Code cuts the hints of a line beyond 43 characters together: one hint per line, within it.
    assert.ok(hints.every((h) => labelOf(h).length <= 43), 'a label is longer than VS Code shows');
    assert.equal(new Set(hints.map((h) => h.position.line)).size, hints.length, 'two hints on one line');
    assert.ok(hints.every((h) => h.paddingLeft === true && !h.paddingRight), 'every hint keeps a space from the code');
    const owes = hints.find((h) => labelOf(h) === 'server → CLOSE_WAIT · owes ACK');
    const tooltip = typeof owes?.tooltip === 'string' ? owes.tooltip : owes?.tooltip?.value ?? '';
    assert.match(tooltip, /^\| client \(linux\) \| server \(linux\) \|/);
    assert.match(tooltip, /At 2\.014094 s · server's ESTABLISHED lasted 1\.412539 s \(from 0\.601555 s\)/);
    assert.match(tooltip, /RFC 9293 section 3\.10\.7\.4 — eighth check: FIN/);
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
