// Completion and a quick fix as a user sees them: the packaged extension in a real VS Code 1.100
// (code-server on 127.0.0.1) driven through headless Chromium with playwright-core. Types
// `  LISTEN -> ` on a new line, triggers suggest (Ctrl+Space), reads the suggest widget's rows and
// accepts the first with Enter; then puts the cursor on an illegal jump, opens the quick fixes
// (Ctrl+.), picks "Insert the missing step through SYN_RECEIVED" and checks the text and that no
// problem is left.
//
//   node --test test/ui/intelligence.test.mjs      (also part of npm run test:ui)
//
// Screenshots go to .e2e/screenshots/ (git-ignored): ui-completion.png (the suggest widget),
// ui-quickfix.png (the quick-fix menu), and ui-intelligence-failure-<step>.png when a step fails.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ensureEditorSetup, installVsix, makeProfile, ROOT, startCodeServer,
} from '../../scripts/codeServer.mjs';
import { SCREENSHOTS, assertEventually as eventually, launchPage, packageIntoTemp, prepareScreenshots, stepRunner, stopAll } from './workbench.mjs';

const FILE = 'intelligence.tcpfsm';
// Every step waits on a condition; this is only the ceiling (the machine is slow: 2 cores).
const STEP_MS = 30_000;
const TEST_MS = 90_000;

// The file the test opens (written into a temp workspace). One error: the jump in "Jump".
const TEXT = [
  '# Completion and a quick fix in the real editor.', //  1
  'scenario "Passive open" {', //                         2
  '  CLOSED -> LISTEN : listen', //                       3
  '}', //                                                 4
  '', //                                                  5
  'scenario "Jump" {', //                                 6
  '  LISTEN -> ESTABLISHED', //                           7: illegal-transition
  '  ESTABLISHED -> CLOSE_WAIT : recv FIN', //            8
  '}', //                                                 9
  '',
].join('\n');

// What the language server offers after `LISTEN -> ` (the table's edges from LISTEN: main edges
// first, then the exceptional ones, then LISTEN itself for its steps that stay), as the suggest
// widget shows each row: the label, and the label description drawn on its right on every row
// (the edge's label, so rows leading to the same state can be told apart).
const SUGGESTIONS = [
  ['SYN_RECEIVED', 'recv SYN / send SYN+ACK'],
  ['SYN_SENT', 'send data / send SYN'],
  ['CLOSED', 'close'],
  ['CLOSED', 'abort · exceptional'],
  ['CLOSED', 'timeout user · exceptional'],
  ['LISTEN', 'recv ACK / send RST (or 1 more) · stays'],
];
// The details pane (Ctrl+Space again) of each of those rows: the item's detail, i.e. the edge's label.
const DETAILS = ['recv SYN / send SYN+ACK', 'send data / send SYN', 'close', 'abort', 'timeout user', 'recv ACK / send RST (or 1 more)'];

describe('completion and quick fixes in VS Code (code-server + Chromium)', () => {
  let workspace;
  let profile;
  let server;
  let browser;
  let page;
  let setupError;

  const log = (...args) => console.log(...args);

  const step = stepRunner('ui-intelligence', () => ({ page, setupError }));

  /** The editor's lines as text, top to bottom (Monaco draws spaces as U+00A0). */
  const editorLines = () => page.evaluate(() => [...document.querySelectorAll('.editor-instance .view-lines .view-line')]
    .map((line) => ({ top: line.getBoundingClientRect().top, text: line.textContent.replace(/\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text));

  /** The status bar's problems item label, e.g. "Errors: 1" or "No Problems". */
  const problemsLabel = () => page.locator('[id="status.problems"]').getAttribute('aria-label');

  before(async () => {
    try {
      ensureEditorSetup();
      prepareScreenshots('ui-intelligence');

      const { vsix, remove: removePackage } = packageIntoTemp('intelligence');

      // A temp workspace with one file: the test never touches the repository's files.
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-intelligence-ws-'));
      fs.writeFileSync(path.join(workspace, FILE), TEXT);

      // Edits stay unsaved (the browser build saves after a delay by default).
      profile = makeProfile('intelligence', { 'files.autoSave': 'off' });
      installVsix(profile, vsix);
      removePackage();
      server = await startCodeServer({ profile, folder: workspace });
      log(`code-server on port ${server.port}`);

      ({ browser, page } = await launchPage({ width: 1400, height: 900, stepMs: STEP_MS }));
    } catch (error) {
      setupError = error;
    }
  }, { timeout: 300_000 });

  after(() => stopAll({ browser, server, profile, workspace }));

  it('opens the file; the server reports the one illegal jump', { timeout: TEST_MS }, () => step('open', async () => {
    await page.goto(server.url());
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor({ state: 'visible' });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Completion and a quick fix' }).waitFor({ state: 'visible' });
    // The language server is up once it has published the file's diagnostics.
    assert.equal(await assertEventually(problemsLabel, (l) => l === 'Errors: 1', 'status.problems aria-label'), 'Errors: 1');
    await page.locator('.editor-instance .view-overlays .squiggly-error').first().waitFor({ state: 'visible' });
  }));

  it('suggests the states LISTEN goes to, in order with their labels, and Enter inserts the first', { timeout: TEST_MS }, () => step('completion', async () => {
    // A new, empty line 4 before the "}" of "Passive open": Ctrl+G 4, Enter there, back up.
    await gotoLine(page, 4);
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('  LISTEN -> ');
    // Typing may already have opened suggest (quick suggestions, trigger characters): close it and
    // ask for it the way a user does.
    await page.keyboard.press('Escape');
    await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden' });
    await assertEventually(editorLines, (lines) => lines[3] === '  LISTEN -> ', 'line 4 after typing');
    await page.keyboard.press('Control+Space');

    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible' });
    const rows = await assertEventually(() => suggestRows(page), (r) => r.length >= SUGGESTIONS.length && r[0].label === 'SYN_RECEIVED',
      'suggest widget rows');
    log(`suggest widget:\n${rows.map((r) => `  ${JSON.stringify(r)}`).join('\n')}`);
    assert.deepEqual(rows.slice(0, SUGGESTIONS.length).map((r) => [r.label, r.right]), SUGGESTIONS,
      'first suggest rows: label and the text on their right, top to bottom');
    // The server's states come before the snippets (snippets/tcpfsm.code-snippets), which follow.
    assert.ok(rows.slice(SUGGESTIONS.length).every((r) => r.ariaLabel.endsWith(', Snippet')),
      `rows after the states: ${JSON.stringify(rows.slice(SUGGESTIONS.length).map((r) => r.label))}`);
    // The first row is focused; its aria-label (what a screen reader says) names it, its edge and its kind.
    assert.equal(rows[0].focused, true, 'the first row is focused');
    assert.equal(rows[0].ariaLabel, 'SYN_RECEIVED, recv SYN / send SYN+ACK, Enum Member');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-completion.png') });

    // Ctrl+Space again opens the details pane: each row's detail, the edge's label (for the two
    // exceptional CLOSED rows the only place that tells `abort` from `timeout`).
    // Under load the press can arrive while the widget is still loading its items (it then asks
    // for suggestions again instead): press again when the pane has not opened within 5 s.
    const details = page.locator('.suggest-details-container .suggest-details');
    await assertEventually(async () => {
      await page.keyboard.press('Control+Space');
      return details.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    }, (open) => open, 'the details pane opens');
    for (let i = 0; i < DETAILS.length; i++) {
      if (i > 0) await page.keyboard.press('ArrowDown');
      const seen = await assertEventually(() => details.innerText().catch(() => ''),
        (text) => text.split('\n')[0]?.trim() === DETAILS[i], `details pane of row ${i + 1}`);
      assert.equal(seen.split('\n')[0].trim(), DETAILS[i]);
      assert.equal((await suggestRows(page)).findIndex((r) => r.focused), i, `row ${i + 1} is focused`);
    }
    for (let i = 1; i < DETAILS.length; i++) await page.keyboard.press('ArrowUp');
    await assertEventually(() => suggestRows(page), (r) => r[0]?.focused === true, 'the first row focused again');

    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    const lines = await assertEventually(editorLines, (l) => l[3] === '  LISTEN -> SYN_RECEIVED', 'line 4 after Enter');
    assert.deepEqual(lines.slice(1, 5), ['scenario "Passive open" {', '  CLOSED -> LISTEN : listen', '  LISTEN -> SYN_RECEIVED', '}']);
    // The new step is legal: still the one error of "Jump".
    assert.equal(await assertEventually(problemsLabel, (l) => l === 'Errors: 1', 'status.problems aria-label'), 'Errors: 1');
  }));

  it("fixes the illegal jump with 'Insert the missing step through SYN_RECEIVED' from Ctrl+.", { timeout: TEST_MS }, () => step('quickfix', async () => {
    // "Jump" is now lines 7-10; the cursor goes on ESTABLISHED in "  LISTEN -> ESTABLISHED" (line 8).
    const jump = '  LISTEN -> ESTABLISHED';
    assert.equal((await editorLines())[7], jump);
    // Click on the token; code lenses may still appear above the blocks and move the lines, so
    // click again at the token's new place until the status bar says the cursor is on line 8.
    await assertEventually(async () => {
      const box = await tokenBox(page, jump, 'ESTABLISHED');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      return page.locator('[id="status.editor.selection"]').innerText();
    }, (t) => /^Ln 8, Col (1[3-9]|2[0-4])$/.test(t.trim()), 'cursor on ESTABLISHED (status bar position)');

    await page.keyboard.press('Control+Period');
    const menu = page.locator('.action-widget');
    const fix = menu.locator('.monaco-list-row.action', { hasText: 'Insert the missing step through SYN_RECEIVED' });
    await fix.waitFor({ state: 'visible' });
    const titles = await menu.locator('.monaco-list-row.action').allInnerTexts();
    log(`quick fixes: ${JSON.stringify(titles)}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-quickfix.png') });
    // Pick it by its title with the keyboard (the menu's pointer block takes clicks until the mouse
    // moves): down until its row is focused, then Enter.
    for (let i = 0; i < titles.length && !(await fix.evaluate((row) => row.classList.contains('focused'))); i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.equal(await fix.evaluate((row) => row.classList.contains('focused')), true, 'the fix is focused in the menu');
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });

    const lines = await assertEventually(editorLines, (l) => l[7] === '  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK', 'the fixed lines');
    assert.deepEqual(lines.slice(6, 11), [
      'scenario "Jump" {',
      '  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK',
      '  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN',
      '  ESTABLISHED -> CLOSE_WAIT : recv FIN',
      '}',
    ]);
    // No problem left: the status bar says so and no squiggle is drawn.
    assert.equal(await assertEventually(problemsLabel, (l) => l === 'No Problems', 'status.problems aria-label'), 'No Problems');
    await page.locator('.editor-instance .view-overlays .squiggly-error').first().waitFor({ state: 'detached' });
    assert.equal(await page.locator('.editor-instance .view-overlays [class*="squiggly-"]').count(), 0);
  }));
});

/** Go to a line with Ctrl+G (the quick input's "go to line"). */
async function gotoLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await assertEventually(() => page.locator('[id="status.editor.selection"]').innerText(), (t) => t.trim().startsWith(`Ln ${line}, `),
    `cursor on line ${line}`);
}

/** The suggest widget's rendered rows, top to bottom: label, the text on the right, aria-label, focus. */
function suggestRows(page) {
  return page.evaluate(() => [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')]
    .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
    .map((row) => ({
      label: row.querySelector('.label-name')?.textContent ?? '',
      // Only what is drawn: the detail of an unfocused row is in the DOM but display: none.
      right: (() => {
        const element = row.querySelector('.details-label');
        return element && element.checkVisibility() ? element.textContent : '';
      })(),
      ariaLabel: row.getAttribute('aria-label') ?? '',
      focused: row.classList.contains('focused'),
    })));
}

/** The on-screen box of `token` in the editor line whose text is `lineText`. */
async function tokenBox(page, lineText, token) {
  const box = await page.evaluate(([lineText, token]) => {
    const line = [...document.querySelectorAll('.editor-instance .view-lines .view-line')]
      .find((l) => l.textContent.replace(/\u00a0/g, ' ') === lineText);
    if (!line) return null;
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(token);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + token.length);
        const { x, y, width, height } = range.getBoundingClientRect();
        return { x, y, width, height };
      }
    }
    return null;
  }, [lineText, token]);
  assert.ok(box && box.width > 0, `${token} in "${lineText}" is not on screen`);
  return box;
}

/** workbench.mjs's assertEventually with this file's step time. */
const assertEventually = (read, ok, what, timeoutMs = STEP_MS) => eventually(read, ok, what, timeoutMs);
