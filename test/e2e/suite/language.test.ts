// The extension is found, stays idle until a .tcpfsm file is opened, and then activates.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, revertAndCloseAll, waitForDiagnostics } from './helpers';

suite('language and activation', () => {
  teardown(revertAndCloseAll);

  test('the extension is loaded; it activates for .tcpfsm documents, its preview, and workspaces that hold .tcpfsm files', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded (wrong extensionDevelopmentPath, or not installed?)`);
    assert.equal(extension.packageJSON.name, 'tcp-state-explorer');
    // onCustomEditor: a capture opened before any .tcpfsm file. workspaceContains: `npm start`
    // opens its example beside the preview as soon as the extension runs in examples/ (this
    // suite's workspace holds .tcpfsm files too, so it may be active already).
    assert.deepEqual(extension.packageJSON.activationEvents, ['onLanguage:tcpfsm', 'onWebviewPanel:tcpfsm.diagram', 'onCustomEditor:tcpfsm.capture', 'workspaceContains:**/*.tcpfsm']);
  });

  test('a .tcpfsm file opens as tcpfsm and activates the extension, whose server then checks it', async () => {
    const { doc } = await openFixture('handshake.tcpfsm');
    assert.equal(doc.languageId, 'tcpfsm');
    // The first diagnostics can only come from the extension's language server.
    await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, 'the first diagnostics');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(extension?.isActive, true, 'the extension is not active after opening a .tcpfsm file');
  });
});
