// The extension's browser entry (package.json `browser`), for vscode.dev, github.dev and other web
// extension hosts: the language server runs in a Worker (dist/web/server.js) spoken to with
// postMessage. Everything else is shared with the Node entry (activate.ts).

import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports } from 'vscode-languageclient/browser';
import { activateWith, CLIENT_ID, CLIENT_NAME } from './activate';

export { deactivate } from './activate';

const SERVER_SCRIPT = ['dist', 'web', 'server.js'] as const;

/**
 * Starts the server's Worker. On vscode.dev and github.dev the extension's files have https:
 * URLs, which a Worker loads directly. Served by a remote extension host's server (code-server,
 * a remote opened in a browser) they are vscode-remote: URIs, from which VS Code's web worker
 * host refuses to start workers: then the script is read through workspace.fs and started from
 * its text (a blob: URL, revoked when the extension is deactivated).
 */
async function startServerWorker(context: vscode.ExtensionContext): Promise<Worker> {
  const script = vscode.Uri.joinPath(context.extensionUri, ...SERVER_SCRIPT);
  const options: WorkerOptions = { name: 'tcpfsm-language-server' };
  if (script.scheme === 'http' || script.scheme === 'https' || script.scheme === 'file') return new Worker(script.toString(true), options);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(script));
  const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  context.subscriptions.push({ dispose: () => URL.revokeObjectURL(url) });
  return new Worker(url, options);
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  // The transports are built here rather than by handing the client a Worker: the web worker
  // host wraps the Worker constructor, so the client's own `instanceof Worker` test would fail.
  const transports = async (): Promise<MessageTransports> => {
    const worker = await startServerWorker(context);
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  return activateWith(context, (options) => new LanguageClient(CLIENT_ID, CLIENT_NAME, transports, options));
}
