// The preview's first five minutes and the playground (issue 12), in headless Chromium with the
// real bundle (harness.mjs): the slider following new steps, the toolbar's export, readable
// sizes, zoom and pan kept across edits, keyboard, legend, export colours, the playground's legal
// events and the step diffs. Screenshots in .e2e/screenshots/preview-*.png.
//
//   node --test test/webview/preview.test.mjs

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { modelOf, posted, screenshotPath, send, shown, startHarness, waitPosted } from './harness.mjs';

/** A scenario of the active close, cut after `n` of its steps (each model is one edit of the same block). */
const ACTIVE_CLOSE = [
  'ESTABLISHED -> FIN_WAIT_1 : close / send FIN',
  'FIN_WAIT_1 -> FIN_WAIT_2 : recv ACK of FIN',
  'FIN_WAIT_2 -> TIME_WAIT : recv FIN / send ACK',
  'TIME_WAIT -> CLOSED : timeout 2MSL',
  'CLOSED -> LISTEN : listen',
];
const activeClose = (n) => `scenario "Active close" {\n${ACTIVE_CLOSE.slice(0, n).map((l) => `  ${l}\n`).join('')}}\n`;

const HANDSHAKE = ['server: listen', 'client: connect', 'server: recv SYN', 'client: recv SYN+ACK', 'server: recv ACK'];
const handshake = (n) => `conversation "Handshake" {\n${HANDSHAKE.slice(0, n).map((l) => `  ${l}\n`).join('')}}\n`;

describe('the preview (issue 12)', () => {
  let harness;
  const pages = [];

  before(async () => {
    harness = await startHarness();
  });

  after(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await harness?.close();
  });

  async function open(options) {
    const view = await harness.open(options);
    pages.push(view);
    return view;
  }

  const problemsOf = (view) => view.problems.filter((p) => !/favicon|404/.test(p));
  const attr = (page, selector, name) => page.$$eval(selector, (els, n) => els.map((e) => e.getAttribute(n)), name);
  const slider = (page) => page.$eval('#step-slider', (el) => `${el.value}/${el.max}`);

  describe('1. the step slider follows new steps', () => {
    it('a slider at the end stays at the end when a step is added; the new hop is drawn as reached', async () => {
      const view = await open();
      const { page } = view;
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(3))) });
      assert.equal(await slider(page), '3/3');
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      assert.equal(await slider(page), '4/4');
      assert.equal(await page.textContent('.step-label'), 'Step 4 / 4');
      assert.deepEqual(await attr(page, '.step.later', 'data-step'), []);
      assert.deepEqual(await attr(page, '.state.on-path-later', 'data-node'), []);
      assert.deepEqual(await attr(page, '.state.current-0', 'data-node'), ['CLOSED_END']);
      assert.deepEqual(problemsOf(view), []);
    });

    it('a slider the user moved stays where the user put it', async () => {
      const { page } = await open();
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(3))) });
      await page.click('#step-back');
      assert.equal(await slider(page), '2/3');
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      assert.equal(await slider(page), '2/4');
      assert.deepEqual((await attr(page, '.step.later', 'data-step')).sort(), ['3', '4']);
      // Moved back to the end by the user, it follows again.
      await page.click('#step-forward');
      await page.click('#step-forward');
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(5))) });
      assert.equal(await slider(page), '5/5');
    });

    it('the step on the cursor line is never drawn as not reached', async () => {
      const { page } = await open();
      const model = await modelOf(activeClose(4));
      await send(page, { type: 'show', diagram: shown(model) });
      await page.click('#step-back');
      await page.click('#step-back');
      assert.equal(await slider(page), '2/4');
      await send(page, { type: 'cursor', line: model.current.steps[3].range.start.line });
      assert.deepEqual(await attr(page, '.step.later', 'data-step'), ['3']);
      assert.deepEqual(await attr(page, '.step.cursor', 'data-step'), ['4']);
      assert.deepEqual(await attr(page, '.state.on-path-later', 'data-node'), [], 'TIME_WAIT is the cursor step\'s source');
    });

    it('a conversation typed from scratch follows each new event (ladder and state view)', async () => {
      const { page } = await open();
      for (let n = 0; n <= HANDSHAKE.length; n++) {
        const model = await modelOf(handshake(n));
        await send(page, { type: 'show', diagram: shown(model) });
        // The cursor is on the line just typed.
        if (n > 0) await send(page, { type: 'cursor', line: model.current.events[n - 1].range.start.line });
        assert.equal(await slider(page), `${n}/${n}`, `after ${n} events`);
        assert.deepEqual(await page.$$eval('.ladder-body .later', (els) => els.length), 0, `after ${n} events`);
      }
      assert.equal(await page.textContent('.step-label'), 'Event 5 / 5');
      await page.click('#tab-state');
      assert.deepEqual(await page.$$eval('.state-view .later', (els) => els.length), 0);
    });
  });

  describe('2. export from the preview', () => {
    it('has an Export menu in the toolbar that asks the extension to save SVG or PNG', async () => {
      const view = await open();
      const { page } = view;
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      assert.equal(await page.getAttribute('#export', 'aria-haspopup'), 'menu');
      await page.click('#export');
      assert.equal(await page.getAttribute('#export', 'aria-expanded'), 'true');
      const items = await page.$$eval('#export-menu [role^="menuitem"]', (els) => els.map((e) => e.textContent));
      assert.deepEqual(items.slice(0, 2), ['Save as SVG…', 'Save as PNG…']);
      await posted(page, { clear: true });
      await page.click('#export-menu [data-item="save-png"]');
      assert.deepEqual(await posted(page, { clear: true }), [{ type: 'exportRequest', format: 'png', action: 'save' }]);
      assert.equal(await page.isVisible('#export-menu'), false, 'a choice closes the menu');
      // The keyboard: Enter opens it on its first item, arrows move, Enter chooses, Escape closes.
      await page.focus('#export');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-item')), 'save-svg');
      await page.keyboard.press('Enter');
      assert.deepEqual(await posted(page, { clear: true }), [{ type: 'exportRequest', format: 'svg', action: 'save' }]);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('#export-menu'), false);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'export');
      assert.deepEqual(problemsOf(view), []);
    });

    it('exports the whole block: nothing dimmed by the slider or marked by the cursor; the ladder with its title', async () => {
      const { page } = await open();
      const model = await modelOf(activeClose(4));
      await send(page, { type: 'show', diagram: shown(model) });
      await page.click('#step-back');
      await page.click('#step-back');
      await send(page, { type: 'cursor', line: model.current.steps[0].range.start.line });
      assert.ok(await page.$$eval('.state-view .later', (els) => els.length) > 0, 'the live drawing has dimmed steps');
      await send(page, { type: 'export', format: 'svg', requestId: 1 });
      const { data } = await waitPosted(page, { type: 'exported', requestId: 1 });
      const svg = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return {
          later: doc.querySelectorAll('.later').length, cursor: doc.querySelectorAll('.cursor').length,
          steps: [...doc.querySelectorAll('g.step')].map((g) => g.getAttribute('data-step')).sort(),
          title: doc.querySelector('text.title')?.textContent,
          current: [...doc.querySelectorAll('.state.current-0')].map((g) => g.getAttribute('data-node')),
        };
      }, data);
      assert.deepEqual(svg, { later: 0, cursor: 0, steps: ['1', '2', '3', '4'], title: 'scenario “Active close”', current: ['CLOSED_END'] });
      // The live drawing is as it was.
      assert.equal(await slider(page), '2/4');
      assert.deepEqual(await attr(page, '.state-view .step.cursor', 'data-step'), ['1']);

      const conversation = await modelOf(handshake(5));
      await send(page, { type: 'show', diagram: shown(conversation) });
      await page.click('#step-back');
      await send(page, { type: 'export', format: 'svg', requestId: 2 });
      const ladder = (await waitPosted(page, { type: 'exported', requestId: 2 })).data;
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return { title: doc.querySelector('text.title')?.textContent, later: doc.querySelectorAll('.later').length, rows: doc.querySelectorAll('.event').length };
      }, ladder);
      assert.deepEqual(parsed, { title: 'conversation “Handshake”', later: 0, rows: 5 });
    });
  });

  describe('6. a readable size, zoom, pan and keys', () => {
    /** The rendered size (px on screen) of the smallest text of `selector`. */
    const smallestText = (page, selector) => page.$$eval(selector, (els) => Math.min(...els.filter((el) => el.checkVisibility()).map((el) => {
      const m = el.getScreenCTM();
      return parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
    })));

    it('Fit in a half-width pane keeps labels readable (about 10 px): the drawing scrolls instead', async () => {
      const { page } = await open({ viewport: { width: 700, height: 800 } });
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      const stateLabels = await smallestText(page, '.state-view .label-text');
      assert.ok(stateLabels >= 9.8, `edge labels at ${stateLabels.toFixed(1)} px`);
      assert.ok(await page.$eval('.state-view', (el) => el.scrollWidth > el.clientWidth), 'the figure is wider than the pane: it scrolls');
      await send(page, { type: 'show', diagram: shown(await modelOf(handshake(5))) });
      const pills = await smallestText(page, '.ladder-body .pill-text');
      assert.ok(pills >= 9.4, `state badges on the ladder at ${pills.toFixed(1)} px`);
      await page.screenshot({ path: screenshotPath('preview-narrow-ladder.png') });
    });

    it('zooms around the pointer: the state under it stays under it', async () => {
      const { page } = await open({ viewport: { width: 900, height: 700 } });
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      const centre = () => page.$eval('.state[data-node="SYN_RECEIVED"] .box', (el) => {
        const r = el.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      const before = await centre();
      await page.mouse.move(before.x, before.y);
      for (let i = 0; i < 3; i++) {
        await page.keyboard.down('Control');
        await page.mouse.wheel(0, -150);
        await page.keyboard.up('Control');
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
      }
      const scale = await page.evaluate(() => window.__state.zoom.state);
      assert.ok(scale > 1.3, `zoomed in to ${scale}`);
      const after = await centre();
      assert.ok(Math.hypot(after.x - before.x, after.y - before.y) < 3, `SYN_RECEIVED moved from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    });

    it('drags to pan, without revealing what the drag started on; a click still reveals', async () => {
      const { page } = await open({ viewport: { width: 700, height: 600 } });
      const model = await modelOf(activeClose(4));
      await send(page, { type: 'show', diagram: shown(model) });
      await page.click('#zoom-in');
      await page.click('#zoom-in');
      await posted(page, { clear: true });
      const scroll = () => page.$eval('.state-view', (el) => ({ left: el.scrollLeft, top: el.scrollTop }));
      const start = await scroll();
      // Pressed on whatever is in the middle of the pane (a state, an edge or the background).
      const box = await page.$eval('.state-view', (el) => {
        const r = el.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      await page.mouse.move(box.x, box.y);
      await page.mouse.down();
      await page.mouse.move(box.x - 60, box.y - 40, { steps: 4 });
      await page.mouse.move(box.x - 120, box.y - 90, { steps: 4 });
      await page.mouse.up();
      const panned = await scroll();
      assert.deepEqual({ left: panned.left - start.left, top: panned.top - start.top }, { left: 120, top: 90 });
      assert.deepEqual(await posted(page, { clear: true }), [], 'no reveal after a drag');
      await page.click('.state[data-node="FIN_WAIT_1"] .box');
      assert.deepEqual(await posted(page, { clear: true }), [{ type: 'reveal', range: model.current.steps[0].range }]);
    });

    it('keeps zoom and scroll across edits and reloads', async () => {
      const { page } = await open({ viewport: { width: 800, height: 600 } });
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(3))) });
      await page.click('#zoom-in');
      await page.click('#zoom-in');
      await page.$eval('.state-view', (el) => el.scrollTo(180, 260));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const read = () => page.evaluate(() => ({
        zoom: document.querySelector('.zoom-level').textContent,
        width: document.querySelector('.state-diagram').getAttribute('width'),
        left: document.querySelector('.state-view').scrollLeft,
        top: document.querySelector('.state-view').scrollTop,
      }));
      const before = await read();
      assert.deepEqual([before.left, before.top], [180, 260]);
      // An edit: the same block with one more step.
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      assert.deepEqual(await read(), before);
      // A reload (the panel hidden and shown again): a new page with the saved state.
      const saved = await page.evaluate(() => window.__state);
      assert.deepEqual(saved.scroll.state, { left: 180, top: 260 });
      const again = await open({ viewport: { width: 800, height: 600 }, state: saved });
      await send(again.page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      assert.deepEqual(await again.page.evaluate(() => ({
        zoom: document.querySelector('.zoom-level').textContent,
        width: document.querySelector('.state-diagram').getAttribute('width'),
        left: document.querySelector('.state-view').scrollLeft,
        top: document.querySelector('.state-view').scrollTop,
      })), before);
    });

    it('keys: arrows move along edges from a state and along the steps; ? shows the keys', async () => {
      const { page } = await open();
      const model = await modelOf(activeClose(4));
      await send(page, { type: 'show', diagram: shown(model) });
      const focused = () => page.evaluate(() => {
        const el = document.activeElement;
        return el?.getAttribute('data-node') ?? (el?.getAttribute('data-step') ? `step ${el.getAttribute('data-step')}` : el?.id ?? el?.tagName);
      });
      await page.focus('.state[data-node="LISTEN"]');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await focused(), 'SYN_RECEIVED');
      await page.keyboard.press('ArrowRight');
      assert.equal(await focused(), 'LISTEN', 'the nearest state that way');
      await page.keyboard.press('ArrowRight');
      assert.equal(await focused(), 'SYN_SENT');
      await page.keyboard.press('ArrowUp');
      assert.equal(await focused(), 'CLOSED');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focused(), 'LISTEN');
      assert.equal(await slider(page), '4/4', 'moving along edges leaves the slider alone');
      // On a step, left and right move along the steps, and the focus follows.
      await page.focus('.step[data-step="4"]');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await slider(page), '3/4');
      assert.equal(await focused(), 'step 3');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await focused(), 'step 2');
      // The ladder: up and down between events.
      await send(page, { type: 'show', diagram: shown(await modelOf(handshake(5))) });
      await page.focus('.ladder-body .event[data-event="1"]');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-event')), '2');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-event')), '0');
      // ? shows every key; Escape closes it and gives the focus back.
      await page.keyboard.press('?');
      assert.equal(await page.isVisible('#keys-help'), true);
      const rows = await page.$$eval('#keys-help th', (els) => els.map((e) => e.textContent));
      for (const key of ['← →', '← → ↑ ↓ on a state', '↑ ↓ in the ladder', '?', 'Drag', 'Ctrl+wheel']) assert.ok(rows.includes(key), `${key} in ${rows}`);
      await page.screenshot({ path: screenshotPath('preview-keys.png') });
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('#keys-help'), false);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-event')), '0');
      await page.click('#keys');
      assert.equal(await page.isVisible('#keys-help'), true);
      await page.click('#keys');
      assert.equal(await page.isVisible('#keys-help'), false);
    });
  });
});
