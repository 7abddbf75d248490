// The first five minutes with the extension and the preview as a playground (issue 12), as a user
// sees them: the packaged extension in a real VS Code 1.100 (code-server on 127.0.0.1) driven
// through headless Chromium with playwright-core. Each test is one item of the issue.
//
//   node --test test/ui/preview.test.mjs
//
// Needs the editor cache (bash scripts/setup-editor.sh, run automatically when missing).
// Screenshots go to .e2e/screenshots/ (git-ignored): preview-*.png, and preview-failure-<step>.png
// when a step fails.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureEditorSetup, installVsix, makeProfile, ROOT, startCodeServer } from '../../scripts/codeServer.mjs';
import {
  assertEventually, launchPage, packageIntoTemp, prepareScreenshots, SCREENSHOTS, stepRunner, stopAll, workbenchActions,
} from './workbench.mjs';

// Every step waits on a condition; these are only the ceilings (the machine is slow: 2 cores).
const STEP_MS = 30_000;
const TEST_MS = 150_000;

/** Files written into the temp workspace beside a copy of examples/. */
const FILES = {
  'empty.tcpfsm': '',
  'play.tcpfsm': 'conversation "Play" {\n  server: listen\n  client: connect\n}\n',
  'classes.tcpfsm': 'scenario "Classes" {\n  CLOSED -> LISTEN : listen\n  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK\n  SYN_RECEIVED -> ESTABLISHED : recv ACK\n  ESTABLISHED -> FIN_WAIT_1 : close / send FIN\n}\n',
  'slider.tcpfsm': 'scenario "Slider" {\n  ESTABLISHED -> FIN_WAIT_1 : close / send FIN\n  FIN_WAIT_1 -> FIN_WAIT_2 : recv ACK of FIN\n  FIN_WAIT_2 -> TIME_WAIT : recv FIN / send ACK\n}\n',
};

describe('the preview and the first five minutes (code-server + Chromium)', () => {
  let workspace;
  let profile;
  let server;
  let browser;
  let page;
  let setupError;
  let act;

  const log = (...args) => console.log(...args);
  const step = stepRunner('preview', () => ({ page, setupError }));
  const shot = (name) => page.screenshot({ path: path.join(SCREENSHOTS, name) });

  /** The preview's slider and step label, e.g. { slider: '3/3', label: 'Step 3 / 3', later: 0 }. */
  const readSlider = () => act.webview().locator('#app').evaluate(() => {
    const slider = document.querySelector('#step-slider');
    return {
      slider: `${slider?.value}/${slider?.max}`,
      label: document.querySelector('.step-label')?.textContent ?? '',
      title: document.querySelector('.block-title')?.textContent ?? '',
      later: document.querySelectorAll('.views .later').length,
    };
  }).catch((error) => ({ error: error.message.split('\n')[0] }));

  /** Clicks at the end of the editor line whose text is `text` (the cursor goes there). */
  async function clickLineEnd(text) {
    const line = page.locator('.editor-instance .view-lines .view-line').filter({ hasText: text }).first();
    await line.waitFor({ state: 'visible' });
    const box = await line.boundingBox();
    // On the line's text (the line's box runs on under the minimap and beyond), then to its end.
    await page.mouse.click(box.x + 40, box.y + box.height / 2);
    await page.keyboard.press('End');
  }

  before(async () => {
    try {
      ensureEditorSetup();
      prepareScreenshots('preview');
      const { vsix, remove: removePackage } = packageIntoTemp('preview');
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-preview-ws-'));
      fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
      for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(workspace, name), text);
      profile = makeProfile('preview', { 'workbench.colorTheme': 'Default Light Modern', 'files.autoSave': 'off' });
      installVsix(profile, vsix);
      removePackage();
      server = await startCodeServer({ profile, folder: workspace });
      log(`code-server on port ${server.port}`);
      ({ browser, page } = await launchPage({ width: 1400, height: 900, stepMs: STEP_MS }));
      act = workbenchActions(page);
      await page.goto(server.url());
      await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    } catch (error) {
      setupError = error;
    }
  }, { timeout: 300_000 });

  after(() => stopAll({ browser, server, profile, workspace }));

  it('1. a slider at the end follows a step typed in the editor', { timeout: TEST_MS }, () => step('slider', async () => {
    await act.quickOpen('slider.tcpfsm');
    await act.languageMode('TCP State Machine');
    await act.runCommand('TCP: Open Diagram Preview to the Side');
    await assertEventually(readSlider, (s) => s.slider === '3/3' && s.later === 0, 'the preview at the last of 3 steps');
    await clickLineEnd('FIN_WAIT_2 -> TIME_WAIT : recv FIN / send ACK');
    await page.keyboard.press('Enter');
    await page.keyboard.type('TIME_WAIT -> CLOSED : timeout 2MSL');
    const s = await assertEventually(readSlider, (x) => x.slider === '4/4', 'the slider at the new last step');
    assert.equal(s.label, 'Step 4 / 4');
    assert.equal(s.later, 0, 'nothing drawn as not reached');
    await act.runCommand('File: Revert File');
    await assertEventually(readSlider, (x) => x.slider === '3/3', 'back to 3 steps after the revert');
  }));

  it('2. exports from the preview: its Export button and the editor title bar, the whole block with its title', { timeout: TEST_MS }, () => step('export', async () => {
    const target = path.join(workspace, 'slider.svg');
    fs.rmSync(target, { force: true });
    // The preview's own toolbar.
    await act.webview().locator('#export').click();
    await act.webview().locator('#export-menu [data-item="save-svg"]').click();
    await assertEventually(() => fs.existsSync(target), Boolean, 'slider.svg written beside slider.tcpfsm');
    const svg = fs.readFileSync(target, 'utf8');
    assert.match(svg, /<text[^>]*class="title"[^>]*>scenario “Slider”<\/text>/, 'the block\'s title in the picture');
    assert.doesNotMatch(svg, /class="[^"]*\blater\b/, 'nothing dimmed');
    await act.runCommand('Notifications: Clear All Notifications');
    fs.rmSync(target);
    // With the preview focused, the editor title bar has the export action (as the Markdown preview has its own).
    await act.webview().locator('.state-view').click({ position: { x: 5, y: 5 } });
    const action = page.locator('.editor-group-container.active .editor-actions [aria-label^="Export Diagram as SVG"]').first();
    await action.waitFor({ state: 'visible' });
    await shot('preview-export-menu.png');
    await action.click();
    await assertEventually(() => fs.existsSync(target), Boolean, 'slider.svg written by the title bar action');
    assert.match(fs.readFileSync(target, 'utf8'), /scenario “Slider”/);
    await act.runCommand('Notifications: Clear All Notifications');
    fs.rmSync(target);
  }));

  it('6. a readable size by default; zoom and scroll kept after an edit', { timeout: TEST_MS }, () => step('zoom', async () => {
    const read = () => act.webview().locator('#app').evaluate(() => {
      const view = document.querySelector('.state-view');
      const labels = [...document.querySelectorAll('.state-view .label-text')].filter((el) => el.checkVisibility());
      const smallest = Math.min(...labels.map((el) => {
        const m = el.getScreenCTM();
        return parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
      }));
      return {
        zoom: document.querySelector('.zoom-level')?.textContent, smallest: Math.round(smallest * 10) / 10,
        left: view.scrollLeft, top: view.scrollTop, steps: document.querySelectorAll('.state-view .step').length,
      };
    });
    await act.runCommand('View: Focus First Editor Group');
    await assertEventually(read, (r) => r.steps === 3, 'the three steps drawn');
    const fitted = await read();
    assert.ok(fitted.smallest >= 9.8, `labels at ${fitted.smallest} px in a half-width preview`);
    // In a half-width pane the toolbar has no room for − and + (it keeps Fit): zoom with the keyboard.
    await act.webview().locator('.state-view').focus();
    await act.webview().locator('.state-view').press('+');
    await act.webview().locator('.state-view').press('+');
    await act.webview().locator('.state-view').evaluate((el) => el.scrollTo(120, 200));
    const zoomed = await assertEventually(read, (r) => r.zoom !== fitted.zoom && r.left === 120 && r.top === 200, 'zoomed in and scrolled');
    // An edit in the editor redraws the preview; its zoom and scroll stay.
    await clickLineEnd('FIN_WAIT_2 -> TIME_WAIT : recv FIN / send ACK');
    await page.keyboard.press('Enter');
    await page.keyboard.type('TIME_WAIT -> CLOSED : timeout 2MSL');
    const edited = await assertEventually(read, (r) => r.steps === 4, 'the new step drawn');
    assert.deepEqual({ ...edited, steps: 3 }, zoomed);
    await act.runCommand('File: Revert File');
    await act.webview().locator('.state-view').press('Control+0');
  }));

  /** The suggest widget's rows, top to bottom: label, the text on their right, aria-label. */
  const suggestRows = () => page.evaluate(() => [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')]
    .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
    .map((row) => ({
      label: row.querySelector('.label-name')?.textContent ?? '',
      right: [...row.querySelectorAll('.label-description, .details-label')].filter((e) => e.checkVisibility()).map((e) => e.textContent).join(' ').trim(),
      ariaLabel: row.getAttribute('aria-label') ?? '',
    })));

  it('3. inlay hints fit in 43 characters and stand apart from the code', { timeout: TEST_MS }, () => step('inlay', async () => {
    await act.runCommand('View: Focus First Editor Group');
    await act.quickOpen('handshake.tcpfsm');
    // Inlay hints are injected text: spans with a dyn-rule class after the line's own spans; the
    // padding before one is a hair space in a span of its own, sized by its rule.
    const readHints = () => page.evaluate(() => {
      const hints = [];
      for (const line of document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line')) {
        const spans = [...line.querySelectorAll(':scope > span > span')];
        let codeRight = 0;
        let padding = 0;
        for (const span of spans) {
          const rect = span.getBoundingClientRect();
          const injected = [...span.classList].some((c) => c.startsWith('dyn-rule'));
          const text = span.textContent.replace(/\u00a0/g, ' ');
          if (!injected) codeRight = rect.right;
          else if (!text.trim()) padding += rect.width;
          else {
            // Where the hint's first visible character starts.
            const node = span.firstChild;
            const range = document.createRange();
            const at = text.search(/\S/);
            range.setStart(node, at);
            range.setEnd(node, at + 1);
            hints.push({ text: text.trim(), length: text.length, gap: Math.round(range.getBoundingClientRect().left - codeRight), padding: Math.round(padding) });
          }
        }
      }
      return hints;
    });
    const hints = await assertEventually(readHints, (h) => h.length === 5, 'the five hints of the handshake');
    log(`inlay hints: ${JSON.stringify(hints)}`);
    assert.deepEqual(hints.map((h) => h.text), [
      'server → LISTEN', 'client → SYN_SENT · sends SYN', 'server → SYN_RECEIVED · sends SYN+ACK', 'client → ESTABLISHED · sends ACK', 'server → ESTABLISHED',
    ]);
    for (const h of hints) {
      assert.ok(h.length <= 43, `${h.length}: ${h.text}`);
      // Padding before each (the server asks for paddingLeft): the hint starts clear of the code.
      assert.ok(h.padding >= 3 && h.gap >= h.padding, `"${h.text}" starts ${h.gap} px after the code (padding ${h.padding} px)`);
    }
    await shot('preview-inlay.png');
  }));

  it('5. the state hover fits the first screen; More… opens the whole page beside the editor', { timeout: TEST_MS }, () => step('hover', async () => {
    await act.quickOpen('active-close.tcpfsm');
    const token = page.locator('.editor-group-container.active .view-lines .view-line span', { hasText: /^FIN_WAIT_2$/ }).first();
    const hover = page.locator('.monaco-hover-content:visible');
    await assertEventually(async () => {
      await token.hover();
      return hover.first().isVisible();
    }, Boolean, 'the hover over FIN_WAIT_2');
    // The rendered hover, cut at its rules (---) into blocks of text (once it has loaded).
    const readBlocks = () => hover.first().evaluate((el) => {
      const out = [''];
      for (const node of el.querySelectorAll('.rendered-markdown > *')) {
        if (node.tagName === 'HR') out.push('');
        else out[out.length - 1] += `${node.textContent}\n`;
      }
      return out;
    }).catch(() => []);
    const blocks = await assertEventually(readBlocks, (b) => b.length >= 3, 'the hover rendered');
    log(`hover blocks: ${JSON.stringify(blocks)}`);
    assert.ok(blocks.length >= 3, JSON.stringify(blocks));
    assert.ok(blocks[0].length < 400 && /FIN_WAIT_2/.test(blocks[0]) && /Our FIN has been acknowledged/.test(blocks[0]), blocks[0]);
    await shot('preview-hover.png');
    await hover.first().locator('a', { hasText: 'More about FIN_WAIT_2…' }).click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'FIN_WAIT_2.md' }).first();
    await tab.waitFor({ state: 'visible' });
    const preview = act.webview();
    await preview.locator('h1', { hasText: 'FIN_WAIT_2' }).waitFor({ state: 'visible' });
    assert.match(await preview.locator('body').innerText(), /Who gets here:/);
    await page.mouse.move(700, 800);
    await page.keyboard.press('Escape');
    await shot('preview-state-page.png');
    await tab.hover();
    await tab.locator('.codicon-close').click();
    await tab.waitFor({ state: 'detached' });
  }));

  it('8. completion: each thing once, only where it fits, each row saying what it does', { timeout: TEST_MS }, () => step('completion', async () => {
    await act.runCommand('View: Focus First Editor Group');
    await act.quickOpen('empty.tcpfsm');
    await act.languageMode('TCP State Machine');
    // Under load a press can come before the server answers (the widget then shows nothing): press again.
    const top = await assertEventually(async () => {
      await page.keyboard.press('Control+Space');
      await page.locator('.suggest-widget.visible').waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
      return suggestRows();
    }, (r) => r.some((x) => x.label === 'conversation'), 'suggestions in an empty file');
    log(`top level: ${JSON.stringify(top.map((r) => r.label))}`);
    assert.equal(top.filter((r) => r.label === 'scenario').length, 1);
    assert.equal(top.filter((r) => r.label === 'conversation').length, 1);
    assert.equal(new Set(top.map((r) => r.label)).size, top.length, 'no label twice');
    assert.ok(top.some((r) => r.label === 'seed: Active close'));
    await page.keyboard.press('Escape');
    await page.keyboard.type('conversation "c" {');
    await page.keyboard.press('Enter');
    await page.keyboard.type('client: ');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    const events = await assertEventually(suggestRows, (r) => r.some((x) => x.label === 'connect'), 'events after client:');
    log(`after client: ${JSON.stringify(events)}`);
    assert.ok(events.every((r) => !/Snippet$/.test(r.ariaLabel) && !r.label.startsWith('seed')), 'no snippets after client:');
    assert.equal(new Set(events.map((r) => r.label)).size, events.length);
    assert.equal(events.find((r) => r.label === 'connect')?.right, 'CLOSED → SYN_SENT, sends SYN');
    await shot('preview-completion.png');
    await page.keyboard.press('Escape');
    await act.runCommand('File: Revert File');
  }));

  it('9. the Export menu copies SVG to the clipboard and stores the colours in tcpfsm.export.colors', { timeout: TEST_MS }, () => step('colors', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${server.port}` });
    await act.runCommand('View: Focus First Editor Group');
    await act.quickOpen('slider.tcpfsm');
    await act.languageMode('TCP State Machine');
    await act.runCommand('TCP: Open Diagram Preview to the Side');
    await assertEventually(readSlider, (s) => s.title === 'scenario “Slider”', 'the preview of slider.tcpfsm');
    const menu = async (item) => {
      await act.webview().locator('#export').click();
      await act.webview().locator(`#export-menu [data-item="${item}"]`).click();
    };
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    await menu('copy-svg');
    const copied = await assertEventually(() => page.evaluate(() => navigator.clipboard.readText()), (t) => t.startsWith('<?xml'), 'the SVG on the clipboard');
    assert.match(copied, /<text[^>]*class="title"[^>]*>scenario “Slider”<\/text>/);
    // Print colours, chosen in the menu, land in the user's settings and in the next export.
    await menu('colors-print');
    const settingsFile = path.join(profile.userDataDir, 'User', 'settings.json');
    // (Read until it parses: VS Code may be writing the file.)
    const setting = () => {
      try {
        return JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['tcpfsm.export.colors'];
      } catch {
        return undefined;
      }
    };
    await assertEventually(setting, (v) => v === 'print', 'the setting written');
    await menu('copy-svg');
    const print = await assertEventually(() => page.evaluate(() => navigator.clipboard.readText()), (t) => t !== copied && t.startsWith('<?xml'), 'the print-coloured SVG');
    assert.match(print, /class="export-background"[^>]*fill="#ffffff"|fill="#ffffff"[^>]*class="export-background"/);
    await act.webview().locator('#export').click();
    assert.equal(await act.webview().locator('#export-menu [data-item="colors-print"]').getAttribute('aria-checked'), 'true');
    await shot('preview-export-colors.png');
    await page.keyboard.press('Escape');
    await menu('colors-theme');
  }));

  it('4. the Get Started walkthrough is listed and its first step opens an example', { timeout: TEST_MS }, () => step('walkthrough', async () => {
    await act.runCommand('View: Focus First Editor Group');
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Welcome: Open Walkthrough');
    await act.pick('Welcome: Open Walkthrough...');
    const rows = await assertEventually(() => page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts(),
      (r) => r.some((t) => t.includes('Get Started with TCP State Explorer')), 'the walkthrough listed');
    log(`walkthroughs: ${JSON.stringify(rows)}`);
    await input.fill('TCP State Explorer');
    await assertEventually(() => page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts(),
      (r) => r.length > 0 && r[0].includes('Get Started with TCP State Explorer'), 'only ours left');
    await page.keyboard.press('Enter');
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.locator('.getting-started-step', { hasText: 'Open an example' }).first().waitFor({ state: 'visible' });
    const steps = await walkthrough.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(steps.map((t) => t.trim()), [
      'Open an example', 'Hover a state', 'Open the preview', 'Step through a conversation', 'Fix a mistake with a quick fix', 'Build a conversation by clicking', 'Import a capture',
    ]);
    // The step's media (a Markdown page in a webview beside the steps) has loaded.
    await page.frameLocator('.gettingStartedContainer iframe.webview.ready').frameLocator('iframe#active-frame')
      .locator('h1', { hasText: 'A conversation, checked as you type' }).waitFor({ state: 'visible' });
    await shot('preview-walkthrough.png');
    await walkthrough.locator('.getting-started-step', { hasText: 'Open an example' }).first().click();
    await walkthrough.getByRole('button', { name: 'Open the handshake' }).click();
    // An untitled copy of the example (the walkthrough's third step opens the preview).
    const tab = page.locator('.tabs-container .tab[data-resource-name="Untitled-1"]');
    const close = async (locator) => {
      await locator.hover();
      await locator.locator('.codicon-close').click();
    };
    try {
      await tab.waitFor({ state: 'visible' });
      const groups = await page.$$eval('.editor-group-container', (gs) => gs.map((g) => [...g.querySelectorAll('.tabs-container .tab')].map((t) => t.getAttribute('aria-label')?.split(',')[0])));
      log(`tabs after Open the handshake: ${JSON.stringify(groups)}`);
      await shot('preview-walkthrough-example.png');
      await tab.click();
      await assertEventually(act.editorLines, (l) => l.some((x) => x.startsWith('conversation "Three-way handshake" {')), 'the example\'s text');
    } finally {
      // Closed with the mouse, without saving (the palette may not open while a webview has the
      // keyboard): the preview first (it would otherwise ask for the closed copy again), then the copy.
      const preview = page.locator('.tabs-container .tab', { hasText: 'Diagram: Untitled-1' }).first();
      if (await preview.count()) {
        await close(preview);
        await preview.waitFor({ state: 'detached' });
      }
      if (await tab.count()) {
        await close(tab);
        await page.getByRole('button', { name: "Don't Save" }).click();
        await tab.waitFor({ state: 'detached' });
      }
      const walkthroughTab = page.locator('.tabs-container .tab', { hasText: 'Walkthrough: TCP State Explorer' }).first();
      if (await walkthroughTab.count()) {
        await close(walkthroughTab);
        await walkthroughTab.waitFor({ state: 'detached' });
      }
    }
  }));

  /** Picks a colour theme the way a user does (Preferences: Color Theme) and waits for the workbench to wear it. */
  async function chooseTheme(label, kind) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.locator('.quick-input-widget input').fill(label);
    await assertEventually(() => page.locator('.quick-input-list .monaco-list-row.focused .label-name:visible').first().innerText().catch(() => ''),
      (t) => t.trim() === label, `${label} first in the list`);
    await page.keyboard.press('Enter');
    await assertEventually(() => page.locator('.monaco-workbench').getAttribute('class'), (c) => kind.test(c), `the ${label} theme`);
  }

  it('10. the formatter follows the editor\'s tab size; the default themes colour the state classes; Ctrl+K V moves a preview aside', { timeout: TEST_MS }, () => step('smaller', async () => {
    await act.runCommand('View: Focus First Editor Group');
    await act.quickOpen('classes.tcpfsm');
    await act.languageMode('TCP State Machine');
    // The colour of each state's token, once semantic tokens have arrived.
    const colours = () => page.evaluate(() => {
      const out = {};
      for (const span of document.querySelectorAll('.editor-group-container.active .view-lines .view-line span span')) {
        const name = span.textContent;
        if (['CLOSED', 'LISTEN', 'ESTABLISHED', 'FIN_WAIT_1'].includes(name)) out[name] = getComputedStyle(span).color;
      }
      return out;
    });
    for (const [theme, kind] of [['Light Modern', /\bvs\b(?!-dark)/], ['Dark Modern', /\bvs-dark\b/]]) {
      if (theme !== 'Light Modern') await chooseTheme(theme, kind);
      const seen = await assertEventually(colours, (c) => Object.keys(c).length === 4 && new Set(Object.values(c)).size === 4,
        `four state classes in four colours (${theme})`);
      log(`${theme}: ${JSON.stringify(seen)}`);
    }
    await shot('preview-semantic-dark.png');
    await chooseTheme('Light Modern', /\bvs\b(?!-dark)/);

    // Spaces: 4 (as the status bar's indentation picker sets it), then Format Document.
    await act.runCommand('Indent Using Spaces', { waitClosed: false });
    await page.locator('.quick-input-widget input').fill('4');
    await page.keyboard.press('Enter');
    await assertEventually(() => page.locator('[id="status.editor.indentation"]').innerText().catch(() => ''), (t) => t.trim() === 'Spaces: 4', 'Spaces: 4');
    await act.runCommand('Format Document');
    const formatted = await assertEventually(act.editorLines, (l) => l[1]?.startsWith('    CLOSED '), 'indented by four spaces');
    log(`formatted: ${JSON.stringify(formatted.slice(0, 6))}`);
    assert.ok(formatted.slice(1, 5).every((l) => /^ {4}\S/.test(l)), 'every step four spaces in');
    await act.runCommand('File: Revert File');

    // Ctrl+Shift+V opens the preview as a tab of the editor's group; back on the editor, Ctrl+K V moves it aside.
    await act.runCommand('View: Close All Editor Groups');
    await act.quickOpen('classes.tcpfsm');
    await act.languageMode('TCP State Machine');
    await page.keyboard.press('Control+Shift+V');
    await page.locator('.editor-group-container .tabs-container .tab', { hasText: 'Diagram: classes.tcpfsm' }).waitFor({ state: 'visible' });
    const groups = () => page.evaluate(() => [...document.querySelectorAll('.editor-group-container')].map((g) =>
      [...g.querySelectorAll('.tabs-container .tab')].map((t) => t.getAttribute('aria-label')?.split(',')[0] ?? t.textContent.trim())));
    assert.equal((await groups()).length, 1, 'one group, the preview a tab of it');
    await page.locator('.tabs-container .tab', { hasText: /^classes\.tcpfsm/ }).first().click();
    await act.languageMode('TCP State Machine');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('V');
    const after = await assertEventually(groups, (g) => g.length === 2 && g[1].some((t) => t.includes('Diagram: classes.tcpfsm')), 'the preview in a group of its own beside');
    log(`groups: ${JSON.stringify(after)}`);
  }));

  it('11. clicking a legal event in the preview appends its line; the new line checks clean; Ctrl+Z takes it back', { timeout: TEST_MS }, () => step('playground', async () => {
    await act.runCommand('View: Close All Editor Groups');
    await act.quickOpen('play.tcpfsm');
    await act.languageMode('TCP State Machine');
    await act.runCommand('TCP: Open Diagram Preview to the Side');
    const rows = () => act.webview().locator('.ladder-body .event').count();
    await assertEventually(rows, (n) => n === 2, 'two events drawn');
    const choice = act.webview().locator('#playground .choice[data-line="server: recv SYN"]');
    await choice.click();
    const editorText = () => page.locator('.editor-group-container').first().locator('.view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));
    await assertEventually(editorText, (t) => t.includes('server: recv SYN'), 'the line appended in the editor');
    await assertEventually(rows, (n) => n === 3, 'the ladder grew');
    await assertEventually(readSlider, (x) => x.slider === '3/3', 'the slider at the new event');
    assert.equal(await assertEventually(act.problemsLabel, (l) => l === 'No Problems', 'no problem'), 'No Problems');
    // Two more clicks: the handshake completes.
    await act.webview().locator('#playground .choice[data-line="client: recv SYN+ACK"]').click();
    await assertEventually(rows, (n) => n === 4, 'four events');
    await act.webview().locator('#playground .choice[data-line="server: recv ACK"]').click();
    await assertEventually(rows, (n) => n === 5, 'five events');
    assert.equal(await assertEventually(act.problemsLabel, (l) => l === 'No Problems', 'still no problem'), 'No Problems');
    // The editor's hints have caught up too (they are asked for again after the edits).
    await page.locator('.editor-group-container').first().locator('.view-line', { hasText: 'server: recv ACK' })
      .locator('span', { hasText: 'server → ESTABLISHED' }).first().waitFor({ state: 'visible' });
    await act.webview().locator('.ladder-view').click({ position: { x: 5, y: 5 } });
    await shot('preview-playground.png');
    // An ordinary edit: undo in the editor takes the last one back.
    await page.locator('.editor-group-container').first().locator('.view-lines').click();
    await page.keyboard.press('Control+Z');
    await assertEventually(rows, (n) => n === 4, 'undone');
    await act.runCommand('File: Revert File');
  }));
});
