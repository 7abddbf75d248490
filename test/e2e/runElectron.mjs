// Runs the extension test suite (test/e2e/suite) in desktop VS Code with @vscode/test-electron:
// for a desktop machine with internet (it downloads VS Code into .cache/vscode-test the first
// time) or with a local VS Code given by VSCODE_EXECUTABLE_PATH. On machines without either, use
// runCodeServer.mjs (npm run test:e2e) instead.
//
//   node test/e2e/runElectron.mjs
//
// Environment: VSCODE_EXECUTABLE_PATH (a VS Code binary; skips the download), VSCODE_VERSION
// (the version to download, default "stable"; the extension needs >= 1.100), TCPFSM_E2E_GREP
// (only tests whose title matches). On Linux without a display, run it under `xvfb-run -a`.
// Exit status: 0 all tests passed, 1 otherwise.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { makeProfile, ROOT } from '../../scripts/codeServer.mjs';
import { buildSuite, SUITE_OUT } from './build.mjs';

const WORKSPACE = path.join(ROOT, 'test', 'e2e', 'workspace');
// Under .cache/ (git-ignored), not the package's default ./.vscode-test.
const CACHE = path.join(ROOT, '.cache', 'vscode-test');

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`FAILED: node esbuild.mjs failed (status ${build.status})`);
  process.exit(1);
}
await buildSuite();

// A throwaway user-data dir with quiet settings, and an empty extensions dir.
const profile = makeProfile('electron');
let exitCode = 1;
try {
  exitCode = await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: SUITE_OUT,
    launchArgs: [
      WORKSPACE,
      '--disable-extensions',
      `--user-data-dir=${profile.userDataDir}`,
      `--extensions-dir=${profile.extensionsDir}`,
    ],
    extensionTestsEnv: process.env.TCPFSM_E2E_GREP ? { TCPFSM_E2E_GREP: process.env.TCPFSM_E2E_GREP } : {},
    cachePath: CACHE,
    ...(process.env.VSCODE_EXECUTABLE_PATH
      ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH }
      : { version: process.env.VSCODE_VERSION || 'stable' }),
  });
  if (exitCode !== 0) console.error(`FAILED: VS Code exited with code ${exitCode}`);
} catch (error) {
  if (error instanceof TestRunFailedError) {
    console.error(`FAILED: the extension tests failed (VS Code exited with ${error.code ?? error.signal})`);
  } else {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(process.env.VSCODE_EXECUTABLE_PATH
      ? `FAILED: could not run VS Code at ${process.env.VSCODE_EXECUTABLE_PATH}: ${reason}`
      : `FAILED: could not download VS Code (${reason}).\n` +
        'This needs access to update.code.visualstudio.com. Without it, point VSCODE_EXECUTABLE_PATH at an ' +
        'installed VS Code >= 1.100, or run the same suite in code-server: npm run test:e2e');
  }
  exitCode = 1;
} finally {
  profile.remove();
}
process.exit(exitCode === 0 ? 0 : 1);
