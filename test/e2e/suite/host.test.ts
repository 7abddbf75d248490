// Which extension host runs the extension: the browser build of the suite (runWeb.mjs) must prove
// that the browser-only package runs in the web worker extension host, not in Node's; the Node
// runs prove the opposite. Run with the other expectation to see the check fail:
// `TCPFSM_E2E_EXPECT_HOST=web TCPFSM_E2E_GREP='extension host' npm run test:e2e`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';
import { HOST } from './host';

/** What this global scope and the extension's description say about where they run. */
function hostFacts(extension: vscode.Extension<unknown>) {
  const scope = globalThis as { WorkerGlobalScope?: abstract new () => unknown; process?: { versions?: { node?: string } } };
  const manifest = extension.packageJSON as { main?: string; browser?: string };
  return {
    /** This suite runs in a web worker (its global scope is a WorkerGlobalScope). */
    inWorker: typeof scope.WorkerGlobalScope === 'function' && globalThis instanceof scope.WorkerGlobalScope,
    /** Node's version, if this is Node. */
    node: scope.process?.versions?.node,
    /** UI: the browser-side host; Workspace: the remote (server-side) host. */
    extensionKind: vscode.ExtensionKind[extension.extensionKind],
    main: manifest.main,
    browser: manifest.browser,
  };
}

suite('extension host', () => {
  test(`the extension runs in the ${HOST.expectedHost === 'web' ? 'web worker' : 'Node'} extension host`, () => {
    // Without the proposed `extensionsAny` API, getExtension sees only the extensions of the
    // caller's own extension host: found here, the extension runs where this suite runs.
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not in the suite's extension host (${HOST.kind} build of the suite)`);
    const facts = hostFacts(extension);
    if (HOST.expectedHost === 'web') {
      // The package without `main`, in a worker with no Node, on the browser's side.
      assert.deepEqual(facts, { inWorker: true, node: undefined, extensionKind: 'UI', main: undefined, browser: './dist/web/extension.js' });
    } else {
      // On a desktop the Node host is the UI side, in code-server the Workspace side: not checked.
      assert.deepEqual({ ...facts, extensionKind: undefined, node: typeof facts.node },
        { inWorker: false, node: 'string', extensionKind: undefined, main: './dist/extension.js', browser: './dist/web/extension.js' });
    }
  });
});
