// The ladder of SPEC v2 conversations in headless Chromium (harness.mjs): to time scale when the
// block has times (a time per event, idle gaps shortened behind a break that says how long they
// were), an old segment's arrow coming from outside both lifelines, a crash's cross on its
// lifeline, the bracket of an owed ACK, retransmissions and probes labelled, the legend of the
// marks used; no text over another; the state view's loops for steps that stay in their state.
// The model is test/fixtures/diagram/timed.model.json (test/fixtures/diagram/timed.tcpfsm).
//
//   node --test test/webview/ladder-time.test.mjs

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixture, generatedConversation, modelOf, ROOT, screenshotPath, send, shown, startHarness } from './harness.mjs';

/** The ladder's row height and the height a shortened gap adds (client/src/webview/ladderRows.ts). */
const ROW = 44;
const BREAK_H = 48;
const CAPTURE = path.join(ROOT, 'examples', 'real-world', 'captures', 'scenario-1.tcpfsm');

describe('the ladder of a timed conversation', () => {
  let harness;
  let timed;
  const pages = [];

  before(async () => {
    harness = await startHarness();
    timed = fixture('timed');
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
  const block = () => timed.current;
  /** The index of the (last) event written `text`. */
  const indexOf = (text) => {
    const i = block().events.findLastIndex((e) => e.text === text);
    assert.ok(i >= 0, text);
    return i;
  };

  /** Each drawn row's event line (the y of its text) by event index. */
  const lines = (page) => page.$$eval('.ladder-body .event', (els) => Object.fromEntries(els.map((g) =>
    [Number(g.getAttribute('data-event')), Number(g.querySelector('.event-text').getAttribute('y'))])));
  const lifelines = (page) => page.$$eval('.ladder-body .lifeline', (els) => els.map((l) => Number(l.getAttribute('x1'))));

  it('puts each event\'s time in a column, and draws time to scale between events', async () => {
    const view = await open({ viewport: { width: 1200, height: 1000 } });
    const { page } = view;
    await send(page, { type: 'show', diagram: shown(timed) });
    const events = block().events;
    assert.equal(events.length, 24);
    // One time per event but the `expect`, as written (seconds since the block's start).
    const times = await page.$$eval('.ladder-body .event', (els) => els.map((g) => g.querySelector('.event-time')?.textContent ?? null));
    assert.deepEqual(times, events.map((e) => (e.kind === 'expect' ? null : `${e.time} s`)));
    assert.equal(await page.textContent('.ladder-header .time-caption'), 'time');
    assert.match(await page.getAttribute('.ladder-body', 'aria-label'), /24 events, to time scale with 2 idle gaps shortened$/);

    const y = await lines(page);
    const dy = (a, b) => y[indexOf(b)] - y[indexOf(a)];
    // 0.1 s is one row here (the lower quartile of the gaps); 0.6 s six rows, 0.76 s and 0.8 s in proportion.
    assert.equal(dy('client: connect', 'server: recv SYN'), ROW);
    assert.equal(y[5] - y[4], 6 * ROW, 'server: recv ACK at 0.4 s, client: send data at 1 s');
    assert.ok(Math.abs(y[9] - y[8] - 7.6 * ROW) < 0.01, 'client: recv ACK at 1.24 s, server: send data at 2 s');
    assert.ok(Math.abs(dy('server: crash', 'client: send data') - 8 * ROW) < 0.01);
    // Shorter than a row's worth of time: still a row apart (0.04 s between the delayed ACK and its sending).
    assert.equal(dy('server: recv DATA / delay ACK', 'server: send ACK'), ROW);
    // 0.4 s before the old SYN arrives: room enough for its arrow's band above the row.
    assert.equal(y[indexOf('client: recv old SYN')] - y[13], 4 * ROW, 'server: recv ACK at 2.6 s, the old SYN at 3 s');
    assert.deepEqual(problemsOf(view), []);
  });

  it('shortens the idle gaps and marks each with its real length: 2 h, then 60 s', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(timed) });
    const breaks = await page.$$eval('.gap-break', (els) => els.map((g) => ({
      after: Number(g.getAttribute('data-after')), seconds: Number(g.getAttribute('data-seconds')), text: g.querySelector('.gap-text').textContent,
      y: Number(g.querySelector('.gap-text').getAttribute('y')), cuts: g.querySelectorAll('.gap-cut').length, slashes: g.querySelectorAll('.gap-slash').length,
    })));
    const keepalive = indexOf('client: timeout keepalive');
    const crash = indexOf('server: crash');
    assert.deepEqual(breaks.map(({ after: a, text, cuts, slashes }) => ({ after: a, text, cuts, slashes })), [
      { after: keepalive - 1, text: '⋯ 2 h ⋯', cuts: 2, slashes: 4 },
      { after: crash - 1, text: '⋯ 60 s ⋯', cuts: 2, slashes: 4 },
    ]);
    assert.ok(Math.abs(breaks[0].seconds - 7199.9) < 1e-6 && Math.abs(breaks[1].seconds - 60) < 1e-6, JSON.stringify(breaks));
    // Between the two events 60 s apart: the break, in a space far shorter than 60 s to scale.
    const y = await lines(page);
    const [before60, after60] = [y[crash - 1], y[crash]];
    assert.equal(after60 - before60, ROW + BREAK_H);
    assert.ok(breaks[1].y > before60 + ROW / 2 && breaks[1].y < after60 - 8, `${before60} < ${breaks[1].y} < ${after60}`);
    // The break cuts both lifelines there.
    const cutsX = await page.$$eval('.gap-break[data-after] .gap-cut', (els) => els.map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width')) / 2));
    const x = await lifelines(page);
    assert.deepEqual(cutsX, [x[0], x[1], x[0], x[1]]);
    assert.deepEqual(await page.$$eval('.ladder-legend .legend-item', (els) => els.map((e) => e.getAttribute('data-legend'))),
      ['retransmission', 'old', 'crash', 'owed', 'gap']);
  });

  it('draws the old segment from the diagram\'s edge, outside both lifelines, to the receiver', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(timed) });
    const old = block().segments.find((s) => s.mark === 'old');
    assert.deepEqual([old.text, old.sentAt, old.from], ['SYN', undefined, 1]);
    const drawn = await page.$eval('.segment.mark-old', (g) => {
      const l = g.querySelector('.segment-line');
      return {
        id: Number(g.getAttribute('data-seg')), arrived: Number(g.getAttribute('data-arrived')), label: g.querySelector('.segment-text').textContent,
        x1: Number(l.getAttribute('x1')), y1: Number(l.getAttribute('y1')), x2: Number(l.getAttribute('x2')), y2: Number(l.getAttribute('y2')),
        arrow: !!g.querySelector('.segment-arrow'), name: g.getAttribute('aria-label'),
      };
    });
    const [xa, xb] = await lifelines(page);
    const y = await lines(page);
    assert.deepEqual([drawn.id, drawn.arrived, drawn.label, drawn.arrow], [old.id, old.arrivedAt, 'old SYN', true]);
    // It starts at the edge of the drawing, left of both lifelines (the client receives it), and ends on the client's.
    assert.ok(drawn.x1 < xa && drawn.x1 < xb && drawn.x1 <= 10, `starts at ${drawn.x1}`);
    assert.equal(drawn.x2, xa);
    // It arrives on its row, just above the row's line and below the row before.
    const row = old.arrivedAt;
    assert.ok(drawn.y2 <= y[row] && drawn.y2 > y[row] - 12 && drawn.y1 > y[row - 1] + ROW / 2, JSON.stringify({ drawn, line: y[row] }));
    assert.match(drawn.name, /^Segment 9 SYN \(an old duplicate from outside the conversation .*\) claiming to be from server, received by client at line 22$/);
    // No event sent it: clicking it shows where it arrived.
    assert.equal(await page.$$eval('.ladder-body .segment', (els) => els.filter((g) => g.getAttribute('data-sent') === g.getAttribute('data-arrived')).length), 1);
  });

  it('crosses out the crashed host\'s lifeline on the crash\'s row', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(timed) });
    const crash = indexOf('server: crash');
    const cross = await page.$$eval('.crash-cross', (els) => els.map((g) => {
      const row = g.closest('[data-event]');
      const ls = [...g.querySelectorAll('line')].map((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a))));
      return { event: row && Number(row.getAttribute('data-event')), inLegend: !!g.closest('.ladder-legend'), ls };
    }));
    const drawn = cross.filter((c) => !c.inLegend);
    assert.deepEqual(drawn.map((c) => c.event), [crash]);
    const [, xb] = await lifelines(page);
    const y = await lines(page);
    // Two strokes crossing at the server's lifeline on the event's line.
    for (const [x1, y1, x2, y2] of drawn[0].ls) {
      assert.equal((x1 + x2) / 2, xb);
      assert.equal((y1 + y2) / 2, y[crash]);
      assert.ok(Math.abs(x2 - x1) >= 10 && Math.abs(y2 - y1) >= 10);
    }
    // Its state badge says CLOSED under it.
    assert.deepEqual(await page.$$eval(`.pill.change[data-event="${crash}"]`, (els) => els.map((e) => `${e.getAttribute('data-peer')} ${e.getAttribute('data-state')}`)), ['1 CLOSED']);
  });

  it('brackets the owed ACK from the delayed receive to the segment that pays it; marks retransmissions and probes', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(timed) });
    const owedAt = indexOf('server: recv DATA / delay ACK');
    const paidAt = indexOf('server: send ACK');
    const bracket = await page.$eval('.owed-ack', (g) => ({
      event: Number(g.getAttribute('data-event')), paid: Number(g.getAttribute('data-paid')), by: Number(g.getAttribute('data-paid-by')),
      d: g.querySelector('.owed-line').getAttribute('d'), text: g.querySelector('.owed-text').textContent,
      dash: getComputedStyle(g.querySelector('.owed-line')).strokeDasharray, name: g.querySelector('title').textContent,
    }));
    assert.deepEqual([bracket.event, bracket.paid, bracket.by, bracket.text], [owedAt, paidAt, 5, 'owes ACK']);
    assert.notEqual(bracket.dash, 'none');
    assert.equal(bracket.name, 'server owes an ACK from line 14 (/ delay ACK), paid by segment 5 at line 15');
    // From the server's lifeline on the receive's line, out towards the client, down to the paying event's line, back.
    const [, xb] = await lifelines(page);
    const y = await lines(page);
    assert.equal(bracket.d, `M${xb} ${y[owedAt]} H${xb - 12} V${y[paidAt]} H${xb}`);
    // The segment that pays it leaves from that line.
    const paying = await page.$eval('.segment[data-seg="5"] .segment-line', (l) => [Number(l.getAttribute('x1')), Number(l.getAttribute('y1'))]);
    assert.deepEqual(paying, [xb, y[paidAt]]);

    const labels = await page.$$eval('.segment[data-mark]', (els) => els.map((g) => `${g.getAttribute('data-mark')}: ${g.querySelector('.segment-text').textContent}`));
    assert.deepEqual(labels, ['retransmission: ↻ DATA+ACK', 'old: old SYN', 'challenge: challenge ACK', 'probe: ACK probe']);
    const width = (mark) => page.$eval(`.segment.mark-${mark} .segment-line`, (l) => parseFloat(getComputedStyle(l).strokeWidth));
    assert.ok(await width('retransmission') > await page.$eval('.segment:not([data-mark]) .segment-line', (l) => parseFloat(getComputedStyle(l).strokeWidth)));
  });

  it('no text touches another text, a badge, a clock or a cross (the timed fixture, the capture scenario-1)', async () => {
    const view = await open({ viewport: { width: 1200, height: 3000 } });
    const { page } = view;
    const capture = await modelOf(fs.readFileSync(CAPTURE, 'utf8'));
    assert.equal(capture.current.timed, true);
    for (const model of [timed, capture]) {
      await send(page, { type: 'show', diagram: shown(model) });
      const items = await page.evaluate(() => {
        const selector = ':is(.ladder-header, .ladder-body) :is(text:not(.pill text, .error-mark text), .pill-bg, .error-mark, .clock, .crash-cross)';
        return [...document.querySelectorAll(selector)].map((el) => {
          const box = el.getBBox();
          const m = el.getScreenCTM();
          const corners = [[box.x, box.y], [box.x + box.width, box.y], [box.x + box.width, box.y + box.height], [box.x, box.y + box.height]]
            .map(([x, y]) => ({ x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f }));
          const owner = el.closest('[data-event], [data-seg], .peer-head, [data-legend], .gap-break');
          const where = owner?.getAttribute('data-event') ?? owner?.getAttribute('data-seg') ?? owner?.getAttribute('data-peer')
            ?? owner?.getAttribute('data-legend') ?? owner?.getAttribute('data-after');
          return { name: `${el.getAttribute('class') ?? el.localName} “${el.textContent || el.parentElement.textContent}” (${where})`, corners };
        });
      });
      const b = model.current;
      assert.equal(items.filter((i) => i.name.startsWith('event-time')).length, b.events.filter((e) => e.kind !== 'expect').length);
      assert.equal(items.filter((i) => i.name.startsWith('segment-text')).length, b.segments.length);
      assert.equal(items.filter((i) => i.name.startsWith('owed-text')).length, b.owedAcks.length);
      const overlap = (p, q, tolerance = 0.5) => [p, q].every((poly) => poly.every((v, k) => {
        const w = poly[(k + 1) % poly.length];
        const length = Math.hypot(w.x - v.x, w.y - v.y);
        if (length === 0) return true;
        const [nx, ny] = [(v.y - w.y) / length, (w.x - v.x) / length];
        const shadow = (points) => points.map((u) => u.x * nx + u.y * ny);
        const [sp, sq] = [shadow(p), shadow(q)];
        return Math.max(...sp) - Math.min(...sq) > tolerance && Math.max(...sq) - Math.min(...sp) > tolerance;
      }));
      const touching = [];
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) if (overlap(items[i].corners, items[j].corners)) touching.push(`${items[i].name} × ${items[j].name}`);
      }
      assert.deepEqual(touching, [], b.name);
    }
    assert.deepEqual(problemsOf(view), []);
  });

  it('without times the ladder is as before: rows a row apart, no time column, no break', async () => {
    const { page } = await open();
    const lostAck = fixture('lost-ack');
    await send(page, { type: 'show', diagram: shown(lostAck) });
    const y = Object.values(await lines(page));
    assert.equal(y.length, lostAck.current.events.length);
    for (let i = 1; i < y.length; i++) assert.equal(y[i] - y[i - 1], ROW);
    assert.equal(await page.$$eval('.event-time, .gap-break, .time-caption, .ladder-legend, .owed-ack, .crash-cross', (els) => els.length), 0);
    assert.doesNotMatch(await page.getAttribute('.ladder-body', 'aria-label'), /time scale/);
  });

  it('exports the timed ladder whole: times, breaks, the cross and the bracket', async () => {
    const { page } = await open({ theme: 'dark' });
    await send(page, { type: 'show', diagram: shown(timed) });
    await send(page, { type: 'export', format: 'svg', requestId: 3 });
    const answer = await page.waitForFunction(() => window.__posted.find((m) => m.type === 'exported' && m.requestId === 3)).then((h) => h.jsonValue());
    assert.ok(!answer.data.includes('var(--'));
    const found = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const count = (s) => doc.querySelectorAll(s).length;
      return { times: count('.event-time'), breaks: count('.gap-break'), crosses: count('.ladder-body .crash-cross'), brackets: count('.owed-ack'), old: count('.segment.mark-old') };
    }, answer.data);
    assert.deepEqual(found, { times: 23, breaks: 2, crosses: 1, brackets: 1, old: 1 });
  });

  it('state view: the steps that stay in a state are loops on its box, the crash a dotted jump, both in the legend', async () => {
    const { page } = await open();
    await send(page, { type: 'show', diagram: shown(timed) });
    await page.click('#tab-state');
    const tracks = await page.$$eval('.state-diagram .track', (els) => els.map((g) => `${g.getAttribute('data-peer')} ${g.getAttribute('data-from')}>${g.getAttribute('data-to')}${g.classList.contains('staying') ? ' staying' : ''}${g.classList.contains('crash') ? ' crash' : ''}${g.classList.contains('illegal') ? ' illegal' : ''}`));
    assert.deepEqual(tracks.filter((t) => / (staying|crash|illegal)/.test(t)).sort(), [
      '0 ESTABLISHED>ESTABLISHED staying', '1 CLOSED>CLOSED staying', '1 ESTABLISHED>CLOSED crash', '1 ESTABLISHED>ESTABLISHED staying',
    ]);
    // Five steps stay in ESTABLISHED for each peer: one badge with the count.
    const badges = await page.$$eval('.step.more', (els) => els.map((e) => `${e.getAttribute('data-peer')} ${e.querySelector('.badge-text').textContent}`).sort());
    assert.deepEqual(badges, ['0 5×', '1 5×']);
    const legend = await page.$$eval('.state-diagram .legend-item', (els) => els.map((e) => e.getAttribute('data-legend')));
    assert.deepEqual(legend.filter((l) => l === 'staying' || l === 'crash'), ['staying', 'crash']);
    const loop = await page.$eval('.track.staying.peer-0 .track-line', (p) => {
      const box = p.getBBox();
      return { width: box.width, height: box.height };
    });
    assert.ok(loop.width < 80 && loop.height < 50, `a small loop: ${JSON.stringify(loop)}`);
  });

  it('a timed 2,000-event ladder stays virtualized, and its last rows come into view', async () => {
    const { page } = await open();
    // The generated conversation with a time on every event: 0.1 s apart, a minute's pause every 50 lines.
    const text = (await generatedConversation(2000)).split('\n').map((line, i) =>
      (/^ {2}(client|server):/.test(line) ? `  +${i % 50 === 0 ? 60 : 0.1} ${line.trim()}` : line)).join('\n');
    const model = await modelOf(text);
    assert.equal(model.current.timed, true);
    assert.equal(model.current.events.length, 2000);
    await send(page, { type: 'show', diagram: shown(model) });
    const count = () => page.evaluate(() => ({
      all: document.querySelectorAll('*').length,
      rows: document.querySelectorAll('.ladder-body .event').length,
      breaks: document.querySelectorAll('.gap-break').length,
      first: Number(document.querySelector('.ladder-body .event')?.getAttribute('data-event')),
      last: Number([...document.querySelectorAll('.ladder-body .event')].pop()?.getAttribute('data-event')),
    }));
    const top = await count();
    assert.ok(top.rows > 10 && top.rows < 150, `rows in the DOM: ${top.rows}`);
    // The breaks are virtualized with the rows: the ones near the viewport are in the DOM.
    const shortened = Number(/with (\d+) idle gaps shortened/.exec(await page.getAttribute('.ladder-body', 'aria-label'))[1]);
    assert.ok(shortened >= 30, `${shortened} gaps shortened`);
    assert.ok(top.breaks >= 1 && top.breaks < shortened / 4, `${top.breaks} breaks in the DOM`);
    assert.ok(top.all < 3000, `elements in the page: ${top.all}`);
    for (const fraction of [0.5, 1]) {
      await page.$eval('.ladder-view', (el, f) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      }, fraction);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const now = await count();
      assert.ok(now.rows < 150 && now.all < 3000, `after scrolling to ${fraction}: ${JSON.stringify(now)}`);
      if (fraction === 1) assert.equal(now.last, 1999);
      else assert.ok(now.first > 700 && now.last < 1300, JSON.stringify(now));
    }
  });

  describe('screenshots (look at them)', () => {
    for (const theme of ['light', 'dark']) {
      it(`the timed ladder, ${theme} theme`, async () => {
        const view = await open({ theme, viewport: { width: 1100, height: 1300 } });
        const { page } = view;
        await send(page, { type: 'show', diagram: shown(timed) });
        await page.screenshot({ path: screenshotPath(`webview-ladder-timed-${theme}.png`) });
        // Further down: the old SYN, both breaks and the crash.
        const y = await lines(page);
        await page.$eval('.ladder-view', (el, top) => {
          el.scrollTop = top;
        }, y[indexOf('client: recv old SYN')] - 160);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.screenshot({ path: screenshotPath(`webview-ladder-timed-marks-${theme}.png`) });
        assert.deepEqual(problemsOf(view), []);
      });
    }
  });
});
