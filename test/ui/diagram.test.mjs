// The diagram preview as a user sees it: the packaged extension in a real VS Code 1.100
// (code-server on 127.0.0.1) driven through headless Chromium with playwright-core. Opens
// examples/active-open.tcpfsm, runs "TCP: Open Diagram Preview to the Side" from the command
// palette and reads inside the webview (an outer iframe.webview and its inner iframe#active-frame):
// the path's states highlighted in order, the highlight following the editor's cursor, a click on
// an edge or a step moving the editor's selection, SVG export, the last good drawing kept (stale)
// while the block has a syntax error, block names that try to inject markup shown as text, and
// the preview revived after "Developer: Reload Window".
//
//   node --test test/ui/diagram.test.mjs
//
// Needs the editor cache (bash scripts/setup-editor.sh, run automatically when missing).
// Screenshots go to .e2e/screenshots/ (git-ignored): diagram-light.png and diagram-dark.png (the
// editor and the preview in the Default Light Modern and Default Dark Modern themes), and
// diagram-failure-<step>.png when a step fails.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ensureEditorSetup, installVsix, makeProfile, ROOT, startCodeServer,
} from '../../scripts/codeServer.mjs';
import { SCREENSHOTS, assertEventually as eventually, launchPage, packageIntoTemp, prepareScreenshots, stepRunner, stopAll, workbenchActions } from './workbench.mjs';

const FILE = 'active-open.tcpfsm';
const LIGHT_THEME = 'Default Light Modern';
const DARK_THEME = 'Default Dark Modern';
// Every step waits on a condition; these are only the ceilings (the machine is slow: 2 cores).
const STEP_MS = 30_000;
const TEST_MS = 120_000;

// examples/active-open.tcpfsm: two blocks, each CLOSED -> SYN_SENT -> ESTABLISHED (1-based lines).
const BLOCK_1 = { title: 'scenario “Active open, client side”', line: 5, step1Line: 6, step2Line: 7 };
const BLOCK_2 = { title: 'scenario “Active open, RFC figure spelling”', step1Line: 12, step2Line: 13 };
const PATH = ['CLOSED', 'SYN_SENT', 'ESTABLISHED'];
const STEPS = ['1 CLOSED>SYN_SENT', '2 SYN_SENT>ESTABLISHED'];

// Block names that would run script if they were ever inserted as markup.
const XSS = [
  { file: 'xss-img.tcpfsm', name: '<img src=x onerror=alert(1)>' },
  { file: 'xss-script.tcpfsm', name: '</script><script>alert(1)</script>' },
];

describe('the diagram preview in VS Code (code-server + Chromium)', () => {
  let workspace;
  let profile;
  let server;
  let browser;
  let page;
  let setupError;
  /** Every dialog any frame opened (alert, confirm, …): there must be none. */
  const dialogs = [];
  /** Console lines that would mean injected markup was parsed (blocked by CSP or ignored alerts). */
  const suspicious = [];

  const log = (...args) => console.log(...args);

  const step = stepRunner('diagram', () => ({ page, setupError }));

  /** The preview's page: the inner frame of the (only visible) webview. */
  const webview = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  /** Reads what the state diagram shows: title, path states in visit order, numbered steps, the cursor's steps. */
  async function readDiagram() {
    return webview().locator('#app').evaluate(() => {
      const view = document.querySelector('.state-view');
      if (!view) return undefined;
      const visits = [];
      for (const g of view.querySelectorAll('g.state.on-path-0')) {
        for (const v of (g.getAttribute('data-visit0') ?? '').split(' ').filter(Boolean)) visits.push([Number(v), g.getAttribute('data-state')]);
      }
      visits.sort((a, b) => a[0] - b[0]);
      const steps = [...view.querySelectorAll('g.step')]
        .map((g) => `${g.getAttribute('data-step')} ${g.getAttribute('data-from')}>${g.getAttribute('data-to')}`).sort();
      return {
        title: document.querySelector('.block-title')?.textContent ?? '',
        path: visits.map(([, state]) => state),
        steps,
        cursor: [...view.querySelectorAll('g.step.cursor')].map((g) => g.getAttribute('data-step')).sort(),
        taken: [...view.querySelectorAll('g.edge.taken')].map((g) => `${g.getAttribute('data-from')}>${g.getAttribute('data-to')}`).sort(),
        stale: !document.querySelector('.banner.stale')?.hidden,
      };
    });
  }

  /** Waits until the diagram satisfies `ok` (the preview updates asynchronously). */
  function diagramWhere(ok, what) {
    return assertEventually(() => readDiagram().catch((error) => ({ error: error.message.split('\n')[0] })),
      (d) => d && !d.error && ok(d), what);
  }

  /**
   * Clicks line `number` of the text editor (found by its text), which puts the cursor on it, and
   * checks the status bar. Code lenses arriving late shift the lines: measure and click again then.
   */
  async function clickLine(text, number) {
    const line = page.locator('.editor-instance .view-lines .view-line').filter({ hasText: text });
    await assertEventually(async () => {
      await line.first().waitFor({ state: 'visible' });
      const box = await line.first().boundingBox();
      await page.mouse.click(box.x + 40, box.y + box.height / 2);
      const deadline = Date.now() + 2000;
      let status = await statusSelection().catch(() => '');
      while (!status.startsWith(`Ln ${number},`) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval
        status = await statusSelection().catch(() => '');
      }
      return status;
    }, (status) => status.startsWith(`Ln ${number},`), `the cursor on line ${number} (${text})`);
  }

  const statusSelection = () => page.locator('[id="status.editor.selection"]').innerText();

  /** Writes the profile's settings file; the workbench applies it live. */
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
      prepareScreenshots('diagram');

      const { vsix, remove: removePackage } = packageIntoTemp('diagram');

      // The workspace is a copy of examples/ plus the XSS files: the test never touches the repository.
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-diagram-ws-'));
      fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
      for (const { file, name } of XSS) {
        fs.writeFileSync(path.join(workspace, file),
          `# A block name that must show as text.\nscenario "${name}" {\n  CLOSED -> LISTEN : listen\n  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK\n}\n`);
      }

      // In the browser VS Code saves after a delay by default: off, so the stale test's edit stays unsaved until reverted.
      profile = makeProfile('diagram', { 'workbench.colorTheme': LIGHT_THEME, 'files.autoSave': 'off' });
      installVsix(profile, vsix);
      removePackage();
      // The webview's bundle and stylesheet are in the package (.vscodeignore is an allow-list).
      const [installed] = fs.readdirSync(profile.extensionsDir).filter((name) => name.startsWith('tcp-state-explorer.'));
      assert.ok(installed, `the extension is not in ${profile.extensionsDir}`);
      for (const needed of [['dist', 'webview', 'diagram.js'], ['media', 'diagram.css']]) {
        assert.ok(fs.existsSync(path.join(profile.extensionsDir, installed, ...needed)), `the package lacks ${needed.join('/')} (.vscodeignore)`);
      }
      server = await startCodeServer({ profile, folder: workspace });
      log(`code-server on port ${server.port}`);

      ({ browser, page } = await launchPage({ width: 1600, height: 900, stepMs: STEP_MS }));
      page.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        dialog.dismiss().catch(() => {});
      });
      page.on('console', (message) => {
        const text = message.text();
        if (/alert\(|Refused to (execute|load the image)|onerror/i.test(text)) suspicious.push(text);
      });
    } catch (error) {
      setupError = error;
    }
  }, { timeout: 300_000 });

  after(() => stopAll({ browser, server, profile, workspace }));

  it('opens the preview beside the editor with the path highlighted in order', { timeout: TEST_MS }, () => step('open', async () => {
    await page.goto(server.url());
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    await assertEventually(() => page.locator('.monaco-workbench').getAttribute('class'), (c) => /\bvs\b/.test(c) && !/vs-dark/.test(c),
      'the light theme');
    await quickOpen(FILE);
    await assertEventually(() => page.locator('[id="status.editor.mode"]').innerText(), (t) => t.includes('TCP State Machine'), 'language mode');

    // The editor title bar has the preview button on a .tcpfsm file.
    await page.locator('.editor-actions [aria-label^="Open Diagram Preview to the Side"]').first().waitFor({ state: 'visible' });

    await runCommand('TCP: Open Diagram Preview to the Side');
    await page.locator('.tabs-container .tab', { hasText: `Diagram: ${FILE}` }).waitFor({ state: 'visible' });
    const d = await diagramWhere((x) => x.title === BLOCK_1.title && x.steps.length === 2, 'the first block drawn');
    assert.deepEqual(d.path, PATH, 'the path states, in the order visited');
    assert.deepEqual(d.steps, STEPS, 'numbered steps on the edges taken');
    assert.deepEqual(d.taken, ['CLOSED>SYN_SENT', 'SYN_SENT>ESTABLISHED'], 'edges taken');
    assert.equal(d.stale, false);
    // All 11 states are drawn, each with an accessible name.
    const states = await webview().locator('.state-view g.state').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    assert.equal(new Set(states.map((s) => s.split(':')[0])).size, 11, `11 states: ${states.join(' | ')}`);

    // The editor keeps the focus (the preview opened beside it): the cursor is at the top of the file.
    await page.screenshot({ path: path.join(SCREENSHOTS, 'diagram-light.png') });
  }));

  it('follows the cursor: the step on its line, then the block it moves to', { timeout: TEST_MS }, () => step('cursor', async () => {
    await clickLine('SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK', BLOCK_1.step2Line);
    await diagramWhere((d) => d.title === BLOCK_1.title && d.cursor.join() === '2', 'step 2 under the cursor');
    await clickLine('CLOSED -> SYN_SENT : connect / send SYN', BLOCK_1.step1Line);
    await diagramWhere((d) => d.cursor.join() === '1', 'step 1 under the cursor');

    // Into the second block: its path is drawn, and its first step is under the cursor.
    await clickLine('CLOSED -> SYN_SENT : active open / create TCB, snd SYN', BLOCK_2.step1Line);
    const d = await diagramWhere((x) => x.title === BLOCK_2.title && x.cursor.join() === '1', 'the second block, step 1');
    assert.deepEqual(d.path, PATH);
    assert.deepEqual(d.steps, STEPS);
  }));

  it('a click on an edge or a step selects its line in the editor', { timeout: TEST_MS }, () => step('reveal', async () => {
    /** The editor's selection as the status bar shows it (the preview keeps the focus: focus the editor to read it). */
    async function selectionAfterClick(line) {
      await assertEventually(() => page.locator('.editor-group-container.active .tab.active').innerText(),
        (t) => t.includes(`Diagram: ${FILE}`), 'the focus stays in the preview');
      await runCommand('View: Focus First Editor Group');
      return assertEventually(statusSelection, (t) => t.startsWith(`Ln ${line},`), `the selection on line ${line}`);
    }
    // The edge SYN_SENT -> ESTABLISHED, clicked on its label (what a user aims at).
    const edge = webview().locator('.state-view g.edge.taken[data-from="SYN_SENT"][data-to="ESTABLISHED"]');
    const ids = await edge.getAttribute('data-edge');
    await webview().locator(`.state-view g.edge-label[data-edge="${ids}"]`).click();
    // The selection moved the editor's cursor, and the preview marks that step.
    await diagramWhere((d) => d.title === BLOCK_2.title && d.cursor.join() === '2', 'step 2 under the cursor after the click');
    assert.match(await selectionAfterClick(BLOCK_2.step2Line), new RegExp(`^Ln ${BLOCK_2.step2Line}, Col 3 \\(\\d+ selected\\)`));

    await webview().locator('.state-view g.step[data-step="1"]').click();
    await diagramWhere((d) => d.cursor.join() === '1', 'step 1 under the cursor after the click');
    assert.match(await selectionAfterClick(BLOCK_2.step1Line), new RegExp(`^Ln ${BLOCK_2.step1Line}, Col 3 \\(\\d+ selected\\)`));
  }));

  it('exports the diagram as SVG beside the file', { timeout: TEST_MS }, () => step('export', async () => {
    const target = path.join(workspace, 'active-open.svg');
    assert.equal(fs.existsSync(target), false);
    await runCommand('TCP: Export Diagram as SVG');
    await assertEventually(() => fs.existsSync(target) && fs.statSync(target).size > 0, Boolean, 'active-open.svg written');
    await page.locator('.notifications-toasts', { hasText: 'Diagram exported to active-open.svg' }).waitFor({ state: 'visible' });
    const svg = fs.readFileSync(target, 'utf8');
    // Parsed by the browser's XML parser: well-formed, an <svg> root, the states and the title as text.
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        namespace: doc.documentElement.namespaceURI,
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
        scripts: doc.querySelectorAll('script, foreignObject').length,
        steps: [...doc.querySelectorAll('g.step')].map((g) => g.getAttribute('data-step')),
      };
    }, svg);
    assert.equal(parsed.error, null, 'well-formed XML');
    assert.equal(parsed.root, 'svg');
    assert.equal(parsed.namespace, 'http://www.w3.org/2000/svg');
    for (const state of ['CLOSED', 'LISTEN', 'SYN_RECEIVED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT', 'LAST_ACK']) {
      assert.ok(parsed.texts.includes(state), `the SVG draws ${state}`);
    }
    assert.ok(parsed.texts.includes(BLOCK_2.title), `the SVG has the title ${BLOCK_2.title}: ${parsed.texts.slice(0, 5).join(' | ')}`);
    assert.deepEqual(parsed.steps.sort(), ['1', '2'], 'the numbered steps');
    assert.equal(parsed.scripts, 0, 'no script or foreignObject');
    fs.rmSync(target);
    await runCommand('Notifications: Clear All Notifications');
  }));

  it('keeps the last good drawing, marked stale, while the block has a syntax error', { timeout: TEST_MS }, () => step('stale', async () => {
    await clickLine('SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK', BLOCK_1.step2Line);
    await diagramWhere((d) => d.title === BLOCK_1.title && d.cursor.join() === '2', 'the first block');
    // A half-typed step on a new line of the block: a syntax error.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('CLOSED =>');
    await page.keyboard.press('Escape');
    const d = await diagramWhere((x) => x.stale, 'the stale banner');
    assert.equal(d.title, BLOCK_1.title);
    assert.deepEqual(d.steps, STEPS, 'the last good drawing');
    assert.match(await webview().locator('.banner.stale').innerText(), /syntax errors/);
    await runCommand('File: Revert File');
    await diagramWhere((x) => !x.stale && x.title === BLOCK_1.title && x.steps.length === 2, 'the fresh drawing after the revert');
  }));

  for (const { file, name } of XSS) {
    it(`shows the block name ${name} as text and runs nothing`, { timeout: TEST_MS }, () => step(`xss-${file}`, async () => {
      // The preview follows the active editor to the new file.
      await quickOpen(file);
      await page.locator('.tabs-container .tab', { hasText: `Diagram: ${file}` }).waitFor({ state: 'visible' });
      const d = await diagramWhere((x) => x.title === `scenario “${name}”`, `the block ${name}`);
      assert.deepEqual(d.path, ['CLOSED', 'LISTEN', 'SYN_RECEIVED']);
      const found = await webview().locator('#app').evaluate((app, blockName) => ({
        images: document.querySelectorAll('img').length,
        // VS Code adds its own script (acquireVsCodeApi) to the page; every other one is the extension's.
        scripts: [...document.scripts].filter((s) => s.id !== '_vscodeApiScript').map((s) => s.getAttribute('src') ?? `inline: ${s.textContent.slice(0, 80)}`),
        handlers: document.querySelectorAll('[onerror], [onload]').length,
        titleText: [...document.querySelectorAll('.block-title, .state-view text.title')].map((e) => e.textContent),
        bodyHasName: app.textContent.includes(blockName),
      }), name);
      assert.equal(found.images, 0, 'no <img> element in the preview');
      assert.equal(found.handlers, 0, 'no element with an event handler attribute');
      assert.equal(found.scripts.length, 1, `only the bundle's script: ${found.scripts.join(', ')}`);
      assert.match(found.scripts[0], /dist\/webview\/diagram\.js$/);
      assert.ok(found.bodyHasName, 'the name is in the page as text');
      assert.ok(found.titleText.every((t) => t.includes(name)), `title texts: ${JSON.stringify(found.titleText)}`);
      assert.deepEqual(dialogs, [], 'no dialog opened');
      assert.deepEqual(suspicious, [], 'no console line about a blocked handler, image or alert');
    }));
  }

  /** Runs Developer: Reload Window and waits for the new workbench and the revived preview of FILE. */
  async function reloadWindow() {
    // A mark in the old page: gone once the workbench has reloaded.
    await page.evaluate(() => { window.tcpfsmBeforeReload = true; });
    await runCommand('Developer: Reload Window', { waitClosed: false });
    await assertEventually(() => page.evaluate(() => window.tcpfsmBeforeReload !== true).catch(() => false), Boolean, 'the window reloaded');
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    await page.locator('.tabs-container .tab', { hasText: `Diagram: ${FILE}` }).waitFor({ state: 'visible' });
    // The revived webview loads, says ready, and is drawn from the server's model again.
    return diagramWhere((x) => x.title.startsWith('scenario “Active open') && x.steps.length === 2, 'the revived preview drawn');
  }

  it('comes back after Developer: Reload Window', { timeout: TEST_MS }, () => step('reload', async () => {
    await quickOpen(FILE);
    await diagramWhere((d) => d.title === BLOCK_1.title || d.title === BLOCK_2.title, 'the preview back on active-open.tcpfsm');
    const d = await reloadWindow();
    assert.deepEqual(d.path, PATH);
    assert.deepEqual(d.steps, STEPS);
  }));

  it('reads in the dark theme', { timeout: TEST_MS }, () => step('dark', async () => {
    // The theme is a setting of the profile; the reloaded window starts with it (and revives the preview again).
    setTheme(DARK_THEME);
    await reloadWindow();
    await assertEventually(() => page.locator('.monaco-workbench').getAttribute('class'), (c) => /\bvs-dark\b/.test(c), 'the dark theme');
    await assertEventually(() => webview().locator('body').getAttribute('class'), (c) => /\bvscode-dark\b/.test(c ?? ''),
      'the preview in the dark theme');
    // The first block, as in the light screenshot.
    await clickLine('scenario "Active open, client side" {', BLOCK_1.line);
    await diagramWhere((d) => d.title === BLOCK_1.title && d.steps.length === 2, 'the first block');
    await page.mouse.move(0, 0); // no hover tooltip over the picture
    await page.screenshot({ path: path.join(SCREENSHOTS, 'diagram-dark.png') });
  }));
});

/** workbench.mjs's assertEventually with this file's step time. */
const assertEventually = (read, ok, what, timeoutMs = STEP_MS) => eventually(read, ok, what, timeoutMs);
