// The server's "next turn": run a callback once the messages already received are handled. Node
// has setImmediate (and vscode-jsonrpc there handles one queued message per setImmediate); a web
// worker (the browser build, browserMain.ts) has none, and handles each message in a microtask of
// the task that delivered it: a zero-delay timer lets the message events already queued run first.
// Used by the diagnostics scheduling (server.ts) and the sliced requests (slices.ts).

const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

export const nextTurn: (callback: () => void) => void = immediate
  ? (callback) => { immediate(callback); }
  : (callback) => { setTimeout(callback, 0); };
