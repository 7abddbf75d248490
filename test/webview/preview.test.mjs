// The preview's first five minutes and the playground (issue 12), in headless Chromium with the
// real bundle (harness.mjs): the slider following new steps, the toolbar's export, readable
// sizes, zoom and pan kept across edits, keyboard, legend, export colours, the playground's legal
// events and the step diffs. Screenshots in .e2e/screenshots/preview-*.png.
//
//   node --test test/webview/preview.test.mjs

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { modelOf, posted, ROOT, screenshotPath, send, shown, startHarness, waitPosted } from './harness.mjs';

const SCENARIOS = fs.readFileSync(path.join(ROOT, 'test', 'webview', 'scenarios.tcpfsm'), 'utf8');
const ERRORS = fs.readFileSync(path.join(ROOT, 'test', 'webview', 'errors.tcpfsm'), 'utf8');

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
      assert.deepEqual(await attr(page, '.views .step.later', 'data-step'), []);
      assert.deepEqual(await attr(page, '.views .state.on-path-later', 'data-node'), []);
      assert.deepEqual(await attr(page, '.views .state.current-0', 'data-node'), ['CLOSED_END']);
      assert.deepEqual(problemsOf(view), []);
    });

    it('a slider the user moved stays where the user put it', async () => {
      const { page } = await open();
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(3))) });
      await page.click('#step-back');
      assert.equal(await slider(page), '2/3');
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      assert.equal(await slider(page), '2/4');
      assert.deepEqual((await attr(page, '.views .step.later', 'data-step')).sort(), ['3', '4']);
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
      assert.deepEqual(await attr(page, '.views .step.later', 'data-step'), ['3']);
      assert.deepEqual(await attr(page, '.views .step.cursor', 'data-step'), ['4']);
      assert.deepEqual(await attr(page, '.views .state.on-path-later', 'data-node'), [], 'TIME_WAIT is the cursor step\'s source');
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
      await page.focus('.views .step[data-step="4"]');
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

  describe('7. each mark means one thing, explained by a legend; nothing overlaps; the toolbar holds still', () => {
    it('a state both peers are in has two rings, not a dashed box; dashed means reached after the slider only', async () => {
      const { page } = await open();
      // Both peers end in ESTABLISHED; both have been in CLOSED.
      await send(page, { type: 'show', diagram: shown(await modelOf(handshake(5))) });
      await page.click('#tab-state');
      const box = (node) => page.$eval(`.state[data-node="${node}"]`, (g) => {
        const style = (sel) => getComputedStyle(g.querySelector(sel));
        return {
          classes: [...g.classList].filter((c) => c.startsWith('current') || c.startsWith('on-path')).sort(),
          boxDash: style('.box').strokeDasharray, boxStroke: style('.box').stroke,
          ring: style('.box-ring').stroke,
          tints: [...g.querySelectorAll('.box-tint')].map((t) => Number(t.getAttribute('width'))),
        };
      });
      const established = await box('ESTABLISHED');
      assert.deepEqual(established.classes, ['current-0', 'current-1', 'on-path', 'on-path-0', 'on-path-1']);
      assert.equal(established.boxDash, 'none');
      assert.equal(established.boxStroke, 'rgb(26, 133, 255)', 'peer 0 outline');
      assert.equal(established.ring, 'rgb(209, 134, 22)', 'peer 1 ring');
      assert.deepEqual(established.tints, [70, 70], 'both peers have been here: half each');
      const listen = await box('LISTEN');
      assert.deepEqual(listen.tints, [140, 140], 'only the server has been in LISTEN: its tint fills the box');
      // Back to the start: the states reached later are the only dashed ones.
      await page.keyboard.press('Home');
      const dashed = await page.$$eval('.views .state', (gs) => gs.filter((g) => getComputedStyle(g.querySelector('.box')).strokeDasharray !== 'none').map((g) => g.getAttribute('data-node')).sort());
      assert.deepEqual(dashed, (await attr(page, '.views .state.on-path-later', 'data-node')).sort());
      assert.ok(dashed.length > 0);
    });

    it('a legend under the drawing explains every mark of the view', async () => {
      const { page } = await open();
      const tour = await modelOf(SCENARIOS, { position: { line: 4, character: 2 } });
      await send(page, { type: 'show', diagram: shown(tour) });
      for (let i = 0; i < 5; i++) await page.click('#step-back');
      await send(page, { type: 'cursor', line: tour.current.steps[1].range.start.line });
      assert.equal(await page.isVisible('#legend .legend-list'), true, 'open by default');
      const marks = () => attr(page, '#legend .legend-entry', 'data-mark');
      // Each mark drawn has its entry.
      const drawn = await page.evaluate(() => ({
        'path-0': !!document.querySelector('.views .track.peer-0'), visited: !!document.querySelector('.views .state.on-path-0'),
        current: !!document.querySelector('.views .state.current-0'), later: !!document.querySelector('.views .state.on-path-later'),
        faded: !!document.querySelector('.views .step.later'), cursor: !!document.querySelector('.views .step.cursor'),
        'step-diff': !!document.querySelector('.views .step.step-diff'),
        illegal: !!document.querySelector('.views .track.illegal'), edge: !!document.querySelector('.views .edge.main'), exceptional: !!document.querySelector('.views .edge.exceptional'),
      }));
      const state = await marks();
      for (const [mark, present] of Object.entries(drawn)) {
        assert.ok(present, `the tour draws ${mark}`);
        assert.ok(state.includes(mark), `the legend explains ${mark}: ${state}`);
      }
      assert.equal(new Set(state).size, state.length);
      await page.screenshot({ path: screenshotPath('preview-legend-state.png') });
      // The ladder's marks.
      const errors = await modelOf(ERRORS);
      await send(page, { type: 'show', diagram: shown(errors) });
      const ladder = await marks();
      for (const mark of ['segment-0', 'segment-1', 'in-flight', 'lost', 'pill', 'timeout', 'error', 'faded', 'diff-added', 'diff-taken']) assert.ok(ladder.includes(mark), `${mark} in ${ladder}`);
      assert.deepEqual(await page.$$eval('#legend .legend-entry[data-mark^="segment"] span', (els) => els.map((e) => e.textContent)), ['a segment client sent', 'a segment server sent']);
      // Folded, it stays folded.
      await page.click('#legend summary');
      // (The details element reports the toggle in a later task.)
      await page.waitForFunction(() => window.__state.legendOpen === false, undefined, { timeout: 5000 });
    });

    it('the red curve of an illegal step crosses no edge label and no other state', async () => {
      const { page } = await open();
      const tour = await modelOf(SCENARIOS, { position: { line: 4, character: 2 } });
      await send(page, { type: 'show', diagram: shown(tour) });
      const crossed = await page.evaluate(() => {
        const track = document.querySelector('.track.illegal .track-line');
        const toUser = (el) => el.getBBox();
        const rects = [
          ...[...document.querySelectorAll('.edge-label.main .label-bg')].map((r) => ({ name: `label ${r.parentElement.textContent}`, box: toUser(r) })),
          ...[...document.querySelectorAll('.state')].filter((g) => !['CLOSED_END', 'ESTABLISHED'].includes(g.getAttribute('data-node')))
            .map((g) => ({ name: `state ${g.getAttribute('data-node')}`, box: toUser(g.querySelector('.box')) })),
        ];
        const hits = new Set();
        const length = track.getTotalLength();
        for (let d = 0; d <= length; d += 2) {
          const p = track.getPointAtLength(d);
          for (const { name, box } of rects) if (p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height) hits.add(name);
        }
        return [...hits];
      });
      assert.deepEqual(crossed, []);
    });

    it('no segment label touches a state badge, on every prefix of the example conversations (typing them in)', async () => {
      const { page } = await open();
      let checked = 0;
      for (const file of fs.readdirSync(path.join(ROOT, 'examples', 'conversations')).sort()) {
        const text = fs.readFileSync(path.join(ROOT, 'examples', 'conversations', file), 'utf8');
        const body = /^conversation [^\n]*\{\n([\s\S]*?)^\}/m.exec(text)[1].split('\n').filter((l) => l.trim());
        for (let k = 1; k <= body.length; k++) {
          await send(page, { type: 'show', diagram: shown(await modelOf(`conversation "${file} ${k}" {\n${body.slice(0, k).join('\n')}\n}\n`)) });
          const touching = await page.evaluate(() => {
            const corners = (el) => {
              const b = el.getBBox();
              const m = el.getScreenCTM();
              return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]].map(([x, y]) => ({ x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f }));
            };
            const apart = (a, b) => [a, b].some((poly) => poly.some((p, k) => {
              const q = poly[(k + 1) % poly.length];
              const length = Math.hypot(q.x - p.x, q.y - p.y);
              if (length === 0) return false;
              const [nx, ny] = [(p.y - q.y) / length, (q.x - p.x) / length];
              const sa = a.map((v) => v.x * nx + v.y * ny);
              const sb = b.map((v) => v.x * nx + v.y * ny);
              return Math.max(...sa) - Math.min(...sb) <= 0.5 || Math.max(...sb) - Math.min(...sa) <= 0.5;
            }));
            const labels = [...document.querySelectorAll('.ladder-body .segment-text')];
            const pills = [...document.querySelectorAll('.ladder-body .pill-bg')];
            const out = [];
            for (const l of labels) for (const p of pills) if (!apart(corners(l), corners(p))) out.push(`${l.textContent} × ${p.parentElement.textContent}`);
            return out;
          });
          assert.deepEqual(touching, [], `${file}, first ${k} lines`);
          checked++;
        }
      }
      assert.ok(checked > 40, `${checked} drawings`);
    });

    it('one toolbar row at any width; the zoom controls stay put when the view changes; the status is one line', async () => {
      const { page } = await open({ viewport: { width: 1100, height: 500 } });
      await send(page, { type: 'show', diagram: shown(await modelOf(handshake(5))) });
      for (const width of [1100, 900, 760, 640, 600, 560, 520, 480, 440, 400]) {
        await page.setViewportSize({ width, height: 500 });
        await page.click('#tab-ladder');
        const layout = () => page.evaluate(() => {
          const bar = document.querySelector('.toolbar').getBoundingClientRect();
          const controls = [...document.querySelectorAll('.toolbar button, .toolbar input, .toolbar .block-title, .toolbar .step-label, .toolbar .zoom-level')]
            .filter((e) => e.checkVisibility()).map((e) => ({ id: e.id || e.className, r: e.getBoundingClientRect() }));
          const overlaps = [];
          for (let i = 0; i < controls.length; i++) for (let j = i + 1; j < controls.length; j++) {
            const [a, b] = [controls[i].r, controls[j].r];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps.push(`${controls[i].id} × ${controls[j].id}`);
          }
          const status = document.querySelector('.status').getBoundingClientRect();
          return {
            height: Math.round(bar.height), overlaps, fit: document.querySelector('#zoom-fit').getBoundingClientRect().left,
            outside: controls.filter((c) => c.r.right > bar.right + 0.5 || c.r.top < bar.top || c.r.bottom > bar.bottom).map((c) => c.id),
            status: Math.round(status.height),
          };
        });
        const ladder = await layout();
        await page.click('#tab-state');
        const state = await layout();
        for (const l of [ladder, state]) {
          assert.ok(l.height <= 40, `${width} px: the toolbar is ${l.height} px high`);
          assert.deepEqual(l.overlaps, [], `${width} px`);
          assert.deepEqual(l.outside, [], `${width} px`);
          assert.ok(l.status <= 28, `${width} px: the status line is ${l.status} px high`);
        }
        assert.equal(state.fit, ladder.fit, `${width} px: Fit stays where it was`);
        await page.screenshot({ path: screenshotPath(`preview-toolbar-${width}.png`), clip: { x: 0, y: 0, width, height: 80 } });
      }
    });
  });

  describe('9. export colours and the clipboard', () => {
    /** Exports SVG and reads its background and the colour of a state's name. */
    async function exportedColours(page, requestId) {
      await send(page, { type: 'export', format: 'svg', requestId });
      const { data } = await waitPosted(page, { type: 'exported', requestId });
      return page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return { background: doc.querySelector('.export-background')?.getAttribute('fill'), text: doc.querySelector('.state-name')?.getAttribute('fill') };
      }, data);
    }

    it('exports in the editor theme, light or print colours, as the setting (or the menu) says', async () => {
      const { page } = await open({ theme: 'dark' });
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      assert.deepEqual(await exportedColours(page, 1), { background: 'rgb(31, 31, 31)', text: 'rgb(204, 204, 204)' }, 'the dark theme by default');
      await send(page, { type: 'options', options: { exportColors: 'light' } });
      assert.deepEqual(await exportedColours(page, 2), { background: '#ffffff', text: 'rgb(59, 59, 59)' });
      await send(page, { type: 'options', options: { exportColors: 'print' } });
      // Black is SVG's initial fill: the exporter writes it nowhere.
      assert.deepEqual(await exportedColours(page, 3), { background: '#ffffff', text: null });
      // The live drawing keeps the theme's colours.
      assert.equal(await page.$eval('.views .state-name', (el) => getComputedStyle(el).fill), 'rgb(204, 204, 204)');
      // The menu shows the choice, and a new choice goes to the extension (which stores the setting).
      await page.click('#export');
      assert.deepEqual(await page.$$eval('#export-menu [role="menuitemradio"]', (els) => els.map((e) => `${e.textContent.replace('●', '')}:${e.getAttribute('aria-checked')}`)),
        ['Editor theme:false', 'Light:false', 'Print (black on white):true']);
      await posted(page, { clear: true });
      await page.click('#export-menu [data-item="colors-light"]');
      assert.deepEqual(await posted(page, { clear: true }), [{ type: 'setExportColors', colors: 'light' }]);
      await page.screenshot({ path: screenshotPath('preview-export-dark.png') });
    });

    it('Copy as PNG puts the picture on the clipboard; Copy as SVG asks the extension', async () => {
      const { page } = await open({ permissions: ['clipboard-read', 'clipboard-write'] });
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(4))) });
      await page.click('#export');
      assert.deepEqual(await page.$$eval('#export-menu [role="menuitem"]', (els) => els.map((e) => e.textContent)),
        ['Save as SVG…', 'Save as PNG…', 'Copy as SVG', 'Copy as PNG']);
      await posted(page, { clear: true });
      await page.click('#export-menu [data-item="copy-png"]');
      await waitPosted(page, { type: 'copied', ok: true });
      const png = await page.evaluate(async () => {
        const [item] = await navigator.clipboard.read();
        const blob = await item.getType('image/png');
        return { types: item.types, head: [...new Uint8Array(await blob.slice(0, 8).arrayBuffer())], size: blob.size };
      });
      assert.deepEqual(png.types, ['image/png']);
      assert.deepEqual(png.head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.ok(png.size > 20_000, `${png.size} bytes`);
      assert.equal(await page.textContent('.flash'), 'Copied as PNG');
      await posted(page, { clear: true });
      await page.click('#export');
      await page.click('#export-menu [data-item="copy-svg"]');
      assert.deepEqual(await posted(page, { clear: true }), [{ type: 'exportRequest', format: 'svg', action: 'copy' }]);
      // The command's way: copyPng with a request id, answered by id.
      await send(page, { type: 'copyPng', requestId: 5 });
      const answer = await waitPosted(page, { type: 'copied', requestId: 5 });
      assert.equal(answer.ok, true);
    });
  });

  describe('11. the playground', () => {
    it('lists each peer\'s legal events beside the ladder; a click asks to append that line', async () => {
      const view = await open();
      const { page } = view;
      const model = await modelOf(handshake(2), { version: 7 });
      await send(page, { type: 'show', diagram: shown(model) });
      const sections = await page.$$eval('#playground .choices', (els) => els.map((e) => ({
        title: e.querySelector('h3').textContent, lines: [...e.querySelectorAll('.choice')].map((b) => b.getAttribute('data-line')),
      })));
      assert.deepEqual(sections.map((x) => x.title), ['clientSYN_SENT', 'serverLISTEN']);
      assert.deepEqual(sections[1].lines.slice(0, 1), ['server: recv SYN'], 'the arriving segment first');
      assert.deepEqual(sections.flatMap((x) => x.lines), model.current.playground.choices.map((c) => c.line));
      await posted(page, { clear: true });
      await page.click('#playground .choice[data-line="server: recv SYN"]');
      assert.deepEqual(await posted(page, { clear: true }), [{ type: 'append', version: 7, blockIndex: 0, line: 'server: recv SYN' }]);
      // Also in the state view; folded, it stays folded.
      await page.click('#tab-state');
      assert.equal(await page.isVisible('#playground .choice[data-line="server: recv SYN"]'), true);
      await page.click('#playground summary');
      await page.waitForFunction(() => window.__state.playgroundOpen === false, undefined, { timeout: 5000 });
      assert.deepEqual(problemsOf(view), []);
    });

    it('a scenario offers the edges out of its last state; a stale drawing offers nothing', async () => {
      const { page } = await open();
      const model = await modelOf(activeClose(2));
      await send(page, { type: 'show', diagram: shown(model) });
      assert.equal(await page.textContent('#playground .choices.peer-0 h3'), 'FromFIN_WAIT_2');
      assert.deepEqual(await attr(page, '#playground .choices.peer-0 .choice', 'data-line'), ['FIN_WAIT_2 -> TIME_WAIT : recv FIN / send ACK']);
      assert.ok((await attr(page, '#playground .choices.exceptional .choice', 'data-line')).includes('FIN_WAIT_2 -> CLOSED : recv RST'));
      await send(page, { type: 'show', diagram: shown(model, { stale: true }) });
      assert.equal(await page.$$eval('#playground .choice', (els) => els.length), 0);
      assert.match(await page.textContent('#playground'), /Fix the syntax errors/);
    });
  });
  describe('12. step diffs', () => {
    it('the slider\'s step shows what it changed — the state, the segments added to and taken from each queue — in the status and both views', async () => {
      const view = await open();
      const { page } = view;
      const model = await modelOf(handshake(5));
      await send(page, { type: 'show', diagram: shown(model) });
      // Back to event 3, `server: recv SYN`: the server moves, the SYN leaves its queue, the SYN+ACK joins the other.
      await page.click('#step-back');
      await page.click('#step-back');
      assert.equal(await slider(page), '3/5');
      const parts = () => page.$$eval('.status [class*="diff-"]', (els) => els.map((e) => `${e.className.replace('status-part ', '')}: ${e.textContent}`));
      assert.deepEqual(await parts(), [
        'diff-state: server LISTEN → SYN_RECEIVED', 'diff-added: + SYN+ACK server → client', 'diff-taken: − SYN client → server',
      ]);
      const events = model.current.events;
      const syn = model.current.segments.find((x) => x.text === 'SYN');
      const synAck = model.current.segments.find((x) => x.text === 'SYN+ACK');
      assert.deepEqual([syn.sentAt, syn.arrivedAt, synAck.sentAt], [1, 2, 2]);
      // The ladder: the event's row and its pill, the segment sent (added) and the one received (taken).
      assert.deepEqual(await attr(page, '.ladder-body .event.step-diff', 'data-event'), ['2']);
      assert.deepEqual(await attr(page, '.ladder-body .pill.step-diff', 'data-state'), ['SYN_RECEIVED']);
      assert.deepEqual(await attr(page, '.ladder-body .segment.diff-added', 'data-seg'), [String(synAck.id)]);
      assert.deepEqual(await attr(page, '.ladder-body .segment.diff-taken', 'data-seg'), [String(syn.id)]);
      await page.screenshot({ path: screenshotPath('preview-step-diff-ladder.png') });
      // The state view: the server's hop and badge, and the state it entered.
      await page.click('#tab-state');
      assert.deepEqual(await attr(page, '.state-diagram .state.step-diff', 'data-state'), ['SYN_RECEIVED']);
      assert.deepEqual(await attr(page, '.state-diagram .track.step-diff', 'data-peer'), ['1']);
      assert.deepEqual(await attr(page, '.state-diagram .step.step-diff', 'data-peer'), ['1']);
      await page.screenshot({ path: screenshotPath('preview-step-diff-state.png') });
      // One step on: the client's `recv SYN+ACK` — the highlight moves with the slider.
      await page.click('#step-forward');
      assert.deepEqual(await parts(), [
        'diff-state: client SYN_SENT → ESTABLISHED', 'diff-added: + ACK client → server', 'diff-taken: − SYN+ACK server → client',
      ]);
      assert.deepEqual(await attr(page, '.state-diagram .state.step-diff', 'data-state'), ['ESTABLISHED']);
      assert.deepEqual(await attr(page, '.state-diagram .track.step-diff', 'data-peer'), ['0']);
      await page.click('#tab-ladder');
      assert.deepEqual(await attr(page, '.ladder-body .event.step-diff', 'data-event'), ['3']);
      assert.deepEqual(await attr(page, '.ladder-body .segment.diff-taken', 'data-seg'), [String(synAck.id)]);
      // A lost segment is taken, marked lost; at the start nothing is highlighted.
      const lost = await modelOf('conversation "L" {\n  start client ESTABLISHED, server ESTABLISHED\n  client: send data\n  server: lose DATA\n}\n');
      await send(page, { type: 'show', diagram: shown(lost) });
      assert.deepEqual(await parts(), ['diff-taken: ✗ DATA+ACK client → server (lost)']);
      await page.keyboard.press('Home');
      await page.click('#step-back').catch(() => undefined);
      for (let i = 0; i < 3; i++) await page.click('#step-back').catch(() => undefined);
      assert.equal(await slider(page), '0/2');
      assert.deepEqual(await parts(), []);
      assert.equal(await page.$$eval('.views .step-diff, .views .diff-added, .views .diff-taken', (els) => els.length), 0);
      assert.equal(events.length, 5);
      assert.deepEqual(problemsOf(view), []);
    });

    it('a scenario\'s step: the state it entered, in the state view', async () => {
      const { page } = await open();
      await send(page, { type: 'show', diagram: shown(await modelOf(activeClose(3))) });
      await page.click('#step-back');
      assert.deepEqual(await attr(page, '.state-diagram .state.step-diff', 'data-state'), ['FIN_WAIT_2']);
      assert.deepEqual(await attr(page, '.state-diagram .step.step-diff', 'data-step'), ['2']);
      assert.deepEqual(await page.$$eval('.status .diff-state', (els) => els.map((e) => e.textContent)), ['FIN_WAIT_1 → FIN_WAIT_2']);
    });
  });
});
