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

export type ExportFormat = 'svg' | 'png';

/** The colours of an exported picture (`tcpfsm.export.colors`). */
export type ExportColors = 'theme' | 'light' | 'print';
export const EXPORT_COLORS: readonly ExportColors[] = ['theme', 'light', 'print'];

/** The extension's settings the webview needs. */
export interface PreviewOptions {
  readonly exportColors: ExportColors;
}

export type ToWebview =
  /** A new model (after an edit, a cursor move to another block, or the panel's first load). */
  | { readonly type: 'show'; readonly diagram: ShownDiagram }
  /** The cursor moved: highlight the step or event on this line (0-based). */
  | { readonly type: 'cursor'; readonly line: number }
  /** The settings, after `ready` and whenever they change. */
  | { readonly type: 'options'; readonly options: PreviewOptions }
  /** Serialize the whole block's drawing; the webview answers with `exported`. */
  | { readonly type: 'export'; readonly format: ExportFormat; readonly requestId: number }
  /** Put the drawing on the clipboard as a PNG (a command); the webview answers with `copied`. */
  | { readonly type: 'copyPng'; readonly requestId: number };

/** What a toolbar button asks the extension to do with the drawing. */
export type ExportAction = 'save' | 'copy';

export type FromWebview =
  /** The script has loaded and listens: send the model. */
  | { readonly type: 'ready' }
  /** The user clicked a state, edge, step or arrow: select this source range in the editor. */
  | { readonly type: 'reveal'; readonly range: SourceRange }
  /** SVG text, or a PNG as a base64 data URL. */
  | { readonly type: 'exported'; readonly requestId: number; readonly format: ExportFormat; readonly data: string }
  | { readonly type: 'exportFailed'; readonly requestId: number; readonly message: string }
  /** A toolbar button: save the drawing to a file, or (SVG) copy it, the way the commands do. */
  | { readonly type: 'exportRequest'; readonly format: ExportFormat; readonly action: ExportAction }
  /** The answer to `copyPng` (requestId) or the result of the toolbar's Copy as PNG (no requestId). */
  | { readonly type: 'copied'; readonly requestId?: number; readonly ok: boolean; readonly message?: string }
  /** The toolbar's colour choice for exports: the extension stores it in `tcpfsm.export.colors`. */
  | { readonly type: 'setExportColors'; readonly colors: ExportColors }
  /** The playground: append `line` (one of the block's offered lines) to block `blockIndex` of document version `version`. */
  | { readonly type: 'append'; readonly version: number; readonly blockIndex: number; readonly line: string }
  /** Something went wrong in the webview: shown in the extension's log. */
  | { readonly type: 'error'; readonly message: string };

export type ZoomSetting = 'fit' | number;

export interface ScrollPosition {
  readonly left: number;
  readonly top: number;
}

/** What the webview keeps across reloads (vscode.setState), for the serializer to revive it. */
export interface WebviewPersistedState {
  readonly uri: string;
  readonly view: 'state' | 'ladder';
  readonly showExceptional: boolean;
  /** Per view: `fit` (the panel's width, at a readable size at least) or the scale the user chose. */
  readonly zoom: { readonly state: ZoomSetting; readonly ladder: ZoomSetting };
  /** Per view: where it was scrolled to, kept across edits and reloads. */
  readonly scroll: { readonly state: ScrollPosition; readonly ladder: ScrollPosition };
  /** Whether the legend under the drawing is unfolded. */
  readonly legendOpen: boolean;
  /** Whether the playground beside the drawing is unfolded. */
  readonly playgroundOpen: boolean;
}
