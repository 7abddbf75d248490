// The commands of real traffic: "TCP: Import Capture…" (a file picker, then the capture viewer),
// "TCP: Import tcpdump Output from Clipboard" (an untitled .tcpfsm document) and "TCP: Explain
// Socket States" (the selection's or the clipboard's ss / netstat / /proc/net/tcp text → the report
// of `tcpfsm explain`, read-only, beside the editor).

import * as vscode from 'vscode';
import { explainSocketTable, explainText } from '../../../server/src/service/explain';
import { CAPTURE_VIEW_TYPE } from './editor';
import { importCaptureText } from './importText';

export const COMMANDS = {
  importCapture: 'tcpfsm.importCapture',
  importClipboard: 'tcpfsm.importClipboard',
  explainSocketStates: 'tcpfsm.explainSocketStates',
} as const;

/** The scheme of the read-only report documents. */
export const REPORT_SCHEME = 'tcpfsm-report';

/** Keeps the reports' text for their read-only documents. */
class Reports implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  add(text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${++this.count}/Socket states.txt` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This report is no longer available: run "TCP: Explain Socket States" again.';
  }
}

export function registerCaptureCommands(): vscode.Disposable {
  const reports = new Reports();
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.commands.registerCommand(COMMANDS.importCapture, importCapture),
    vscode.commands.registerCommand(COMMANDS.importClipboard, importClipboard),
    vscode.commands.registerCommand(COMMANDS.explainSocketStates, () => explainSocketStates(reports)),
  );
}

/** Opens a capture in the viewer; without a URI (the command palette) asks for the file. */
async function importCapture(uri?: unknown): Promise<void> {
  let target = uri instanceof vscode.Uri ? uri : undefined;
  if (!target) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Import',
      title: 'Import a packet capture',
      filters: { 'Packet captures': ['pcap', 'pcapng', 'cap'], 'tcpdump -nn text': ['txt', 'log'], 'All files': ['*'] },
    });
    target = picked?.[0];
    if (!target) return;
  }
  await vscode.commands.executeCommand('vscode.openWith', target, CAPTURE_VIEW_TYPE);
}

/** The clipboard's tcpdump -nn text as an untitled .tcpfsm document with every connection. */
async function importClipboard(): Promise<void> {
  const result = importCaptureText(await vscode.env.clipboard.readText(), 'The clipboard');
  if ('error' in result) {
    void vscode.window.showErrorMessage(`TCP: ${result.error}.`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'tcpfsm', content: result.text });
  await vscode.window.showTextDocument(doc);
}

/** The socket table of the selection (when there is one) or of the clipboard, explained beside the editor. */
async function explainSocketStates(reports: Reports): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const fromSelection = selected.trim() !== '';
  const text = fromSelection ? selected : await vscode.env.clipboard.readText();
  const source = fromSelection ? 'the selection' : 'the clipboard';
  if (text.trim() === '') {
    void vscode.window.showErrorMessage('TCP: select the output of ss -tan, netstat -tan or /proc/net/tcp (or copy it) first.');
    return;
  }
  const report = explainSocketTable(text);
  if ('error' in report) {
    void vscode.window.showErrorMessage(`TCP: ${source} is ${report.error}.`);
    return;
  }
  const uri = reports.add(`# Socket states of ${source} (tcpfsm explain)\n\n${explainText(report)}`);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
}
