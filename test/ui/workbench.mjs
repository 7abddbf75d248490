// What the UI tests share: packaging the extension, the screenshot folder, Chromium on a page of
// code-server's workbench, a step runner that saves a screenshot when a step fails, and cleanup.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, PLAYWRIGHT_CORE, ROOT } from '../../scripts/codeServer.mjs';

const require = createRequire(import.meta.url);
export const SCREENSHOTS = path.join(ROOT, '.e2e', 'screenshots');
const log = (...args) => console.log(...args);

/** Makes the screenshot folder and removes the failure screenshots an earlier run left under `prefix`. */
export function prepareScreenshots(prefix) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const stale = new RegExp(`^${prefix}-failure-.*\\.png$`);
  for (const name of fs.readdirSync(SCREENSHOTS)) if (stale.test(name)) fs.rmSync(path.join(SCREENSHOTS, name));
}

/**
 * Packages the extension into a temp folder of its own, so UI test files never race each other
 * for the .vsix. Returns its path and a function removing the folder.
 */
export function packageIntoTemp(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tcpfsm-${label}-vsix-`));
  const vsix = path.join(dir, 'tcp-state-explorer.vsix');
  const started = Date.now();
  const pack = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  assert.equal(pack.status, 0, `vsce package failed (status ${pack.status}${pack.error ? `, ${pack.error.message}` : ''}):\n${pack.stdout}${pack.stderr}`);
  log(`packaged ${path.basename(vsix)} in ${Date.now() - started} ms`);
  return { vsix, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Headless Chromium with one page, every wait capped at `stepMs`, page errors logged. */
export async function launchPage({ width, height, stepMs }) {
  const { chromium } = require(PLAYWRIGHT_CORE);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(stepMs);
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  return { browser, page };
}

/**
 * A step runner for one test file (`current` gives its page and setup error now): `step(name, fn)`
 * fails at once when setup failed, and saves
 * `<prefix>-failure-<name>.png` of what the page showed when `fn` throws.
 */
export function stepRunner(prefix, current) {
  return async function step(name, fn) {
    const { page, setupError } = current();
    if (setupError) throw setupError;
    assert.ok(page, 'no browser page (setup did not finish)');
    try {
      return await fn();
    } catch (error) {
      const shot = path.join(SCREENSHOTS, `${prefix}-failure-${name}.png`);
      await page.screenshot({ path: shot }).then(() => log(`failure screenshot: ${shot}`), () => {});
      throw error;
    }
  };
}

/** Stops each part separately, so one failing does not leave the others running. */
export async function stopAll({ browser, server, profile, workspace }) {
  await browser?.close().catch((error) => log(`closing Chromium: ${error.message}`));
  await server?.stop().catch((error) => log(`stopping code-server: ${error.message}`));
  profile?.remove();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
}
