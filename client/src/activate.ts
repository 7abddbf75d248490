// What the extension does once it is running, the same in VS Code's Node extension host and in the
// browser's web worker host: registers the diagram preview (commands, the one preview that follows
// the active editor, export), starts the language client, and tells the user clearly when the
// server cannot start. The entries (extension.ts for Node, browserExtension.ts for the browser)
// differ only in how the client reaches its server: a Node process over IPC, or a Worker.

import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { DIAGRAM_REQUEST, type DiagramModel, type DiagramParams } from '../../server/src/protocol/diagram';
import { STATE_PAGE_COMMAND } from '../../server/src/service/stateDoc';
import { DiagramPreviews } from './diagram/previews';
import { registerGettingStarted } from './gettingStarted';
import { registerStatePages } from './statePages';

export const CLIENT_ID = 'tcpfsm';
export const CLIENT_NAME = 'TCP State Explorer';

/** Creates the (not yet started) language client with these options. */
export type ClientFactory = (options: LanguageClientOptions) => BaseLanguageClient;

let client: BaseLanguageClient | undefined;

/** Asks the language server for a document's diagram model. */
function requestDiagram(params: DiagramParams): Promise<DiagramModel | null> {
  if (!client) return Promise.reject(new Error('the .tcpfsm language server is not running'));
  return client.sendRequest<DiagramModel | null>(DIAGRAM_REQUEST, params);
}

/**
 * Registers everything and starts the client made by `createClient`; `afterStart` runs once the
 * server is up (the Node entry opens `npm start`'s example there).
 */
export async function activateWith(
  context: vscode.ExtensionContext, createClient: ClientFactory, afterStart?: (log: vscode.LogOutputChannel) => Promise<void>,
): Promise<void> {
  const started = createClient({
    documentSelector: [{ language: 'tcpfsm' }],
    // State hovers end in a "More…" link that runs this one command (and no other).
    initializationOptions: { commandLinks: true },
    markdown: { isTrusted: { enabledCommands: [STATE_PAGE_COMMAND] } },
  });
  client = started;

  // Registered before the server starts: a preview restored after a reload activates the
  // extension (onWebviewPanel:tcpfsm.diagram) and its requests wait for the client to be running.
  const diagramLog = vscode.window.createOutputChannel('TCP State Explorer: Diagram', { log: true });
  context.subscriptions.push(
    diagramLog, new DiagramPreviews(context.extensionUri, requestDiagram, diagramLog), registerStatePages(), registerGettingStarted(context.extensionUri),
  );

  try {
    await started.start();
    await afterStart?.(diagramLog);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const choice = await vscode.window.showErrorMessage(
      `TCP State Explorer: the .tcpfsm language server failed to start (${reason}). Checking, hovers, quick fixes and the diagram preview are off.`,
      'Show Log',
    );
    if (choice === 'Show Log') started.outputChannel.show();
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
