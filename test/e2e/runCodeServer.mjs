// Runs the extension test suite (test/e2e/suite) inside a real VS Code 1.100 on this machine:
// code-server on 127.0.0.1 with the repository as the development extension, opened by headless
// Chromium (playwright-core). The workbench `payload` loads the suite into code-server's Node
// extension host; mocha's output arrives through window.codeAutomationLog and the suite's result
// through window.codeAutomationExit (see /work/shared/E2E.md).
//
//   npm run test:e2e        (node test/e2e/runCodeServer.mjs)
//
// Environment: TCPFSM_E2E_TIMEOUT_MS (whole run, default 180000), TCPFSM_E2E_GREP (only tests
// whose title matches), TCPFSM_E2E_VERBOSE=1 (also print the workbench's own log lines and
// code-server's output).
// Exit status: the suite's (0 all passed, 1 a test failed), 1 on any other failure or timeout.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as util from 'node:util';
import {
  CHROMIUM, CHROMIUM_ARGS, ensureEditorSetup, makeProfile, PLAYWRIGHT_CORE, ROOT, startCodeServer,
} from '../../scripts/codeServer.mjs';
import { buildSuite, SUITE_MODULE } from './build.mjs';

const require = createRequire(import.meta.url);
const WORKSPACE = path.join(ROOT, 'test', 'e2e', 'workspace');
const TIMEOUT_MS = Number(process.env.TCPFSM_E2E_TIMEOUT_MS || 180_000);
const VERBOSE = process.env.TCPFSM_E2E_VERBOSE === '1';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const note = (text) => console.log(`[e2e ${elapsed()}] ${text}`);

let profile;
let server;
let browser;
let passed = 0;
let failed = 0;
let pending = 0;
let sawMocha = false;

/** The first line run() prints (suite/index.ts): from then on the log is the suite's. */
const SUITE_START = /^tcpfsm e2e: /;
let suiteStarted = false;

/**
 * One log line from the workbench. Before the suite starts these are the workbench's own lines
 * (shown with TCPFSM_E2E_VERBOSE=1; errors always, first line only); after, the extension host's
 * console: mocha's spec reporter, whose summary lines are counted.
 */
function onLog(level, msg) {
  const text = Array.isArray(msg) ? util.format(...msg) : String(msg);
  if (!suiteStarted && SUITE_START.test(text)) {
    suiteStarted = true;
    note('the extension host runs the suite');
  }
  if (!suiteStarted) {
    if (VERBOSE) console.log(`(workbench ${level}) ${text}`);
    // Offline, the extension gallery (open-vsx.org) cannot be reached: expected, not worth a line.
    else if (level === 'error' && !/open-vsx\.org/.test(text)) console.log(`(workbench error) ${text.split('\n')[0]}`);
    return;
  }
  // Live counts (for a run cut short), replaced by mocha's own summary when it comes.
  if (!sawMocha && /^\s*✔ /.test(text)) passed++;
  if (!sawMocha && /^\s*\d+\) /.test(text)) failed++;
  const passing = /^\s*(\d+) passing\b/.exec(text);
  const failing = /^\s*(\d+) failing\b/.exec(text);
  const skipped = /^\s*(\d+) pending\b/.exec(text);
  if (passing) { passed = Number(passing[1]); sawMocha = true; }
  if (failing) failed = Number(failing[1]);
  if (skipped) pending = Number(skipped[1]);
  console.log(text);
}

async function main() {
  note('building the extension and the suite');
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`node esbuild.mjs failed (status ${build.status}):\n${build.stdout}${build.stderr}`);
  await buildSuite();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js')) || !fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) {
    throw new Error('dist/extension.js or dist/server.js is missing after the build');
  }

  ensureEditorSetup();
  profile = makeProfile('e2e');
  server = await startCodeServer({
    profile,
    folder: WORKSPACE,
    env: { TCPFSM_E2E: '1', ...(process.env.TCPFSM_E2E_GREP ? { TCPFSM_E2E_GREP: process.env.TCPFSM_E2E_GREP } : {}) },
    log: VERBOSE ? (chunk) => process.stdout.write(`[code-server] ${chunk}`) : undefined,
  });
  note(`code-server on 127.0.0.1:${server.port}`);

  const { chromium } = require(PLAYWRIGHT_CORE);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.log(`(page error) ${error.message}`));

  const exited = new Promise((resolve) => {
    // Both must be exposed before the workbench loads: it looks them up when it starts.
    page.exposeFunction('codeAutomationExit', (code) => resolve(code)).catch(() => {});
  });
  await page.exposeFunction('codeAutomationLog', onLog);

  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(SUITE_MODULE)],
    ['skipWelcome', 'true'],
  ];
  await page.goto(server.url(WORKSPACE, `payload=${encodeURIComponent(JSON.stringify(payload))}`));
  note('workbench page loaded, waiting for the suite');
  const code = await exited;
  note(`suite finished with exit code ${code}`);
  return code;
}

let exitCode = 1;
let timer;
try {
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS / 1000} s (TCPFSM_E2E_TIMEOUT_MS): ` +
      'the suite did not finish; the extension host may not have started or a test hangs')), TIMEOUT_MS);
  });
  const code = await Promise.race([main(), timeout]);
  exitCode = code === 0 && suiteStarted && sawMocha ? 0 : 1;
  if (!suiteStarted) {
    console.error(`FAILED: the workbench ended (code ${code}) but the suite never started in the extension host ` +
      '(rerun with TCPFSM_E2E_VERBOSE=1)');
  } else if (!sawMocha) {
    console.error(`FAILED: the suite ended with code ${code} before mocha reported results (did run() throw? see above)`);
  } else if (code !== 0 && failed === 0) {
    console.error(`FAILED: the suite ended with code ${code} although no test failed`);
  }
} catch (error) {
  console.error(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  clearTimeout(timer);
  // Each part separately, so one failing does not leave the others running.
  await browser?.close().catch((error) => console.error(`closing Chromium: ${error.message}`));
  await server?.stop().catch((error) => console.error(`stopping code-server: ${error.message}`));
  profile?.remove();
}
note(`done, exit code ${exitCode}${pending ? ` (${pending} pending)` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
