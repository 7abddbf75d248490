// The diagram preview through VS Code's API: the commands, the one preview tab that follows the
// active .tcpfsm editor, the code lens above each block, and SVG/PNG export end to end (server
// model → extension → webview drawing → file beside the document).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, openFixture, repoUri, revertAndCloseAll, serverReady, WAIT_MS } from './helpers';
import { HOST } from './host';

const VIEW_TYPE = 'tcpfsm.diagram';
/** The export waits for the webview to load (the extension allows 60 s), then for its answer. */
const EXPORT_WAIT_MS = 75_000;

/** The diagram preview tabs, with the group each is in. */
function diagramTabs(): { label: string; group: vscode.TabGroup }[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs
    // TabInputWebview.viewType may carry the workbench's `mainThreadWebview-` prefix.
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE))
    .map((tab) => ({ label: tab.label, group })));
}

/** Checks now and after every tab change until `predicate` holds; fails with the last labels seen. */
function waitForTabs(predicate: (labels: string[]) => boolean, what: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const labels = () => diagramTabs().map((t) => t.label);
    const check = () => {
      const now = labels();
      if (!predicate(now)) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(now);
      return true;
    };
    const subscription = vscode.window.tabGroups.onDidChangeTabs(check);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for ${what}; diagram tabs: ${JSON.stringify(labels())}`));
    }, WAIT_MS);
    check();
  });
}

/** The size of a file, undefined while it does not exist (workspace.fs: any extension host). */
async function sizeOf(file: vscode.Uri): Promise<number | undefined> {
  try {
    return (await vscode.workspace.fs.stat(file)).size;
  } catch {
    return undefined;
  }
}

/** Polls the file system (the extension writes the export asynchronously) until the file exists. */
async function waitForFile(file: vscode.Uri): Promise<Uint8Array> {
  const deadline = Date.now() + EXPORT_WAIT_MS;
  while ((await sizeOf(file)) === undefined) {
    if (Date.now() > deadline) assert.fail(`${file.toString()} was not written within ${EXPORT_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval
  }
  // Written in one writeFile call; read until the size settles on a non-empty file.
  for (;;) {
    const bytes = await vscode.workspace.fs.readFile(file);
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (bytes.length > 0 && (await sizeOf(file)) === bytes.length) return bytes;
  }
}

suite('diagram preview', () => {
  suiteSetup(serverReady);
  teardown(revertAndCloseAll);

  test('exports the drawing as SVG and PNG beside the file', async function () {
    // A new webview can wait on its service worker in code-server (tens of seconds on a busy machine).
    this.timeout(EXPORT_WAIT_MS + 15_000);
    // A copy outside the workspace, so the export beside it leaves the repository untouched.
    const dir = await HOST.scratchFolder();
    try {
      const file = vscode.Uri.joinPath(dir, 'active-open.tcpfsm');
      await vscode.workspace.fs.copy(repoUri('examples', 'active-open.tcpfsm'), file);
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('tcpfsm.openDiagramToSide');
      await waitForTabs((labels) => labels.includes('Diagram: active-open.tcpfsm'), 'the preview of active-open.tcpfsm');

      await vscode.commands.executeCommand('tcpfsm.exportDiagramSvg');
      const svg = new TextDecoder().decode(await waitForFile(vscode.Uri.joinPath(dir, 'active-open.svg')));
      assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/, 'an SVG document');
      assert.match(svg, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      for (const state of ['CLOSED', 'LISTEN', 'SYN_SENT', 'ESTABLISHED', 'TIME_WAIT']) {
        assert.ok(svg.includes(`>${state}<`), `the SVG draws ${state}`);
      }
      assert.ok(!/<script/i.test(svg), 'no script in the exported SVG');

      await vscode.commands.executeCommand('tcpfsm.exportDiagramPng');
      const png = await waitForFile(vscode.Uri.joinPath(dir, 'active-open.png'));
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
      assert.ok(png.length > 1000, `a real image, not ${png.length} bytes`);
    } finally {
      await revertAndCloseAll();
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    }
  });

  test('the commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['tcpfsm.openDiagram', 'tcpfsm.openDiagramToSide', 'tcpfsm.exportDiagramSvg', 'tcpfsm.exportDiagramPng']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  test('opens beside the editor, follows the active .tcpfsm editor, and is reused', async () => {
    const { editor } = await openFixture('handshake.tcpfsm');
    await vscode.commands.executeCommand('tcpfsm.openDiagramToSide');
    await waitForTabs((labels) => labels.length === 1 && labels[0] === 'Diagram: handshake.tcpfsm', 'the preview of handshake.tcpfsm');
    const [{ group }] = diagramTabs();
    assert.notEqual(group.viewColumn, editor.viewColumn, 'the preview is beside the editor');

    // Another .tcpfsm file in the first column: the same preview shows it.
    const other = await vscode.workspace.openTextDocument(fixtureUri('server-side.tcpfsm'));
    await vscode.window.showTextDocument(other, vscode.ViewColumn.One);
    await waitForTabs((labels) => labels.length === 1 && labels[0] === 'Diagram: server-side.tcpfsm', 'the preview to follow');

    // Opening again (any of the entry points) reuses it: still one preview.
    await vscode.commands.executeCommand('tcpfsm.openDiagramToSide');
    await vscode.commands.executeCommand('tcpfsm.openDiagram', fixtureUri('handshake.tcpfsm'));
    await waitForTabs((labels) => labels.length === 1 && labels[0] === 'Diagram: handshake.tcpfsm', 'one preview, of handshake.tcpfsm');
  });

  test("a block's code lens opens the preview of its file", async () => {
    const { doc } = await openFixture('mixed.tcpfsm');
    const deadline = Date.now() + WAIT_MS;
    let lenses: vscode.CodeLens[] = [];
    while (Date.now() < deadline) {
      lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100)) ?? [];
      if (lenses.some((l) => l.command?.command === 'tcpfsm.openDiagram')) break;
      await new Promise((resolve) => setTimeout(resolve, 100)); // the server may still be analysing
    }
    const diagramLenses = lenses.filter((l) => l.command?.command === 'tcpfsm.openDiagram');
    // mixed.tcpfsm has four blocks (on lines 1, 5, 10 and 15).
    assert.deepEqual(diagramLenses.map((l) => l.range.start.line), [1, 5, 10, 15], 'one lens at each block');
    const third = diagramLenses[2].command!;
    const [uri, position] = third.arguments ?? [];
    assert.equal(String(uri), doc.uri.toString(), 'first argument: the document');
    assert.deepEqual(position, { line: 10, character: 0 }, 'second argument: the block');
    await vscode.commands.executeCommand(third.command, ...(third.arguments ?? []));
    await waitForTabs((labels) => labels.includes('Diagram: mixed.tcpfsm'), 'the preview of mixed.tcpfsm');
  });

});
