// The quick fix for a misspelled state, found and applied through VS Code's API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectDiagnostics, openFixture, rangeText, revertAndCloseAll, serverReady } from './helpers';

function isCodeAction(item: vscode.CodeAction | vscode.Command): item is vscode.CodeAction {
  return typeof (item as vscode.Command).command !== 'string';
}

suite('quick fix', () => {
  suiteSetup(serverReady);
  teardown(revertAndCloseAll);

  test("'Change to SYN_SENT' fixes the misspelling and the diagnostic goes away", async () => {
    const { doc } = await openFixture('handshake.tcpfsm');
    const [unknown] = await expectDiagnostics(doc.uri, ['error unknown-state@2:12-2:20']);

    const items = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, unknown.range) ?? [];
    const actions = items.filter(isCodeAction);
    assert.deepEqual(actions.map((a) => a.title), ['Change to SYN_SENT']);
    const [fix] = actions;
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.edit, 'the quick fix carries an edit');
    const edits = fix.edit.get(doc.uri);
    assert.deepEqual(edits.map((e) => [rangeText(e.range), e.newText]), [['2:12-2:20', 'SYN_SENT']]);

    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit failed');
    assert.equal(doc.lineAt(2).text, '  CLOSED -> SYN_SENT : connect / send SYN');
    assert.equal(doc.isDirty, true);
    // No unknown-state left: the rest of the file is a correct handshake.
    await expectDiagnostics(doc.uri, []);
  });
});
