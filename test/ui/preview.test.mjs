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
    await act.webview().locator('#zoom-in').click();
    await act.webview().locator('#zoom-in').click();
    await act.webview().locator('.state-view').evaluate((el) => el.scrollTo(120, 200));
    const zoomed = await assertEventually(read, (r) => r.zoom !== fitted.zoom && r.left === 120 && r.top === 200, 'zoomed in and scrolled');
    // An edit in the editor redraws the preview; its zoom and scroll stay.
    await clickLineEnd('FIN_WAIT_2 -> TIME_WAIT : recv FIN / send ACK');
    await page.keyboard.press('Enter');
    await page.keyboard.type('TIME_WAIT -> CLOSED : timeout 2MSL');
    const edited = await assertEventually(read, (r) => r.steps === 4, 'the new step drawn');
    assert.deepEqual({ ...edited, steps: 3 }, zoomed);
    await act.runCommand('File: Revert File');
    await act.webview().locator('#zoom-fit').click();
  }));
});
