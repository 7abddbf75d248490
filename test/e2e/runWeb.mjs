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
import { runSuiteInCodeServer, writeCarrierExtension } from './codeServerRun.mjs';

await runSuiteInCodeServer({
  name: 'web',
  async prepare(profile, note) {
    note('packaging the browser-only extension');
    const vsix = path.join(profile.dir, 'tcp-state-explorer-web.vsix');
    packageBrowserOnly(vsix);
    installVsix(profile, vsix);
    note(`installed ${path.basename(vsix)} into ${profile.extensionsDir}`);

    const carrier = path.join(profile.dir, 'web-suite');
    writeCarrierExtension(carrier, 'web');
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
