// The nonce of a webview page's Content-Security-Policy, shared by the diagram preview and the
// capture viewer: a fresh one for every page, so only the script tag carrying it may run.

/** 18 random bytes in base64 (Web Crypto: the same in Node's extension host and the browser's). */
export function randomNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
}
