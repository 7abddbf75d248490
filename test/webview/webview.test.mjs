// The diagram webview in headless Chromium (harness.mjs): the page diagramHtml() builds, the real
// bundle and stylesheet, a fake acquireVsCodeApi, models from the server's builder and the
// fixtures in test/fixtures/diagram. Asserts what is drawn through data attributes and classes,
// what is posted back, and saves light/dark screenshots to .e2e/screenshots/webview-*.png.
//
//   node --test test/webview/*.test.mjs

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  fixture, generatedConversation, modelOf, posted, ROOT, screenshotPath, send, setTheme, shown, startHarness, waitPosted,
} from './harness.mjs';

const SCENARIOS = fs.readFileSync(path.join(ROOT, 'test', 'webview', 'scenarios.tcpfsm'), 'utf8');
const XSS_TEXT = fs.readFileSync(path.join(ROOT, 'test', 'webview', 'xss.tcpfsm'), 'utf8');
const ERRORS_TEXT = fs.readFileSync(path.join(ROOT, 'test', 'webview', 'errors.tcpfsm'), 'utf8');
const SCRIPT = '</script><script>alert(2)</script>';
const IMG = '<img src=x onerror=alert(1)>';

describe('diagram webview', () => {
  let harness;
  let tour;
  let lostAck;
  const pages = [];

  before(async () => {
    harness = await startHarness();
    // The tour: the first scenario of scenarios.tcpfsm (its last hop is illegal).
    tour = await modelOf(SCENARIOS, { position: { line: 4, character: 2 } });
    lostAck = fixture('lost-ack');
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

  /** Problems the page logged, without the favicon request the harness does not serve. */
  const problemsOf = (view) => view.problems.filter((p) => !/favicon|404/.test(p));

  const attr = (page, selector, name) => page.$$eval(selector, (els, n) => els.map((e) => e.getAttribute(n)), name);

  it('posts ready on load and draws a model sent with postMessage', async () => {
    const view = await open();
    const { page } = view;
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'show', diagram: shown(fixture('active-open')) });
    await page.waitForSelector('.views .state-diagram .step[data-step="2"]');
    assert.equal(await page.textContent('.block-title'), 'scenario “Active open, client side”');
    assert.deepEqual(problemsOf(view), []);
  });

  it('highlights the path: states in order, step badges 1..n on the edges taken', async () => {
    const view = await open();
    const { page } = view;
    await send(page, { type: 'show', diagram: shown(tour) });
    const steps = tour.current.steps;
    assert.equal(steps.length, 8);
    const badges = await page.$$eval('.views .step[data-step]', (els) => els.map((e) => ({
      step: Number(e.getAttribute('data-step')), from: e.getAttribute('data-from'), to: e.getAttribute('data-to'),
      text: e.querySelector('.badge-text').textContent,
    })));
    badges.sort((a, b) => a.step - b.step);
    assert.deepEqual(badges, steps.map((s) => ({ step: s.number, from: s.from, to: s.to, text: String(s.number) })));
    // Each state node lists after which steps the path is in it (0 = before the first step).
    const visits = Object.fromEntries((await page.$$eval('.views .state[data-visit0]', (els) =>
      els.map((e) => [e.getAttribute('data-node'), e.getAttribute('data-visit0')]))));
    assert.deepEqual(visits, {
      CLOSED: '0', CLOSED_END: '7', SYN_SENT: '1', SYN_RECEIVED: '2', ESTABLISHED: '3 8', FIN_WAIT_1: '4', CLOSING: '5', TIME_WAIT: '6',
    });
    assert.deepEqual((await attr(page, '.views .state.on-path', 'data-node')).sort(), Object.keys(visits).sort());
    assert.deepEqual(await attr(page, '.views .state.current-0', 'data-node'), ['ESTABLISHED']);
    // The edges taken are marked, with their table ids.
    const taken = (await attr(page, '.views .edge.main.taken', 'data-edge')).map(Number).sort((a, b) => a - b);
    assert.deepEqual(taken, steps.filter((s) => s.edgeId !== undefined).map((s) => s.edgeId).sort((a, b) => a - b));
    assert.deepEqual(problemsOf(view), []);
  });

  it('draws an illegal hop dashed in the error colour between its states', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(tour) });
    const illegal = tour.current.steps.find((s) => !s.ok);
    assert.deepEqual([illegal.from, illegal.to, illegal.edgeId], ['CLOSED', 'ESTABLISHED', undefined]);
    const track = await page.$eval('.views .track.illegal', (el) => {
      const line = el.querySelector('.views .track-line');
      const style = getComputedStyle(line);
      return {
        classes: [...el.classList].sort(), from: el.getAttribute('data-from'), to: el.getAttribute('data-to'), step: el.getAttribute('data-step'),
        dash: style.strokeDasharray, stroke: style.stroke, label: el.getAttribute('aria-label'),
      };
    });
    // (The slider is at the end: the last step, this one, is also the step whose change is highlighted.)
    assert.deepEqual(track.classes, ['error', 'illegal', 'peer-0', 'step-diff', 'track']);
    assert.deepEqual([track.from, track.to, track.step], ['CLOSED', 'ESTABLISHED', '8']);
    assert.notEqual(track.dash, 'none');
    assert.equal(track.stroke, 'rgb(248, 81, 73)', 'the light theme errorForeground');
    assert.match(track.label, /^Illegal step 8: CLOSED to ESTABLISHED/);
    assert.deepEqual(await attr(page, '.views .step.illegal', 'data-step'), ['8']);
    assert.equal(await page.$$eval('.views .step.error', (els) => els.length), 1);
    assert.match(await page.textContent('.status'), /Step 8 of 8: CLOSED → ESTABLISHED.*CLOSED cannot go to ESTABLISHED/);
  });

  it('follows the cursor: the hop on the cursor line is highlighted, and moves with it', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(tour) });
    const steps = tour.current.steps;
    await send(page, { type: 'cursor', line: steps[1].range.start.line });
    assert.deepEqual(await attr(page, '.views .step.cursor', 'data-step'), ['2']);
    assert.deepEqual(await attr(page, '.views .track.cursor', 'data-to'), ['SYN_RECEIVED']);
    await send(page, { type: 'cursor', line: steps[4].range.start.line });
    assert.deepEqual(await attr(page, '.views .step.cursor', 'data-step'), ['5']);
    assert.deepEqual(await attr(page, '.views .track.cursor', 'data-to'), ['CLOSING']);
    await send(page, { type: 'cursor', line: 0 });
    assert.deepEqual(await attr(page, '.views .step.cursor', 'data-step'), []);
  });

  it('reveals the source: a click on an edge, a state, a badge; nothing for an edge not taken', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(tour) });
    const steps = tour.current.steps;
    await posted(page, { clear: true });

    /** Clicks the middle of the edge's drawn line (not its label or badge). */
    async function clickEdge(id) {
      const point = await page.$eval(`.edge[data-edge="${id}"] .edge-line`, (path) => {
        const p = path.getPointAtLength(path.getTotalLength() * 0.55);
        const m = path.getScreenCTM();
        return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
      });
      await page.mouse.click(point.x, point.y);
    }
    // SYN_SENT → SYN_RECEIVED (recv SYN / send SYN+ACK) is step 2.
    await clickEdge(steps[1].edgeId);
    assert.deepEqual(await posted(page, { clear: true }), [{ type: 'reveal', range: steps[1].range }]);
    // An edge the path does not take: nothing to reveal.
    const listen = tour.edges.find((e) => e.from === 'CLOSED' && e.to === 'LISTEN');
    await clickEdge(listen.id);
    assert.deepEqual(await posted(page, { clear: true }), []);
    // A state: the first hop that touches it.
    await page.click('.views .state[data-node="FIN_WAIT_1"]');
    assert.deepEqual(await posted(page, { clear: true }), [{ type: 'reveal', range: steps[3].range }]);
    // A step badge: its hop.
    await page.click('.views .step[data-step="6"]');
    assert.deepEqual(await posted(page, { clear: true }), [{ type: 'reveal', range: steps[5].range }]);
    // The keyboard: Enter on a focused state.
    await page.focus('.views .state[data-node="SYN_SENT"]');
    await page.keyboard.press('Enter');
    assert.deepEqual(await posted(page, { clear: true }), [{ type: 'reveal', range: steps[0].range }]);
  });

  it('has accessible names on states and edges', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(tour) });
    const states = await page.$$eval('.views .state', (els) => els.map((e) => [e.getAttribute('role'), e.getAttribute('tabindex'), e.getAttribute('aria-label')]));
    assert.equal(states.length, 12, '11 states and the second CLOSED');
    for (const [role, tabindex, label] of states) {
      assert.equal(role, 'button');
      assert.equal(tabindex, '0');
      assert.match(label, /^State [A-Z_0-9]+: \S/);
    }
    const edges = await page.$$eval('.views .edge.main', (els) => els.map((e) => [e.getAttribute('role'), e.getAttribute('aria-label')]));
    assert.equal(edges.length, tour.edges.filter((e) => e.kind === 'main').length);
    for (const [role, label] of edges) {
      assert.equal(role, 'button');
      assert.match(label, /^Edge [A-Z_0-9]+ to [A-Z_0-9]+: /);
    }
    assert.ok(await page.$('.views .edge.main[aria-label="Edge SYN_SENT to ESTABLISHED: recv SYN+ACK / send ACK"]'));
  });

  it('plays the path with the slider and the arrow keys', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(tour) });
    const later = () => attr(page, '.views .step.later', 'data-step');
    const slider = () => page.$eval('#step-slider', (el) => [el.value, el.max]);
    assert.deepEqual(await slider(), ['8', '8']);
    assert.deepEqual(await later(), []);
    await page.click('.views', { position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await slider(), ['6', '8']);
    assert.deepEqual(await later(), ['7', '8']);
    assert.deepEqual(await attr(page, '.views .state.current-0', 'data-node'), ['TIME_WAIT']);
    assert.equal(await page.textContent('.step-label'), 'Step 6 / 8');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await later(), ['8']);
    await page.keyboard.press('Home');
    assert.deepEqual((await later()).sort(), ['1', '2', '3', '4', '5', '6', '7', '8']);
    assert.deepEqual(await attr(page, '.views .state.current-0', 'data-node'), ['CLOSED']);
    assert.match(await page.textContent('.status'), /^Start: CLOSED/);
    // The slider itself.
    await page.$eval('#step-slider', (el) => {
      el.value = '3';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    assert.deepEqual(await later(), ['4', '5', '6', '7', '8']);
    assert.deepEqual(await attr(page, '.views .state.current-0', 'data-node'), ['ESTABLISHED']);
    await page.click('#step-forward');
    assert.deepEqual(await later(), ['5', '6', '7', '8']);
    // A new model of the same block keeps the slider where it is; another block starts at the end.
    await send(page, { type: 'show', diagram: shown(tour) });
    assert.deepEqual(await slider(), ['4', '8']);
    await send(page, { type: 'show', diagram: shown(fixture('active-open')) });
    assert.deepEqual(await slider(), ['2', '2']);
  });

  it('toggles the exceptional edges, drawn apart, and remembers the choice', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(tour) });
    const visible = () => page.$$eval('.views .edge.exceptional', (els) => els.filter((e) => getComputedStyle(e).display !== 'none').length);
    assert.equal(await visible(), 0);
    await page.click('#show-exceptional');
    const groups = new Set(tour.edges.filter((e) => e.kind === 'exceptional').map((e) => `${e.from}>${e.to}`));
    assert.equal(await visible(), groups.size);
    const style = await page.$eval('.views .edge.exceptional .edge-line', (el) => [getComputedStyle(el).strokeDasharray, getComputedStyle(el).strokeWidth]);
    assert.notEqual(style[0], 'none');
    assert.equal(style[1], '1px');
    assert.equal(await page.evaluate(() => window.__state.showExceptional), true);
    // A RST edge's name lists what triggers it.
    assert.match(await page.getAttribute('.views .edge.exceptional[data-from="ESTABLISHED"][data-to="CLOSED"]', 'aria-label'),
      /^Exceptional edge ESTABLISHED to CLOSED: recv RST; abort \/ send RST; timeout/);
    await page.screenshot({ path: screenshotPath('webview-state-exceptional-light.png') });
  });

  it('draws a conversation: ladder by default, arrows per segment, the lost one crossed out', async () => {
    const view = await open();
    const { page } = view;
    await send(page, { type: 'show', diagram: shown(lostAck) });
    const block = lostAck.current;
    assert.equal(await page.getAttribute('#tab-ladder', 'aria-selected'), 'true');
    const segments = await page.$$eval('.ladder-body .segment', (els) => els.map((e) => ({
      id: Number(e.getAttribute('data-seg')), classes: [...e.classList].sort().join(' '), cross: !!e.querySelector('.views .lost-cross'),
      arrow: !!e.querySelector('.views .segment-arrow'), text: e.querySelector('.views .segment-text').textContent,
    })));
    assert.equal(segments.length, block.segments.length);
    assert.deepEqual(segments, block.segments.map((s) => ({
      id: s.id, classes: `${s.lost ? 'lost ' : ''}peer-${s.from} segment`, cross: s.lost, arrow: !s.lost, text: s.text,
    })));
    assert.equal(segments.filter((s) => s.cross).length, 1, 'the lost ACK');
    // Each arrow slants from its sending row down to its arrival row.
    const slants = await page.$$eval('.ladder-body .segment .segment-line', (els) => els.map((l) => Number(l.getAttribute('y2')) - Number(l.getAttribute('y1'))));
    for (const dy of slants) assert.ok(dy > 0);
    assert.deepEqual(await page.$$eval('.peer-name', (els) => els.map((e) => e.textContent)), ['client', 'server']);
    // State labels where a state changes, on the right lifeline.
    const pills = await page.$$eval('.views .pill.change', (els) => els.map((e) => `${e.getAttribute('data-peer')}:${e.getAttribute('data-state')}`));
    const expected = [];
    block.events.forEach((e) => {
      if (e.kind === 'expect') return;
      for (const p of [0, 1]) if (e.after[p] !== e.before[p]) expected.push(`${p}:${e.after[p]}`);
    });
    assert.deepEqual(pills, expected);
    assert.equal(await page.$$eval('.ladder-body .event', (els) => els.length), block.events.length);
    assert.deepEqual(problemsOf(view), []);
  });

  it('ladder: no text touches another text or a state badge (lost ACK, simultaneous close)', async () => {
    const view = await open();
    const { page } = view;
    const simultaneous = await modelOf(fs.readFileSync(path.join(ROOT, 'examples', 'conversations', 'simultaneous-close.tcpfsm'), 'utf8'));
    assert.equal(simultaneous.current.name, 'Simultaneous close');
    for (const model of [lostAck, simultaneous]) {
      await send(page, { type: 'show', diagram: shown(model) });
      // Each text (a badge's own text goes with its badge), badge, error mark and clock as the
      // quadrilateral its getBBox() makes on screen (segment labels are turned along their arrows).
      const items = await page.evaluate(() => {
        const selector = ':is(.ladder-header, .ladder-body) :is(text:not(.pill text, .error-mark text), .pill-bg, .error-mark, .clock)';
        return [...document.querySelectorAll(selector)].map((el) => {
          const box = el.getBBox();
          const m = el.getScreenCTM();
          const corners = [[box.x, box.y], [box.x + box.width, box.y], [box.x + box.width, box.y + box.height], [box.x, box.y + box.height]]
            .map(([x, y]) => ({ x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f }));
          const owner = el.closest('[data-event], [data-seg], .peer-head');
          const where = owner?.getAttribute('data-event') ?? owner?.getAttribute('data-seg') ?? owner?.getAttribute('data-peer');
          return { name: `${el.getAttribute('class') ?? el.localName} “${el.textContent || el.parentElement.textContent}” (${where})`, corners };
        });
      });
      const block = model.current;
      const badges = block.events.reduce((n, e) => n + (e.kind === 'expect' ? 0 : [0, 1].filter((p) => e.after[p] !== e.before[p]).length), 0);
      assert.equal(items.filter((i) => i.name.startsWith('pill-bg')).length, badges + 2, 'every badge (and the two start states)');
      assert.equal(items.filter((i) => i.name.startsWith('segment-text')).length, block.segments.length);
      assert.equal(items.filter((i) => i.name.startsWith('event-text')).length, block.events.length);
      /** Overlap deeper than `tolerance` px on every axis of both (separating axes). */
      const overlap = (a, b, tolerance = 0.5) => [a, b].every((poly) => poly.every((p, k) => {
        const q = poly[(k + 1) % poly.length];
        const length = Math.hypot(q.x - p.x, q.y - p.y);
        if (length === 0) return true;
        const [nx, ny] = [(p.y - q.y) / length, (q.x - p.x) / length];
        const shadow = (points) => points.map((v) => v.x * nx + v.y * ny);
        const [sa, sb] = [shadow(a), shadow(b)];
        return Math.max(...sa) - Math.min(...sb) > tolerance && Math.max(...sb) - Math.min(...sa) > tolerance;
      }));
      const touching = [];
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          if (overlap(items[i].corners, items[j].corners)) touching.push(`${items[i].name} × ${items[j].name}`);
        }
      }
      assert.deepEqual(touching, [], block.name);
    }
    assert.deepEqual(problemsOf(view), []);
  });

  it('ladder: segments still in flight run dashed to the bottom; timeouts and errors are marked', async () => {
    const view = await open();
    const { page } = view;
    const model = await modelOf(ERRORS_TEXT);
    const block = model.current;
    await send(page, { type: 'show', diagram: shown(model) });
    const inFlight = block.segments.filter((s) => s.arrivedAt === undefined);
    assert.deepEqual(inFlight.map((s) => s.text), ['SYN+ACK', 'SYN', 'FIN+ACK']);
    const drawn = await page.$$eval('.views .segment.in-flight', (els) => els.map((e) => {
      const line = e.querySelector('.views .segment-line');
      return { id: Number(e.getAttribute('data-seg')), y2: Number(line.getAttribute('y2')), dash: getComputedStyle(line).strokeDasharray };
    }));
    const bottom = await page.$eval('.ladder-body .lifeline', (l) => Number(l.getAttribute('y2')));
    assert.deepEqual(drawn.map((d) => d.id), inFlight.map((s) => s.id));
    for (const d of drawn) {
      assert.ok(d.y2 > bottom - 1, `segment ${d.id} ends at the bottom (${d.y2} vs ${bottom})`);
      assert.notEqual(d.dash, 'none');
    }
    const errors = block.events.map((e, i) => (e.ok ? -1 : i)).filter((i) => i >= 0);
    assert.deepEqual(errors, [2, 5]);
    assert.deepEqual((await attr(page, '.views .event.error', 'data-event')).map(Number), errors);
    assert.equal(await page.$$eval('.views .event.error .error-mark', (els) => els.length), 2);
    const timeouts = block.events.map((e, i) => (e.kind === 'timeout' ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual((await attr(page, '.views .event.kind-timeout', 'data-event')).map(Number), timeouts);
    assert.equal(await page.$$eval('.views .event.kind-timeout .clock', (els) => els.length), timeouts.length);
    await page.screenshot({ path: screenshotPath('webview-ladder-errors-light.png') });
    assert.deepEqual(problemsOf(view), []);
  });

  it('conversation: cursor highlights the event row, clicks reveal, both paths on the state diagram', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(lostAck) });
    const block = lostAck.current;
    await send(page, { type: 'cursor', line: block.events[2].range.start.line });
    assert.deepEqual(await attr(page, '.views .event.cursor', 'data-event'), ['2']);
    await posted(page, { clear: true });
    await page.click('.ladder-body .event[data-event="4"] .event-text');
    assert.deepEqual(await posted(page, { clear: true }), [{ type: 'reveal', range: block.events[4].range }]);
    // A segment: the event that sent it.
    const seg = block.segments[2];
    await page.$eval(`.segment[data-seg="${seg.id}"]`, (el) => el.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    assert.deepEqual(await posted(page, { clear: true }), [{ type: 'reveal', range: block.events[seg.sentAt].range }]);
    // The state diagram: one track colour per peer, the legend names them.
    await page.click('#tab-state');
    assert.deepEqual(await page.$$eval('.legend-item.peer-0 .legend-text, .legend-item.peer-1 .legend-text', (els) => els.map((e) => e.textContent)),
      ['client', 'server']);
    const badges = await page.$$eval('.views .step[data-step]', (els) => els.map((e) => `${e.getAttribute('data-peer')}:${e.getAttribute('data-step')}:${e.getAttribute('data-to')}`).sort());
    const expected = [0, 1].flatMap((p) => block.paths[p].map((s) => `${p}:${s.number}:${s.to}`)).sort();
    assert.deepEqual(badges, expected);
    const colours = await page.$$eval('.views .track', (els) => [...new Set(els.map((e) => `${e.getAttribute('data-peer')} ${getComputedStyle(e.querySelector('.views .track-line')).stroke}`))].sort());
    assert.deepEqual(colours, ['0 rgb(26, 133, 255)', '1 rgb(209, 134, 22)']);
    assert.deepEqual(await attr(page, '.views .state.current-0', 'data-node'), ['TIME_WAIT']);
    assert.deepEqual(await attr(page, '.views .state.current-1', 'data-node'), ['CLOSED_END']);
    // The view chosen is kept for conversations.
    assert.equal(await page.evaluate(() => window.__state.view), 'state');
  });

  it('ladder of 2,000 events: only the rows near the viewport are in the DOM, scrolling brings later ones', async () => {
    const { page } = await open();
    const model = await modelOf(await generatedConversation(2000));
    assert.equal(model.current.events.length, 2000);
    await send(page, { type: 'show', diagram: shown(model) });
    const count = () => page.evaluate(() => ({
      all: document.querySelectorAll('*').length,
      rows: document.querySelectorAll('.ladder-body .event').length,
      first: Number(document.querySelector('.ladder-body .event')?.getAttribute('data-event')),
      last: Number([...document.querySelectorAll('.ladder-body .event')].pop()?.getAttribute('data-event')),
    }));
    const top = await count();
    assert.ok(top.rows > 10 && top.rows < 150, `rows in the DOM: ${top.rows}`);
    assert.ok(top.all < 2500, `elements in the page: ${top.all}`);
    assert.equal(top.first, 0);
    for (const fraction of [0.5, 1]) {
      await page.$eval('.ladder-view', (el, f) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      }, fraction);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const now = await count();
      assert.ok(now.rows < 150 && now.all < 2500, `after scrolling to ${fraction}: ${JSON.stringify(now)}`);
      if (fraction === 1) assert.equal(now.last, 1999);
      else assert.ok(now.first > 800 && now.last < 1200, JSON.stringify(now));
    }
    // The cursor on a far line scrolls its row into view.
    const target = model.current.events[321];
    await send(page, { type: 'cursor', line: target.range.start.line });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.deepEqual(await attr(page, '.views .event.cursor', 'data-event'), ['321']);
    assert.ok(await page.$eval('.views .event.cursor', (el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }));
  });

  it('says when the drawing is stale, and when there is nothing to draw', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(tour, { stale: true }) });
    assert.equal(await page.isVisible('.banner.stale'), true);
    assert.equal(await page.textContent('.banner.stale'), 'The text has syntax errors: showing the last good diagram');
    await send(page, { type: 'show', diagram: shown(tour) });
    assert.equal(await page.isVisible('.banner.stale'), false);
    const empty = await modelOf('# nothing here yet\n');
    assert.equal(empty.current, undefined);
    await send(page, { type: 'show', diagram: shown(empty) });
    assert.equal(await page.isVisible('.empty'), true);
    assert.match(await page.textContent('.empty'), /no scenario or conversation/);
    assert.equal(await page.$$eval('.views .step', (els) => els.length), 0);
  });

  it('exports SVG with the theme resolved, and PNG', async () => {
    const { page } = await open({ theme: 'dark' });
    await send(page, { type: 'show', diagram: shown(tour) });
    await send(page, { type: 'export', format: 'svg', requestId: 7 });
    const svgAnswer = await waitPosted(page, { type: 'exported', requestId: 7 });
    assert.equal(svgAnswer.format, 'svg');
    const svgText = svgAnswer.data;
    assert.ok(!svgText.includes('var(--'), 'no CSS variables left');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        root: root.localName, ns: root.namespaceURI, error: !!doc.querySelector('parsererror'),
        states: [...doc.querySelectorAll('.state-name')].map((t) => t.textContent),
        background: doc.querySelector('.export-background')?.getAttribute('fill'),
        text: doc.querySelector('.state-name')?.getAttribute('fill'),
        // Written once on the root, inherited below (and wherever it changes).
        font: root.getAttribute('font-family'),
        illegal: doc.querySelector('.track.illegal .track-line')?.getAttribute('stroke-dasharray'),
        interactive: doc.querySelectorAll('[tabindex], [role]').length,
        hidden: doc.querySelectorAll('.edge.exceptional').length,
      };
    }, svgText);
    assert.deepEqual({ ...parsed, states: parsed.states.length }, {
      root: 'svg', ns: 'http://www.w3.org/2000/svg', error: false, states: 12,
      background: 'rgb(31, 31, 31)', text: 'rgb(204, 204, 204)', font: parsed.font, illegal: parsed.illegal, interactive: 0, hidden: 0,
    });
    assert.match(parsed.font, /system-ui/);
    assert.notEqual(parsed.illegal, 'none');

    await send(page, { type: 'export', format: 'png', requestId: 8 });
    const pngAnswer = await waitPosted(page, { type: 'exported', requestId: 8 });
    assert.equal(pngAnswer.format, 'png');
    const prefix = 'data:image/png;base64,';
    assert.ok(pngAnswer.data.startsWith(prefix));
    const png = Buffer.from(pngAnswer.data.slice(prefix.length), 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svgWidth = Number(/<svg[^>]* width="(\d+)"/.exec(svgText)[1]);
    assert.ok(svgWidth >= 900, `the figure's width (${svgWidth})`);
    assert.equal(png.readUInt32BE(16), svgWidth * 2, 'the PNG is the SVG at 2x');
    assert.ok(png.length > 20_000, `a real picture (${png.length} bytes)`);
    fs.writeFileSync(screenshotPath('webview-export-dark.png'), png);

    // The ladder exports whole (not only the rows on screen).
    await send(page, { type: 'show', diagram: shown(lostAck) });
    await send(page, { type: 'export', format: 'svg', requestId: 9 });
    const ladder = await waitPosted(page, { type: 'exported', requestId: 9 });
    assert.ok(!ladder.data.includes('var(--'));
    const rows = await page.evaluate((text) => new DOMParser().parseFromString(text, 'image/svg+xml').querySelectorAll('.event').length, ladder.data);
    assert.equal(rows, lostAck.current.events.length);
  });

  it('shows control and bidi characters visibly, and exports odd names as well-formed SVG and a PNG (issue 14, finding 7)', async () => {
    const view = await open();
    const { page } = view;
    const odd = structuredClone(lostAck);
    odd.current.name = 'a\u0001b\uFFFE';
    odd.blocks[0].name = odd.current.name;
    odd.current.peers = ['client\u202Egnp', 'lone\uD800'];
    await send(page, { type: 'show', diagram: shown(odd) });
    assert.equal(await page.textContent('.block-title'), 'conversation “a␁b⟨U+FFFE⟩”');
    assert.deepEqual(await page.$$eval('.peer-name', (els) => els.map((e) => e.textContent)), ['client⟨U+202E⟩gnp', 'lone⟨U+D800⟩']);
    await send(page, { type: 'export', format: 'svg', requestId: 21 });
    const svg = await waitPosted(page, { type: 'exported', requestId: 21 });
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, peers: [...doc.querySelectorAll('.peer-name')].map((e) => e.textContent) };
    }, svg.data);
    assert.deepEqual(parsed, { error: null, peers: ['client⟨U+202E⟩gnp', 'lone⟨U+D800⟩'] });
    await page.click('#tab-state');
    await send(page, { type: 'export', format: 'png', requestId: 22 });
    const png = await waitPosted(page, { type: 'exported', requestId: 22 });
    assert.ok(png.data.startsWith('data:image/png;base64,'), `a PNG, not ${JSON.stringify(png).slice(0, 200)}`);
    assert.deepEqual(problemsOf(view), []);
  });

  it('treats user text as text: markup in names runs nothing and adds no element', async () => {
    const view = await open();
    const { page } = view;
    const dialogs = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const scenario = await modelOf(XSS_TEXT);
    assert.equal(scenario.current.name, IMG);
    await send(page, { type: 'show', diagram: shown(scenario) });
    assert.equal(await page.textContent('.block-title'), `scenario “${IMG}”`);
    assert.equal(await page.textContent('.views .state-diagram .title'), `scenario “${IMG}”`);

    // A conversation whose peer names and event text are script tags.
    const evil = structuredClone(lostAck);
    evil.current.name = IMG;
    evil.blocks[0].name = IMG;
    evil.current.peers = [SCRIPT, `${IMG}${SCRIPT}`];
    evil.current.events[0].text = SCRIPT;
    evil.current.events[1].note = IMG;
    evil.current.segments[0].text = SCRIPT;
    await send(page, { type: 'show', diagram: shown(evil) });
    assert.deepEqual(await page.$$eval('.peer-name', (els) => els.map((e) => e.textContent)), [SCRIPT, `${IMG}${SCRIPT}`]);
    assert.equal(await page.textContent('.views .event[data-event="0"] .event-text'), SCRIPT);
    assert.equal(await page.textContent('.views .segment[data-seg="1"] .segment-text'), SCRIPT);
    await page.click('#tab-state');
    assert.deepEqual(await page.$$eval('.legend-item.peer-0 .legend-text, .legend-item.peer-1 .legend-text', (els) => els.map((e) => e.textContent)),
      [SCRIPT, `${IMG}${SCRIPT}`]);
    await send(page, { type: 'export', format: 'svg', requestId: 1 });
    await waitPosted(page, { type: 'exported', requestId: 1 });

    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      foreign: document.querySelectorAll('foreignObject, iframe, object, embed').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    assert.deepEqual(injected, { img: 0, scripts: 1, foreign: 0, handlers: 0 });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problemsOf(view), []);
  });

  it('restores its settings from the webview state (a revived panel)', async () => {
    const state = { uri: lostAck.uri, view: 'state', showExceptional: true, zoom: { state: 1.5, ladder: 'fit' }, scroll: { state: { left: 0, top: 0 }, ladder: { left: 0, top: 0 } } };
    const { page } = await open({ state });
    await send(page, { type: 'show', diagram: shown(lostAck) });
    assert.equal(await page.getAttribute('#tab-state', 'aria-selected'), 'true');
    assert.equal(await page.isChecked('#show-exceptional'), true);
    const zoomed = await page.$eval('.views .state-diagram', (el) => Number(el.getAttribute('width')));
    assert.equal(zoomed, Math.round(1080 * 1.5), 'the whole figure (exceptional lanes shown) at 150%');
    assert.equal(await page.textContent('.zoom-level'), '150%');
    await page.click('#zoom-fit');
    assert.equal(await page.evaluate(() => window.__state.zoom.state), 'fit');
    const fitted = await page.$eval('.views .state-diagram', (el) => Number(el.getAttribute('width')));
    assert.ok(fitted < zoomed, `${fitted} < ${zoomed}`);
    await page.click('#zoom-in');
    const scale = await page.evaluate(() => window.__state.zoom.state);
    assert.ok(Math.abs(scale / (fitted / 1080) - 1.25) < 0.01, `zoom in: ${scale} from ${fitted / 1080}`);
    // Ctrl+wheel zooms too.
    await page.mouse.move(400, 400);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await page.waitForFunction((s) => window.__state.zoom.state > s * 1.05, scale);
    // A state saved by an older webview (zoom as one number) is read as fit.
    const old = await open({ state: { uri: lostAck.uri, view: 'ladder', showExceptional: false, zoom: 1.5 } });
    await send(old.page, { type: 'show', diagram: shown(lostAck) });
    assert.equal(await old.page.getAttribute('#tab-ladder', 'aria-selected'), 'true');
    // Fitted to the width the ladder has (the page less the playground beside it), at most 125%.
    const room = await old.page.$eval('.ladder-view', (el) => el.clientWidth);
    assert.ok(room > 600 && room < 1200, `${room} px`);
    assert.equal(await old.page.textContent('.zoom-level'), `${Math.round(Math.min(1.25, (room - 24) / 800) * 100)}%`, `the ladder fitted to ${room} px (at most 125%)`);
    assert.equal(await old.page.getAttribute('#zoom-fit', 'aria-pressed'), 'true');
  });

  describe('screenshots (look at them)', () => {
    for (const theme of ['light', 'dark', 'hc']) {
      it(`state diagram and ladder, ${theme} theme`, async () => {
        const view = await open({ theme, viewport: { width: 1100, height: 1000 } });
        const { page } = view;
        await send(page, { type: 'show', diagram: shown(tour) });
        await send(page, { type: 'cursor', line: tour.current.steps[4].range.start.line });
        await page.screenshot({ path: screenshotPath(`webview-state-${theme}.png`) });
        await send(page, { type: 'show', diagram: shown(lostAck) });
        await page.screenshot({ path: screenshotPath(`webview-ladder-${theme}.png`) });
        await page.click('#tab-state');
        await page.screenshot({ path: screenshotPath(`webview-conversation-${theme}.png`) });
        await setTheme(page, theme);
        assert.deepEqual(problemsOf(view), []);
      });
    }
  });
});
