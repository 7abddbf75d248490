// Editor intelligence through VS Code's own provider commands, with exact results: completion
// after `->`, the outline, formatting, semantic tokens, renaming a conversation peer and the
// "insert the missing step" quick fix. The fixture is test/e2e/workspace/intelligence.tcpfsm
// (a scenario with messy spacing and a conversation); every edit stays in memory.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectDiagnostics, openFixture, rangeText, revertAndCloseAll, serverReady, WAIT_MS } from './helpers';

const FIXTURE = 'intelligence.tcpfsm';

// The fixture's text, line by line (0-based line numbers as vscode.Range counts them).
const LINES = [
  '# Used by the e2e suite (intelligence.test.ts): edited in memory, never saved.', // 0
  'scenario "Passive open" {', //                                                    1
  '  CLOSED -> LISTEN : listen', //                                                  2
  '    LISTEN   ->  SYN_RECEIVED:recv SYN / send SYN+ACK', //                        3
  '  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN   # done', //                     4
  '}', //                                                                            5
  '', //                                                                             6
  'conversation "Handshake" {', //                                                   7
  '  server: listen', //                                                             8
  '  client :connect', //                                                            9
  '  server: recv SYN', //                                                          10
  '  expect client SYN_SENT, server SYN_RECEIVED', //                               11
  '}', //                                                                           12
  '',
];

function isCodeAction(item: vscode.CodeAction | vscode.Command): item is vscode.CodeAction {
  return typeof (item as vscode.Command).command !== 'string';
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Opens the fixture and checks it is the text this file expects, clean. */
async function openClean(): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const opened = await openFixture(FIXTURE);
  assert.equal(opened.doc.getText(), LINES.join('\n'), `${FIXTURE} is not the text this test expects`);
  await expectDiagnostics(opened.doc.uri, []);
  return opened;
}

/**
 * Asks a provider command again until `ok` accepts the answer (a provider can answer empty while
 * the language client is still attaching to a freshly opened document). Polls; never a fixed wait.
 */
async function eventually<T>(ask: () => Thenable<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last: T;
  for (;;) {
    last = await ask();
    if (ok(last)) return last;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)} after ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval, not a settle delay
  }
}

suite('editor intelligence', () => {
  suiteSetup(serverReady);
  teardown(revertAndCloseAll);

  test('completion after `LISTEN -> `: the states LISTEN goes to, main edges first, each with its label', async () => {
    const { doc, editor } = await openClean();
    // A new line after "  CLOSED -> LISTEN : listen", typed up to the arrow.
    assert.equal(await editor.edit((edit) => edit.insert(new vscode.Position(3, 0), '  LISTEN -> \n')), true);
    assert.equal(doc.lineAt(3).text, '  LISTEN -> ');
    const position = new vscode.Position(3, 12);

    const list = await eventually(
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position),
      (l) => (l?.items ?? []).some((i) => labelOf(i) === 'SYN_RECEIVED'), 'completion items');
    // The server's items (snippets from snippets/tcpfsm.code-snippets may come with them).
    const states = list.items.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember);
    assert.deepEqual(states.map((i) => [labelOf(i), i.detail]), [
      ['SYN_RECEIVED', 'recv SYN / send SYN+ACK'],
      ['SYN_SENT', 'send data / send SYN'],
      ['CLOSED', 'close'],
      ['CLOSED', 'abort'],
      ['CLOSED', 'timeout user'],
      ['LISTEN', 'recv ACK / send RST (or 1 more)'],
    ]);
    assert.equal(labelOf(list.items[0]), 'SYN_RECEIVED', 'SYN_RECEIVED is the first item of the whole list');
    assert.equal(list.items[0].detail, 'recv SYN / send SYN+ACK');
    assert.deepEqual(states.map((i) => (typeof i.label === 'string' ? '' : i.label.description ?? '')),
      ['recv SYN / send SYN+ACK', 'send data / send SYN', 'close', 'abort · exceptional', 'timeout user · exceptional', 'recv ACK / send RST (or 1 more) · stays']);
    // Each item inserts its state at the cursor, replacing nothing.
    const [first] = states;
    const range = first.range instanceof vscode.Range ? first.range : first.range?.replacing;
    assert.ok(range, 'the item carries a range');
    assert.equal(rangeText(range), '3:12-3:12');
    assert.equal(first.insertText, 'SYN_RECEIVED');
  });

  test('the outline: both blocks with their steps and events as children', async () => {
    const { doc } = await openClean();
    const symbols = await eventually(
      () => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri),
      (s) => (s?.length ?? 0) > 0, 'document symbols');
    const view = (s: vscode.DocumentSymbol): unknown => ({
      name: s.name,
      detail: s.detail,
      kind: vscode.SymbolKind[s.kind],
      range: rangeText(s.range),
      ...(s.children.length > 0 ? { children: s.children.map(view) } : {}),
    });
    assert.deepEqual(symbols.map(view), [
      {
        name: 'Passive open', detail: 'scenario · 3 steps', kind: 'Class', range: '1:0-5:1',
        children: [
          { name: 'CLOSED -> LISTEN', detail: 'listen', kind: 'Function', range: '2:2-2:27' },
          { name: 'LISTEN -> SYN_RECEIVED', detail: 'recv SYN / send SYN+ACK', kind: 'Function', range: '3:4-3:53' },
          { name: 'SYN_RECEIVED -> ESTABLISHED', detail: 'recv ACK of SYN', kind: 'Function', range: '4:2-4:47' },
        ],
      },
      {
        name: 'Handshake', detail: 'conversation · client, server', kind: 'Namespace', range: '7:0-12:1',
        children: [
          { name: 'server: listen', detail: '', kind: 'Event', range: '8:2-8:16' },
          { name: 'client :connect', detail: '', kind: 'Event', range: '9:2-9:17' },
          { name: 'server: recv SYN', detail: '', kind: 'Event', range: '10:2-10:18' },
          { name: 'expect client SYN_SENT, server SYN_RECEIVED', detail: '', kind: 'Event', range: '11:2-11:45' },
        ],
      },
    ]);
  });

  test('Format Document aligns the arrows and colons, keeps the comment, and is idempotent', async () => {
    const { doc } = await openClean();
    const options: vscode.FormattingOptions = { tabSize: 2, insertSpaces: true };
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, options);
    assert.ok(edits && edits.length > 0, 'formatting gave no edits');
    const edit = new vscode.WorkspaceEdit();
    edit.set(doc.uri, edits);
    assert.equal(await vscode.workspace.applyEdit(edit), true, 'applyEdit failed');
    assert.equal(doc.getText(), [
      '# Used by the e2e suite (intelligence.test.ts): edited in memory, never saved.',
      'scenario "Passive open" {',
      '  CLOSED       -> LISTEN       : listen',
      '  LISTEN       -> SYN_RECEIVED : recv SYN / send SYN+ACK',
      '  SYN_RECEIVED -> ESTABLISHED  : recv ACK of SYN  # done',
      '}',
      '',
      'conversation "Handshake" {',
      '  server: listen',
      '  client: connect',
      '  server: recv SYN',
      '  expect client SYN_SENT, server SYN_RECEIVED',
      '}',
      '',
    ].join('\n'));
    await expectDiagnostics(doc.uri, []);
    const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, options);
    assert.deepEqual(again ?? [], [], 'formatting the formatted text changes nothing');
  });

  test('semantic tokens: the legend and the tokens of the scenario header and first step', async () => {
    const { doc } = await openClean();
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', doc.uri);
    assert.ok(legend, 'no semantic tokens legend');
    assert.deepEqual([...legend.tokenTypes], ['keyword', 'string', 'enumMember', 'function', 'macro', 'variable', 'number', 'type', 'modifier', 'parameter']);
    assert.deepEqual([...legend.tokenModifiers], ['declaration', 'opening', 'synchronized', 'closing', 'terminal', 'alias']);

    const tokens = await eventually(
      () => vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', doc.uri),
      (t) => (t?.data.length ?? 0) > 0, 'semantic tokens');
    assert.equal(tokens.data.length % 5, 0);
    // Decode the relative encoding: [deltaLine, deltaStart, length, type, modifier bits].
    const decoded: string[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dLine, dChar, length, type, bits] = tokens.data.slice(i, i + 5);
      line += dLine;
      char = dLine === 0 ? char + dChar : dChar;
      const modifiers = legend.tokenModifiers.filter((_, m) => bits & (1 << m));
      decoded.push(`${line}:${char} ${doc.getText(new vscode.Range(line, char, line, char + length))} ${legend.tokenTypes[type]}${modifiers.map((m) => `.${m}`).join('')}`);
    }
    assert.deepEqual(decoded.slice(0, 6), [
      '1:0 scenario keyword',
      '1:9 "Passive open" string',
      '2:2 CLOSED enumMember.terminal',
      '2:12 LISTEN enumMember.opening',
      '2:21 listen function',
      '3:4 LISTEN enumMember.opening',
    ]);
    // The conversation's peers are variables.
    assert.ok(decoded.includes('8:2 server variable'), decoded.join('\n'));
    assert.ok(decoded.includes('11:9 client variable'), decoded.join('\n'));
  });

  test('renaming a conversation peer renames it everywhere and declares the pair', async () => {
    const { doc } = await openClean();
    // `client` in "  client :connect".
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider', doc.uri, new vscode.Position(9, 4), 'alice');
    assert.ok(edit, 'no rename edit');
    assert.deepEqual(edit.get(doc.uri).map((e) => [rangeText(e.range), e.newText]), [
      ['8:0-8:0', '  peers alice, server\n'],
      ['9:2-9:8', 'alice'],
      ['11:9-11:15', 'alice'],
    ]);
    assert.equal(await vscode.workspace.applyEdit(edit), true, 'applyEdit failed');
    assert.deepEqual(doc.getText().split('\n').slice(7, 14), [
      'conversation "Handshake" {',
      '  peers alice, server',
      '  server: listen',
      '  alice :connect',
      '  server: recv SYN',
      '  expect alice SYN_SENT, server SYN_RECEIVED',
      '}',
    ]);
    await expectDiagnostics(doc.uri, []);
  });

  test('highlights, definition, references and selection ranges come from the server', async () => {
    const { doc } = await openClean();
    // SYN_RECEIVED on "    LISTEN   ->  SYN_RECEIVED:recv SYN / send SYN+ACK": the same state in its block.
    const highlights = await eventually(
      () => vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, new vscode.Position(3, 20)),
      (hs) => (hs ?? []).length > 0, 'document highlights');
    assert.deepEqual(highlights.map((h) => rangeText(h.range)).sort(), ['3:17-3:29', '4:2-4:14']);
    // `server` has no peers line: its first use defines it; references list every use.
    const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider', doc.uri, new vscode.Position(10, 4));
    assert.deepEqual(definitions.map((d) => rangeText('targetRange' in d ? d.targetSelectionRange ?? d.targetRange : d.range)), ['8:2-8:8']);
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, new vscode.Position(10, 4));
    assert.deepEqual(references.map((r) => rangeText(r.range)).sort(), ['10:2-10:8', '11:26-11:32', '8:2-8:8']);
    // Selection ranges grow from the word to the whole file.
    const [selection] = await vscode.commands.executeCommand<vscode.SelectionRange[]>(
      'vscode.executeSelectionRangeProvider', doc.uri, [new vscode.Position(4, 5)]);
    const chain: vscode.Range[] = [];
    for (let r: vscode.SelectionRange | undefined = selection; r; r = r.parent) chain.push(r.range);
    // VS Code merges its own word-part ranges (`SYN` of SYN_RECEIVED) below the server's.
    assert.ok(chain.some((r) => rangeText(r) === '4:2-4:14'), `the state name is a step: ${chain.map(rangeText).join(' ⊂ ')}`);
    for (let k = 1; k < chain.length; k++) assert.ok(chain[k].contains(chain[k - 1]), `range ${k} contains range ${k - 1}`);
    assert.ok(chain.length >= 4, `word, line, body, block, file: ${chain.map(rangeText).join(' ⊂ ')}`);
    assert.equal(rangeText(chain[chain.length - 1]).startsWith('0:0-'), true, 'the file last');
  });

  test("an illegal jump offers 'Insert the missing step through SYN_RECEIVED', which leaves no diagnostics", async () => {
    const { doc, editor } = await openClean();
    // Lines 3-4 become one jump "  LISTEN -> ESTABLISHED", which skips SYN_RECEIVED.
    assert.equal(await editor.edit((e) => e.replace(new vscode.Range(3, 0, 4, LINES[4].length), '  LISTEN -> ESTABLISHED')), true);
    const [illegal] = await expectDiagnostics(doc.uri, ['error illegal-transition@3:12-3:23']);

    const items = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, illegal.range) ?? [];
    const actions = items.filter(isCodeAction);
    const fix = actions.find((a) => a.title.startsWith('Insert the missing step'));
    assert.ok(fix, `no "Insert the missing step" action among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.title, 'Insert the missing step through SYN_RECEIVED');
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.edit, 'the quick fix carries an edit');

    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit failed');
    assert.deepEqual(doc.getText().split('\n').slice(1, 6), [
      'scenario "Passive open" {',
      '  CLOSED -> LISTEN : listen',
      '  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK',
      '  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN',
      '}',
    ]);
    await expectDiagnostics(doc.uri, []);
  });
});
