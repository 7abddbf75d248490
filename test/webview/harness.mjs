// The diagram webview outside VS Code: the page diagramHtml() builds (same CSP, same bundle, same
// stylesheet) served from a loopback server, a fake acquireVsCodeApi installed before the bundle,
// the --vscode-* theme variables set on <html> the way VS Code does, headless Chromium through
// playwright-core. Used by test/webview/*.test.mjs and bench/render.mjs.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { CHROMIUM, CHROMIUM_ARGS, PLAYWRIGHT_CORE, ROOT } from '../../scripts/codeServer.mjs';

const require = createRequire(import.meta.url);

export { ROOT };
export const SCREENSHOTS = path.join(ROOT, '.e2e', 'screenshots');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'diagram');
const BUNDLE = path.join(ROOT, 'dist', 'webview', 'diagram.js');
const STYLE = path.join(ROOT, 'media', 'diagram.css');

/** VS Code's Light Modern and Dark Modern colours, as a webview receives them. */
const FONT = "system-ui, -apple-system, BlinkMacSystemFont, 'Segoe WPC', 'Segoe UI', 'Ubuntu', 'Droid Sans', sans-serif";
export const THEMES = {
  light: {
    kind: 'vscode-light',
    vars: {
      'font-family': FONT, 'font-size': '13px', 'font-weight': 'normal',
      'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', 'foreground': '#3b3b3b',
      'focusBorder': '#005fb8', 'errorForeground': '#f85149', 'descriptionForeground': '#3b3b3b',
      'charts-blue': '#1a85ff', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90',
      'editorWidget-background': '#f8f8f8', 'widget-border': '#e5e5e5', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
      'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
      'editor-lineHighlightBackground': 'rgba(0, 0, 0, 0.04)', 'editor-lineHighlightBorder': '#e5e5e5',
      'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.25)', 'diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)',
      'editor-rangeHighlightBackground': 'rgba(253, 255, 0, 0.2)', 'charts-yellow': '#bf8803',
    },
  },
  dark: {
    kind: 'vscode-dark',
    vars: {
      'font-family': FONT, 'font-size': '13px', 'font-weight': 'normal',
      'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', 'foreground': '#cccccc',
      'focusBorder': '#0078d4', 'errorForeground': '#f85149', 'descriptionForeground': '#9d9d9d',
      'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
      'editorWidget-background': '#202020', 'widget-border': '#313131', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
      'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
      'editor-lineHighlightBackground': 'rgba(255, 255, 255, 0.04)', 'editor-lineHighlightBorder': '#282828',
      'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.2)', 'diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)',
      'editor-rangeHighlightBackground': 'rgba(255, 255, 255, 0.04)', 'charts-yellow': '#cca700',
    },
  },
  /** Dark High Contrast: black, white text, cyan borders, orange focus (the diff backgrounds are left to the fallbacks). */
  hc: {
    kind: 'vscode-high-contrast',
    vars: {
      'font-family': FONT, 'font-size': '13px', 'font-weight': 'normal',
      'editor-background': '#000000', 'editor-foreground': '#ffffff', 'foreground': '#ffffff',
      'focusBorder': '#f38518', 'contrastBorder': '#6fc3df', 'errorForeground': '#f48771', 'descriptionForeground': '#ffffff',
      'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
      'editorWidget-background': '#0c141f', 'widget-border': '#6fc3df', 'button-background': '#000000', 'button-foreground': '#ffffff',
      'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff', 'button-secondaryHoverBackground': '#0c141f',
      'inputValidation-warningBackground': '#000000', 'inputValidation-warningBorder': '#ff0000',
      'editor-lineHighlightBorder': '#f38518', 'charts-yellow': '#cca700',
    },
  },
};

/**
 * Builds the webview bundle (dist/webview/diagram.js) with esbuild.mjs's own options, and replaces
 * the file atomically: test files run in parallel processes, each may build while another reads.
 */
export async function ensureBuilt() {
  const { webviewBuild } = await import(pathToFileURL(path.join(ROOT, 'esbuild.mjs')).href);
  const options = webviewBuild(false);
  const result = await esbuild.build({ ...options, absWorkingDir: ROOT, write: false });
  const out = result.outputFiles.find((f) => f.path.endsWith('diagram.js')) ?? result.outputFiles[0];
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  const temp = `${BUNDLE}.${process.pid}.tmp`;
  fs.writeFileSync(temp, out.contents);
  fs.renameSync(temp, BUNDLE);
}

/** Imports a TypeScript module of the project (bundled on the fly) as an ES module. */
export async function importTs(relative) {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, relative)], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

let htmlModule;
/** client/src/webview/html.ts's diagramHtml. */
export async function diagramHtml(options) {
  htmlModule ??= await importTs('client/src/webview/html.ts');
  return htmlModule.diagramHtml(options);
}

let diagramModule;
/** The server's model builder (server/src/service/diagram.ts): a .tcpfsm text → DiagramModel. */
export async function modelOf(text, options = {}) {
  diagramModule ??= await importTs('server/src/service/diagram.ts');
  return diagramModule.diagramModelOfText(text, options);
}

let generateModule;
/** bench/generate.ts's generated conversation of `events` events (text). */
export async function generatedConversation(events, seed = 9293) {
  generateModule ??= await importTs('bench/generate.ts');
  return generateModule.generateConversation(events, seed).text;
}

export function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.model.json`), 'utf8'));
}

/** A ShownDiagram for a model. */
export function shown(model, { stale = false, block = model.current } = {}) {
  return { model, ...(block ? { block } : {}), stale };
}

/**
 * Starts the loopback server and Chromium. Resolves with { origin, open(options), close() };
 * open() gives a page with the webview loaded (the bundle has posted `ready`).
 */
export async function startHarness() {
  await ensureBuilt();
  if (!fs.existsSync(PLAYWRIGHT_CORE)) {
    const setup = spawnSync('bash', [path.join(ROOT, 'scripts', 'setup-editor.sh')], { stdio: 'inherit' });
    if (setup.status !== 0) throw new Error('scripts/setup-editor.sh failed');
  }
  const { chromium } = require(PLAYWRIGHT_CORE);
  let origin = '';
  let pageHtml = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/' || url.pathname === '/index.html') return send(200, 'text/html; charset=utf-8', pageHtml);
    if (url.pathname === '/dist/webview/diagram.js') return send(200, 'text/javascript; charset=utf-8', fs.readFileSync(BUNDLE));
    if (url.pathname === '/media/diagram.css') return send(200, 'text/css; charset=utf-8', fs.readFileSync(STYLE));
    return send(404, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  pageHtml = await diagramHtml({
    scriptUri: `${origin}/dist/webview/diagram.js`,
    styleUri: `${origin}/media/diagram.css`,
    cspSource: origin,
    nonce: 'dGVzdC1ub25jZS0xMjM0NTY3OA==',
    title: 'Diagram: <harness>',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

  /**
   * A fresh page with the webview. `state` is what getState() returns (a revived panel), `theme`
   * a key of THEMES, `viewport` its size, `permissions` what the page may do (e.g. clipboard-write).
   */
  async function open({ theme = 'light', state, viewport = { width: 1200, height: 900 }, permissions = [] } = {}) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    if (permissions.length > 0) await context.grantPermissions(permissions, { origin });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    await page.addInitScript((saved) => {
      window.__posted = [];
      window.__state = saved;
      let acquired = false;
      window.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi called twice');
        acquired = true;
        return Object.freeze({
          postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
          getState: () => window.__state,
          setState: (s) => {
            window.__state = JSON.parse(JSON.stringify(s));
          },
        });
      };
    }, state);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    await setTheme(page, theme);
    return {
      page,
      problems,
      close: () => context.close(),
    };
  }

  return {
    origin,
    browser,
    open,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Sets the theme the way VS Code does: --vscode-* on <html>, the theme kind class on <body>. */
export async function setTheme(page, name) {
  const theme = THEMES[name];
  await page.evaluate(({ kind, vars }) => {
    const style = document.documentElement.style;
    for (const [key, value] of Object.entries(vars)) style.setProperty(`--vscode-${key}`, value);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    document.body.classList.add(kind);
    document.body.setAttribute('data-vscode-theme-kind', kind);
  }, theme);
}

/** Delivers a message to the webview synchronously (as a `message` event) and waits a frame. */
export async function send(page, message) {
  await page.evaluate((m) => {
    window.dispatchEvent(new MessageEvent('message', { data: m }));
    return new Promise((resolve) => requestAnimationFrame(() => resolve()));
  }, message);
}

/** Messages the webview posted so far (and forgets them with `clear`). */
export async function posted(page, { clear = false } = {}) {
  return page.evaluate((c) => {
    const all = window.__posted.slice();
    if (c) window.__posted.length = 0;
    return all;
  }, clear);
}

/** Waits until the webview has posted a message whose fields include all of `fields`. */
export async function waitPosted(page, fields) {
  const handle = await page.waitForFunction(
    (f) => window.__posted.find((m) => Object.entries(f).every(([k, v]) => m[k] === v)),
    fields,
  );
  return handle.jsonValue();
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}
