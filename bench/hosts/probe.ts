// The first-diagnostics probe, run inside an extension host as its tests module (bench/hosts.mjs
// bundles it once for Node's extension host and once for the web worker host). In the workspace
// the runner wrote: opens `cold.tcpfsm` first (the extension activates and starts its server), then
// each `warm-*.tcpfsm` (the server runs), then `large.tcpfsm`, and times each from the call that
// opens it to the first diagnostics VS Code has for it. Prints one line `tcpfsm bench: {json}`.
import * as vscode from 'vscode';

const EXTENSION_ID = 'tcp-state-explorer.tcp-state-explorer';
const TIMEOUT_MS = 60_000;

/** ms from opening `uri` (and showing it in an editor) to its first non-empty diagnostics. */
async function openToFirstDiagnostics(uri: vscode.Uri): Promise<number> {
  let subscription: vscode.Disposable | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const key = uri.toString();
  const diagnosed = new Promise<number>((resolve, reject) => {
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key) && vscode.languages.getDiagnostics(uri).length > 0) resolve(performance.now());
    });
    timer = setTimeout(() => reject(new Error(`no diagnostics for ${key} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    const t0 = performance.now();
    const doc = await vscode.workspace.openTextDocument(uri);
    void vscode.window.showTextDocument(doc, { preview: false });
    return (await diagnosed) - t0;
  } finally {
    subscription?.dispose();
    clearTimeout(timer);
  }
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('no workspace folder');
  const scope = globalThis as { WorkerGlobalScope?: abstract new () => unknown };
  const inWorker = typeof scope.WorkerGlobalScope === 'function' && globalThis instanceof scope.WorkerGlobalScope;
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not in this extension host`);
  if (extension.isActive) throw new Error('the extension is active before the first .tcpfsm file opened: not a cold start');

  const names = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
  const warmNames = names.filter((n) => /^warm-\d+\.tcpfsm$/.test(n)).sort();
  const cold = await openToFirstDiagnostics(vscode.Uri.joinPath(folder, 'cold.tcpfsm'));
  const warm: number[] = [];
  for (const name of warmNames) {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    warm.push(await openToFirstDiagnostics(vscode.Uri.joinPath(folder, name)));
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const large = await openToFirstDiagnostics(vscode.Uri.joinPath(folder, 'large.tcpfsm'));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  console.log(`tcpfsm bench: ${JSON.stringify({ host: inWorker ? 'web' : 'node', cold, warm, large })}`);
}
