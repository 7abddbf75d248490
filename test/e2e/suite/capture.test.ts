// Real traffic through VS Code's API, where the UI test cannot drive it: "TCP: Import Capture…"
// given a file (the picker is skipped) and a .pcap opened as any file both open the "TCP Capture"
// editor; "TCP: Import tcpdump Output from Clipboard" turns the clipboard's tcpdump -nn text into an
// untitled .tcpfsm document that the language server checks clean; "TCP: Explain Socket States"
// explains the selection (or the clipboard) in a read-only report beside the editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { repoUri, revertAndCloseAll, serverReady, waitForDiagnostics, WAIT_MS } from './helpers';

const CAPTURE_VIEW_TYPE = 'tcpfsm.capture';

/** The open "TCP Capture" editors' files. */
function captureTabs(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .flatMap((tab) => (tab.input instanceof vscode.TabInputCustom && tab.input.viewType.endsWith(CAPTURE_VIEW_TYPE) ? [tab.input.uri.toString()] : []));
}

/** Resolves once `predicate` holds, checked now and on every change of `event`; rejects after WAIT_MS with `describe()`. */
function when<T>(event: vscode.Event<T>, predicate: () => boolean, describe: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate()) return;
      subscription.dispose();
      clearTimeout(timer);
      resolve();
    };
    const subscription = event(check);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${WAIT_MS} ms: ${describe()}`));
    }, WAIT_MS);
    check();
  });
}

const waitForCaptureTab = (uri: vscode.Uri) =>
  when(vscode.window.tabGroups.onDidChangeTabs, () => captureTabs().includes(uri.toString()), () => `capture tabs ${JSON.stringify(captureTabs())}`);

const waitForEditor = (predicate: (editor: vscode.TextEditor) => boolean, what: string) =>
  when(vscode.window.onDidChangeVisibleTextEditors, () => vscode.window.visibleTextEditors.some(predicate),
    () => `${what}; visible: ${JSON.stringify(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()))}`);

async function fixtureText(...segments: string[]): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(repoUri(...segments)));
}

suite('real traffic: capture import and socket states', () => {
  suiteSetup(serverReady);
  teardown(revertAndCloseAll);

  test('the walkthrough\'s capture step opens the shipped capture in the TCP Capture editor', async () => {
    await vscode.commands.executeCommand('tcpfsm.openExample', 'captures/lost-final-ack.pcap');
    await when(vscode.window.tabGroups.onDidChangeTabs, () => captureTabs().some((uri) => uri.endsWith('/examples/captures/lost-final-ack.pcap')),
      () => `capture tabs ${JSON.stringify(captureTabs())}`);
    assert.equal(vscode.window.visibleTextEditors.some((e) => e.document.uri.path.endsWith('.pcap')), false, 'not opened as text');
  });

  test('TCP: Import Capture… given a file opens it in the TCP Capture editor', async () => {
    const pcap = repoUri('test', 'fixtures', 'captures', 'scenario-1.pcap');
    await vscode.commands.executeCommand('tcpfsm.importCapture', pcap);
    await waitForCaptureTab(pcap);
    // tcpdump -nn text too (the viewer reads every capture format).
    const text = repoUri('test', 'fixtures', 'captures', 'scenario-1.tcpdump.txt');
    await vscode.commands.executeCommand('tcpfsm.importCapture', text);
    await waitForCaptureTab(text);
    assert.equal(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === text.toString()), false, 'not opened as text');
  });

  test('a .pcap file opens in the TCP Capture editor by default', async () => {
    const pcap = repoUri('test', 'fixtures', 'captures', 'scenario-21.pcap');
    await vscode.commands.executeCommand('vscode.open', pcap);
    await waitForCaptureTab(pcap);
  });

  test('TCP: Import tcpdump Output from Clipboard opens a .tcpfsm document that checks clean', async () => {
    const tcpdump = await fixtureText('test', 'fixtures', 'captures', 'scenario-1.tcpdump.txt');
    await vscode.env.clipboard.writeText(tcpdump);
    assert.equal(await vscode.env.clipboard.readText(), tcpdump, 'the clipboard holds the text');
    await vscode.commands.executeCommand('tcpfsm.importClipboard');
    const imported = (e: vscode.TextEditor) => e.document.isUntitled && e.document.languageId === 'tcpfsm';
    await waitForEditor(imported, 'an untitled .tcpfsm editor');
    const editor = vscode.window.visibleTextEditors.find(imported)!;
    const doc = editor.document;
    const lines = doc.getText().split('\n');
    assert.equal(lines[0], '# The clipboard: 1 TCP connection, imported (tcpfsm import)');
    assert.equal(lines[2], 'conversation "127.0.0.1:5102 → 127.0.0.1:5101" {');
    assert.match(lines[4], /^ {2}0\.000000 client: connect +# #1 \[S\] seq 0 len 0$/);

    // The server checks this document: a bad line gives an error there; undone, the import is clean.
    const end = lines.indexOf('}');
    await editor.edit((b) => b.insert(new vscode.Position(end, 0), '  9.000000 client: recv WHAT\n'));
    const bad = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'an error on the bad line');
    assert.ok(bad.every((d) => d.range.start.line === end), `only the inserted line: ${JSON.stringify(bad.map((d) => [d.range.start.line, d.message]))}`);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText().split('\n').indexOf('}'), end, 'the edit undone');
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'no diagnostics on the imported conversation');
  });

  test('TCP: Import tcpdump Output from Clipboard says what is wrong with other text', async () => {
    await vscode.env.clipboard.writeText('');
    const before = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    await vscode.commands.executeCommand('tcpfsm.importClipboard');
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.languageId === 'tcpfsm').length, before, 'no document opened');
  });

  test('TCP: Explain Socket States explains the selection beside the editor, read-only', async () => {
    const ss = await fixtureText('test', 'fixtures', 'explain', 'ss-tan.txt');
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `notes before\n${ss}` });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, doc.lineCount, 0);
    await vscode.commands.executeCommand('tcpfsm.explainSocketStates');
    const isReport = (e: vscode.TextEditor) => e.document.uri.scheme === 'tcpfsm-report';
    await waitForEditor(isReport, 'the report');
    const report = vscode.window.visibleTextEditors.find(isReport)!;
    const text = report.document.getText();
    assert.match(text, /^# Socket states of the selection \(tcpfsm explain\)\n\n29 TCP sockets \(read from ss output\)\n/);
    assert.match(text, /\nCLOSE_WAIT \(CLOSE-WAIT\): 3 sockets\n {2}local ports: 8080 \(2\), 4040\n/);
    assert.notEqual(report.viewColumn, editor.viewColumn, 'beside the editor');
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the focus stays in the editor');
    // A content provider's document: no file behind it, nothing to save.
    assert.equal(report.document.isUntitled, false);
    assert.equal(report.document.isDirty, false);
  });

  test('TCP: Explain Socket States reads the clipboard when nothing is selected', async () => {
    await vscode.env.clipboard.writeText(await fixtureText('test', 'fixtures', 'explain', 'proc-net-tcp.txt'));
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'nothing selected here' });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('tcpfsm.explainSocketStates');
    const isReport = (e: vscode.TextEditor) => e.document.uri.scheme === 'tcpfsm-report' && e.document.getText().includes('the clipboard');
    await waitForEditor(isReport, 'the report of the clipboard');
    const text = vscode.window.visibleTextEditors.find(isReport)!.document.getText();
    assert.match(text, /^# Socket states of the clipboard \(tcpfsm explain\)\n\n\d+ TCP sockets \(read from \/proc\/net\/tcp output\)\n/);
  });
});
