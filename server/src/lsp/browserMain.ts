// Entry point of the language server's web worker bundle (dist/web/server.js), started by the
// extension's browser entry (client/src/browserExtension.ts): LSP messages come and go with
// postMessage. The Node entry is main.ts; both only choose the transport for server.ts.

import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from './server';

/** The worker's own global scope: postMessage to the client, message events from it. */
const port = globalThis as unknown as DedicatedWorkerGlobalScope;

// A stray exception must not take the server down: log it where the worker's console goes.
port.addEventListener('error', (event) => {
  console.error(`tcpfsm-language-server: uncaught exception: ${event.error instanceof Error ? event.error.stack ?? event.error.message : event.message}`);
  event.preventDefault();
});

startServer(createConnection(ProposedFeatures.all, new BrowserMessageReader(port), new BrowserMessageWriter(port)));
