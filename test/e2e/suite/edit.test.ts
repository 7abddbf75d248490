// Edits reach the server (incremental sync) and the diagnostics follow, both ways.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectDiagnostics, openFixture, revertAndCloseAll, serverReady } from './helpers';

suite('editing', () => {
  suiteSetup(serverReady);
  teardown(revertAndCloseAll);

  test('editor.edit introduces an illegal transition; undo removes it', async () => {
    const { doc, editor } = await openFixture('server-side.tcpfsm');
    const original = doc.getText();
    // Line 4 is "  SYN_RECEIVED -> ESTABLISHED  : recv ACK of SYN".
    const target = new vscode.Range(4, 18, 4, 29);
    assert.equal(doc.getText(target), 'ESTABLISHED');

    assert.equal(await editor.edit((edit) => edit.replace(target, 'CLOSE_WAIT')), true, 'editor.edit failed');
    const [d] = await expectDiagnostics(doc.uri, ['error illegal-transition@4:18-4:28']);
    assert.equal(doc.getText(d.range), 'CLOSE_WAIT');
    assert.match(d.message, /^SYN_RECEIVED cannot go to CLOSE_WAIT\. SYN_RECEIVED goes to: ESTABLISHED/);

    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'undo did not restore the text');
    await expectDiagnostics(doc.uri, []);
  });

  test('a WorkspaceEdit on a document in no editor: a wrong event, then a broken chain, then both fixed', async () => {
    const { doc } = await openFixture('server-side.tcpfsm');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor'); // not dirty: no prompt
    const uri = doc.uri;

    // Line 2 is "  CLOSED       -> LISTEN       : listen": `connect` does not lead to LISTEN.
    const event = new vscode.WorkspaceEdit();
    event.replace(uri, new vscode.Range(2, 33, 2, 39), 'connect');
    assert.equal(await vscode.workspace.applyEdit(event), true);
    await expectDiagnostics(uri, ['error wrong-event@2:33-2:40']);

    // Line 3 starts "  LISTEN": start it from SYN_SENT instead (SYN_SENT -> SYN_RECEIVED is the
    // simultaneous open, a legal edge), which breaks the chain there.
    const chain = new vscode.WorkspaceEdit();
    chain.replace(uri, new vscode.Range(3, 2, 3, 8), 'SYN_SENT');
    assert.equal(await vscode.workspace.applyEdit(chain), true);
    const ds = await expectDiagnostics(uri, [
      'error wrong-event@2:33-2:40',
      'error discontinuity@3:2-3:10',
    ]);
    assert.equal(ds[1].message, 'this step starts in SYN_SENT but the previous step ended in LISTEN; start it from LISTEN');

    const fix = new vscode.WorkspaceEdit();
    fix.replace(uri, new vscode.Range(3, 2, 3, 10), 'LISTEN');
    fix.replace(uri, new vscode.Range(2, 33, 2, 40), 'listen');
    assert.equal(await vscode.workspace.applyEdit(fix), true);
    await expectDiagnostics(uri, []);
  });
});
