// The full page on a state, opened beside the editor by the "More…" link of a state hover: a
// read-only Markdown document (tcpfsm-state:/NAME.md, built from the table and the docs) shown in
// VS Code's Markdown preview.

import * as vscode from 'vscode';
import { STATE_PAGE_COMMAND, statePage } from '../../server/src/service/stateDoc';
import { lookupState } from '../../server/src/tcp/machine';

const SCHEME = 'tcpfsm-state';

/** The page's document: `tcpfsm-state:/FIN_WAIT_2.md`. */
export function statePageUri(state: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${state}.md` });
}

export function registerStatePages(): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent(uri) {
      const found = lookupState(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
      return found ? statePage(found.state) : `# Not a TCP state\n\n\`${uri.path}\` names no state.`;
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand(STATE_PAGE_COMMAND, async (state: unknown) => {
      // The argument comes from a hover link: only a state name opens a page.
      const found = typeof state === 'string' ? lookupState(state) : undefined;
      if (!found) return;
      const uri = statePageUri(found.state);
      try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
      } catch {
        // Without the Markdown extension: the page's text, beside the editor.
        await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      }
    }),
  );
}
