// The VS Code extension: starts the bundled language server for .tcpfsm files and tells the user
// clearly when it cannot; registers the diagram preview, which asks that server for its model.

import * as vscode from 'vscode';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';
import { DIAGRAM_REQUEST, type DiagramModel, type DiagramParams } from '../../server/src/protocol/diagram';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { DiagramPreviews } from './diagram/previews';
import { registerStatePages } from './statePages';
import { STATE_PAGE_COMMAND } from '../../server/src/service/stateDoc';

let client: LanguageClient | undefined;

/** The running language client, if any (the diagram preview sends its requests through it). */
export function getClient(): LanguageClient | undefined {
  return client;
}

/** Asks the language server for a document's diagram model. */
function requestDiagram(params: DiagramParams): Promise<DiagramModel | null> {
  if (!client) return Promise.reject(new Error('the .tcpfsm language server is not running'));
  return client.sendRequest<DiagramModel | null>(DIAGRAM_REQUEST, params);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'tcpfsm' }],
    // State hovers end in a "More…" link that runs this one command (and no other).
    initializationOptions: { commandLinks: true },
    markdown: { isTrusted: { enabledCommands: [STATE_PAGE_COMMAND] } },
  };
  client = new LanguageClient('tcpfsm', 'TCP State Explorer', serverOptions, clientOptions);

  // Registered before the server starts: a preview restored after a reload activates the
  // extension (onWebviewPanel:tcpfsm.diagram) and its requests wait for the client to be running.
  const diagramLog = vscode.window.createOutputChannel('TCP State Explorer: Diagram', { log: true });
  context.subscriptions.push(diagramLog, new DiagramPreviews(context.extensionUri, requestDiagram, diagramLog), registerStatePages());

  try {
    await client.start();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const choice = await vscode.window.showErrorMessage(
      `TCP State Explorer: the .tcpfsm language server failed to start (${reason}). Checking, hovers, quick fixes and the diagram preview are off.`,
      'Show Log',
    );
    if (choice === 'Show Log') client.outputChannel.show();
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
