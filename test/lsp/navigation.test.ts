// Navigation over stdio with the bundled server: capabilities, the outline, folding, selection
// ranges, highlights, and conversation peers (definition, references, rename).

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DefinitionRequest,
  DocumentHighlightRequest,
  type DocumentSymbol,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  type Location,
  PrepareRenameRequest,
  type Range,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type SelectionRange,
  SelectionRangeRequest,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../support/lspClient';

const TEXT = [
  '# Two blocks', //                                          0
  '# and a conversation', //                                  1
  'scenario "Active open" {', //                              2
  '  CLOSED   -> SYN_SENT    : connect / send SYN', //        3
  '  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK', //   4
  '}', //                                                     5
  '', //                                                      6
  'conversation "Handshake" {', //                            7
  '  server: listen', //                                      8
  '  client: connect', //                                     9
  '  server: recv SYN', //                                   10
  '  expect client SYN_SENT, server SYN_RECEIVED', //        11
  '}', //                                                    12
  '',
].join('\n');

const r = (range: Range) => `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start.line, e.range.start.character), end: offset(e.range.end.line, e.range.end.character), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  for (const e of sorted) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

describe('navigation over LSP', () => {
  let client: LspClient;
  const uri = 'file:///navigation.tcpfsm';
  const textDocument = { uri };

  before(async () => {
    client = await LspClient.start();
    assert.deepEqual(await client.open(uri, TEXT), []);
  });
  after(async () => {
    await client.stop();
  });

  it('announces symbols, folding, selection ranges, highlights, definition, references and rename', () => {
    const caps = client.capabilities!;
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.selectionRangeProvider, true);
    assert.equal(caps.documentHighlightProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
  });

  it('gives the symbol tree', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument })) as DocumentSymbol[];
    const view = (s: DocumentSymbol): unknown => ({
      name: s.name, detail: s.detail, kind: s.kind, range: r(s.range), selection: r(s.selectionRange),
      ...(s.children ? { children: s.children.map(view) } : {}),
    });
    assert.deepEqual(symbols.map(view), [
      {
        name: 'Active open', detail: 'scenario · 2 steps', kind: 5, range: '2:0-5:1', selection: '2:9-2:22',
        children: [
          { name: 'CLOSED -> SYN_SENT', detail: 'connect / send SYN', kind: 12, range: '3:2-3:46', selection: '3:2-3:22' },
          { name: 'SYN_SENT -> ESTABLISHED', detail: 'recv SYN+ACK / send ACK', kind: 12, range: '4:2-4:51', selection: '4:2-4:25' },
        ],
      },
      {
        name: 'Handshake', detail: 'conversation · client, server', kind: 3, range: '7:0-12:1', selection: '7:13-7:24',
        children: [
          { name: 'server: listen', detail: undefined, kind: 24, range: '8:2-8:16', selection: '8:2-8:16' },
          { name: 'client: connect', detail: undefined, kind: 24, range: '9:2-9:17', selection: '9:2-9:17' },
          { name: 'server: recv SYN', detail: undefined, kind: 24, range: '10:2-10:18', selection: '10:2-10:18' },
          { name: 'expect client SYN_SENT, server SYN_RECEIVED', detail: undefined, kind: 24, range: '11:2-11:45', selection: '11:2-11:45' },
        ],
      },
    ]);
  });

  it('gives folding ranges, a selection range chain and highlights', async () => {
    assert.deepEqual(await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument }), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 2, endLine: 4 },
      { startLine: 7, endLine: 11 },
    ]);
    const [selection] = (await client.connection.sendRequest(SelectionRangeRequest.type, {
      textDocument, positions: [{ line: 4, character: 16 }],
    })) as SelectionRange[];
    const chain: string[] = [];
    for (let s: SelectionRange | undefined = selection; s; s = s.parent) chain.push(r(s.range));
    assert.deepEqual(chain, ['4:14-4:25', '4:2-4:51', '3:2-4:51', '2:0-5:1', '0:0-13:0']);
    const highlights = await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument, position: { line: 3, character: 16 } });
    assert.deepEqual(highlights?.map((h) => [r(h.range), h.kind]), [['3:14-3:22', 2], ['4:2-4:10', 2]]);
  });

  it('goes to a peer\'s first use and lists its references', async () => {
    const position = { line: 11, character: 27 }; // server in `expect`
    const definition = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument, position })) as Location[];
    assert.deepEqual(definition.map((l) => [l.uri, r(l.range)]), [[uri, '8:2-8:8']]);
    const references = await client.connection.sendRequest(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } });
    assert.deepEqual(references?.map((l) => r(l.range)), ['8:2-8:8', '10:2-10:8', '11:26-11:32']);
  });

  it('renames a peer, declaring the pair, and the file checks clean', async () => {
    const position = { line: 9, character: 4 };
    assert.deepEqual(await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument, position }),
      { range: { start: { line: 9, character: 2 }, end: { line: 9, character: 8 } }, placeholder: 'client' });
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument, position, newName: 'alice' });
    const edits = edit?.changes?.[uri];
    assert.ok(edits);
    assert.deepEqual(edits.map((e) => [r(e.range), e.newText]), [
      ['8:0-8:0', '  peers alice, server\n'],
      ['9:2-9:8', 'alice'],
      ['11:9-11:15', 'alice'],
    ]);
    const renamed = apply(TEXT, edits);
    assert.match(renamed, /\n {2}peers alice, server\n {2}server: listen\n {2}alice: connect\n/);
    const other = 'file:///renamed.tcpfsm';
    assert.deepEqual(await client.open(other, renamed), []);
    await client.close(other);
  });

  it('refuses to rename a state, with a message', async () => {
    const position = { line: 4, character: 4 };
    await assert.rejects(client.connection.sendRequest(PrepareRenameRequest.type, { textDocument, position }), (err: unknown) => {
      assert.ok(err instanceof ResponseError);
      assert.equal(err.message, '`SYN_SENT` is a TCP state: only conversation peer names can be renamed');
      return true;
    });
    await assert.rejects(client.connection.sendRequest(RenameRequest.type, { textDocument, position: { line: 9, character: 4 }, newName: 'two words' }),
      /is not a valid peer name/);
  });

  it('answers empty for a document that is not open', async () => {
    const closed = { uri: 'file:///not-open.tcpfsm' };
    const position = { line: 0, character: 0 };
    assert.deepEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: closed }), []);
    assert.deepEqual(await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: closed }), []);
    assert.deepEqual(await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: closed, position }), []);
    assert.deepEqual(await client.connection.sendRequest(DefinitionRequest.type, { textDocument: closed, position }), []);
    assert.equal(await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: closed, position }), null);
    assert.deepEqual(client.stderr.join(''), '');
  });
});
