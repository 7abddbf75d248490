// The settings over stdio: `tcpfsm.stateNames` (state-spelling diagnostics appear, change and go
// as the setting changes, every open document re-published; their quick fix) and
// `tcpfsm.diagnostics.delay` (publication held back at least that long after the last change).

import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { type Diagnostic, DidChangeTextDocumentNotification, type PublishDiagnosticsParams, type Range, type TextEdit } from 'vscode-languageserver-protocol';
import { applyLspEdits, brief, LspClient } from '../support/lspClient';

const TEXT = [
  'scenario "Handshake" {',                                  // 0
  '  CLOSED -> SYN_SENT : connect',                          // 1
  '  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK',     // 2
  '  ESTAB -> FIN_WAIT1 : close',                            // 3
  '}',                                                       // 4
  'conversation "Close" {',                                  // 5
  '  start client ESTABLISHED, server ESTAB',                // 6
  '  client: close',                                         // 7
  '  expect client fin-wait-1, server Syn_Rcvd',             // 8: expect-failed (server ESTABLISHED)
  '}',                                                       // 9
  '',
].join('\n');

const OTHER = 'scenario "Other" {\n  LISTEN -> SYN_RCVD : recv SYN\n}\n';

const LINUX = [
  'state-spelling@2:3-2:9',    // CLOSED → UNCONN
  'state-spelling@3:15-3:26',  // ESTABLISHED → ESTAB
  'state-spelling@4:12-4:21',  // FIN_WAIT1 → FIN-WAIT-1
  'state-spelling@7:16-7:27',  // ESTABLISHED → ESTAB
  'expect-failed@9:36-9:44',
  'state-spelling@9:36-9:44',  // Syn_Rcvd → SYN-RECV
];
const RFC = ['state-spelling@4:12-4:21', 'expect-failed@9:36-9:44'];

const WITH_CONFIGURATION = { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } };

const spelled = (ds: readonly Diagnostic[]) => ds.filter((d) => d.code === 'state-spelling');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

describe('tcpfsm.stateNames over stdio (settings pulled)', () => {
  let client: LspClient;
  const uri = 'file:///spelling.tcpfsm';
  const other = 'file:///spelling-other.tcpfsm';
  /** The diagnostics published after switching to linux. */
  let linux: Diagnostic[] = [];

  before(async () => {
    client = await LspClient.start(WITH_CONFIGURATION);
  });
  after(async () => {
    await client.stop();
  });

  /** Changes the settings and waits for the re-publication of `uri` (and of `other`). */
  async function switchTo(settings: unknown): Promise<[PublishDiagnosticsParams, PublishDiagnosticsParams]> {
    const published = Promise.all([client.nextDiagnostics(uri), client.nextDiagnostics(other)]);
    await client.changeSettings(settings);
    return published;
  }

  it('accepts every spelling silently by default (any)', async () => {
    assert.deepEqual(brief(await client.open(uri, TEXT)), ['expect-failed@9:36-9:44']);
    await waitFor(() => client.registrations.includes('workspace/didChangeConfiguration'));
    assert.deepEqual(brief(await client.open(other, OTHER)), []);
  });

  it('linux: the names ss does not print get state-spelling (information), every open document re-published', async () => {
    const [mine, theirs] = await switchTo({ stateNames: 'linux' });
    assert.equal(mine.version, 1);
    assert.deepEqual(brief(mine.diagnostics), LINUX);
    linux = mine.diagnostics;
    assert.deepEqual(spelled(mine.diagnostics).map((d) => [d.severity, d.source, d.message]), [
      [3, 'tcpfsm', '`CLOSED` is accepted, but with tcpfsm.stateNames set to linux the name is UNCONN (as ss prints it).'],
      [3, 'tcpfsm', '`ESTABLISHED` is accepted, but with tcpfsm.stateNames set to linux the name is ESTAB (as ss prints it).'],
      [3, 'tcpfsm', '`FIN_WAIT1` is accepted, but with tcpfsm.stateNames set to linux the name is FIN-WAIT-1 (as ss prints it).'],
      [3, 'tcpfsm', '`ESTABLISHED` is accepted, but with tcpfsm.stateNames set to linux the name is ESTAB (as ss prints it).'],
      [3, 'tcpfsm', '`Syn_Rcvd` is accepted, but with tcpfsm.stateNames set to linux the name is SYN-RECV (as ss prints it).'],
    ]);
    assert.deepEqual(brief(theirs.diagnostics), ['state-spelling@2:13-2:21']);
  });

  it('offers "Change to X" (preferred) on each; applied, the file has no state-spelling left', async () => {
    const expected: [string, string][] = [
      ['Change to UNCONN', 'UNCONN'],
      ['Change to ESTAB', 'ESTAB'],
      ['Change to FIN-WAIT-1', 'FIN-WAIT-1'],
      ['Change to ESTAB', 'ESTAB'],
      ['Change to SYN-RECV', 'SYN-RECV'],
    ];
    const edits: TextEdit[] = [];
    for (const [k, d] of spelled(linux).entries()) {
      const actions = (await client.codeActions(uri, d.range, [d])).filter((a) => a.diagnostics?.[0]?.code === 'state-spelling');
      assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred, a.edit?.changes?.[uri]]), [
        [expected[k][0], 'quickfix', true, [{ range: d.range, newText: expected[k][1] }]],
      ]);
      edits.push(...actions[0].edit!.changes![uri]);
    }
    const fixed = applyLspEdits(TEXT, edits);
    assert.equal(fixed, TEXT
      .replace('  CLOSED -> SYN_SENT', '  UNCONN -> SYN_SENT')
      .replace('SYN_SENT -> ESTABLISHED', 'SYN_SENT -> ESTAB')
      .replace('FIN_WAIT1', 'FIN-WAIT-1')
      .replace('client ESTABLISHED', 'client ESTAB')
      .replace('Syn_Rcvd', 'SYN-RECV'));
    assert.deepEqual(brief(await client.change(uri, 2, [{ text: fixed }])), ['expect-failed@9:36-9:44']);
  });

  it('rfc: only the spellings that are neither canonical nor the RFC figure\'s', async () => {
    assert.deepEqual(brief(await client.change(uri, 3, [{ text: TEXT }])), LINUX);
    const [mine, theirs] = await switchTo({ stateNames: 'rfc' });
    assert.equal(mine.version, 3);
    assert.deepEqual(brief(mine.diagnostics), RFC);
    const [d] = spelled(mine.diagnostics);
    assert.equal(d.severity, 3);
    assert.equal(d.message, '`FIN_WAIT1` is accepted, but with tcpfsm.stateNames set to rfc the name is FIN_WAIT_1 (RFC 9293).');
    assert.deepEqual(brief(theirs.diagnostics), []);
    const actions = (await client.codeActions(uri, d.range, [d])).filter((a) => a.diagnostics?.[0]?.code === 'state-spelling');
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred, a.edit?.changes?.[uri]]), [
      ['Change to FIN_WAIT_1', true, [{ range: d.range, newText: 'FIN_WAIT_1' }]],
    ]);
  });

  it('any: the state-spellings disappear', async () => {
    const [mine, theirs] = await switchTo({ stateNames: 'any' });
    assert.deepEqual(brief(mine.diagnostics), ['expect-failed@9:36-9:44']);
    assert.deepEqual(brief(theirs.diagnostics), []);
    const range: Range = { start: { line: 3, character: 11 }, end: { line: 3, character: 11 } };
    const actions = await client.codeActions(uri, range);
    assert.ok(!actions.some((a) => a.title.startsWith('Change to')), JSON.stringify(actions.map((a) => a.title)));
  });

  it('an unknown value counts as any', async () => {
    await switchTo({ stateNames: 'linux' });
    const [mine] = await switchTo({ stateNames: 'bsd' });
    assert.deepEqual(brief(mine.diagnostics), ['expect-failed@9:36-9:44']);
  });

  it('a document opened with the setting on is checked with it', async () => {
    await switchTo({ stateNames: 'linux' });
    assert.deepEqual(brief(await client.open('file:///spelling-late.tcpfsm', 'scenario "x" {\n  CLOSED -> LISTEN\n}\n')), ['state-spelling@2:3-2:9']);
  });
});

describe('tcpfsm.stateNames pushed by a client that cannot be asked', () => {
  it('re-publishes with the pushed setting', async () => {
    const client = await LspClient.start();
    try {
      const uri = 'file:///pushed.tcpfsm';
      assert.deepEqual(brief(await client.open(uri, OTHER)), []);
      const published = client.nextDiagnostics(uri);
      await client.changeSettings({ stateNames: 'linux' });
      assert.deepEqual(brief((await published).diagnostics), ['state-spelling@2:13-2:21']);
    } finally {
      await client.stop();
    }
  });
});

describe('tcpfsm.diagnostics.delay over stdio', () => {
  const DELAY = 400;
  let client: LspClient;
  const uri = 'file:///delay.tcpfsm';

  before(async () => {
    client = await LspClient.start(WITH_CONFIGURATION);
    await client.open(uri, OTHER);
    // stateNames changes with the delay: the re-publication shows the server has both.
    const published = client.nextDiagnostics(uri);
    await client.changeSettings({ stateNames: 'linux', diagnostics: { delay: DELAY } });
    assert.deepEqual(brief((await published).diagnostics), ['state-spelling@2:13-2:21']);
  });
  after(async () => {
    await client.stop();
  });

  it('publishes a change no sooner than the delay after it', async () => {
    const t0 = performance.now();
    const diagnostics = await client.change(uri, 2, [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } }, text: 'CLOSED' }]);
    const elapsed = performance.now() - t0;
    assert.ok(elapsed >= DELAY, `published after ${elapsed.toFixed(1)} ms, before the ${DELAY} ms delay`);
    assert.deepEqual(brief(diagnostics), ['state-spelling@2:3-2:9', 'illegal-transition@2:13-2:21', 'state-spelling@2:13-2:21']);
  });

  it('a change during the wait restarts it: no publication sooner than the delay after the last change', async () => {
    const send = (version: number, text: string) =>
      client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    const first = new Promise<{ version?: number; at: number }>((resolve) => {
      const stop = client.onPublish((p) => {
        if (p.uri !== uri) return;
        stop();
        resolve({ version: p.version, at: performance.now() });
      });
    });
    const last = client.nextDiagnostics(uri, 4).then((p) => ({ p, at: performance.now() }));
    const tA = performance.now();
    await send(3, OTHER);
    await sleep(100);
    const tB = performance.now();
    await send(4, 'scenario "Other" {\n  LISTEN -> ESTABLISHED\n}\n');
    // Requests are handled in order: once the hover is answered, the server has seen version 4.
    await client.hover(uri, 0, 0);
    const seen = performance.now();
    const published = await last;
    assert.ok(published.at - tB >= DELAY, `version 4 published ${(published.at - tB).toFixed(1)} ms after it was sent`);
    assert.deepEqual(brief(published.p.diagnostics), ['illegal-transition@2:13-2:24', 'state-spelling@2:13-2:24']);
    // Version 3's wait cannot have ended before the server saw version 4 when that happened
    // within the delay: then the restarted wait published only version 4.
    if (seen - tA < DELAY) {
      const firstPublished = await first;
      assert.equal(firstPublished.version, 4);
      assert.ok(firstPublished.at - tB >= DELAY);
    }
  });

  it('a delay of 0 (or a malformed one) publishes without waiting again', async () => {
    const published = client.nextDiagnostics(uri);
    await client.changeSettings({ stateNames: 'rfc', diagnostics: { delay: 'soon' } });
    assert.deepEqual(brief((await published).diagnostics), ['illegal-transition@2:13-2:24']);
    assert.deepEqual(brief(await client.change(uri, 5, [{ text: OTHER }])), []);
  });
});
