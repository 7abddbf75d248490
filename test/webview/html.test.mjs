// The webview page (client/src/webview/html.ts): the exact CSP, the nonce on the one script, no
// remote content, user text escaped. And the rule that the webview inserts user text only as text:
// no markup-parsing DOM APIs anywhere in its sources or its bundle.
//
//   node --test test/webview/html.test.mjs

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { diagramHtml, ensureBuilt, ROOT } from './harness.mjs';

const OPTIONS = {
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/diagram.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/diagram.css',
  // What VS Code 1.100 gives as webview.cspSource.
  cspSource: "'self' https://*.vscode-cdn.net",
  nonce: 'Zm9vYmFyYmF6cXV4MTIzNA==',
  title: 'Diagram: <img src=x onerror=alert(1)>.tcpfsm',
};

describe('diagramHtml', () => {
  it('sets the exact Content-Security-Policy', async () => {
    const page = await diagramHtml(OPTIONS);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
    assert.equal(csp, "default-src 'none'; img-src 'self' https://*.vscode-cdn.net data:; style-src 'self' https://*.vscode-cdn.net; " +
      "script-src 'nonce-Zm9vYmFyYmF6cXV4MTIzNA=='; font-src 'self' https://*.vscode-cdn.net");
  });

  it('has one script, with the nonce, and no inline code or style', async () => {
    const page = await diagramHtml(OPTIONS);
    const scripts = [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][1], '', 'the script tag has no inline code');
    assert.match(scripts[0][0], new RegExp(`nonce="${OPTIONS.nonce}"`));
    assert.match(scripts[0][0], new RegExp(`src="${OPTIONS.scriptUri.replace(/[.+*]/g, '\\$&')}"`));
    assert.doesNotMatch(page.replace(/<title>.*<\/title>/, ''), /<style\b|\sstyle=|\son[a-z]+=/i);
    assert.match(page, new RegExp(`<link rel="stylesheet" href="${OPTIONS.styleUri.replace(/[.+*]/g, '\\$&')}">`));
  });

  it('loads nothing from anywhere but the extension', async () => {
    const page = await diagramHtml(OPTIONS);
    const urls = [...page.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(urls, [OPTIONS.styleUri, OPTIONS.scriptUri]);
  });

  it('escapes the title', async () => {
    const page = await diagramHtml(OPTIONS);
    assert.match(page, /<title>Diagram: &lt;img src=x onerror=alert\(1\)&gt;\.tcpfsm<\/title>/);
    assert.doesNotMatch(page, /<img/);
  });

  it('refuses a nonce or csp source that could break out of the policy', async () => {
    await assert.rejects(async () => diagramHtml({ ...OPTIONS, nonce: "abc' 'unsafe-inline" }));
    await assert.rejects(async () => diagramHtml({ ...OPTIONS, nonce: 'short' }));
    await assert.rejects(async () => diagramHtml({ ...OPTIONS, cspSource: "https://x; script-src 'unsafe-inline'" }));
    await assert.rejects(async () => diagramHtml({ ...OPTIONS, cspSource: 'https://x"><script>alert(1)</script>' }));
  });
});

describe('the webview inserts user text only as text', () => {
  const FORBIDDEN = /\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|document\.write|srcdoc|setHTMLUnsafe|parseHTMLUnsafe)\b/;
  const DIR = path.join(ROOT, 'client', 'src', 'webview');

  it('no markup-parsing DOM API in client/src/webview', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('main.ts') && files.length >= 5, `sources found: ${files}`);
    for (const file of files) {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const hit = FORBIDDEN.exec(text);
      assert.equal(hit, null, `${file} uses ${hit?.[0]}`);
    }
  });

  it('none in the built bundle either', async () => {
    await ensureBuilt();
    const bundle = fs.readFileSync(path.join(ROOT, 'dist', 'webview', 'diagram.js'), 'utf8');
    const hit = FORBIDDEN.exec(bundle);
    assert.equal(hit, null, `dist/webview/diagram.js uses ${hit?.[0]}`);
  });

  it('the stylesheet uses only VS Code theme variables for colours', () => {
    const css = fs.readFileSync(path.join(ROOT, 'media', 'diagram.css'), 'utf8');
    const defined = new Set([...css.matchAll(/^\s*(--[a-z0-9-]+):/gm)].map((m) => m[1]));
    for (const [, name] of css.matchAll(/var\((--[a-zA-Z0-9-]+)/g)) {
      assert.ok(name.startsWith('--vscode-') || defined.has(name), `unknown variable ${name}`);
    }
    // Colours in rules (not the :root fallbacks, nor the export palettes before them) come from variables.
    const rules = css.slice(css.indexOf('html, body'));
    assert.doesNotMatch(rules.replace(/var\([^;]*\)/g, ''), /#[0-9a-f]{3,8}\b|rgba?\(/i);
  });
});
