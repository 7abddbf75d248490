// The capture viewer as a user sees it: the packaged extension in a real VS Code 1.100
// (code-server on 127.0.0.1) driven through headless Chromium with playwright-core. Opens
// test/fixtures/captures/scenario-1.pcap (a real Linux capture) from quick open: the "TCP Capture"
// editor lists its connection with both sides' first and last states; selecting it draws the ladder
// with the kernel's states (the badges in the SVG); "Open as .tcpfsm" opens the imported conversation
// as an untitled .tcpfsm document that the language server checks clean. Then a capture of nine real
// connections (the fixtures merged, as mergecap would): the table sorts and filters by port and state,
// and a connection whose import departs from the stack lists its diagnostics with their frames, as
// `tcpfsm import` and `tcpfsm check` say. Last, "TCP: Explain Socket States" on a selected `ss -tan`
// output opens the report beside the editor.
//
//   node --test test/ui/capture.test.mjs
//
// Needs the editor cache (bash scripts/setup-editor.sh, run automatically when missing).
// Screenshots go to .e2e/screenshots/ (git-ignored): capture-light.png (scenario-1 selected),
// capture-table-light.png and capture-viewer.png (the nine connections, the editor area alone: the
// README's picture), capture-opened.png (Open as .tcpfsm), capture-explain.png, capture-dark.png,
// and capture-failure-<step>.png when a step fails.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureEditorSetup, installVsix, makeProfile, ROOT, startCodeServer } from '../../scripts/codeServer.mjs';
import { SCREENSHOTS, assertEventually as eventually, launchPage, packageIntoTemp, prepareScreenshots, stepRunner, stopAll, workbenchActions } from './workbench.mjs';

const LIGHT_THEME = 'Default Light Modern';
const DARK_THEME = 'Default Dark Modern';
const STEP_MS = 30_000;
const TEST_MS = 120_000;
const CAPTURES = path.join(ROOT, 'test', 'fixtures', 'captures');

// scenario-1.md: the kernel's states of each socket (the listener's LISTEN before the server's).
const SCENARIO_1 = {
  client: '127.0.0.1:5102', server: '127.0.0.1:5101', packets: '11',
  clientPath: ['SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'TIME_WAIT'],
  serverPath: ['LISTEN', 'SYN_RECEIVED', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED'],
};

/** pcap files with the same header merged into one, records in time order (what mergecap does). */
function mergePcaps(files, target) {
  const records = [];
  let header;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    if (header && !header.equals(bytes.subarray(0, 24))) throw new Error(`${file}: another pcap header`);
    header = bytes.subarray(0, 24);
    for (let at = 24; at + 16 <= bytes.length;) {
      const length = 16 + bytes.readUInt32LE(at + 8);
      records.push({ seconds: bytes.readUInt32LE(at), micros: bytes.readUInt32LE(at + 4), bytes: bytes.subarray(at, at + length) });
      at += length;
    }
  }
  records.sort((a, b) => a.seconds - b.seconds || a.micros - b.micros);
  fs.writeFileSync(target, Buffer.concat([header, ...records.map((r) => r.bytes)]));
}

/** What `tcpfsm import --format json` says of a capture: per conversation its endpoints and both sides' first and last states. */
function cliImport(file) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'import', '--format', 'json', file], { encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `tcpfsm import failed (${run.status}): ${run.stderr}`);
  const [{ conversations }] = JSON.parse(run.stdout);
  return conversations.map((c) => {
    const endpoint = (e) => (e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`);
    const steps = c.trace.steps;
    return {
      client: endpoint(c.client), server: endpoint(c.server), packets: String(new Set(c.events.flatMap((e) => (e.frame ? [e.frame] : []))).size),
      first: steps[0].before, last: steps[steps.length - 1].after,
      // The errors `tcpfsm check` finds in the imported text (its exit status 1 counts them).
      text: c.text,
    };
  });
}

describe('the capture viewer in VS Code (code-server + Chromium)', () => {
  let workspace;
  let profile;
  let server;
  let browser;
  let page;
  let setupError;
  let merged;
  const dialogs = [];

  const log = (...args) => console.log(...args);
  const step = stepRunner('capture', () => ({ page, setupError }));

  /** The viewer's page: the inner frame of the (only visible) webview. */
  const webview = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  /** Everything the viewer shows, read in its page. */
  async function readViewer() {
    return webview().locator('#app').evaluate(() => {
      const text = (selector) => document.querySelector(selector)?.textContent ?? '';
      const rows = [...document.querySelectorAll('.capture-table tbody tr[data-id]')].map((tr) => {
        const cells = {};
        for (const td of tr.querySelectorAll('td[data-column]')) cells[td.getAttribute('data-column')] = td.textContent;
        return { ...cells, selected: tr.getAttribute('aria-selected') === 'true' };
      });
      const pills = (peer) => [...document.querySelectorAll(`.ladder-body g.pill.change[data-peer="${peer}"]`)]
        .sort((a, b) => Number(a.getAttribute('data-event')) - Number(b.getAttribute('data-event')))
        .map((g) => g.getAttribute('data-state'));
      return {
        title: text('.capture-title'),
        status: text('.read-status'),
        reading: !document.querySelector('.read-progress')?.hidden,
        shown: text('.shown-count'),
        problem: document.querySelector('.capture-problem')?.hidden ? '' : text('.capture-problem'),
        filterError: document.querySelector('.filter-error')?.hidden ? '' : text('.filter-error'),
        sorted: [...document.querySelectorAll('.capture-table th[aria-sort]')]
          .filter((th) => th.getAttribute('aria-sort') !== 'none').map((th) => `${th.getAttribute('data-column')} ${th.getAttribute('aria-sort')}`),
        rows,
        detail: text('.detail-title'),
        start: [...document.querySelectorAll('.ladder-header g.pill.start')].map((g) => g.textContent),
        peers: [...document.querySelectorAll('.ladder-header .peer-name')].map((t) => t.textContent),
        client: pills(0),
        server: pills(1),
        diagnostics: [...document.querySelectorAll('.capture-diagnostics li')].map((li) => li.textContent),
      };
    });
  }

  function viewerWhere(ok, what) {
    return assertEventually(() => readViewer().catch((error) => ({ error: error.message.split('\n')[0] })), (v) => v && !v.error && ok(v), what);
  }

  const problemsLabel = () => page.locator('[id="status.problems"]').getAttribute('aria-label');

  function setTheme(theme) {
    const file = path.join(profile.userDataDir, 'User', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2));
  }

  // The shared workbench steps (workbench.mjs) on the page `before` opens.
  const pick = (label) => workbenchActions(page).pick(label);
  const runCommand = (label, options) => workbenchActions(page).runCommand(label, options);
  const quickOpen = (file) => workbenchActions(page).quickOpen(file);

  before(async () => {
    try {
      ensureEditorSetup();
      prepareScreenshots('capture');
      const { vsix, remove: removePackage } = packageIntoTemp('capture');

      // The workspace: copies of the fixtures (the test never touches the repository).
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-capture-ws-'));
      fs.copyFileSync(path.join(CAPTURES, 'scenario-1.pcap'), path.join(workspace, 'scenario-1.pcap'));
      const scenarios = fs.readdirSync(CAPTURES).filter((f) => /^scenario-\d+\.pcap$/.test(f)).map((f) => path.join(CAPTURES, f));
      merged = path.join(workspace, 'nine-connections.pcap');
      mergePcaps(scenarios, merged);
      fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'explain', 'ss-tan.txt'), path.join(workspace, 'ss-tan.txt'));

      profile = makeProfile('capture', { 'workbench.colorTheme': LIGHT_THEME, 'files.autoSave': 'off' });
      installVsix(profile, vsix);
      removePackage();
      const [installed] = fs.readdirSync(profile.extensionsDir).filter((name) => name.startsWith('tcp-state-explorer.'));
      for (const needed of [['dist', 'webview', 'capture.js'], ['media', 'capture.css'], ['media', 'diagram.css']]) {
        assert.ok(fs.existsSync(path.join(profile.extensionsDir, installed, ...needed)), `the package lacks ${needed.join('/')} (.vscodeignore)`);
      }
      server = await startCodeServer({ profile, folder: workspace });
      log(`code-server on port ${server.port}`);
      ({ browser, page } = await launchPage({ width: 1600, height: 1000, stepMs: STEP_MS }));
      page.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        dialog.dismiss().catch(() => {});
      });
    } catch (error) {
      setupError = error;
    }
  }, { timeout: 300_000 });

  after(() => stopAll({ browser, server, profile, workspace }));

  it('opens a .pcap in the TCP Capture editor with its connection and both sides’ states', { timeout: TEST_MS }, () => step('open', async () => {
    await page.goto(server.url());
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    await quickOpen('scenario-1.pcap');
    const v = await viewerWhere((x) => !x.reading && x.rows.length === 1 && x.rows[0].diagnostics !== '…', 'the table read');
    assert.equal(v.title, 'scenario-1.pcap');
    assert.equal(v.status, 'pcap · 11 TCP packets · 1 connection');
    assert.equal(v.problem, '');
    const { selected, ...cells } = v.rows[0];
    assert.deepEqual(cells, {
      id: '1', client: SCENARIO_1.client, server: SCENARIO_1.server, packets: SCENARIO_1.packets, duration: '2.817 s',
      clientFirst: 'CLOSED', clientLast: 'TIME_WAIT', serverFirst: 'CLOSED', serverLast: 'CLOSED', diagnostics: '0',
    });
    assert.equal(selected, false);
    // The editor is the custom one: its tab, and no text editor for the binary file.
    await page.locator('.tabs-container .tab.active', { hasText: 'scenario-1.pcap' }).waitFor();
    assert.equal(await page.locator('.editor-instance .view-lines').count(), 0, 'no text editor');
  }));

  it('selecting the connection draws its ladder with the kernel’s states', { timeout: TEST_MS }, () => step('select', async () => {
    await webview().locator('.capture-table tbody tr[data-id="1"]').click();
    const v = await viewerWhere((x) => x.client.length > 0 && x.detail.startsWith('1:'), 'the ladder drawn');
    assert.equal(v.detail, `1: ${SCENARIO_1.client} → ${SCENARIO_1.server}`);
    assert.equal(v.rows[0].selected, true);
    assert.deepEqual(v.peers, ['client', 'server']);
    assert.deepEqual(v.start, ['CLOSED', 'CLOSED']);
    assert.deepEqual(v.client, SCENARIO_1.clientPath, "the client's state badges, in order");
    assert.deepEqual(v.server, SCENARIO_1.serverPath, "the server's state badges, in order");
    assert.deepEqual(v.diagnostics, ['No diagnostics: the capture follows the linux stack’s rules.']);
    // A click on the first event row says which frame it was.
    await webview().locator('.ladder-body g.event[data-event="0"]').click();
    await assertEventually(() => webview().locator('.event-status').innerText(), (t) => /Line 3\s+frame #1\s+t = 0\.000000 s\s+client: connect/.test(t),
      'the first event: frame #1');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'capture-light.png') });
  }));

  it('"Open as .tcpfsm" opens the conversation as an untitled .tcpfsm document, checked clean', { timeout: TEST_MS }, () => step('open-text', async () => {
    await webview().locator('#open-text').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled-1' }).waitFor({ state: 'visible' });
    await assertEventually(() => page.locator('[id="status.editor.mode"]').innerText(), (t) => t.includes('TCP State Machine'), 'language mode');
    const editor = page.locator('.editor-group-container.active .editor-instance');
    // The editor draws spaces as no-break spaces; its lines end in the inlay hints of the language server.
    const lines = () => editor.locator('.view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' ').split('\n'));
    await assertEventually(lines, (t) => t.includes(`conversation "${SCENARIO_1.client} → ${SCENARIO_1.server}" {`), 'the conversation text');
    // The last event's hint: both peers' states after it, as the kernel had them.
    await assertEventually(lines, (t) => t.some((l) => /server: recv ACK +# #11 .*server → CLOSED$/.test(l)), 'the inlay hint of the last line');
    // The language server has the document (its code lens is drawn), and finds nothing wrong.
    await editor.locator('.codelens-decoration', { hasText: 'Open Diagram' }).first().waitFor({ state: 'visible' });
    assert.equal(await assertEventually(problemsLabel, (l) => l === 'No Problems', 'status.problems'), 'No Problems');
    assert.equal(await editor.locator('.view-overlays [class*="squiggly-"]').count(), 0, 'no squiggle');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'capture-opened.png') });
    await runCommand('View: Revert and Close Editor');
    await runCommand('View: Close All Editors');
  }));

  it('sorts and filters nine real connections; a departure lists its diagnostics with their frames', { timeout: TEST_MS }, () => step('table', async () => {
    const expected = cliImport(merged);
    assert.equal(expected.length, 9);
    await quickOpen('nine-connections.pcap');
    let v = await viewerWhere((x) => !x.reading && x.rows.length === 9 && x.rows.every((r) => r.diagnostics !== '…'), 'nine rows read');
    assert.equal(v.status, `pcap · ${expected.reduce((n, c) => n + Number(c.packets), 0)} TCP packets · 9 connections`);
    // The same connections, sides and states as `tcpfsm import` gives (in the order of their first packet).
    assert.deepEqual(v.rows.map((r) => [r.client, r.server, r.packets, r.clientFirst, r.serverFirst, r.clientLast, r.serverLast]),
      expected.map((c) => [c.client, c.server, c.packets, ...c.first, ...c.last]));

    // Sort by packets, most first (two clicks on the header).
    const header = (column) => webview().locator(`.capture-table th[data-column="${column}"] button.sort`);
    await header('packets').click();
    await header('packets').click();
    v = await viewerWhere((x) => x.sorted.join() === 'packets descending', 'sorted by packets, descending');
    const packets = v.rows.map((r) => Number(r.packets));
    assert.deepEqual(packets, [...packets].sort((a, b) => b - a));
    assert.equal(packets.length, 9);

    // A port filter, then a bad one (the last good filter stays, and says why), then a state filter.
    const port = webview().locator('#port-filter');
    await port.fill('6211');
    v = await viewerWhere((x) => x.rows.length === 1, 'one row for port 6211');
    assert.equal(v.rows[0].server, '127.0.0.1:6211');
    assert.equal(v.shown, '1 of 9 connections');
    await port.fill('6211, http');
    v = await viewerWhere((x) => x.filterError !== '', 'the filter error');
    assert.equal(v.filterError, 'Port filter: “http” is not a port or a range of ports (such as 80 or 5100-5200).');
    assert.equal(v.rows.length, 1);
    await port.fill('');
    await webview().locator('#state-filter').selectOption('TIME_WAIT');
    const withTimeWait = expected.filter((c) => [...c.first, ...c.last].includes('TIME_WAIT')).length;
    v = await viewerWhere((x) => x.rows.length === withTimeWait && x.filterError === '', `${withTimeWait} rows with TIME_WAIT`);
    assert.ok(v.rows.every((r) => r.clientLast === 'TIME_WAIT' || r.serverLast === 'TIME_WAIT'));

    // scenario-21's keep-alive probes come before stack linux's keep-alive time: two early-timeout errors.
    await webview().locator('#state-filter').selectOption('');
    await port.fill('6211');
    await viewerWhere((x) => x.rows.length === 1, 'the keep-alive connection');
    assert.equal((await readViewer()).rows[0].diagnostics, '2');
    await webview().locator('.capture-table tbody tr[data-id]').first().click();
    v = await viewerWhere((x) => x.diagnostics.length === 2 && x.client.length > 0, 'its two diagnostics');
    const text = expected.find((c) => c.server === '127.0.0.1:6211').text.split('\n');
    for (const item of v.diagnostics) {
      const m = /^frame #(\d+)line (\d+)error early-timeout/.exec(item);
      assert.ok(m, `a diagnostic with its frame: ${item}`);
      // The frame is the packet in the `# #N` comment of the line (tcpfsm import's text).
      assert.match(text[Number(m[2]) - 1], new RegExp(`timeout keepalive\\s+# #${m[1]} `));
    }
    await port.fill('');
    await viewerWhere((x) => x.rows.length === 9, 'all rows again');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'capture-table-light.png') });
    // The editor area alone: the picture in the README (docs/images/capture-viewer.png is a copy).
    const box = await page.locator('.part.editor').boundingBox();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'capture-viewer.png'), clip: box });
  }));

  it('"TCP: Explain Socket States" on a selected ss -tan output opens the report beside it', { timeout: TEST_MS }, () => step('explain', async () => {
    await runCommand('View: Close All Editors');
    await quickOpen('ss-tan.txt');
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await runCommand('TCP: Explain Socket States');
    await page.locator('.tabs-container .tab', { hasText: 'Socket states.txt' }).waitFor({ state: 'visible' });
    const report = page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: 'Socket states.txt' }) }).locator('.view-lines');
    const text = await assertEventually(() => report.innerText().then((t) => t.replace(/\u00a0/g, ' ')),
      (t) => t.includes('29 TCP sockets (read from ss output)'), 'the report');
    assert.match(text, /Socket states of the selection \(tcpfsm explain\)/);
    assert.match(text, /CLOSE_WAIT \(CLOSE-WAIT\): 3 sockets/);
    // The focus stays in ss-tan.txt (the report is beside it).
    assert.match(await page.locator('.editor-group-container.active .tab.active').innerText(), /ss-tan\.txt/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'capture-explain.png') });
    await runCommand('View: Close All Editors');
  }));

  it('reads in the dark theme', { timeout: TEST_MS }, () => step('dark', async () => {
    // The theme is a setting of the profile; the reloaded window starts with it.
    setTheme(DARK_THEME);
    await page.evaluate(() => { window.tcpfsmBeforeReload = true; });
    await runCommand('Developer: Reload Window', { waitClosed: false });
    await assertEventually(() => page.evaluate(() => window.tcpfsmBeforeReload !== true).catch(() => false), Boolean, 'the window reloaded');
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    await assertEventually(() => page.locator('.monaco-workbench').getAttribute('class'), (c) => /\bvs-dark\b/.test(c), 'the dark theme');
    await quickOpen('nine-connections.pcap');
    await viewerWhere((x) => !x.reading && x.rows.length === 9, 'nine rows');
    await webview().locator('.capture-table tbody tr', { hasText: '127.0.0.1:6211' }).click();
    await viewerWhere((x) => x.diagnostics.length === 2 && x.client.length > 0, 'the keep-alive connection drawn');
    await assertEventually(() => webview().locator('body').getAttribute('class'), (c) => /\bvscode-dark\b/.test(c ?? ''), 'the viewer in the dark theme');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'capture-dark.png') });
    assert.deepEqual(dialogs, [], 'no dialog opened');
  }));
});

/** workbench.mjs's assertEventually with this file's step time. */
const assertEventually = (read, ok, what, timeoutMs = STEP_MS) => eventually(read, ok, what, timeoutMs);
