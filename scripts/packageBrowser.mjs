// Packages the extension as a browser-only .vsix: the files `vsce ls` lists for the real package,
// without the Node bundles, and a package.json without `main` — what vscode.dev runs, and what makes
// a VS Code with a Node extension host (code-server) run it in its web worker extension host.
// Builds the production bundles first. Used by the web test (test/e2e/runWeb.mjs) and the bench.
//
//   node scripts/packageBrowser.mjs [OUT.vsix]     (default: tcp-state-explorer-web.vsix)

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
/** The Node-only files of the real package. */
const NODE_ONLY = new Set(['dist/extension.js', 'dist/server.js']);

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed (status ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** The manifest of the browser-only package: no `main` (nor the CLI's bins and the build scripts). */
export function browserManifest(manifest) {
  const { main: _main, bin: _bin, scripts: _scripts, devDependencies: _dev, ...rest } = manifest;
  if (!rest.browser) throw new Error('package.json has no `browser` entry');
  return rest;
}

/** Builds and writes the browser-only package to `vsix`; returns the packaged file list. */
export function packageBrowserOnly(vsix) {
  run(process.execPath, ['esbuild.mjs', '--production'], ROOT);
  const files = run(process.execPath, [VSCE, 'ls', '--no-dependencies'], ROOT).split('\n').map((f) => f.trim()).filter(Boolean);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-web-package-'));
  try {
    const packaged = files.filter((file) => !NODE_ONLY.has(file));
    for (const file of packaged) {
      fs.mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(staging, file));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(browserManifest(manifest), null, 2)}\n`);
    run(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', path.resolve(vsix)], staging);
    return packaged;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const out = process.argv[2] ?? path.join(ROOT, 'tcp-state-explorer-web.vsix');
  const files = packageBrowserOnly(out);
  console.log(`packaged ${path.relative(process.cwd(), out)} (browser only): ${files.join(', ')}`);
}
