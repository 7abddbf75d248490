// The one message protocol between the extension (client/src/diagram/) and the webview bundle
// (client/src/webview/). Both sides import these types; nothing else crosses postMessage.

import type { BlockDiagram, DiagramModel, SourceRange } from '../../../server/src/protocol/diagram';

/** What the webview shows: the model, and whether the drawn block is the last good one. */
export interface ShownDiagram {
  readonly model: DiagramModel;
  /** The block drawn: the current one, or the last good one while the current has syntax errors. */
  readonly block?: BlockDiagram;
  /** True when `block` is the last good drawing and the text has changed since (syntax errors). */
  readonly stale: boolean;
}

export type ToWebview =
  /** A new model (after an edit, a cursor move to another block, or the panel's first load). */
  | { readonly type: 'show'; readonly diagram: ShownDiagram }
  /** The cursor moved: highlight the step or event on this line (0-based). */
  | { readonly type: 'cursor'; readonly line: number }
  /** Serialize the drawing; the webview answers with `exported`. */
  | { readonly type: 'export'; readonly format: 'svg' | 'png'; readonly requestId: number };

export type FromWebview =
  /** The script has loaded and listens: send the model. */
  | { readonly type: 'ready' }
  /** The user clicked a state, edge, step or arrow: select this source range in the editor. */
  | { readonly type: 'reveal'; readonly range: SourceRange }
  /** SVG text, or a PNG as a base64 data URL. */
  | { readonly type: 'exported'; readonly requestId: number; readonly format: 'svg' | 'png'; readonly data: string }
  | { readonly type: 'exportFailed'; readonly requestId: number; readonly message: string }
  /** Something went wrong in the webview: shown in the extension's log. */
  | { readonly type: 'error'; readonly message: string };

/** What the webview keeps across reloads (vscode.setState), for the serializer to revive it. */
export interface WebviewPersistedState {
  readonly uri: string;
  readonly view: 'state' | 'ladder';
  readonly showExceptional: boolean;
  readonly zoom: number;
}
