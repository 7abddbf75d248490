// Runs the extension test suite (test/e2e/suite) inside a real VS Code 1.100 on this machine:
// code-server on 127.0.0.1 with the repository as the development extension, opened by headless
// Chromium; the suite runs in code-server's Node extension host (codeServerRun.mjs does the run).
//
//   npm run test:e2e        (node test/e2e/runCodeServer.mjs)
//
// Environment: TCPFSM_E2E_GREP (only tests whose title matches), TCPFSM_E2E_EXPECT_HOST=web (the
// host test then expects the web worker host, and fails: the check's own check), and
// TCPFSM_E2E_TIMEOUT_MS, TCPFSM_E2E_VERBOSE (codeServerRun.mjs).
// Exit status: the suite's (0 all passed, 1 a test failed), 1 on any other failure or timeout.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../scripts/codeServer.mjs';
import { buildSuite, SUITE_MODULE } from './build.mjs';
import { runSuiteInCodeServer } from './codeServerRun.mjs';

await runSuiteInCodeServer({
  name: 'e2e',
  async prepare(_profile, note) {
    note('building the extension and the suite');
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    if (build.status !== 0) throw new Error(`node esbuild.mjs failed (status ${build.status}):\n${build.stdout}${build.stderr}`);
    await buildSuite();
    if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js')) || !fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) {
      throw new Error('dist/extension.js or dist/server.js is missing after the build');
    }
    const env = { TCPFSM_E2E: '1' };
    for (const key of ['TCPFSM_E2E_GREP', 'TCPFSM_E2E_EXPECT_HOST']) if (process.env[key]) env[key] = process.env[key];
    return { folder: path.join(ROOT, 'test', 'e2e', 'workspace'), developmentPath: ROOT, testsModule: SUITE_MODULE, env };
  },
});
