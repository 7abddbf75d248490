// Runs an extension test suite (test/e2e/suite, built for one extension host) inside code-server
// (VS Code 1.100 on 127.0.0.1) opened by headless Chromium (playwright-core). The workbench
// `payload` names the development extension and the suite; VS Code runs the suite in the
// extension host of the extension that contains it. mocha's output arrives through
// window.codeAutomationLog and the suite's result through window.codeAutomationExit (see
// /work/shared/E2E.md). Shared by runCodeServer.mjs (Node extension host) and runWeb.mjs (web
// worker extension host).
//
// Environment: TCPFSM_E2E_TIMEOUT_MS (whole run, default 180000), TCPFSM_E2E_VERBOSE=1 (also print
// the workbench's own log lines and code-server's output).

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as util from 'node:util';
import { CHROMIUM, CHROMIUM_ARGS, ensureEditorSetup, makeProfile, PLAYWRIGHT_CORE, startCodeServer } from '../../scripts/codeServer.mjs';

const require = createRequire(import.meta.url);
const TIMEOUT_MS = Number(process.env.TCPFSM_E2E_TIMEOUT_MS || 180_000);
const VERBOSE = process.env.TCPFSM_E2E_VERBOSE === '1';

/** The first line run() prints (suite/index.ts): from then on the log is the suite's. */
const SUITE_START = /^tcpfsm e2e: /;

/**
 * A test extension that only carries a suite (or a bench probe) into one extension host: VS Code
 * runs `extensionTestsPath` in the host of the extension that contains it, and puts an extension
 * with only `browser` in the web worker host, one with `main` in the Node host.
 */
export function writeCarrierExtension(dir, host) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({
    name: `tcpfsm-${host}-carrier`,
    displayName: `TCP State Explorer tests (${host} extension host)`,
    publisher: 'tcp-state-explorer',
    version: '0.0.0',
    engines: { vscode: '^1.100.0' },
    [host === 'web' ? 'browser' : 'main']: './carrier.js',
  }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'carrier.js'), '// Only carries the tests module beside it; nothing to activate.\nexports.activate = () => {};\n');
}

/**
 * Opens the workbench in `page` with the payload that runs `run.testsModule` (see
 * runSuiteInCodeServer); resolves with the exit code the tests module's run() ends with.
 * `onLog(level, msg)` receives every log line of the workbench and the extension host.
 */
export async function runTestsModuleInPage(page, server, run, onLog) {
  const exited = new Promise((resolve) => {
    // Both must be exposed before the workbench loads: it looks them up when it starts.
    page.exposeFunction('codeAutomationExit', (code) => resolve(code)).catch(() => {});
  });
  await page.exposeFunction('codeAutomationLog', onLog);
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(run.developmentPath)],
    ['extensionTestsPath', remote(run.testsModule)],
    ['skipWelcome', 'true'],
  ];
  // No limit of its own (a loaded machine takes more than playwright's 30 s): the callers bound the whole run.
  await page.goto(server.url(run.folder, `payload=${encodeURIComponent(JSON.stringify(payload))}`), { timeout: 0 });
  return exited;
}

/**
 * Runs one suite and exits the process with its result: 0 when every test passed; 1 when a test
 * failed, the extension or the suite did not load, or the run exceeded its time limit.
 * `prepare(profile)` builds and installs what the run needs into the throwaway profile and
 * returns `{ folder, developmentPath, testsModule, env? }` (absolute paths on this machine;
 * `testsModule` without `.js`).
 */
export async function runSuiteInCodeServer({ name, prepare }) {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const note = (text) => console.log(`[${name} ${elapsed()}] ${text}`);

  let profile;
  let server;
  let browser;
  let passed = 0;
  let failed = 0;
  let pending = 0;
  let sawMocha = false;
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
    if (!sawMocha && /^\s*(✔|✅) /.test(text)) passed++; // mocha prints ✔ in Node, ✅ in its browser build
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
    ensureEditorSetup();
    // VS Code in a browser saves edits after a second by default (files.autoSave: afterDelay);
    // the suite's edits must stay in memory, whatever a failing test leaves behind.
    profile = makeProfile(name, { 'files.autoSave': 'off' });
    const run = await prepare(profile, note);
    server = await startCodeServer({
      profile,
      folder: run.folder,
      env: run.env ?? {},
      log: VERBOSE ? (chunk) => process.stdout.write(`[code-server] ${chunk}`) : undefined,
    });
    note(`code-server on 127.0.0.1:${server.port}`);

    const { chromium } = require(PLAYWRIGHT_CORE);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.log(`(page error) ${error.message}`));

    const exited = runTestsModuleInPage(page, server, run, onLog);
    note('workbench page loading, waiting for the suite');
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
}
