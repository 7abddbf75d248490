// The first five minutes: the commands behind the Get Started walkthrough (open an example beside
// its preview, show a state's hover) and `npm start`'s opening move (TCPFSM_OPEN_ON_START names an
// example of the workspace to open beside its preview).

import * as vscode from 'vscode';
import { CAPTURE_VIEW_TYPE } from './capture/editor';
import { WALKTHROUGH_EXAMPLES } from './walkthroughExamples';

export const WALKTHROUGH_COMMANDS = {
  openExample: 'tcpfsm.openExample',
  showStateHover: 'tcpfsm.showStateHover',
} as const;

/** Only these names, from a command link: nothing else of the disk is read. */
function isExample(name: unknown): name is (typeof WALKTHROUGH_EXAMPLES)[number] {
  return typeof name === 'string' && (WALKTHROUGH_EXAMPLES as readonly string[]).includes(name);
}

/** Opens `document` in the first column and its diagram preview beside it. */
async function showWithPreview(document: vscode.TextDocument, preview: boolean): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
  if (preview) await vscode.commands.executeCommand('tcpfsm.openDiagramToSide');
  return editor;
}

/**
 * Opens a copy of a shipped example (an untitled document: the user plays with it without touching
 * the extension's files), with its preview beside it when `preview`; a shipped capture in the TCP
 * Capture editor.
 */
async function openExample(extensionUri: vscode.Uri, name: unknown, preview: unknown): Promise<void> {
  const example = isExample(name) ? name : WALKTHROUGH_EXAMPLES[0];
  const uri = vscode.Uri.joinPath(extensionUri, 'examples', ...example.split('/'));
  // A capture opens in the viewer, which never writes to the file.
  if (example.endsWith('.pcap')) return void (await vscode.commands.executeCommand('vscode.openWith', uri, CAPTURE_VIEW_TYPE));
  const bytes = await vscode.workspace.fs.readFile(uri);
  const document = await vscode.workspace.openTextDocument({ language: 'tcpfsm', content: new TextDecoder().decode(bytes) });
  await showWithPreview(document, preview === true);
}

/** Puts the cursor on the first state name of the active .tcpfsm editor and shows its hover. */
async function showStateHover(extensionUri: vscode.Uri): Promise<void> {
  let editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'tcpfsm') {
    await openExample(extensionUri, 'active-close.tcpfsm', false);
    editor = vscode.window.activeTextEditor;
  }
  if (!editor) return;
  const text = editor.document.getText();
  const match = /\b(ESTABLISHED|FIN_WAIT_[12]|TIME_WAIT|CLOSE_WAIT|LAST_ACK|SYN_SENT|SYN_RECEIVED|LISTEN|CLOSING|CLOSED)\b/.exec(
    text.split('\n').map((line) => line.replace(/#.*$/, '')).join('\n'));
  if (!match) return;
  const position = editor.document.positionAt(match.index + 1);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
}

/** `npm start`: the example that TCPFSM_OPEN_ON_START names (`name`) (relative to the workspace folder), beside its preview. */
export async function openOnStart(name: string | undefined, log: vscode.LogOutputChannel): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!name || !folder) return;
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, ...name.split('/')));
    await showWithPreview(document, true);
  } catch (error) {
    log.warn(`TCPFSM_OPEN_ON_START: cannot open ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function registerGettingStarted(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.openExample, (name?: unknown, preview?: unknown) => openExample(extensionUri, name, preview)),
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.showStateHover, () => showStateHover(extensionUri)),
  );
}
