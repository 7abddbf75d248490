// What the extension does once it is running, the same in VS Code's Node extension host and in the
// browser's web worker host: registers the diagram preview (commands, the one preview that follows
// the active editor, export), the capture viewer and its commands (client/src/capture/), starts
// the language client, and tells the user clearly when the server cannot start. The entries
// (extension.ts for Node, browserExtension.ts for the browser) differ only in how the client
// reaches its server (a Node process over IPC, or a Worker) and in how a capture file is read
// (streamed from disk in Node, through workspace.fs in the browser).

import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { DIAGRAM_REQUEST, type DiagramModel, type DiagramParams } from '../../server/src/protocol/diagram';
import { STATE_PAGE_COMMAND } from '../../server/src/service/stateDoc';
import { registerCaptureCommands } from './capture/commands';
import { CaptureEditorProvider } from './capture/editor';
import type { FileChunks } from './capture/source';
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

/** What an entry adds to what both share. */
export interface EntryOptions {
  /** Streams a local capture from disk (the Node entry); without it a capture is read through workspace.fs. */
  readonly fileChunks?: FileChunks;
  /** Runs once the server is up (the Node entry opens `npm start`'s example there). */
  readonly afterStart?: (log: vscode.LogOutputChannel) => Promise<void>;
}

/** Registers everything and starts the client made by `createClient`. */
export async function activateWith(context: vscode.ExtensionContext, createClient: ClientFactory, entry: EntryOptions = {}): Promise<void> {
  const { afterStart } = entry;
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
  // Real traffic: the capture viewer (the pure core runs here, in the extension host) and its commands.
  const captureLog = vscode.window.createOutputChannel('TCP State Explorer: Capture', { log: true });
  context.subscriptions.push(captureLog, CaptureEditorProvider.register(context.extensionUri, entry.fileChunks, captureLog), registerCaptureCommands());

  try {
    await started.start();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const choice = await vscode.window.showErrorMessage(
      `TCP State Explorer: the .tcpfsm language server failed to start (${reason}). Checking, hovers, quick fixes and the diagram preview are off.`,
      'Show Log',
    );
    if (choice === 'Show Log') started.outputChannel.show();
    return;
  }
  try {
    await afterStart?.(diagramLog);
  } catch (err) {
    diagramLog.error(`after the start: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
