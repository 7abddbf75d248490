// What the UI tests share: packaging the extension, the screenshot folder, Chromium on a page of
// code-server's workbench, a step runner that saves a screenshot when a step fails, and cleanup.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, PLAYWRIGHT_CORE, ROOT } from '../../scripts/codeServer.mjs';

const require = createRequire(import.meta.url);
export const SCREENSHOTS = path.join(ROOT, '.e2e', 'screenshots');
const log = (...args) => console.log(...args);

/** Makes the screenshot folder and removes the failure screenshots an earlier run left under `prefix`. */
export function prepareScreenshots(prefix) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const stale = new RegExp(`^${prefix}-failure-.*\\.png$`);
  for (const name of fs.readdirSync(SCREENSHOTS)) if (stale.test(name)) fs.rmSync(path.join(SCREENSHOTS, name));
}

/**
 * Packages the extension into a temp folder of its own, so UI test files never race each other
 * for the .vsix. Returns its path and a function removing the folder.
 */
export function packageIntoTemp(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tcpfsm-${label}-vsix-`));
  const vsix = path.join(dir, 'tcp-state-explorer.vsix');
  const started = Date.now();
  const pack = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  assert.equal(pack.status, 0, `vsce package failed (status ${pack.status}${pack.error ? `, ${pack.error.message}` : ''}):\n${pack.stdout}${pack.stderr}`);
  log(`packaged ${path.basename(vsix)} in ${Date.now() - started} ms`);
  return { vsix, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Headless Chromium with one page, every wait capped at `stepMs`, page errors logged. */
export async function launchPage({ width, height, stepMs }) {
  const { chromium } = require(PLAYWRIGHT_CORE);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(stepMs);
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  return { browser, page };
}

/**
 * A step runner for one test file (`current` gives its page and setup error now): `step(name, fn)`
 * fails at once when setup failed, and saves
 * `<prefix>-failure-<name>.png` of what the page showed when `fn` throws.
 */
export function stepRunner(prefix, current) {
  return async function step(name, fn) {
    const { page, setupError } = current();
    if (setupError) throw setupError;
    assert.ok(page, 'no browser page (setup did not finish)');
    try {
      return await fn();
    } catch (error) {
      const shot = path.join(SCREENSHOTS, `${prefix}-failure-${name}.png`);
      await page.screenshot({ path: shot }).then(() => log(`failure screenshot: ${shot}`), () => {});
      throw error;
    }
  };
}

/** Stops each part separately, so one failing does not leave the others running. */
export async function stopAll({ browser, server, profile, workspace }) {
  await browser?.close().catch((error) => log(`closing Chromium: ${error.message}`));
  await server?.stop().catch((error) => log(`stopping code-server: ${error.message}`));
  profile?.remove();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
}

/** Polls `read` until `ok` accepts its value (the workbench updates asynchronously). */
export async function assertEventually(read, ok, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval, not a settle delay
  }
}

/** What a user does in the workbench, as Playwright steps on `page`: commands, quick open, lines. */
export function workbenchActions(page) {
  const quickInput = page.locator('.quick-input-widget input');
  /** Picks `label` in the open quick input once the filtered list has it focused (first), with Enter. */
  async function pick(label) {
    // (A quick pick opened from another, as Welcome: Open Walkthrough... does, may leave a hidden list behind.)
    const focused = page.locator('.quick-input-list .monaco-list-row.focused .label-name:visible').first();
    await assertEventually(() => focused.innerText().catch(() => ''), (t) => t.trim() === label, `"${label}" first in the list`);
    await page.keyboard.press('Enter');
  }
  return {
    pick,
    /** Runs a command from the command palette by its full label. */
    async runCommand(label, { waitClosed = true } = {}) {
      await page.keyboard.press('Control+Shift+P');
      // A webview that has just lost its last editor can keep the keyboard: then F1, then the
      // palette again with the focus in the workbench (the side bar's title: clicking it does nothing).
      // Last, a click into a text editor's first line, which always gives the workbench the keyboard.
      for (const retry of [() => page.keyboard.press('F1'), async () => {
        await page.locator('.part.sidebar .composite.title').click();
        await page.keyboard.press('Control+Shift+P');
      }, async () => {
        await page.locator('.editor-group-container .monaco-editor .view-lines').first().click({ position: { x: 2, y: 2 }, timeout: 5000 }).catch(() => {});
        await page.keyboard.press('Control+Shift+P');
      }, () => {}]) {
        if (await quickInput.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) break;
        await retry();
      }
      await quickInput.waitFor({ state: 'visible' });
      await quickInput.fill(`>${label}`);
      await pick(label);
      if (waitClosed) await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    },
    /** Opens a workspace file with quick open and waits for its tab. */
    async quickOpen(file) {
      await page.keyboard.press('Control+P');
      await quickInput.waitFor({ state: 'visible' });
      await quickInput.fill(file);
      await pick(file);
      await page.locator('.tabs-container .tab.active', { hasText: file }).first().waitFor({ state: 'visible' });
    },
    /** Waits until the status bar shows the active editor's language mode (the extension's commands need it). */
    languageMode: (name) => assertEventually(() => page.locator('[id="status.editor.mode"]').innerText().catch(() => ''),
      (t) => t.includes(name), `language mode ${name}`),
    /** Go to a line with Ctrl+G, checked on the status bar. */
    async gotoLine(line) {
      await page.keyboard.press('Control+G');
      await quickInput.waitFor({ state: 'visible' });
      await quickInput.fill(`:${line}`);
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden' });
      await assertEventually(() => page.locator('[id="status.editor.selection"]').innerText(), (t) => t.trim().startsWith(`Ln ${line}, `),
        `cursor on line ${line}`);
    },
    /** The active editor's visible lines as text, top to bottom (Monaco draws spaces as U+00A0). */
    editorLines: () => page.evaluate(() => [...document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line')]
      .map((line) => ({ top: line.getBoundingClientRect().top, text: line.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text)),
    /** The inner frame of the visible webview (the diagram preview). */
    webview: () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame'),
    /** The status bar's problems item label, e.g. "Errors: 1" or "No Problems". */
    problemsLabel: () => page.locator('[id="status.problems"]').getAttribute('aria-label'),
  };
}
