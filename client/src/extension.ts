// The extension's Node entry (package.json `main`): the language server runs as a Node process
// (dist/server.js) spoken to over IPC, and a capture is streamed from disk (capture/nodeFile.ts).
// Everything else is shared with the browser entry (activate.ts).

import type * as vscode from 'vscode';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';
import { activateWith, CLIENT_ID, CLIENT_NAME } from './activate';
import { nodeFileChunks } from './capture/nodeFile';
import { openOnStart } from './gettingStarted';

export { deactivate } from './activate';

export function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  // `npm start` names an example of the workspace to open beside its preview (scripts/start.mjs).
  return activateWith(context, (options) => new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, options), {
    fileChunks: nodeFileChunks,
    afterStart: (log) => openOnStart(process.env.TCPFSM_OPEN_ON_START, log),
  });
}
