// Exact diagnostics, as VS Code holds them: code, source, severity, range, message.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expectDiagnostics, openFixture, rangeText, revertAndCloseAll, serverReady } from './helpers';

suite('diagnostics', () => {
  suiteSetup(serverReady);
  teardown(revertAndCloseAll);

  test('a misspelled state: unknown-state on exactly the word, suggesting the right one', async () => {
    const { doc } = await openFixture('handshake.tcpfsm');
    const [d] = await expectDiagnostics(doc.uri, ['error unknown-state@2:12-2:20']);
    assert.equal(doc.getText(d.range), 'SYN_SEND');
    assert.equal(d.source, 'tcpfsm');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(codeOf(d), 'unknown-state');
    assert.equal(d.message, 'unknown state `SYN_SEND`; did you mean SYN_SENT?');
  });

  test('every kind of scenario problem in one file, each at its exact range', async () => {
    const { doc } = await openFixture('mixed.tcpfsm');
    const ds = await expectDiagnostics(doc.uri, [
      'error wrong-event@2:26-2:31',
      'error discontinuity@7:2-7:10',
      'warning duplicate-name@10:9-10:16',
      'error illegal-transition@12:12-12:22',
      'error syntax@16:9-16:11',
    ]);
    assert.deepEqual(ds.map((d) => doc.getText(d.range)), ['close', 'SYN_SENT', '"Close"', 'FIN_WAIT_2', '=>']);
    assert.deepEqual(ds.map((d) => d.source), Array(5).fill('tcpfsm'));
    assert.match(ds[0].message, /close from ESTABLISHED leads to FIN_WAIT_1 \(send FIN\)/);
    assert.equal(ds[1].message, 'this step starts in SYN_SENT but the previous step ended in LISTEN; start it from LISTEN');
    assert.equal(ds[2].message, 'another block in this file is already named "Close"');
    assert.match(ds[3].message, /^LISTEN cannot go to FIN_WAIT_2\./);
    assert.equal(ds[4].message, 'expected `->` after the state `CLOSED`, found `=>`');
    // The duplicate name points back at its first use.
    const related = ds[2].relatedInformation ?? [];
    assert.equal(related.length, 1, 'duplicate-name has one related location');
    assert.equal(related[0].location.uri.toString(), doc.uri.toString());
    assert.equal(rangeText(related[0].location.range), '1:9-1:16');
  });
});
