// Big documents over LSP: what is unreasonable to send is capped and says so (the outline, the
// folding ranges), and whole-document requests work in slices, so that the diagnostics of another
// document are published while a huge one is still being formatted, and a request whose document
// changes meanwhile answers ContentModified. Ordering, not timing: the work on the big document
// takes many slices on any machine.

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol, FoldingRange, TextEdit } from 'vscode-languageserver-protocol';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { brief, LspClient } from '../support/lspClient';

const block = (i: number) => `scenario "b${i}" {\nCLOSED->LISTEN : listen\n}\n`;
const blocks = (n: number) => Array.from({ length: n }, (_, i) => block(i)).join('');

describe('big documents over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ textDocument: { foldingRange: { rangeLimit: 300 } } });
  });
  after(async () => {
    await client.stop();
  });

  it('caps the outline at 10,000 symbols and says how many blocks are left out', async () => {
    const uri = 'file:///outline.tcpfsm';
    await client.open(uri, blocks(6_000)); // 2 symbols a block: 12,000
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 5_001);
    assert.equal(symbols[4_999].name, 'b4999');
    const last = symbols[5_000];
    assert.equal(last.name, '… 1,000 more blocks not shown (the outline stops at 10,000 symbols)');
    assert.deepEqual(last.range.start, { line: 15_000, character: 0 });
  });

  it('sends at most the client\'s folding range limit', async () => {
    const uri = 'file:///folds.tcpfsm';
    await client.open(uri, `# a\n# b\n${blocks(1_000)}`);
    const folds = await client.connection.sendRequest<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.equal(folds.length, 300);
    assert.deepEqual(folds.slice(0, 3), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 2, endLine: 3 },
      { startLine: 5, endLine: 6 },
    ]);
  });

  it('publishes another document\'s diagnostics while formatting a huge one', async () => {
    const big = 'file:///huge-format.tcpfsm';
    const small = 'file:///small.tcpfsm';
    const text = blocks(20_000); // about 0.8 MB, every block to format
    await client.open(big, text);
    await client.open(small, 'scenario "s" {\n  CLOSED -> LISTEN\n}\n');
    const order: string[] = [];
    const formatting = client.connection.sendRequest<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri: big }, options: { tabSize: 2, insertSpaces: true },
    }).then((edits) => {
      order.push('formatted');
      return edits;
    });
    const diagnostics = client.change(small, 2, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 18 } }, text: 'SYN_SEND' }])
      .then((d) => {
        order.push('small diagnostics');
        return d;
      });
    const [edits, published] = await Promise.all([formatting, diagnostics]);
    assert.deepEqual(brief(published), ['unknown-state@2:13-2:21']);
    assert.equal(edits.length, 20_000);
    assert.deepEqual(order, ['small diagnostics', 'formatted']);
  });

  it('refuses to format more than 20,000 places at once and says so', async () => {
    const uri = 'file:///too-many-edits.tcpfsm';
    const twoSteps = (i: number) => `scenario "m${i}" {\nCLOSED->LISTEN : listen\nLISTEN->CLOSED : close\n}\n`;
    await client.open(uri, Array.from({ length: 10_001 }, (_, i) => twoSteps(i)).join('')); // 20,002 edits
    const shown: string[] = [];
    client.connection.onNotification('window/showMessage', (p: { message: string }) => {
      shown.push(p.message);
    });
    const edits = await client.connection.sendRequest<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri }, options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(edits, []);
    assert.deepEqual(shown, ['tcpfsm: formatting this document would change more than 20,000 places; format a selection instead.']);
    // A selection still formats.
    const ranged = await client.connection.sendRequest<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, options: { tabSize: 2, insertSpaces: true },
    });
    assert.equal(ranged.length, 2);
  });

  it('answers ContentModified when the document changes during a sliced request', async () => {
    const uri = 'file:///huge-edit.tcpfsm';
    await client.open(uri, blocks(20_000));
    const formatting = client.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri }, options: { tabSize: 2, insertSpaces: true },
    }).then(() => 'answered', (err: unknown) => err);
    const edited = client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# top\n' }]);
    const [result] = await Promise.all([formatting, edited]);
    assert.ok(result instanceof ResponseError, `expected an error, got ${String(result)}`);
    assert.equal(result.code, LSPErrorCodes.ContentModified);
  });
});
