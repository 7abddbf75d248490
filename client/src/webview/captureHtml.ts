// The capture viewer's page: the diagram page's Content-Security-Policy (nothing but the
// extension's own script, by nonce, and stylesheets), one script tag, no inline code or style.
// Pure (no `vscode` import), like html.ts whose policy and escaping it uses.

import { diagramCsp, escapeHtml } from './html';

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

export function captureHtml({ scriptUri, styleUris, cspSource, nonce, title }: CaptureHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{8,}$/.test(nonce)) throw new Error('captureHtml: the nonce must be 8+ characters of [A-Za-z0-9+/=_-]');
  if (/[;,"<>&\r\n]/.test(cspSource)) throw new Error('captureHtml: unexpected characters in cspSource');
  const styles = styleUris.map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${diagramCsp(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${styles}
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app" class="app capture-app"></div>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}
