// What the suite needs from the extension host, for the browser's web worker extension host: the
// suite's browser bundle (built by test/e2e/build.mjs for runWeb.mjs) has this file in place of
// host.ts. There is no process.env or file system API here: the runner writes its settings into
// the bundle (TCPFSM_E2E_WEB), and files are reached through workspace.fs on the server that
// serves the workspace (code-server), with URIs of the workspace folder's scheme and authority.
import * as vscode from 'vscode';
import type { HostKind, SuiteHost } from './host';

/** Set by the runner at build time (esbuild `define`). */
declare const TCPFSM_E2E_WEB: {
  readonly grep?: string;
  readonly expectedHost?: HostKind;
  /** The repository's absolute path on the server. */
  readonly repository: string;
  /** An existing folder on the server, outside the repository, for scratch files. */
  readonly scratch: string;
};

/** A path on the machine that serves the workspace, as a URI the web worker host can reach. */
function serverUri(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the runner must open test/e2e/workspace');
  return folder.uri.with({ path, query: '', fragment: '' });
}

let scratchCount = 0;

export const HOST: SuiteHost = {
  kind: 'web',
  expectedHost: TCPFSM_E2E_WEB.expectedHost ?? 'web',
  grep: TCPFSM_E2E_WEB.grep || undefined,
  // Here the extension is the installed browser-only package, which holds no examples.
  repositoryUri: () => serverUri(TCPFSM_E2E_WEB.repository),
  async scratchFolder() {
    const folder = vscode.Uri.joinPath(serverUri(TCPFSM_E2E_WEB.scratch), `scratch-${Date.now()}-${++scratchCount}`);
    await vscode.workspace.fs.createDirectory(folder);
    return folder;
  },
};
