// A timed conversation's ladder as a user sees it: the packaged extension in a real VS Code 1.100
// (code-server on 127.0.0.1) driven through headless Chromium with playwright-core. Opens the
// transcription of a Linux capture (examples/real-world/captures/scenario-1.tcpfsm: times in
// seconds, a delayed ACK, TIME_WAIT's 60 s), runs "TCP: Open Diagram Preview to the Side", and reads
// the ladder inside the webview: a time per event, the rows to time scale (the same pixels per
// second wherever a gap is drawn to scale), the minute of TIME_WAIT shortened behind a break that
// says how long it was, the owed ACK's bracket.
//
//   node --test test/ui/ladder-time.test.mjs
//
// Screenshots go to .e2e/screenshots/ (git-ignored): ladder-time-light.png (the top of the ladder)
// and ladder-time-dark.png (its end: the delayed ACK, TIME_WAIT's break), and
// ladder-time-failure-<step>.png when a step fails.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureEditorSetup, installVsix, makeProfile, ROOT, startCodeServer } from '../../scripts/codeServer.mjs';
import { SCREENSHOTS, assertEventually as eventually, launchPage, packageIntoTemp, prepareScreenshots, stepRunner, stopAll, workbenchActions } from './workbench.mjs';

const FILE = 'scenario-1.tcpfsm';
const TITLE = 'conversation “scenario-1: client closes first, server 1 s later”';
const ROW = 44;
const STEP_MS = 30_000;
const TEST_MS = 120_000;

describe('a timed conversation\'s ladder in VS Code (code-server + Chromium)', () => {
  let workspace;
  let profile;
  let server;
  let browser;
  let page;
  let setupError;
  const log = (...args) => console.log(...args);
  const step = stepRunner('ladder-time', () => ({ page, setupError }));
  const webview = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  /** What the ladder shows: per drawn row its time and line, the breaks, the brackets. */
  function readLadder() {
    return webview().locator('#app').evaluate(() => {
      const body = document.querySelector('.ladder-body');
      if (!body || body.closest('[hidden]')) return undefined;
      return {
        title: document.querySelector('.block-title')?.textContent ?? '',
        timed: body.classList.contains('timed'),
        rows: [...body.querySelectorAll('.event')].map((g) => ({
          event: Number(g.getAttribute('data-event')),
          text: g.querySelector('.event-text').textContent,
          time: g.querySelector('.event-time')?.getAttribute('data-time') ?? null,
          y: Number(g.querySelector('.event-text').getAttribute('y')),
        })),
        breaks: [...body.querySelectorAll('.gap-break')].map((g) => ({ after: Number(g.getAttribute('data-after')), text: g.querySelector('.gap-text').textContent })),
        brackets: [...body.querySelectorAll('.owed-ack')].map((g) => `${g.getAttribute('data-event')}→${g.getAttribute('data-paid')}`),
        legend: [...document.querySelectorAll('.ladder-legend .legend-item')].map((g) => g.getAttribute('data-legend')),
      };
    });
  }

  // The shared workbench steps (workbench.mjs) on the page `before` opens.
  const pick = (label) => workbenchActions(page).pick(label);
  const runCommand = (label, options) => workbenchActions(page).runCommand(label, options);

  before(async () => {
    try {
      ensureEditorSetup();
      prepareScreenshots('ladder-time');
      const { vsix, remove } = packageIntoTemp('ladder-time');
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-ladder-time-ws-'));
      fs.copyFileSync(path.join(ROOT, 'examples', 'real-world', 'captures', FILE), path.join(workspace, FILE));
      profile = makeProfile('ladder-time', { 'workbench.colorTheme': 'Default Light Modern' });
      installVsix(profile, vsix);
      remove();
      server = await startCodeServer({ profile, folder: workspace });
      log(`code-server on port ${server.port}`);
      ({ browser, page } = await launchPage({ width: 1600, height: 1000, stepMs: STEP_MS }));
    } catch (error) {
      setupError = error;
    }
  }, { timeout: 300_000 });

  after(() => stopAll({ browser, server, profile, workspace }));

  it('draws the capture\'s ladder to time scale, with the minute of TIME_WAIT shortened and marked', { timeout: TEST_MS }, () => step('open', async () => {
    await page.goto(server.url());
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(FILE);
    await pick(FILE);
    await page.locator('.tabs-container .tab.active', { hasText: FILE }).first().waitFor({ state: 'visible' });
    await runCommand('TCP: Open Diagram Preview to the Side');
    await page.locator('.tabs-container .tab', { hasText: `Diagram: ${FILE}` }).waitFor({ state: 'visible' });

    const ladder = await assertEventually(() => readLadder().catch(() => undefined), (l) => l?.title === TITLE && l.rows.length > 0, 'the ladder drawn');
    assert.equal(ladder.timed, true);
    const text = fs.readFileSync(path.join(workspace, FILE), 'utf8');
    const timedLines = text.split('\n').filter((l) => /^\s+\d/.test(l));
    const expects = text.split('\n').filter((l) => /^\s+expect /.test(l));
    assert.equal(ladder.rows.length, timedLines.length + expects.length, 'one row per event');
    // Every event but the `expect` lines has its time, as written in the file.
    assert.deepEqual(ladder.rows.filter((r) => r.time !== null).map((r) => Number(r.time)), timedLines.map((l) => Number(l.trim().split(/\s+/)[0])));

    // To scale: wherever the space between two rows is more than a row, it is the same pixels per second.
    const scaled = [];
    let broken = 0;
    // An `expect` happens when the event before it did.
    let last = 0;
    const at = ladder.rows.map((r) => (last = r.time !== null ? Number(r.time) : last));
    for (let i = 1; i < ladder.rows.length; i++) {
      const [a, b] = [ladder.rows[i - 1], ladder.rows[i]];
      const dy = b.y - a.y;
      assert.ok(dy >= ROW, `rows ${a.event} and ${b.event} at least a row apart`);
      if (ladder.breaks.some((k) => k.after === a.event)) {
        broken++;
        continue;
      }
      const seconds = at[i] - at[i - 1];
      if (dy > ROW + 0.5 && seconds > 0) scaled.push({ dy, seconds, pxPerSecond: dy / seconds });
    }
    assert.ok(scaled.length >= 3, `gaps drawn to scale: ${JSON.stringify(scaled)}`);
    const k = scaled[0].pxPerSecond;
    for (const s of scaled) assert.ok(Math.abs(s.pxPerSecond - k) < 0.01 * k, `${JSON.stringify(s)} vs ${k} px/s`);
    // The server's application waits about 0.86 s before it closes: drawn about 8.6 times 0.1 s.
    assert.ok(scaled.some((s) => Math.abs(s.seconds - 0.856826) < 1e-6), JSON.stringify(scaled));
    // The 60 s of TIME_WAIT: shortened, and the break says how long it was.
    assert.equal(broken, 1);
    const timeWait = ladder.rows.findIndex((r) => r.text === 'client: timeout 2MSL');
    assert.deepEqual(ladder.breaks, [{ after: ladder.rows[timeWait - 1].event, text: '⋯ 60.2 s ⋯' }]);
    // Linux delays the ACK of the FIN: a bracket from that receive to the `send ACK` that pays it.
    const delayed = ladder.rows.find((r) => r.text === 'server: recv FIN / delay ACK').event;
    const paid = ladder.rows.find((r) => r.text === 'server: send ACK').event;
    assert.deepEqual(ladder.brackets, [`${delayed}→${paid}`]);
    assert.deepEqual(ladder.legend, ['owed', 'gap']);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ladder-time-light.png') });
  }));

  it('reads in the dark theme', { timeout: TEST_MS }, () => step('dark', async () => {
    // Chosen as a user does, from the theme picker: applied live, the preview follows.
    // Ctrl+K Ctrl+T: the theme picker ("Preferences: Color Theme").
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.locator('.quick-input-widget input').fill('Dark Modern');
    await pick('Dark Modern');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await assertEventually(() => page.locator('.monaco-workbench').getAttribute('class'), (c) => /\bvs-dark\b/.test(c), 'the dark theme');
    await assertEventually(() => webview().locator('body').getAttribute('class').catch(() => ''), (c) => /\bvscode-dark\b/.test(c ?? ''), 'the preview in the dark theme');
    const ladder = await readLadder();
    assert.equal(ladder.breaks.length, 1);
    // Down to the end: the delayed ACK's bracket, TIME_WAIT and its minute behind the break.
    await webview().locator('.ladder-view').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await assertEventually(() => webview().locator('.ladder-view').evaluate((el) => el.scrollTop > 0 && !!el.querySelector('.gap-break .gap-text')),
      Boolean, 'the ladder scrolled to its end');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ladder-time-dark.png') });
  }));
});

/** workbench.mjs's assertEventually with this file's step time. */
const assertEventually = (read, ok, what, timeoutMs = STEP_MS) => eventually(read, ok, what, timeoutMs);
