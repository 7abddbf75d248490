// The capture viewer's page: the diagram page's Content-Security-Policy (nothing but the
// extension's own script, by nonce, and stylesheets), one script tag, no inline code or style.
// Pure (no `vscode` import), like html.ts whose page builder it uses.

import { webviewPage } from './html';

export interface CaptureHtmlOptions {
  /** URI of dist/webview/capture.js as the webview sees it (`webview.asWebviewUri`). */
  readonly scriptUri: string;
  /** URIs of the stylesheets (media/diagram.css for the ladder, media/capture.css for the table). */
  readonly styleUris: readonly string[];
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random value per page (letters, digits, `+/=_-`). */
  readonly nonce: string;
  /** The document title (user text: escaped). */
  readonly title: string;
}

export function captureHtml(options: CaptureHtmlOptions): string {
  return webviewPage({ ...options, appClass: 'app capture-app', builder: 'captureHtml' });
}
