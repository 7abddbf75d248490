// Semantic tokens and formatting over stdio with the bundled server: the legend, a decoded token
// list (full and range), document formatting of a messy file (exact text), range formatting of one
// block, and formatting idempotent on every example.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SemanticTokens, TextEdit } from 'vscode-languageserver-protocol';
import { decodeTokens } from '../../server/src/service/tokens';
import { listFixtures, ROOT } from '../support/fixtures';
import { applyLspEdits, LspClient } from '../support/lspClient';

const TEXT = [
  '# Tokens.',                                  // 0
  'scenario "Open" {',                          // 1
  '  CLOSED -> SYN_RCVD : recv SYN+ACK',        // 2
  '  SYN_RCVD -> ESTABLISHED -> FIN_WAIT_1',    // 3
  '}',                                          // 4
  'conversation "Close" {',                     // 5
  '  peers a, b',                               // 6
  '  b: recv FIN of SYN',                       // 7
  '  expect a CLOSED',                          // 8
  '}',                                          // 9
  '',
].join('\n');

const MESSY = [
  'scenario "a" {',
  'CLOSED->SYN_SENT:connect/send SYN # go',
  '    SYN_SENT -> ESTABLISHED : recv SYN , ACK / send ACK',
  '    }',
  'conversation "b" {',
  '  client :connect',
  '  server:  recv SYN',
  '}',
  '',
].join('\n');

const MESSY_FORMATTED = [
  'scenario "a" {',
  '  CLOSED   -> SYN_SENT    : connect / send SYN  # go',
  '  SYN_SENT -> ESTABLISHED : recv SYN,ACK / send ACK',
  '}',
  'conversation "b" {',
  '  client: connect',
  '  server: recv SYN',
  '}',
  '',
].join('\n');

describe('semantic tokens and formatting over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const tokens = async (uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
    const result: SemanticTokens | null = range
      ? await client.connection.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri }, range })
      : await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(result);
    return decodeTokens(result.data).map((t) => [t.line, t.char, t.length, t.type, t.modifiers.join(' ')]);
  };
  const format = (uri: string, options = { tabSize: 2, insertSpaces: true }): Promise<TextEdit[]> =>
    client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options });

  it('announces the legend, full and range tokens, and both formattings', () => {
    assert.deepEqual(client.capabilities?.semanticTokensProvider, {
      legend: {
        tokenTypes: ['keyword', 'string', 'enumMember', 'function', 'macro', 'variable', 'number', 'type', 'modifier', 'parameter'],
        tokenModifiers: ['declaration', 'opening', 'synchronized', 'closing', 'terminal', 'alias'],
      },
      full: true,
      range: true,
    });
    assert.equal(client.capabilities?.documentFormattingProvider, true);
    assert.equal(client.capabilities?.documentRangeFormattingProvider, true);
  });

  it('gives the decoded tokens of a scenario and a conversation', async () => {
    const uri = 'file:///tokens/a.tcpfsm';
    await client.open(uri, TEXT);
    assert.deepEqual(await tokens(uri), [
      [1, 0, 8, 'keyword', ''],
      [1, 9, 6, 'string', ''],
      [2, 2, 6, 'enumMember', 'terminal'],
      [2, 12, 8, 'enumMember', 'opening alias'],
      [2, 23, 4, 'function', ''],
      [2, 28, 3, 'macro', ''],
      [2, 32, 3, 'macro', ''],
      [3, 2, 8, 'enumMember', 'opening alias'],
      [3, 14, 11, 'enumMember', 'synchronized'],
      [3, 29, 10, 'enumMember', 'closing'],
      [5, 0, 12, 'keyword', ''],
      [5, 13, 7, 'string', ''],
      [6, 2, 5, 'keyword', ''],
      [6, 8, 1, 'variable', 'declaration'],
      [6, 11, 1, 'variable', 'declaration'],
      [7, 2, 1, 'variable', ''],
      [7, 5, 4, 'function', ''],
      [7, 10, 3, 'macro', ''],
      [7, 14, 2, 'keyword', ''],
      [7, 17, 3, 'macro', ''],
      [8, 2, 6, 'keyword', ''],
      [8, 9, 1, 'variable', ''],
      [8, 11, 6, 'enumMember', 'terminal'],
    ]);
    assert.deepEqual(await tokens(uri, { start: { line: 3, character: 20 }, end: { line: 7, character: 3 } }), [
      [3, 14, 11, 'enumMember', 'synchronized'],
      [3, 29, 10, 'enumMember', 'closing'],
      [5, 0, 12, 'keyword', ''],
      [5, 13, 7, 'string', ''],
      [6, 2, 5, 'keyword', ''],
      [6, 8, 1, 'variable', 'declaration'],
      [6, 11, 1, 'variable', 'declaration'],
      [7, 2, 1, 'variable', ''],
    ]);
  });

  it('formats a document to the exact text, and formatting it again changes nothing', async () => {
    const uri = 'file:///format/messy.tcpfsm';
    await client.open(uri, MESSY);
    const edits = await format(uri);
    assert.equal(applyLspEdits(MESSY, edits), MESSY_FORMATTED);
    await client.change(uri, 2, [{ text: MESSY_FORMATTED }]);
    assert.deepEqual(await format(uri), []);
  });

  it("follows the editor's indentation: 4 spaces under \"Spaces: 4\", a tab under tabs", async () => {
    const uri = 'file:///format/indent.tcpfsm';
    const text = 'scenario "S" {\n  CLOSED -> LISTEN : listen\n# a comment at column 0\n      # an indented comment\n}\n';
    await client.open(uri, text);
    assert.equal(applyLspEdits(text, await format(uri, { tabSize: 4, insertSpaces: true })),
      'scenario "S" {\n    CLOSED -> LISTEN : listen\n# a comment at column 0\n    # an indented comment\n}\n');
    assert.equal(applyLspEdits(text, await format(uri, { tabSize: 4, insertSpaces: false })),
      'scenario "S" {\n\tCLOSED -> LISTEN : listen\n# a comment at column 0\n\t# an indented comment\n}\n');
    assert.equal(applyLspEdits(text, await format(uri)), text.replace('      # an', '  # an'), 'two spaces');
  });

  it('formats only the block a range touches', async () => {
    const uri = 'file:///format/range.tcpfsm';
    await client.open(uri, MESSY);
    const edits: TextEdit[] = await client.connection.sendRequest('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 5, character: 0 }, end: { line: 5, character: 4 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(edits.every((e) => e.range.start.line >= 4 && e.range.end.line <= 7), JSON.stringify(edits));
    const lines = MESSY.split('\n');
    lines[5] = '  client: connect';
    lines[6] = '  server: recv SYN';
    assert.equal(applyLspEdits(MESSY, edits), lines.join('\n'));
  });

  it('is idempotent on every example and keeps its diagnostics', async () => {
    const files = [...listFixtures(path.join(ROOT, 'examples')), ...listFixtures(path.join(ROOT, 'examples', 'conversations'))];
    let n = 0;
    for (const file of files) {
      const uri = `file:///format/example${n++}.tcpfsm`;
      const text = fs.readFileSync(file, 'utf8');
      const before = await client.open(uri, text);
      const once = applyLspEdits(text, await format(uri));
      const after = await client.change(uri, 2, [{ text: once }]);
      assert.deepEqual(await format(uri), [], file);
      assert.deepEqual(after.map((d) => [d.code, d.range.start.line]), before.map((d) => [d.code, d.range.start.line]), file);
    }
  });
});
