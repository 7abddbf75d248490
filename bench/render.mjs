// Render bench for the diagram webview: in headless Chromium (test/webview/harness.mjs: the real
// page, bundle and stylesheet), the time from a `show` message to the drawing on screen, measured
// inside the page: performance.now() before the message is copied and dispatched, and after the
// next frame (a requestAnimationFrame callback, then a task, so style, layout and paint count).
// Medians of 30 runs after 3 warm-ups, for a 20-step scenario and a 2,000-event conversation.
//
//   node bench/render.mjs          (builds the webview bundle first)
//
// A report, not a test: exits 0 when a target is missed, 1 only when the bench itself fails.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedConversation, modelOf, ROOT, send, shown, startHarness } from '../test/webview/harness.mjs';

const RUNS = 30;
const WARMUP = 3;

/**
 * Dispatches `message` RUNS + WARMUP times; the page times each one from before the message is
 * copied (structuredClone stands in for postMessage's own copy) to the frame after it.
 */
async function time(page, message) {
  await page.evaluate((m) => {
    window.__benchMessage = m;
  }, message);
  const samples = [];
  for (let i = 0; i < RUNS + WARMUP; i++) {
    const ms = await page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: structuredClone(window.__benchMessage) }));
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    }));
    if (i >= WARMUP) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p90: at(0.9), min: samples[0], max: samples[samples.length - 1] };
}

async function main() {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'webview', 'scenarios.tcpfsm'), 'utf8');
  // The second block of scenarios.tcpfsm: twenty steps.
  const line = text.split('\n').findIndex((l) => l.startsWith('scenario "Twenty steps"'));
  const scenario = await modelOf(text, { position: { line: line + 1, character: 2 } });
  if (scenario.current?.kind !== 'scenario' || scenario.current.steps.length !== 20) throw new Error('expected the 20-step scenario');
  const conversation = await modelOf(await generatedConversation(2000));
  if (conversation.current?.kind !== 'conversation' || conversation.current.events.length !== 2000) throw new Error('expected 2,000 events');

  const harness = await startHarness();
  const rows = [];
  try {
    const cases = [
      { name: 'scenario, 20 steps (state diagram)', model: scenario, size: '20 steps', target: 50, state: undefined },
      { name: 'conversation, 2,000 events (ladder)', model: conversation, size: '2,000 events', target: 200, state: undefined },
      {
        name: 'conversation, 2,000 events (state diagram)', model: conversation, size: '2,000 events', target: 200,
        state: { uri: conversation.uri, view: 'state', showExceptional: false, zoom: 1 },
      },
    ];
    for (const c of cases) {
      const view = await harness.open({ theme: 'dark', state: c.state });
      try {
        // The first show builds the page; every timed one redraws the whole view.
        await send(view.page, { type: 'show', diagram: shown(c.model) });
        const elements = await view.page.evaluate(() => document.querySelectorAll('*').length);
        const r = await time(view.page, { type: 'show', diagram: shown(c.model) });
        rows.push({ ...c, ...r, elements });
        if (view.problems.some((p) => !/favicon|404/.test(p))) throw new Error(view.problems.join('\n'));
      } finally {
        await view.close();
      }
    }
  } finally {
    await harness.close();
  }

  const fmt = (n) => n.toFixed(1).padStart(7);
  console.log(`\nDiagram webview: show → drawn, headless Chromium, median of ${RUNS} (after ${WARMUP} warm-ups)\n`);
  console.log(`${'case'.padEnd(44)} ${'median'.padStart(7)} ${'p90'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}  DOM  target`);
  for (const r of rows) {
    const verdict = r.median <= r.target ? 'PASS' : 'MISS';
    console.log(`${r.name.padEnd(44)} ${fmt(r.median)} ${fmt(r.p90)} ${fmt(r.min)} ${fmt(r.max)}  ${String(r.elements).padStart(4)}  ≤ ${r.target} ms ${verdict}`);
  }
  console.log('\n(ms; DOM = elements in the page after the show)');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
