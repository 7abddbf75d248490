// What the suite needs from the extension host it runs in, for VS Code's Node extension host
// (runCodeServer.mjs, runElectron.mjs). The browser build of the suite (runWeb.mjs) is bundled with
// host.web.ts in place of this file: the tests themselves are the same.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './ids';

/** Which extension host runs the extension under test (and, with it, this suite). */
export type HostKind = 'node' | 'web';

export interface SuiteHost {
  /** The host this build of the suite was made for. */
  readonly kind: HostKind;
  /** The host the run must prove it is in (the runner may set another, to see that check fail). */
  readonly expectedHost: HostKind;
  /** Only the tests whose title matches (TCPFSM_E2E_GREP). */
  readonly grep: string | undefined;
  /** The repository's root, for its examples and fixtures. */
  repositoryUri(): vscode.Uri;
  /** A new empty folder outside the repository (the caller deletes it). */
  scratchFolder(): Promise<vscode.Uri>;
}

function hostKind(value: string | undefined, fallback: HostKind): HostKind {
  return value === 'node' || value === 'web' ? value : fallback;
}

export const HOST: SuiteHost = {
  kind: 'node',
  expectedHost: hostKind(process.env.TCPFSM_E2E_EXPECT_HOST, 'node'),
  grep: process.env.TCPFSM_E2E_GREP || undefined,
  // Here the extension is loaded from the repository (extensionDevelopmentPath).
  repositoryUri() {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
    return extension.extensionUri;
  },
  async scratchFolder() {
    return vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-e2e-')));
  },
};
