// Renders media/icon.svg to media/icon.png (128×128, what the Marketplace and the Extensions view
// show: they take no SVG) with the Chromium the UI tests use. Run after changing the SVG:
//   node scripts/make-icon.mjs
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, ensureEditorSetup, PLAYWRIGHT_CORE, ROOT } from './codeServer.mjs';

ensureEditorSetup();
const { chromium } = createRequire(import.meta.url)(PLAYWRIGHT_CORE);
const svg = fs.readFileSync(path.join(ROOT, 'media', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(ROOT, 'media', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('wrote media/icon.png');
