// Bundles the extension test suite (test/e2e/suite/index.ts and the test files it imports) into
// out/e2e/suite/index.js, the module that @vscode/test-electron and code-server load as
// `extensionTestsPath`. `vscode` is the editor's own module; `mocha` stays external and resolves
// from node_modules/ at run time (out/ is inside the repository).
// buildWebSuite() bundles the same tests for the browser's web worker extension host (runWeb.mjs):
// one self-contained CommonJS file (that host provides only `vscode`), with suite/host.web.ts for
// suite/host.ts, suite/web/assert.ts for node:assert/strict and mocha's browser build.
//
//   node test/e2e/build.mjs        (the runners call buildSuite() / buildWebSuite() themselves)
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const SUITE_OUT = path.join(ROOT, 'out', 'e2e', 'suite', 'index.js');
/** What the runners pass as extensionTestsPath (the workbench adds `.js`). */
export const SUITE_MODULE = SUITE_OUT.replace(/\.js$/, '');

export async function buildSuite() {
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(HERE, 'suite', 'index.ts')],
    outfile: SUITE_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_OUT;
}

/** The modules the browser bundle replaces, by the specifier the suite imports them with. */
const WEB_REPLACEMENTS = {
  './host': path.join(HERE, 'suite', 'host.web.ts'),
  'node:assert/strict': path.join(HERE, 'suite', 'web', 'assert.ts'),
  mocha: path.join(HERE, 'suite', 'web', 'mocha.ts'),
};

/**
 * The suite for the web worker extension host, written to `outfile`. `settings` reach the suite
 * as TCPFSM_E2E_WEB (suite/host.web.ts): `{ grep?, expectedHost?, repository, scratch }`.
 */
export async function buildWebSuite(outfile, settings) {
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(HERE, 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    define: { TCPFSM_E2E_WEB: JSON.stringify(settings) },
    logLevel: 'warning',
    plugins: [{
      name: 'web-suite',
      setup(build) {
        build.onResolve({ filter: /^(\.\/host|node:assert\/strict|mocha)$/ }, (args) => ({ path: WEB_REPLACEMENTS[args.path] }));
      },
    }],
  });
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  console.log(`built ${path.relative(ROOT, await buildSuite())}`);
}
