// Checks what the webview posts before the extension acts on it: the webview is our own bundle, but
// a message is still outside data (a field of the wrong type must not reach a file write or an
// edit). Pure: no vscode import, unit-tested.

import { EXPORT_COLORS, type FromWebview } from '../webview/messages';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isFormat = (v: unknown): boolean => v === 'svg' || v === 'png';
const isPosition = (v: unknown): boolean => isObject(v) && isInt(v.line) && isInt(v.character);
const isRange = (v: unknown): boolean => isObject(v) && isPosition(v.start) && isPosition(v.end);

/** The message, when it is a well-formed member of FromWebview; undefined otherwise. */
export function parseFromWebview(value: unknown): FromWebview | undefined {
  if (!isObject(value)) return undefined;
  const ok = (() => {
    switch (value.type) {
      case 'ready':
        return true;
      case 'reveal':
        return isRange(value.range);
      case 'exported':
        return isInt(value.requestId) && isFormat(value.format) && typeof value.data === 'string';
      case 'exportFailed':
      case 'error':
        return (value.type === 'error' || isInt(value.requestId)) && typeof value.message === 'string';
      case 'exportRequest':
        return isFormat(value.format) && (value.action === 'save' || value.action === 'copy');
      case 'copied':
        return (value.requestId === undefined || isInt(value.requestId)) && typeof value.ok === 'boolean' &&
          (value.message === undefined || typeof value.message === 'string');
      case 'append':
        return isInt(value.version) && isInt(value.blockIndex) && typeof value.line === 'string' && value.line.length > 0 &&
          value.line.length <= 500 && !/[\r\n]/.test(value.line);
      case 'setExportColors':
        return (EXPORT_COLORS as readonly unknown[]).includes(value.colors);
      default:
        return false;
    }
  })();
  return ok ? (value as unknown as FromWebview) : undefined;
}
