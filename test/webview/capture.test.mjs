// The capture viewer's webview bundle (dist/webview/capture.js) outside VS Code: its page as
// captureHtml() builds it (same CSP, bundle and stylesheets) on a loopback server, a fake
// acquireVsCodeApi, headless Chromium. What the extension would post is posted here: thousands of
// rows (the table keeps only the visible ones in the DOM), updates while the read goes on, a
// connection's detail made by the real session from scenario-1.pcap; what the webview posts back
// is checked (select, openText), with sorting, filters, keys and markup in every text field.
//
//   node --test test/webview/capture.test.mjs

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { CHROMIUM, CHROMIUM_ARGS, PLAYWRIGHT_CORE } from '../../scripts/codeServer.mjs';
import { importTs, posted, ROOT, screenshotPath, send, setTheme, waitPosted } from './harness.mjs';

const require = createRequire(import.meta.url);
const XSS = '<img src=x onerror=alert(1)>';
const STATES = ['CLOSED', 'ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT'];

/** `n` rows; every 7th still being read (no states yet), every 11th with errors. */
function rows(n, from = 1) {
  return Array.from({ length: n }, (_, k) => {
    const id = from + k;
    const imported = id % 7 !== 0;
    return {
      id,
      client: { address: `10.0.${id >> 8 & 255}.${id & 255}`, port: 30000 + (id % 30000) },
      server: { address: '10.9.9.9', port: id % 3 === 0 ? 443 : 80 },
      packets: (id * 37) % 101 + 2,
      duration: (id % 13) / 4,
      ...(imported ? { first: ['CLOSED', 'CLOSED'], last: [STATES[id % 4], STATES[(id + 1) % 4]], diagnostics: id % 11 === 0 ? 2 : 0, errors: id % 11 === 0 ? 1 : 0 } : {}),
    };
  });
}

describe('the capture viewer webview in Chromium', () => {
  let server;
  let browser;
  let origin;
  let detailOfScenario1;

  before(async () => {
    const { captureWebviewBuild } = await import(pathToFileURL(path.join(ROOT, 'esbuild.mjs')).href);
    const bundle = (await esbuild.build({ ...captureWebviewBuild(false), absWorkingDir: ROOT, write: false })).outputFiles[0].contents;
    const { captureHtml } = await importTs('client/src/webview/captureHtml.ts');
    // The detail the extension would send for scenario-1.pcap's connection, made by the real session.
    const { CaptureSession } = await importTs('client/src/capture/session.ts');
    const session = new CaptureSession({ yieldNow: () => Promise.resolve() });
    const pcap = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'captures', 'scenario-1.pcap'));
    await session.read((async function* () { yield pcap; })(), pcap.length);
    detailOfScenario1 = session.detail(1);

    let page = '';
    server = http.createServer((req, res) => {
      const files = {
        '/': ['text/html; charset=utf-8', () => page],
        '/dist/webview/capture.js': ['text/javascript', () => bundle],
        '/media/diagram.css': ['text/css', () => fs.readFileSync(path.join(ROOT, 'media', 'diagram.css'))],
        '/media/capture.css': ['text/css', () => fs.readFileSync(path.join(ROOT, 'media', 'capture.css'))],
      };
      const pathname = new URL(req.url ?? '/', origin).pathname;
      if (pathname === '/favicon.ico') return res.writeHead(204).end();
      const file = files[pathname];
      res.writeHead(file ? 200 : 404, { 'content-type': file ? file[0] : 'text/plain', 'cache-control': 'no-store' });
      res.end(file ? file[1]() : 'not found');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
    page = captureHtml({
      scriptUri: `${origin}/dist/webview/capture.js`, styleUris: [`${origin}/media/diagram.css`, `${origin}/media/capture.css`],
      cspSource: origin, nonce: 'dGVzdC1ub25jZS0xMjM0NTY3OA==', title: `TCP Capture: ${XSS}`,
    });
    const { chromium } = require(PLAYWRIGHT_CORE);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  /** A fresh page with the viewer loaded (it has posted `ready`). */
  async function open({ state, theme = 'light', viewport = { width: 1300, height: 900 } } = {}) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
    page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss().catch(() => {}); });
    await page.addInitScript((saved) => {
      window.__posted = [];
      window.__state = saved;
      window.acquireVsCodeApi = () => Object.freeze({
        postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
        getState: () => window.__state,
        setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
      });
    }, state);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    await setTheme(page, theme);
    return { page, problems, close: () => context.close() };
  }

  /** The table as drawn: the ids of the rows in the DOM, in order, and the status texts. */
  const table = (page) => page.evaluate(() => ({
    ids: [...document.querySelectorAll('.capture-table tbody tr[data-id]')].map((tr) => Number(tr.getAttribute('data-id'))),
    selected: [...document.querySelectorAll('.capture-table tbody tr.selected')].map((tr) => Number(tr.getAttribute('data-id'))),
    shown: document.querySelector('.shown-count')?.textContent,
    status: document.querySelector('.read-status')?.textContent,
    progress: document.querySelector('.read-progress')?.hidden ? null : [document.querySelector('.read-progress').value, document.querySelector('.read-progress').max],
    rowCount: document.querySelector('.capture-table')?.getAttribute('aria-rowcount'),
  }));
  const frame = (page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

  it('keeps only the visible rows of 20,000 in the DOM, and scrolls to the last', async () => {
    const { page, problems, close } = await open();
    await send(page, { type: 'reset', title: 'big.pcap', rows: rows(20000), progress: { bytes: 3e6, total: 1e8, packets: 40000, connections: 20000, done: false } });
    await frame(page);
    let t = await table(page);
    assert.equal(t.ids[0], 1);
    assert.ok(t.ids.length > 10 && t.ids.length < 120, `${t.ids.length} rows in the DOM`);
    assert.deepEqual(t.ids, Array.from({ length: t.ids.length }, (_, i) => i + 1));
    assert.equal(t.rowCount, '20001');
    assert.equal(t.shown, '20,000 connections');
    assert.equal(t.status, 'Reading… 3.0 MB of 100.0 MB · 40,000 TCP packets · 20,000 connections');
    assert.deepEqual(t.progress, [3e6, 1e8]);
    // The scroll height is the whole table's; at the bottom, the last rows are drawn.
    await page.locator('.capture-table-wrap').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForFunction(() => document.querySelector('.capture-table tbody tr[data-id="20000"]'));
    t = await table(page);
    assert.ok(t.ids.length < 120);
    assert.equal(t.ids.at(-1), 20000);
    assert.deepEqual(problems, []);
    await close();
  });

  it('sorts on a header click (again: reversed) and filters by port and state, keeping the settings', async () => {
    const { page, problems, close } = await open();
    const all = rows(300);
    await send(page, { type: 'reset', title: 'x.pcap', rows: all, progress: { bytes: 10, total: 10, packets: 900, connections: 300, done: true } });
    await page.locator('th[data-column="packets"] button').click();
    await frame(page);
    let t = await table(page);
    const byPackets = [...all].sort((a, b) => a.packets - b.packets || a.id - b.id).map((r) => r.id);
    assert.deepEqual(t.ids, byPackets.slice(0, t.ids.length));
    assert.equal(await page.locator('th[data-column="packets"]').getAttribute('aria-sort'), 'ascending');
    await page.locator('th[data-column="packets"] button').click();
    await frame(page);
    t = await table(page);
    assert.deepEqual(t.ids.slice(0, 5), [...all].sort((a, b) => b.packets - a.packets || a.id - b.id).map((r) => r.id).slice(0, 5));
    assert.equal(await page.locator('th[data-column="packets"]').getAttribute('aria-sort'), 'descending');
    assert.equal(t.progress, null, 'no progress bar when done');
    assert.equal(t.status, '900 TCP packets · 300 connections');

    await page.locator('#port-filter').fill('443');
    await page.locator('#state-filter').selectOption('CLOSE_WAIT');
    await frame(page);
    t = await table(page);
    const expected = all.filter((r) => r.server.port === 443 && [...(r.first ?? []), ...(r.last ?? [])].includes('CLOSE_WAIT'))
      .sort((a, b) => b.packets - a.packets || a.id - b.id);
    assert.ok(expected.length > 20);
    // The rows in the DOM are the first of the filtered, sorted list (the rest is below the fold).
    assert.deepEqual(t.ids, expected.slice(0, t.ids.length).map((r) => r.id));
    assert.equal(t.shown, `${expected.length} of 300 connections`);
    const state = await page.evaluate(() => window.__state);
    assert.deepEqual(state, { sort: { column: 'packets', descending: true }, portFilter: '443', stateFilter: 'CLOSE_WAIT' });
    await close();

    // A reloaded viewer comes back with them.
    const again = await open({ state });
    await send(again.page, { type: 'reset', title: 'x.pcap', rows: all, progress: { bytes: 10, total: 10, packets: 900, connections: 300, done: true } });
    await frame(again.page);
    assert.equal((await table(again.page)).shown, `${expected.length} of 300 connections`);
    assert.equal(await again.page.locator('#port-filter').inputValue(), '443');
    assert.deepEqual([...problems, ...again.problems], []);
    await again.close();
  });

  it('a selection asks for its detail and draws it with the diagram preview’s ladder; keys move it; Open as .tcpfsm', async () => {
    const { page, problems, close } = await open();
    await send(page, { type: 'reset', title: 'scenario-1.pcap', rows: rows(3), progress: { bytes: 1, total: 1, packets: 33, connections: 3, done: true } });
    await page.locator('.capture-table tbody tr[data-id="1"]').click();
    assert.deepEqual(await waitPosted(page, { type: 'select' }), { type: 'select', id: 1 });
    assert.equal(await page.locator('.empty').innerText(), 'Importing the connection…');
    await send(page, { type: 'detail', detail: detailOfScenario1 });
    await frame(page);
    const drawn = await page.evaluate(() => ({
      title: document.querySelector('.detail-title')?.textContent,
      stats: document.querySelector('.detail-stats')?.textContent,
      client: [...document.querySelectorAll('.ladder-body g.pill.change[data-peer="0"]')].map((g) => g.getAttribute('data-state')),
      server: [...document.querySelectorAll('.ladder-body g.pill.change[data-peer="1"]')].map((g) => g.getAttribute('data-state')),
      events: document.querySelectorAll('.ladder-body g.event').length,
      diagnostics: [...document.querySelectorAll('.capture-diagnostics li')].map((li) => li.textContent),
    }));
    assert.deepEqual(drawn, {
      title: '1: 127.0.0.1:5102 → 127.0.0.1:5101',
      stats: 'stack linux · 17 events · 11 segments · frames 1–11',
      client: ['SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'TIME_WAIT'],
      server: ['LISTEN', 'SYN_RECEIVED', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED'],
      events: 17,
      diagnostics: ['No diagnostics: the capture follows the linux stack’s rules.'],
    });
    // A click on an event: its frame and time.
    await page.locator('.ladder-body g.event[data-event="13"]').click();
    assert.deepEqual(await page.locator('.event-status span').allTextContents(), ['Line 16', 'frame #9', 't = 1.857657 s', 'client: recv ACK']);
    await page.locator('#open-text').click();
    assert.deepEqual(await waitPosted(page, { type: 'openText' }), { type: 'openText', id: 1 });
    // ArrowDown on the selected row selects the next one.
    await page.locator('.capture-table tbody tr[data-id="1"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'select' && m.id === 2));
    assert.deepEqual((await table(page)).selected, [2]);
    // A detail for another connection than the selected one is dropped.
    await send(page, { type: 'detail', detail: detailOfScenario1 });
    assert.equal(await page.locator('.detail-title').innerText(), 'Connection 2');
    assert.deepEqual(problems, []);
    await page.screenshot({ path: screenshotPath('capture-webview-light.png') });
    await close();
  });

  it('asks for the detail again when the selected connection grows while the read goes on', async () => {
    const { page, problems, close } = await open({ state: { selected: 2, sort: { column: 'id', descending: false }, portFilter: '', stateFilter: '' } });
    const first = rows(2);
    await send(page, { type: 'reset', title: 'x.pcap', rows: first.slice(0, 1), progress: { bytes: 5, total: 10, packets: 4, connections: 1, done: false } });
    // Connection 2 is not read yet: nothing asked.
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'select'), []);
    await send(page, { type: 'rows', rows: [first[1]], progress: { bytes: 8, total: 10, packets: 8, connections: 2, done: false } });
    await waitPosted(page, { type: 'select', id: 2 });
    await send(page, { type: 'rows', rows: [{ ...first[1], packets: first[1].packets + 5 }], progress: { bytes: 10, total: 10, packets: 13, connections: 2, done: true } });
    await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'select' && m.id === 2).length === 2);
    assert.deepEqual(problems, []);
    await close();
  });

  it('shows markup in any text as text, and the read’s problem', async () => {
    const { page, problems, close } = await open({ theme: 'dark' });
    const evil = { ...rows(1)[0], importError: XSS };
    await send(page, {
      type: 'reset', title: XSS, rows: [evil], progress: { bytes: 10, total: 10, packets: 3, connections: 1, done: true },
      problem: { message: `${XSS} truncated (frame 4)` },
    });
    await page.locator('.capture-table tbody tr[data-id="1"]').click();
    await send(page, { type: 'detailFailed', id: 1, message: XSS });
    const found = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      handlers: document.querySelectorAll('[onerror], [onload]').length,
      title: document.querySelector('.capture-title')?.textContent,
      problem: document.querySelector('.capture-problem')?.textContent,
      empty: document.querySelector('.empty')?.textContent,
      cell: document.querySelector('td.cell-diagnostics')?.textContent,
    }));
    assert.deepEqual(found, {
      images: 0, handlers: 0, title: XSS,
      problem: `The read stopped: ${XSS} truncated (frame 4). The connections before it are shown.`,
      empty: `The connection could not be imported: ${XSS}`,
      cell: 'import failed',
    });
    assert.deepEqual(problems, []);
    await page.screenshot({ path: screenshotPath('capture-webview-dark.png') });
    await close();
  });
});
