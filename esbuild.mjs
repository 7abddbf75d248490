// One build for every bundle, from the same sources: the extension client, the language server
// and the CLI for Node; the extension client and the language server for the browser's web worker
// extension host (vscode.dev, github.dev: package.json `browser`); the diagram webview.
// `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The diagram webview: its own browser bundle, one classic script (loaded by nonce, no modules). */
export function webviewBuild(production) {
  return {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: production ? false : 'inline',
    minify: production,
    logLevel: 'warning',
    entryPoints: ['client/src/webview/main.ts'],
    outfile: 'dist/webview/diagram.js',
  };
}

/**
 * The browser builds (package.json `browser`): the client for VS Code's web worker extension host
 * (CommonJS, which that host loads like Node's) and the language server as a worker script of its
 * own. Platform `browser`: importing a Node built-in (fs, path, …) fails the build.
 */
export function browserBuilds(production) {
  const web = {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    sourcemap: production ? false : 'inline',
    minify: production,
    logLevel: 'warning',
  };
  return [
    { ...web, format: 'cjs', entryPoints: ['client/src/browserExtension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'] },
    { ...web, format: 'iife', entryPoints: ['server/src/lsp/browserMain.ts'], outfile: 'dist/web/server.js' },
  ];
}

/** The capture viewer's webview: a second browser bundle drawing its ladder with the same modules. */
export function captureWebviewBuild(production) {
  return { ...webviewBuild(production), entryPoints: ['client/src/webview/captureMain.ts'], outfile: 'dist/webview/capture.js' };
}

async function main() {
  const production = process.argv.includes('--production');
  const watch = process.argv.includes('--watch');

  const node = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  };

  const builds = [
    { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
    // The shebang carries server/src/lsp/launch.ts's SERVER_EXEC_ARGV for the stand-alone bin.
    { ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env -S node --max-semi-space-size=4' } },
    { ...node, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
    ...browserBuilds(production),
    webviewBuild(production),
    captureWebviewBuild(production),
  ];

  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    console.log('[esbuild] watching…');
  } else {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
  // The package.json bins (`tcpfsm`, `tcpfsm-language-server`) are run directly: make them executable.
  for (const bin of ['dist/cli.js', 'dist/server.js']) if (fs.existsSync(bin)) fs.chmodSync(bin, 0o755);
}

// Run as a script (`node esbuild.mjs`); imported, it only lends its options.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
