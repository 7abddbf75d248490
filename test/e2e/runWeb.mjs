// Runs the extension test suite in code-server's web worker extension host, against the extension
// packaged for the browser: the .vsix without `main` (scripts/packageBrowser.mjs), installed into a
// throwaway extensions folder, so VS Code can run it only in the web worker host, as vscode.dev
// does. The suite's browser bundle (build.mjs: buildWebSuite) is carried by a small browser-only
// test extension given as the development extension: VS Code runs a suite in the extension host
// of the extension that contains it, so suite and extension share the web worker host, where the
// suite's host test checks that they do (suite/host.test.ts).
//
//   npm run test:web        (node test/e2e/runWeb.mjs)
//
// Every test file of the suite runs (suite/index.ts TEST_FILES): the browser build has every
// editor feature. Environment: TCPFSM_E2E_GREP (only tests whose title matches),
// TCPFSM_E2E_EXPECT_HOST=node (the host test then expects Node's host, and fails), and
// TCPFSM_E2E_TIMEOUT_MS, TCPFSM_E2E_VERBOSE (codeServerRun.mjs).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { installVsix, ROOT } from '../../scripts/codeServer.mjs';
import { packageBrowserOnly } from '../../scripts/packageBrowser.mjs';
import { buildWebSuite } from './build.mjs';
import { runSuiteInCodeServer } from './codeServerRun.mjs';

/** The test extension carrying the suite: browser-only, so VS Code puts it in the web worker host. */
function writeCarrier(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({
    name: 'tcpfsm-web-suite',
    displayName: 'TCP State Explorer web test suite',
    publisher: 'tcp-state-explorer',
    version: '0.0.0',
    engines: { vscode: '^1.100.0' },
    browser: './carrier.js',
  }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'carrier.js'), '// Only carries the test suite (suite.js); nothing to activate.\nexports.activate = () => {};\n');
}

await runSuiteInCodeServer({
  name: 'web',
  async prepare(profile, note) {
    note('packaging the browser-only extension');
    const vsix = path.join(profile.dir, 'tcp-state-explorer-web.vsix');
    packageBrowserOnly(vsix);
    installVsix(profile, vsix);
    note(`installed ${path.basename(vsix)} into ${profile.extensionsDir}`);

    const carrier = path.join(profile.dir, 'web-suite');
    writeCarrier(carrier);
    const scratch = path.join(profile.dir, 'scratch');
    fs.mkdirSync(scratch);
    await buildWebSuite(path.join(carrier, 'suite.js'), {
      grep: process.env.TCPFSM_E2E_GREP || undefined,
      expectedHost: process.env.TCPFSM_E2E_EXPECT_HOST === 'node' ? 'node' : 'web',
      repository: ROOT,
      scratch,
    });
    return { folder: path.join(ROOT, 'test', 'e2e', 'workspace'), developmentPath: carrier, testsModule: path.join(carrier, 'suite') };
  },
});
