// Which document a preview revived after a reload may load. The document comes from the webview's
// saved state, which the webview page itself writes: it is outside data, so it must name a
// `.tcpfsm` document the user can open (a scheme the workspace uses, a file that exists, or an
// open untitled tcpfsm document) before the preview reads it. Pure: no vscode import.

/** Schemes a revived preview may load besides the workspace folders' own. */
export const REVIVABLE_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote', 'vscode-vfs'];

export interface UriParts {
  readonly scheme: string;
  readonly path: string;
}

/**
 * Why the document `uri` (parsed into parts) may not be revived, or undefined when it may be
 * (the caller then checks that the file exists). `openAsTcpfsm`: the document is open in the
 * editor as a tcpfsm document.
 */
export function reviveRefusal(uri: UriParts, schemes: readonly string[], openAsTcpfsm: boolean): string | undefined {
  if (!schemes.includes(uri.scheme)) return `its scheme \`${uri.scheme}\` is not one the workspace opens`;
  if (uri.scheme === 'untitled') return openAsTcpfsm ? undefined : 'it is an untitled document that is no longer open as tcpfsm';
  if (!/\.tcpfsm$/i.test(uri.path)) return 'it is not a .tcpfsm file';
  return undefined;
}
