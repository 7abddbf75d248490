// The preview's first five minutes and the playground (issue 12), in headless Chromium with the
// real bundle (harness.mjs): the slider following new steps, the toolbar's export, readable
// sizes, zoom and pan kept across edits, keyboard, legend, export colours, the playground's legal
// events and the step diffs. Screenshots in .e2e/screenshots/preview-*.png.
//
//   node --test test/webview/preview.test.mjs

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { modelOf, posted, send, shown, startHarness, waitPosted } from './harness.mjs';

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
});
