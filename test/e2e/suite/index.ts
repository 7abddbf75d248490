// The extension test suite's entry point (extensionTestsPath): VS Code's extension host loads the
// bundle of this file (out/e2e/suite/index.js, built by test/e2e/build.mjs) and awaits run().
// The same bundle runs under @vscode/test-electron (runElectron.mjs) and in code-server
// (runCodeServer.mjs); its browser build, with host.web.ts for host.ts, in code-server's web
// worker extension host (runWeb.mjs).
import Mocha from 'mocha';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';
import { HOST } from './host';

/**
 * The test files, in run order (language.test checks that nothing activated the extension before
 * it). A bundle cannot glob: list each new *.test.ts here. Each is imported only after mocha has
 * set up its globals (suite, test, …), so esbuild keeps them as lazily initialised modules.
 */
const TEST_FILES: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
  ['language.test', () => import('./language.test')],
  ['host.test', () => import('./host.test')],
  ['diagnostics.test', () => import('./diagnostics.test')],
  ['hover.test', () => import('./hover.test')],
  ['quickfix.test', () => import('./quickfix.test')],
  ['edit.test', () => import('./edit.test')],
  ['examples.test', () => import('./examples.test')],
  ['inlay.test', () => import('./inlay.test')],
  ['diagram.test', () => import('./diagram.test')],
  ['intelligence.test', () => import('./intelligence.test')],
  ['capture.test', () => import('./capture.test')],
];

export async function run(): Promise<void> {
  // The runners watch for this first line (runCodeServer.mjs: "tcpfsm e2e: ").
  console.log(`tcpfsm e2e: ${TEST_FILES.length} test files in ${vscode.env.appName} ${vscode.version}, ${HOST.kind} extension host`);
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec' });
  if (HOST.grep) mocha.grep(HOST.grep);

  // The tests edit documents in memory only: the files on disk must be the same afterwards.
  const onDisk = new Map<string, string>();
  const workspaceFiles = () => vscode.workspace.findFiles('**/*.tcpfsm');
  mocha.suite.beforeAll('the extension is loaded; record the workspace files', async () => {
    // Without the extension every test would wait out its timeout: fail the whole run at once.
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID),
      `extension ${EXTENSION_ID} is not loaded in this (${HOST.kind}) extension host (wrong extensionDevelopmentPath, or not installed?)`);
    for (const uri of await workspaceFiles()) onDisk.set(uri.toString(), new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    assert.ok(onDisk.size > 0, 'no .tcpfsm file in the test workspace (is test/e2e/workspace open?)');
  });
  mocha.suite.afterAll('the workspace files are unchanged on disk', async () => {
    for (const [key, text] of onDisk) {
      const now = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(key)));
      assert.equal(now, text, `${key} was changed on disk`);
    }
  });

  for (const [name, load] of TEST_FILES) {
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    await load();
    mocha.suite.emit('require', undefined, name, mocha);
    mocha.suite.emit('post-require', globalThis, name, mocha);
  }

  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
