// What the extension accepts from the webview (client/src/diagram/fromWebview.ts): each member of
// the FromWebview union as the bundle posts it, and nothing with a missing or mistyped field.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFromWebview } from '../../client/src/diagram/fromWebview';

const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };

describe('messages from the webview', () => {
  it('accepts every well-formed message', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'reveal', range },
      { type: 'exported', requestId: 3, format: 'svg', data: '<svg/>' },
      { type: 'exportFailed', requestId: 3, message: 'no' },
      { type: 'exportRequest', format: 'png', action: 'save' },
      { type: 'exportRequest', format: 'svg', action: 'copy' },
      { type: 'copied', ok: true },
      { type: 'copied', requestId: 4, ok: false, message: 'denied' },
      { type: 'setExportColors', colors: 'print' },
      { type: 'append', version: 7, blockIndex: 0, line: 'client: connect' },
      { type: 'error', message: 'boom' },
    ];
    for (const message of good) assert.deepEqual(parseFromWebview(message), message);
  });

  it('refuses anything else', () => {
    const bad: unknown[] = [
      null, 'ready', 42, {}, { type: 'nope' },
      { type: 'reveal' }, { type: 'reveal', range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } },
      { type: 'exported', requestId: '3', format: 'svg', data: '' }, { type: 'exported', requestId: 3, format: 'gif', data: '' },
      { type: 'exportRequest', format: 'svg', action: 'delete' }, { type: 'exportRequest', format: 'pdf', action: 'save' },
      { type: 'copied', ok: 'yes' }, { type: 'copied', requestId: 1.5, ok: true },
      { type: 'setExportColors', colors: 'neon' }, { type: 'error' },
      { type: 'append', version: 7, blockIndex: 0, line: 'a\nb' }, { type: 'append', version: 7, blockIndex: 0, line: '' },
      { type: 'append', version: '7', blockIndex: 0, line: 'x' }, { type: 'append', version: 7, line: 'x' },
    ];
    for (const message of bad) assert.equal(parseFromWebview(message), undefined, JSON.stringify(message));
  });
});
