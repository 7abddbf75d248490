// examples/diagnostics.tcpfsm in the editor shows what test/fixtures/examples/diagnostics.expected (the CLI's
// output) lists: every scenario diagnostic code, at the same place, with the same message.
// Read only: the examples are never edited.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { brief, expectDiagnostics, repoUri, revertAndCloseAll, serverReady } from './helpers';

interface Expected {
  readonly brief: string;
  readonly message: string;
}

/** Parses "5:13-5:21 error unknown-state: message" (1-based) into brief() form (0-based). */
function parseExpected(text: string): Expected[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const m = /^(\d+):(\d+)-(\d+):(\d+) (error|warning|info|hint) ([a-z-]+): (.*)$/.exec(line);
    assert.ok(m, `unexpected line in diagnostics.expected: ${line}`);
    const [l1, c1, l2, c2] = [m[1], m[2], m[3], m[4]].map((n) => Number(n) - 1);
    return { brief: `${m[5]} ${m[6]}@${l1}:${c1}-${l2}:${c2}`, message: m[7] };
  });
}

suite('examples', () => {
  suiteSetup(serverReady);
  teardown(revertAndCloseAll);

  test('examples/diagnostics.tcpfsm shows every scenario diagnostic of diagnostics.expected', async () => {
    const expected = parseExpected(new TextDecoder().decode(await vscode.workspace.fs.readFile(repoUri('test', 'fixtures', 'examples', 'diagnostics.expected'))));
    const codes = new Set(expected.map((e) => e.brief.split(' ')[1].split('@')[0]));
    assert.deepEqual([...codes].sort(),
      ['discontinuity', 'duplicate-name', 'illegal-transition', 'syntax', 'unknown-state', 'wrong-event']);

    const doc = await vscode.workspace.openTextDocument(repoUri('examples', 'diagnostics.tcpfsm'));
    await vscode.window.showTextDocument(doc, { preview: true });
    const ds = await expectDiagnostics(doc.uri, expected.map((e) => e.brief));
    assert.deepEqual(ds.map((d) => d.message), expected.map((e) => e.message));
    assert.deepEqual(ds.map(brief), expected.map((e) => e.brief));
    assert.equal(doc.isDirty, false);
  });
});
