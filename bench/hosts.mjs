// Bench of the browser build beside the Node build (`npm run bench`, or `npm run bench:hosts`):
// - the production bundles' sizes: the extension client and the language server, for Node
//   (dist/extension.js, dist/server.js) and for the browser (dist/web/extension.js, the worker
//   dist/web/server.js), raw and gzipped;
// - the time from opening a .tcpfsm file to its first diagnostics, in code-server + headless
//   Chromium, with the real package in Node's extension host and the browser-only package in the
//   web worker host (the same packages and mechanism as test:e2e / test:web). Each workbench load
//   measures, inside the extension host (bench/hosts/probe.ts): `cold` — the first file, so the
//   extension activates and starts its server; `warm` — 8 more files (copies of
//   examples/diagnostics.tcpfsm, which has errors);
//   `large` — a generated 10,000-step file. Medians over TCPFSM_BENCH_RUNS loads (default 5).
//
//   node bench/hosts.mjs
//
// A report, not a test: exits 1 only when the bench itself fails.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import {
  CHROMIUM, CHROMIUM_ARGS, ensureEditorSetup, installVsix, makeProfile, PLAYWRIGHT_CORE, ROOT, startCodeServer,
} from '../scripts/codeServer.mjs';
import { packageBrowserOnly } from '../scripts/packageBrowser.mjs';
import { runTestsModuleInPage, writeCarrierExtension } from '../test/e2e/codeServerRun.mjs';
import { packageIntoTemp } from '../test/ui/workbench.mjs';
import { importTs } from '../test/webview/harness.mjs';

const require = createRequire(import.meta.url);
const RUNS = Number(process.env.TCPFSM_BENCH_RUNS || 5);
const WARM_FILES = 8;
const LOAD_TIMEOUT_MS = 180_000;
const BUNDLES = [
  { name: 'client', node: 'dist/extension.js', web: 'dist/web/extension.js' },
  { name: 'server', node: 'dist/server.js', web: 'dist/web/server.js' },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`.padStart(8);

/** The folder the probe opens: cold.tcpfsm, warm-1..8.tcpfsm (examples/diagnostics.tcpfsm), large.tcpfsm. */
async function writeWorkspace(dir) {
  const example = fs.readFileSync(path.join(ROOT, 'examples', 'diagnostics.tcpfsm'), 'utf8');
  fs.writeFileSync(path.join(dir, 'cold.tcpfsm'), example);
  for (let i = 1; i <= WARM_FILES; i++) fs.writeFileSync(path.join(dir, `warm-${i}.tcpfsm`), example);
  const { generateScenarios } = await importTs('bench/generate.ts');
  fs.writeFileSync(path.join(dir, 'large.tcpfsm'), generateScenarios(10_000, 9293).text);
  return example.split('\n').length;
}

/** RUNS workbench loads with `host`'s package installed; the probe's results, one per load. */
async function measure(host, workspace, nodeVsix) {
  const profile = makeProfile(`bench-${host}`);
  let server;
  let browser;
  try {
    const vsix = host === 'web' ? path.join(profile.dir, 'web.vsix') : nodeVsix;
    if (host === 'web') packageBrowserOnly(vsix);
    installVsix(profile, vsix);
    const carrier = path.join(profile.dir, 'carrier');
    writeCarrierExtension(carrier, host);
    await esbuild.build({
      absWorkingDir: ROOT, entryPoints: [path.join(ROOT, 'bench', 'hosts', 'probe.ts')], outfile: path.join(carrier, 'probe.js'),
      bundle: true, format: 'cjs', platform: host === 'web' ? 'browser' : 'node', target: 'es2022', external: ['vscode'], logLevel: 'warning',
    });
    server = await startCodeServer({ profile, folder: workspace });
    const { chromium } = require(PLAYWRIGHT_CORE);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const results = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage();
      let result;
      const lines = [];
      const onLog = (_level, msg) => {
        const text = Array.isArray(msg) ? util.format(...msg) : String(msg);
        const m = /^tcpfsm bench: (.*)$/.exec(text);
        if (m) result = JSON.parse(m[1]);
        else lines.push(text);
      };
      let timer;
      const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`load ${i + 1} timed out`)), LOAD_TIMEOUT_MS); });
      const code = await Promise.race([runTestsModuleInPage(page, server, { folder: workspace, developmentPath: carrier, testsModule: path.join(carrier, 'probe') }, onLog), timeout])
        .finally(() => clearTimeout(timer));
      await page.close();
      if (code !== 0 || !result) throw new Error(`the probe failed in the ${host} host (exit ${code}):\n${lines.slice(-20).join('\n')}`);
      if (result.host !== host) throw new Error(`the probe ran in the ${result.host} host, expected ${host}`);
      console.log(`  ${host} load ${i + 1}/${RUNS}: cold ${result.cold.toFixed(0)} ms, warm median ${median(result.warm).toFixed(0)} ms, large ${result.large.toFixed(0)} ms`);
      results.push(result);
    }
    return results;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    profile.remove();
  }
}

async function main() {
  ensureEditorSetup();
  // The Node package (its prepublish builds the production bundles) and then the browser one.
  const nodePackage = packageIntoTemp('bench');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-bench-hosts-'));
  try {
    const exampleLines = await writeWorkspace(workspace);
    const results = {};
    for (const host of ['node', 'web']) {
      console.log(`measuring the ${host === 'web' ? 'browser' : 'Node'} build…`);
      results[host] = await measure(host, workspace, nodePackage.vsix);
    }

    console.log('\nProduction bundles (esbuild --production)\n');
    console.log(`${'bundle'.padEnd(8)} ${'Node'.padStart(8)} ${'gzip'.padStart(8)}   ${'browser'.padStart(8)} ${'gzip'.padStart(8)}`);
    for (const b of BUNDLES) {
      const sizes = [b.node, b.web].map((f) => {
        const bytes = fs.readFileSync(path.join(ROOT, f));
        return [bytes.length, zlib.gzipSync(bytes, { level: 9 }).length];
      });
      console.log(`${b.name.padEnd(8)} ${kb(sizes[0][0])} ${kb(sizes[0][1])}   ${kb(sizes[1][0])} ${kb(sizes[1][1])}   (${b.node}, ${b.web})`);
    }

    console.log(`\nOpen a .tcpfsm file → its first diagnostics, code-server 1.100 + headless Chromium, medians (ms)\n`);
    console.log(`${'case'.padEnd(52)} ${'Node host'.padStart(10)} ${'web worker'.padStart(11)}`);
    const row = (name, pick) => {
      const [n, w] = ['node', 'web'].map((h) => median(results[h].flatMap(pick)));
      console.log(`${name.padEnd(52)} ${n.toFixed(0).padStart(10)} ${w.toFixed(0).padStart(11)}`);
    };
    row(`cold: first file, activation + server start (${RUNS} loads)`, (r) => [r.cold]);
    row(`warm: ${exampleLines}-line file, server running (${RUNS * WARM_FILES} opens)`, (r) => r.warm);
    row(`large: 10,000 steps, server running (${RUNS} opens)`, (r) => [r.large]);
  } finally {
    nodePackage.remove();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
