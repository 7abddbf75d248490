// The VS Code extension: starts the bundled language server for .tcpfsm files and tells the user
// clearly when it cannot.

import * as vscode from 'vscode';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'tcpfsm' }],
  };
  client = new LanguageClient('tcpfsm', 'TCP State Explorer', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const choice = await vscode.window.showErrorMessage(
      `TCP State Explorer: the .tcpfsm language server failed to start (${reason}). Checking, hovers and quick fixes are off.`,
      'Show Log',
    );
    if (choice === 'Show Log') client.outputChannel.show();
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
