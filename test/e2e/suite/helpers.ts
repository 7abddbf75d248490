// Shared by the extension tests: fixtures, waiting on diagnostics, cleaning up without saving.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOST } from './host';

export { EXTENSION_ID } from './ids';
/** How long to wait for the language server's answer before failing (the machine is slow). */
export const WAIT_MS = 20_000;

/** A file in the test workspace (test/e2e/workspace), the folder the runners open. */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open: the runner must open test/e2e/workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** A file of the repository, e.g. examples/diagnostics.tcpfsm. */
export function repoUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(HOST.repositoryUri(), ...segments);
}

export async function openFixture(name: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  const editor = await vscode.window.showTextDocument(doc);
  return { doc, editor };
}

/** `diagnostic.code` is a string, a number or { value, target }. */
export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

const SEVERITY: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** One diagnostic in one comparable string: `severity code@line:char-line:char`, 0-based like vscode.Range. */
export function brief(d: vscode.Diagnostic): string {
  return `${SEVERITY[d.severity]} ${codeOf(d)}@${rangeText(d.range)}`;
}

function sorted(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start.compareTo(b.range.start) || codeOf(a).localeCompare(codeOf(b)));
}

/** The diagnostics of a file, in position order. */
export function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return sorted(vscode.languages.getDiagnostics(uri));
}

export class DiagnosticsTimeout extends Error {
  constructor(message: string, readonly last: vscode.Diagnostic[]) {
    super(message);
  }
}

/**
 * Resolves with the diagnostics of `uri` (position order) as soon as they satisfy `predicate`:
 * checks now, then on every onDidChangeDiagnostics event for the uri. Rejects after `timeoutMs`
 * with the last value seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let last: vscode.Diagnostic[] = [];
    let settled = false;
    const finish = () => {
      settled = true;
      subscription.dispose();
      clearTimeout(timer);
    };
    const check = () => {
      if (settled) return;
      last = diagnosticsOf(uri);
      if (predicate(last)) {
        finish();
        resolve(last);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      if (settled) return;
      finish();
      reject(new DiagnosticsTimeout(
        `timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; ` +
        `last seen: ${JSON.stringify(last.map(brief))}`, last));
    }, timeoutMs);
    check();
  });
}

/**
 * Waits until the diagnostics of `uri` are exactly `expected` (brief() strings, position order).
 * On timeout, fails with an assertion diff between the last seen and the expected list.
 */
export async function expectDiagnostics(uri: vscode.Uri, expected: readonly string[], timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  const same = (ds: vscode.Diagnostic[]) => ds.length === expected.length && ds.every((d, i) => brief(d) === expected[i]);
  try {
    return await waitForDiagnostics(uri, same, `diagnostics ${JSON.stringify(expected)}`, timeoutMs);
  } catch (error) {
    if (!(error instanceof DiagnosticsTimeout)) throw error;
    assert.deepEqual(error.last.map(brief), expected, error.message);
    throw error;
  }
}

let ready: Promise<void> | undefined;

/**
 * Resolves once the language server has published diagnostics for a fixture. The result, a failure
 * too, is kept: when the server never answers, every later suite fails at once in its suiteSetup
 * instead of each test waiting out its own timeout.
 */
export function serverReady(): Promise<void> {
  ready ??= (async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri('handshake.tcpfsm'));
    await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, "the language server's first diagnostics");
  })();
  return ready;
}

/** The text of a hover's contents, whatever form each part has. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((part) => (typeof part === 'string' ? part : part.value)).join('\n\n');
}

/**
 * Reverts every modified document (edits stay in memory, never reach the disk) and closes all
 * editors. Closing a dirty editor would ask whether to save; reverting first avoids the dialog.
 */
export async function revertAndCloseAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString());
  assert.deepEqual(dirty, [], 'documents still modified after revert');
}
