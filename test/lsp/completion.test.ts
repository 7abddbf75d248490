// Completion over stdio: the capability, and exact items for a scenario step and a conversation.

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient';

const SCENARIO = [
  'scenario "Handshake" {',
  '  CLOSED -> SYN_SENT : connect',
  '  SYN_SENT -> ', // 2
  '}',
  '',
].join('\n');

const CONVERSATION = [
  'conversation "Three-way handshake" {',
  '  server: listen',
  '  client: connect',
  '  server: recv SYN',
  '  client: ', // 4
  '}',
  '',
].join('\n');

async function completion(client: LspClient, uri: string, line: number, character: number): Promise<CompletionItem[]> {
  const result = await client.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', {
    textDocument: { uri },
    position: { line, character },
  });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

describe('completion over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('announces a completion provider with its trigger characters', () => {
    assert.deepEqual(client.capabilities?.completionProvider, { triggerCharacters: ['>', ':', ' '], resolveProvider: false });
  });

  it('after `->`: the states SYN_SENT goes to, in order, each replacing nothing at the cursor', async () => {
    await client.open('file:///complete-scenario.tcpfsm', SCENARIO);
    const items = await completion(client, 'file:///complete-scenario.tcpfsm', 2, 14);
    assert.deepEqual(items.map((i) => [i.label, i.detail, i.kind]), [
      ['SYN_RECEIVED', 'recv SYN / send SYN+ACK', 20],
      ['ESTABLISHED', 'recv SYN+ACK / send ACK', 20],
      ['CLOSED', 'close', 20],
      ['CLOSED', 'recv RST', 20],
      ['CLOSED', 'abort', 20],
      ['CLOSED', 'timeout user', 20],
      ['SYN_SENT', 'timeout retransmit / send SYN (or 2 more)', 20],
    ]);
    assert.deepEqual(items[0].textEdit, { range: { start: { line: 2, character: 14 }, end: { line: 2, character: 14 } }, newText: 'SYN_RECEIVED' });
    assert.deepEqual(items.map((i) => i.labelDetails?.description), [
      'recv SYN / send SYN+ACK', 'recv SYN+ACK / send ACK', 'close', 'recv RST · exceptional', 'abort · exceptional', 'timeout user · exceptional',
      'timeout retransmit / send SYN (or 2 more) · stays',
    ]);
    assert.deepEqual(items.map((i) => i.sortText), ['0000', '0001', '0002', '0003', '0004', '0005', '0006']);
  });

  it('in a conversation: what the client may do now, the arriving SYN+ACK first', async () => {
    await client.open('file:///complete-conversation.tcpfsm', CONVERSATION);
    const items = await completion(client, 'file:///complete-conversation.tcpfsm', 4, 10);
    assert.deepEqual(items.map((i) => i.label), [
      'recv SYN+ACK', 'recv SYN+ACK / delay ACK', 'send data', 'close', 'shutdown', 'abort', 'timeout retransmit', 'timeout user', 'lose SYN+ACK', 'crash', 'recv old',
    ]);
    assert.equal(items[0].detail, 'SYN_SENT → ESTABLISHED, sends ACK');
    assert.equal(items[0].labelDetails?.description, 'SYN_SENT → ESTABLISHED, sends ACK');
    assert.equal(items[0].kind, 23);
    assert.deepEqual(items[6].labelDetails, { description: 'stays in SYN_SENT, resends SYN' });
    // `recv old ` asks the editor for completion again, for the segment.
    const old = items[items.length - 1];
    assert.deepEqual([old.textEdit?.newText, old.command], ['recv old ', { title: 'Suggest', command: 'editor.action.triggerSuggest' }]);
  });

  it('answers an empty list for a document it does not know', async () => {
    assert.deepEqual(await completion(client, 'file:///unknown.tcpfsm', 0, 0), []);
  });
});

describe('completion for a client that expands snippets', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ textDocument: { completion: { completionItem: { snippetSupport: true } } } });
  });
  after(async () => {
    await client.stop();
  });

  it('a top-level keyword inserts the whole block skeleton as a snippet', async () => {
    const uri = 'file:///complete-snippet.tcpfsm';
    await client.open(uri, '\n');
    const items = await completion(client, uri, 0, 0);
    const scenario = items.find((i) => i.label === 'scenario');
    assert.ok(scenario, JSON.stringify(items.map((i) => i.label)));
    assert.equal(scenario.insertTextFormat, 2);
    assert.deepEqual(scenario.textEdit, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'scenario "${1:name}" {\n  ${2:CLOSED} -> ${3:LISTEN} : ${4:listen}\n  $0\n}' });
    // Each kind of block once, each seed scenario once, each as a snippet.
    const labels = items.map((i) => i.label);
    assert.equal(labels.filter((l) => l === 'scenario').length, 1);
    assert.equal(labels.filter((l) => l === 'conversation').length, 1);
    const seed = items.find((i) => i.label === 'seed: Active close');
    assert.equal(seed?.kind, 15, 'CompletionItemKind.Snippet');
    assert.equal(seed?.labelDetails?.description, 'active-close.tcpfsm');
  });
});
