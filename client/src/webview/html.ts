// The diagram webview's page: a strict CSP (nothing but the extension's own script, by nonce, and
// stylesheet), one script tag, no inline code or style. Pure (no `vscode` import): the panel and the
// browser test harness both build the page with it.

export interface DiagramHtmlOptions {
  /** URI of dist/webview/diagram.js as the webview sees it (`webview.asWebviewUri`). */
  readonly scriptUri: string;
  /** URI of media/diagram.css as the webview sees it. */
  readonly styleUri: string;
  /** `webview.cspSource`: the sources the webview loads the extension's resources from (e.g. `'self' https://*.vscode-cdn.net`). */
  readonly cspSource: string;
  /** A fresh random value per page (letters, digits, `+/=_-`). */
  readonly nonce: string;
  /** The document title (user text: escaped). */
  readonly title: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The Content-Security-Policy of the page: nothing runs or loads but what the extension ships. */
export function diagramCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** What any of the extension's webview pages is made of. */
export interface PageOptions {
  readonly scriptUri: string;
  readonly styleUris: readonly string[];
  readonly cspSource: string;
  readonly nonce: string;
  readonly title: string;
  /** The class of the app's root element. */
  readonly appClass: string;
  /** Who builds the page, for the error messages. */
  readonly builder: string;
}

/**
 * A page with the policy above, its stylesheets and one script tag. The nonce and the CSP source
 * are checked, so the policy needs no escaping (and reads as written).
 */
export function webviewPage({ scriptUri, styleUris, cspSource, nonce, title, appClass, builder }: PageOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{8,}$/.test(nonce)) throw new Error(`${builder}: the nonce must be 8+ characters of [A-Za-z0-9+/=_-]`);
  if (/[;,"<>&\r\n]/.test(cspSource)) throw new Error(`${builder}: unexpected characters in cspSource`);
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
<div id="app" class="${escapeHtml(appClass)}"></div>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}

export function diagramHtml({ styleUri, ...rest }: DiagramHtmlOptions): string {
  return webviewPage({ ...rest, styleUris: [styleUri], appClass: 'app', builder: 'diagramHtml' });
}
