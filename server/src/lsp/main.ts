// Entry point of the Node language server bundle (`tcpfsm-language-server`): VS Code starts it
// over IPC, other editors over `--stdio`; with no transport argument it speaks stdio. The browser
// build's entry is browserMain.ts; both only choose the transport for server.ts.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('usage: tcpfsm-language-server [--stdio | --node-ipc | --socket=PORT]\n\nThe .tcpfsm language server (LSP). Without a transport argument it uses stdio.\n');
  process.exit(0);
}
if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}

// A stray exception must not take the server down with the editor's session.
process.on('uncaughtException', (err) => {
  process.stderr.write(`tcpfsm-language-server: uncaught exception: ${err.stack ?? err.message}\n`);
});

startServer(createConnection(ProposedFeatures.all));
