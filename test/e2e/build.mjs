// Bundles the extension test suite (test/e2e/suite/index.ts and the test files it imports) into
// out/e2e/suite/index.js, the module that @vscode/test-electron and code-server load as
// `extensionTestsPath`. `vscode` is the editor's own module; `mocha` stays external and resolves
// from node_modules/ at run time (out/ is inside the repository).
//
//   node test/e2e/build.mjs        (the runners call buildSuite() themselves)
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

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  console.log(`built ${path.relative(ROOT, await buildSuite())}`);
}
