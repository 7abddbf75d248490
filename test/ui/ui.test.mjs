// What a user sees: the packaged extension (tcp-state-explorer.vsix, installed the way a user
// installs it) in a real VS Code 1.100 (code-server on 127.0.0.1), driven through headless
// Chromium with playwright-core. Checks the squiggles, the status bar problem counts, the Problems
// panel and a hover on examples/diagnostics.tcpfsm.
//
//   npm run test:ui          (node --test test/ui/ui.test.mjs)
//
// Needs the editor cache (bash scripts/setup-editor.sh, run automatically when missing).
// Screenshots go to .e2e/screenshots/ (git-ignored): ui-editor.png, ui-problems.png, ui-hover.png,
// and ui-failure-<step>.png when a step fails.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ensureEditorSetup, installVsix, makeProfile, ROOT, startCodeServer,
} from '../../scripts/codeServer.mjs';
import { SCREENSHOTS, assertEventually as eventually, launchPage, prepareScreenshots, stepRunner, stopAll } from './workbench.mjs';

const VSIX = path.join(ROOT, 'tcp-state-explorer.vsix');
const FILE = 'diagnostics.tcpfsm';
// Every step waits on a condition; this is only the ceiling (the machine is slow: 2 cores).
const STEP_MS = 30_000;
const TEST_MS = 90_000;

// What `node dist/cli.js check examples/diagnostics.tcpfsm` reports, as the editor shows it:
// the line's text and the characters under the squiggle (1-based lines, as in the Problems panel).
const ERRORS = [
  { code: 'unknown-state', line: 5, col: 13, lineText: '  CLOSED -> SYN_SEND : connect / send SYN', under: 'SYN_SEND' },
  { code: 'illegal-transition', line: 10, col: 13, lineText: '  LISTEN -> ESTABLISHED', under: 'ESTABLISHED' },
  { code: 'wrong-event', line: 15, col: 27, lineText: '  ESTABLISHED -> CLOSED : close', under: 'close' },
  { code: 'discontinuity', line: 21, col: 3, lineText: '  LISTEN   -> SYN_RECEIVED : recv SYN', under: 'LISTEN' },
  { code: 'syntax', line: 26, col: 10, lineText: '  CLOSED => LISTEN', under: '=>' },
];
const WARNINGS = [
  { code: 'duplicate-name', line: 30, col: 10, lineText: 'scenario "No such edge" {', under: '"No such edge"' },
];

describe('TCP State Explorer in VS Code (code-server + Chromium)', () => {
  let workspace;
  let profile;
  let server;
  let browser;
  let page;
  // A failing `before` only cancels the tests ("fail 0" in the summary); keep its error and fail
  // every test with it instead, as test/nvim does.
  let setupError;

  const log = (...args) => console.log(...args);

  const step = stepRunner('ui', () => ({ page, setupError }));

  before(async () => {
    try {
      ensureEditorSetup();
      prepareScreenshots('ui');

      // Always rebuild: `npm run package` runs the production esbuild (vscode:prepublish) and vsce, ~5 s.
      const started = Date.now();
      const pack = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
      assert.equal(pack.status, 0,
        `npm run package failed (status ${pack.status}${pack.error ? `, ${pack.error.message}` : ''}):\n${pack.stdout}${pack.stderr}`);
      assert.ok(fs.existsSync(VSIX), `npm run package did not write ${VSIX}:\n${pack.stdout}${pack.stderr}`);
      log(`packaged ${path.basename(VSIX)} in ${Date.now() - started} ms`);

      // The workspace is a copy of examples/: the test never touches the repository's files.
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-ui-ws-'));
      fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });

      profile = makeProfile('ui');
      installVsix(profile, VSIX);
      server = await startCodeServer({ profile, folder: workspace });
      log(`code-server on port ${server.port}`);

      ({ browser, page } = await launchPage({ width: 1400, height: 900, stepMs: STEP_MS }));
    } catch (error) {
      setupError = error;
    }
  }, { timeout: 300_000 });

  after(() => stopAll({ browser, server, profile, workspace }));

  it('opens the workbench and diagnostics.tcpfsm via quick open', { timeout: TEST_MS }, () => step('open', async () => {
    await page.goto(server.url());
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });

    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(FILE);
    // The file search needs a moment after start-up: wait for the file to be listed, not a fixed time.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');

    await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor({ state: 'visible' });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Every scenario diagnostic, on purpose' })
      .waitFor({ state: 'visible' });
    // The language the extension contributes is picked for the file (status bar language mode).
    await assertEventually(() => page.locator('[id="status.editor.mode"]').innerText(),
      (text) => text.includes('TCP State Machine'), 'language mode in the status bar');
  }));

  it('underlines the 5 errors and the warning in the editor', { timeout: TEST_MS }, () => step('squiggles', async () => {
    // All lines of the file fit in the editor, so every decoration is rendered and the counts are exact.
    await page.waitForFunction(([errors, warnings]) =>
      document.querySelectorAll('.editor-instance .view-overlays .squiggly-error').length >= errors &&
      document.querySelectorAll('.editor-instance .view-overlays .squiggly-warning').length >= warnings,
    [ERRORS.length, WARNINGS.length], { timeout: STEP_MS });
    const lineCount = fs.readFileSync(path.join(workspace, FILE), 'utf8').replace(/\n$/, '').split('\n').length;
    const rendered = await page.locator('.editor-instance .view-lines .view-line').count();
    assert.ok(rendered >= lineCount, `the editor renders ${rendered} lines, the file has ${lineCount}: not all fit, counts would not be exact`);

    const squiggles = (await page.evaluate(underlinedText)).sort((a, b) => a.top - b.top).map(({ top, ...rest }) => rest);
    const expected = [...ERRORS.map((e) => ({ ...e, severity: 'error' })), ...WARNINGS.map((w) => ({ ...w, severity: 'warning' }))]
      .sort((a, b) => a.line - b.line)
      .map(({ severity, lineText, under }) => ({ severity, lineText, under }));
    assert.deepEqual(squiggles, expected, 'squiggles (severity, line text, characters underlined), top to bottom');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-editor.png') });
  }));

  it('shows "Errors: 5, Warnings: 1" in the status bar', { timeout: TEST_MS }, () => step('status', async () => {
    const item = page.locator('[id="status.problems"]');
    await item.waitFor({ state: 'visible' });
    // In 1.100 the label is "Errors: 5, Warnings: 1" and the item shows the two numbers beside icons.
    const label = await assertEventually(() => item.getAttribute('aria-label'),
      (text) => /Errors: 5\b/.test(text ?? '') && /Warnings: 1\b/.test(text ?? ''), 'status.problems aria-label');
    assert.equal(label, 'Errors: 5, Warnings: 1');
    assert.match((await item.innerText()).replace(/\s+/g, ' ').trim(), /^5 1$/);
  }));

  it('lists every problem with its code in the Problems panel', { timeout: TEST_MS }, () => step('problems', async () => {
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    // One file row, 6 problems and the duplicate-name warning's related location.
    await assertEventually(() => rows.allInnerTexts(), (texts) => texts.length >= 1 + ERRORS.length + WARNINGS.length,
      'Problems panel rows');
    const texts = await rows.allInnerTexts();
    const labels = await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? ''));
    log(`Problems panel:\n${labels.map((l) => `  ${l}`).join('\n')}`);

    assert.match(texts[0], new RegExp(`^${FILE.replace('.', '\\.')}\\s+6$`), 'file row with the count 6');
    // A problem row: message, source (tcpfsm), code, [Ln, Col]. The related-location row has no source line.
    const problemRows = texts.filter((t) => /\[Ln \d+, Col \d+\]/.test(t) && t.split('\n').includes('tcpfsm'));
    assert.equal(problemRows.length, ERRORS.length + WARNINGS.length, `problem rows:\n${texts.join('\n---\n')}`);
    for (const { code, line, col } of [...ERRORS, ...WARNINGS]) {
      const row = problemRows.find((t) => t.split('\n').includes(code));
      assert.ok(row, `no Problems row with the code ${code}:\n${texts.join('\n---\n')}`);
      assert.ok(row.includes(`[Ln ${line}, Col ${col}]`), `${code} row is not at Ln ${line}, Col ${col}: ${row}`);
    }
    assert.ok(texts.some((t) => t.includes('did you mean SYN_SENT?')), 'the unknown-state message suggests SYN_SENT');
    // Severity as the user reads it (icons carry no text; the rows' aria-labels say it).
    assert.equal(labels.filter((l) => l.startsWith('Error: ')).length, ERRORS.length, 'error rows');
    assert.equal(labels.filter((l) => l.startsWith('Warning: ')).length, WARNINGS.length, 'warning rows');
    assert.ok(labels.some((l) => l.startsWith('"No such edge" is first used here at line 9')), 'duplicate-name points at the first use');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-problems.png') });
  }));

  it('hovers ESTABLISHED with its rendered RFC 9293 documentation', { timeout: TEST_MS }, () => step('hover', async () => {
    // Line 15, "  ESTABLISHED -> CLOSED : close": no diagnostic on ESTABLISHED, so the hover is
    // only the state's documentation. Move the mouse over the token, as a user does.
    // Monaco draws spaces as U+00A0, so find the line and the token's box in the page.
    await page.waitForFunction(() => [...document.querySelectorAll('.editor-instance .view-lines .view-line')]
      .some((l) => l.textContent.replace(/\u00a0/g, ' ') === '  ESTABLISHED -> CLOSED : close'), null, { timeout: STEP_MS });
    const box = await page.evaluate(() => {
      const line = [...document.querySelectorAll('.editor-instance .view-lines .view-line')]
        .find((l) => l.textContent.replace(/\u00a0/g, ' ') === '  ESTABLISHED -> CLOSED : close');
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf('ESTABLISHED');
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 'ESTABLISHED'.length);
          const { x, y, width, height } = range.getBoundingClientRect();
          return { x, y, width, height };
        }
      }
      return null;
    });
    assert.ok(box && box.width > 0, 'ESTABLISHED is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

    const hover = page.locator('.monaco-hover-content', { hasText: 'RFC 9293' }).first();
    try {
      await hover.waitFor({ state: 'visible', timeout: STEP_MS / 2 });
    } catch {
      // A mouse hover can be lost if the editor re-rendered under the pointer; the keyboard way
      // (Ctrl+K Ctrl+I, editor.action.showHover) at the same position is what a user would try next.
      log('mouse hover did not show; using Ctrl+K Ctrl+I');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ state: 'visible', timeout: STEP_MS / 2 });
    }
    const text = await hover.innerText();
    log(`hover:\n${text.split('\n').map((l) => `  ${l}`).join('\n')}`);
    assert.ok(text.startsWith('ESTABLISHED'), `hover starts with the state name: ${text}`);
    // The compact hover (issue 12): the section linked in its first line, More… for the whole page.
    assert.ok(text.includes('RFC 9293 3.3.2'), 'hover cites RFC 9293');
    assert.ok(text.includes('More about ESTABLISHED…'), 'hover links to the whole page');
    assert.ok(text.includes('The connection is open: both sides are synchronized'), 'hover explains the state');
    assert.ok(!text.includes('**') && !text.includes('`'), `markdown is rendered, not shown raw: ${text}`);
    // Rendered markdown: the title is bold, the command is code.
    assert.equal(await hover.locator('strong').first().innerText(), 'ESTABLISHED');
    assert.ok((await hover.locator('code').allInnerTexts()).includes('ss -tan state established'), 'ss command as code');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-hover.png') });
  }));
});

/**
 * Runs in the page: for every squiggle in the editor, the text of the line it is drawn on and the
 * characters whose centres lie under it. Overlays and text lines share the editor's coordinates.
 */
function underlinedText() {
  const editor = document.querySelector('.editor-instance .monaco-editor');
  const lines = [...editor.querySelectorAll('.view-lines .view-line')];
  const result = [];
  for (const squiggle of editor.querySelectorAll('.view-overlays .squiggly-error, .view-overlays .squiggly-warning')) {
    const s = squiggle.getBoundingClientRect();
    const line = lines.find((l) => {
      const r = l.getBoundingClientRect();
      return Math.abs(r.top - s.top) < r.height / 2;
    });
    let under = '';
    if (line) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const c = range.getBoundingClientRect();
          const centre = c.left + c.width / 2;
          if (centre > s.left && centre < s.right) under += node.data[i];
        }
      }
    }
    result.push({
      severity: squiggle.classList.contains('squiggly-error') ? 'error' : 'warning',
      lineText: line ? line.textContent.replace(/\u00a0/g, ' ') : null,
      under: under.replace(/\u00a0/g, ' '),
      top: s.top,
    });
  }
  return result;
}

/** workbench.mjs's assertEventually with this file's step time. */
const assertEventually = (read, ok, what, timeoutMs = STEP_MS) => eventually(read, ok, what, timeoutMs);
