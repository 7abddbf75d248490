// A huge document's first analysis (and the analysis after a whole-text replacement) is done in
// slices: meanwhile the server edits and publishes other documents, takes edits of the huge one
// (its final diagnostics equal the CLI's), and holds requests on it until the analysis is done
// (ContentModified when it changed meanwhile). Ordering, not timing: a few MB take many slices
// on any machine, and each round trip with a small document takes a few turns. Each test starts
// its own server: the analysis of the first huge document is the one a user waits for.

import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource, type Hover, LSPErrorCodes, type PublishDiagnosticsParams, ResponseError, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { generateScenarios } from '../../bench/generate';
import { cliDiagnostics, lspBrief } from '../../bench/soak';
import { brief, LspClient } from '../support/lspClient';

const MB = 1024 * 1024;
const big = generateScenarios(Math.round((4 * MB) / 49), 14); // about 4 MB, 2% of the steps mistakes
const SMALL = 'file:///small.tcpfsm';
// Two misspellings of a state, in turn: each edit of the small document has one exact diagnostic.
const misspelt = ['SYN_SEND', 'ESTABLISHD'];
const smallText = (v: number) => `scenario "s" {\n  CLOSED -> ${misspelt[v % 2]}\n}\n`;
const smallExpected = (v: number) => [`unknown-state@2:13-2:${13 + misspelt[v % 2].length}`];

describe('a huge document analysed in slices', () => {
  let client: LspClient;
  /** Every publication, in order: `uri v<version>`. */
  const order: string[] = [];
  beforeEach(async () => {
    order.length = 0;
    client = await LspClient.start();
    client.onPublish((p: PublishDiagnosticsParams) => order.push(`${p.uri.replace('file:///', '')} v${p.version}`));
  });
  afterEach(async () => {
    await client.stop();
  });

  /** Edits the small document (version `v`) and checks its diagnostics, exactly. */
  async function smallRoundTrip(v: number): Promise<void> {
    const diagnostics = await client.change(SMALL, v, [{ text: smallText(v) }]);
    assert.deepEqual(brief(diagnostics), smallExpected(v), `small document, version ${v}`);
  }

  it('publishes a small document\'s diagnostics, edit after edit, before the huge one\'s first', async () => {
    const uri = 'file:///huge-open.tcpfsm';
    const published = client.nextDiagnostics(uri, 1);
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'tcpfsm', version: 1, text: big.text } });
    assert.deepEqual(brief(await client.open(SMALL, smallText(1))), smallExpected(1));
    for (let v = 2; v <= 3; v++) await smallRoundTrip(v);
    const bigDiagnostics = (await published).diagnostics;
    assert.deepEqual(order, ['small.tcpfsm v1', 'small.tcpfsm v2', 'small.tcpfsm v3', 'huge-open.tcpfsm v1']);
    // Each planted mistake gives exactly one diagnostic.
    assert.equal(bigDiagnostics.length, big.mistakes);
  });

  it('analyses a whole-text replacement of the huge document in slices too', async () => {
    const uri = 'file:///huge-replaced.tcpfsm';
    await client.open(uri, big.text);
    await client.open(SMALL, smallText(1));
    order.length = 0;
    const replaced = client.nextDiagnostics(uri, 2);
    void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: big.text.replace(/"Connection /g, '"Link ') }] });
    for (let v = 2; v <= 3; v++) await smallRoundTrip(v);
    const diagnostics = (await replaced).diagnostics;
    assert.deepEqual(order, ['small.tcpfsm v2', 'small.tcpfsm v3', 'huge-replaced.tcpfsm v2']);
    assert.equal(diagnostics.length, big.mistakes);
  });

  it('takes edits of the huge document during its analysis: final diagnostics equal the CLI\'s', async () => {
    const uri = 'file:///huge-edit.tcpfsm';
    let mirror = TextDocument.create(uri, 'tcpfsm', 1, big.text);
    const edit = (version: number, changes: TextDocumentContentChangeEvent[]) => {
      mirror = TextDocument.update(mirror, changes, version);
      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    };
    const line = (n: number) => ({ line: n, character: 0 });
    const lines = mirror.lineCount;
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'tcpfsm', version: 1, text: big.text } });
    await client.open(SMALL, smallText(1));
    // At the top (before all that is analysed), in the middle (a closing brace gone: the block
    // runs on), near the end (a new block with a mistake), then at the top again.
    edit(2, [{ range: { start: line(0), end: line(0) }, text: 'scenario "top" {\n  CLOSED -> SYN_SEND\n}\n' }]);
    await smallRoundTrip(2);
    const middle = mirror.getText().indexOf('\n}\n', mirror.getText().length >> 1) + 1;
    edit(3, [{ range: { start: mirror.positionAt(middle), end: mirror.positionAt(middle + 1) }, text: '' }]);
    await smallRoundTrip(3);
    edit(4, [{ range: { start: line(lines - 20), end: line(lines - 20) }, text: 'scenario "late" {\n  LISTEN -> FIN_WAIT_2\n}\n' }]);
    const final = client.nextDiagnostics(uri, 5);
    edit(5, [{ range: { start: line(1), end: { line: 1, character: 20 } }, text: '  CLOSED -> LISTEN : listen' }]);
    const got = (await final).diagnostics.map(lspBrief);
    // The huge document was published once, for its last version, after the small one's edits.
    assert.deepEqual(order, ['small.tcpfsm v1', 'small.tcpfsm v2', 'small.tcpfsm v3', 'huge-edit.tcpfsm v5'], JSON.stringify(order));
    const expected = cliDiagnostics(mirror.getText());
    assert.equal(got.length, expected.length);
    assert.deepEqual(got, expected);
    // The late block's step (its second line, 1-based) has no edge.
    assert.deepEqual(got.filter((d) => d.startsWith(`${lines - 20 + 2}:`)).map((d) => d.split(' ')[2]), ['illegal-transition:']);
  });

  it('holds a request on the huge document until its analysis is done, serving the small one meanwhile; a cancel answers at once', async () => {
    const uri = 'file:///huge-hover.tcpfsm';
    const events: string[] = [];
    const published = client.nextDiagnostics(uri, 1).then(() => events.push('huge diagnostics'));
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'tcpfsm', version: 1, text: big.text } });
    const hovered = client.hover(uri, 4, 4).then((h) => {
      events.push('hover');
      return h;
    });
    const source = new CancellationTokenSource();
    const cancelled = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 4 } }, source.token)
      .then(() => 'answered', (err: unknown) => err);
    await client.open(SMALL, smallText(1));
    events.push('small diagnostics');
    source.cancel();
    const result = await cancelled;
    events.push('cancelled');
    const hover = (await hovered) as Hover;
    await published;
    assert.ok(result instanceof ResponseError, `expected an error, got ${String(result)}`);
    assert.equal(result.code, LSPErrorCodes.RequestCancelled);
    // The held hover is answered with the diagnostics, at the end of the analysis.
    assert.deepEqual(events.slice(0, 2), ['small diagnostics', 'cancelled']);
    assert.deepEqual(events.slice(2).sort(), ['hover', 'huge diagnostics']);
    // The answer is the one for the analysed text, as asked again now.
    assert.deepEqual(hover, await client.hover(uri, 4, 4));
    assert.ok(hover && JSON.stringify(hover.contents).length > 20, JSON.stringify(hover));
  });

  it('answers ContentModified to a request held while the huge document changed', async () => {
    const uri = 'file:///huge-modified.tcpfsm';
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'tcpfsm', version: 1, text: big.text } });
    const symbols = client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }).then(() => 'answered', (err: unknown) => err);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# top\n' }]);
    const result = await symbols;
    assert.ok(result instanceof ResponseError, `expected an error, got ${String(result)}`);
    assert.equal(result.code, LSPErrorCodes.ContentModified);
    // Asked again, it is answered.
    const lenses = await client.codeLenses(uri);
    assert.equal(lenses.length, big.blocks);
  });
});

