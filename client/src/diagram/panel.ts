// One diagram preview: a webview panel drawing one .tcpfsm document. Asks the language server for
// the model (tcpfsm/diagram), keeps the last good drawing while the block has syntax errors, and
// speaks the typed message union with the webview bundle (client/src/webview/messages.ts).

import * as vscode from 'vscode';
import type { DiagramModel, DiagramParams, SourceRange } from '../../../server/src/protocol/diagram';
import { randomNonce } from '../nonce';
import { diagramHtml } from '../webview/html';
import type { FromWebview, PreviewOptions, ShownDiagram, ToWebview } from '../webview/messages';
import { parseFromWebview } from './fromWebview';
import { blockIndexAt } from './blocks';
import type { ExportFormat } from './exportName';
import { LatestOnly } from './schedule';
import { nextShown } from './stale';

export const DIAGRAM_VIEW_TYPE = 'tcpfsm.diagram';

/** Asks the language server for a document's diagram model (null: the server does not have the document). */
export type DiagramSource = (params: DiagramParams) => Promise<DiagramModel | null>;

/** How long an export waits for the webview to load (a new webview may wait on its service worker) and to answer. */
const LOAD_TIMEOUT_MS = 60_000;
const EXPORT_TIMEOUT_MS = 20_000;
/** At most this many requests in a row for a model older than the document (the server is behind). */
const MAX_CATCH_UPS = 5;

/** The webview may load only the extension's own media and webview bundle. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

/** A hidden preview is unloaded (it redraws from the model when shown again). */
export const PANEL_OPTIONS: vscode.WebviewPanelOptions = { retainContextWhenHidden: false, enableFindWidget: false };

export function panelTitle(resource: vscode.Uri): string {
  return `Diagram: ${basename(resource)}`;
}

export function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function sameUri(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.toString() === b.toString();
}

function toRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** What the panel hands to the previews: the webview's requests that are not about the panel itself. */
export type PanelRequest = Extract<FromWebview, { type: 'exportRequest' | 'copied' | 'setExportColors' }>;

interface PendingExport {
  readonly format: ExportFormat;
  readonly resolve: (data: string) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class DiagramPanel implements vscode.Disposable {
  private shown: ShownDiagram | undefined;
  /** The webview has said `ready` since it was last (re)loaded. */
  private ready = false;
  private disposed = false;
  /** A position given by the command (a code lens): used until the cursor moves in the document. */
  private anchor: vscode.Position | undefined;
  /** The last cursor position seen in the document, for when no editor shows it. */
  private lastCursor: vscode.Position | undefined;
  /** The line last sent as `cursor`, so a move within the line sends nothing. */
  private postedLine: number | undefined;
  /** The column the document was last seen in, where `reveal` shows it when no editor has it open. */
  private sourceColumn: vscode.ViewColumn | undefined;
  /** Requests repeated since the last edit or move because the model was older than the document. */
  private catchUps = 0;
  private nextExportId = 1;
  private options: PreviewOptions;
  private readonly exports = new Map<number, PendingExport>();
  private shownWaiters: Array<() => void> = [];
  private readonly refresher: LatestOnly;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  private readonly onDidRequestEmitter = new vscode.EventEmitter<PanelRequest>();
  /** A toolbar button or menu of the webview asked for something the extension does (export, settings). */
  readonly onDidRequest = this.onDidRequestEmitter.event;
  private readonly onDidChangeActiveEmitter = new vscode.EventEmitter<boolean>();
  /** Fires with the panel's `active` state when it changes. */
  readonly onDidChangeActive = this.onDidChangeActiveEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private resourceUri: vscode.Uri,
    private readonly extensionUri: vscode.Uri,
    private readonly source: DiagramSource,
    private readonly log: vscode.LogOutputChannel,
    options: PreviewOptions,
    position?: vscode.Position,
  ) {
    this.options = options;
    this.anchor = position;
    this.refresher = new LatestOnly(() => this.refreshNow(), (error) => this.logError('diagram request failed', error));
    panel.webview.options = webviewOptions(extensionUri);
    panel.title = panelTitle(resourceUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        // With retainContextWhenHidden off, a hidden webview is unloaded; it says `ready` again when shown.
        if (!webviewPanel.visible) this.ready = false;
        this.onDidChangeActiveEmitter.fire(webviewPanel.active);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.rememberSourceColumn();
    this.setHtml();
  }

  get resource(): vscode.Uri {
    return this.resourceUri;
  }

  /** Shows another document in this panel (the preview follows the active editor). */
  retarget(resource: vscode.Uri, position?: vscode.Position): void {
    if (sameUri(resource, this.resourceUri)) {
      if (position) this.setAnchor(position);
      return;
    }
    this.resourceUri = resource;
    this.shown = undefined;
    this.postedLine = undefined;
    this.anchor = position;
    this.lastCursor = undefined;
    this.panel.title = panelTitle(resource);
    this.rememberSourceColumn();
    this.refresh();
  }

  /** Details the block at `position` (a code lens's block), until the cursor moves. */
  setAnchor(position: vscode.Position): void {
    this.anchor = position;
    this.refresh();
  }

  /** Asks the server again (after an edit); one request in flight at a time, the latest wins. */
  refresh(): void {
    if (this.disposed) return;
    this.catchUps = 0;
    this.refresher.schedule();
  }

  /** The cursor moved in an editor of this panel's document. */
  cursorMoved(editor: vscode.TextEditor): void {
    const position = editor.selection.active;
    this.anchor = undefined;
    this.lastCursor = position;
    if (editor.viewColumn !== undefined) this.sourceColumn = editor.viewColumn;
    const shown = this.shown;
    if (!shown) {
      this.refresh();
      return;
    }
    const index = blockIndexAt(shown.model.blocks, position.line);
    if (index !== shown.model.current?.index) {
      this.refresh(); // another block: its model, then the cursor line
    } else {
      this.postCursor(position.line);
    }
  }

  /** Serializes the drawing in the webview: SVG text or a PNG data URL. */
  exportDrawing(format: ExportFormat): Promise<string> {
    return this.ask(format, (requestId) => ({ type: 'export', format, requestId }));
  }

  /** Has the webview put the drawing on the clipboard as a PNG (the browser's clipboard takes images; VS Code's API only text). */
  async copyPng(): Promise<void> {
    await this.ask('png', (requestId) => ({ type: 'copyPng', requestId }));
  }

  /** The settings the webview needs; sent now and whenever the webview (re)loads. */
  setOptions(options: PreviewOptions): void {
    this.options = options;
    void this.post({ type: 'options', options });
  }

  /** Sends a request to the loaded webview and waits for its answer (`exported`, or `copied`). */
  private async ask(format: ExportFormat, message: (requestId: number) => ToWebview): Promise<string> {
    if (!this.panel.visible) this.panel.reveal(this.panel.viewColumn, true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loaded = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the diagram did not load within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.whenShown(), loaded]);
    } finally {
      clearTimeout(timer);
    }
    const requestId = this.nextExportId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.exports.delete(requestId);
        reject(new Error(`the diagram did not answer the export within ${EXPORT_TIMEOUT_MS / 1000} s`));
      }, EXPORT_TIMEOUT_MS);
      this.exports.set(requestId, { format, resolve, reject, timer });
      void this.post(message(requestId));
    });
  }

  /** Resolves once the webview has been sent a model (now, if it has one and is loaded). */
  whenShown(): Promise<void> {
    if (this.shown && this.ready) return Promise.resolve();
    return new Promise((resolve) => this.shownWaiters.push(resolve));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const pending of this.exports.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error('the diagram preview was closed'));
    }
    this.exports.clear();
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
    this.onDidDisposeEmitter.fire();
    this.onDidDisposeEmitter.dispose();
    this.onDidChangeActiveEmitter.dispose();
    this.onDidRequestEmitter.dispose();
  }

  private setHtml(): void {
    const webview = this.panel.webview;
    const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    webview.html = diagramHtml({
      scriptUri: asset('dist', 'webview', 'diagram.js'),
      styleUri: asset('media', 'diagram.css'),
      cspSource: webview.cspSource,
      // A fresh nonce for every page: only the script tag carrying it may run.
      nonce: randomNonce(),
      title: 'TCP state diagram',
    });
  }

  private onMessage(raw: unknown): void {
    const message = parseFromWebview(raw);
    if (!message) {
      this.log.warn(`ignored a message from the diagram webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postedLine = undefined;
        void this.post({ type: 'options', options: this.options });
        // A reloaded webview has lost its drawing: send what is shown at once, then ask again.
        if (this.shown) this.postShown(this.shown);
        this.refresh();
        return;
      case 'reveal':
        this.reveal(message.range).catch((error) => this.logError('revealing the source failed', error));
        return;
      case 'exported':
      case 'exportFailed': {
        const pending = this.exports.get(message.requestId);
        if (!pending) return;
        this.exports.delete(message.requestId);
        clearTimeout(pending.timer);
        if (message.type === 'exportFailed') pending.reject(new Error(message.message));
        else if (message.format !== pending.format) pending.reject(new Error(`asked for ${pending.format}, got ${message.format}`));
        else pending.resolve(message.data);
        return;
      }
      case 'error':
        this.log.error(`diagram webview (${basename(this.resourceUri)}): ${message.message}`);
        return;
      case 'append':
        this.append(message.version, message.blockIndex, message.line).catch((error) => this.logError('appending a line failed', error));
        return;
      case 'copied': {
        const pending = message.requestId === undefined ? undefined : this.exports.get(message.requestId);
        if (!pending) break; // the toolbar's own copy: the previews report it
        this.exports.delete(message.requestId!);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve('');
        else pending.reject(new Error(message.message ?? 'the clipboard refused the picture'));
        return;
      }
      default:
        break;
    }
    this.onDidRequestEmitter.fire(message as PanelRequest);
  }

  /** Where to look in the document: the code lens's position, else the cursor of an editor showing it. */
  private requestPosition(): vscode.Position | undefined {
    if (this.anchor) return this.anchor;
    const active = vscode.window.activeTextEditor;
    const editor = active && sameUri(active.document.uri, this.resourceUri)
      ? active
      : vscode.window.visibleTextEditors.find((e) => sameUri(e.document.uri, this.resourceUri));
    return editor?.selection.active ?? this.lastCursor;
  }

  private async refreshNow(): Promise<void> {
    if (this.disposed || !this.ready) return; // `ready` schedules a refresh
    const resource = this.resourceUri;
    const key = resource.toString();
    const ask = async () => {
      const position = this.requestPosition();
      const params: DiagramParams = {
        textDocument: { uri: key },
        ...(position ? { position: { line: position.line, character: position.character } } : {}),
      };
      return this.source(params);
    };
    let model = await ask();
    if (model === null) {
      // The server only knows open documents (after a reload the preview may come back first): open it.
      await vscode.workspace.openTextDocument(resource);
      model = await ask();
    }
    if (this.disposed || !sameUri(resource, this.resourceUri)) return; // retargeted meanwhile: that run is queued
    if (model === null) {
      this.log.warn(`the language server has no diagram for ${key}`);
      return;
    }
    this.shown = nextShown(this.shown, model);
    this.postShown(this.shown);
    // The request can overtake the edit's didChange (both leave on the same event): when the model is
    // older than the text, ask once more; the edit is on the wire before that request.
    const document = vscode.workspace.textDocuments.find((d) => sameUri(d.uri, resource));
    if (document && model.version < document.version && this.catchUps < MAX_CATCH_UPS) {
      this.catchUps++;
      this.refresher.schedule();
    } else {
      this.catchUps = 0;
    }
  }

  private postShown(shown: ShownDiagram): void {
    if (!this.ready) return;
    void this.post({ type: 'show', diagram: shown });
    this.postedLine = undefined;
    const position = this.requestPosition();
    if (position) this.postCursor(position.line);
    const waiters = this.shownWaiters;
    this.shownWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private postCursor(line: number): void {
    if (!this.ready || line === this.postedLine) return;
    this.postedLine = line;
    void this.post({ type: 'cursor', line });
  }

  private async post(message: ToWebview): Promise<void> {
    if (this.disposed) return;
    try {
      await this.panel.webview.postMessage(message);
    } catch (error) {
      this.logError(`posting ${message.type} to the diagram failed`, error);
    }
  }

  /**
   * The playground's click: appends one of the lines the shown block offers, where the model says,
   * as an ordinary (undoable) edit. Refused when the text has changed since that model, or when the
   * line is not one the block offers (a message is outside data).
   */
  private async append(version: number, blockIndex: number, line: string): Promise<void> {
    const shown = this.shown;
    const block = shown?.model.current;
    const playground = block?.playground;
    if (!shown || shown.stale || !block || block.index !== blockIndex || shown.model.version !== version || !playground) return;
    if (!playground.choices.some((c) => c.line === line)) {
      this.log.warn(`the diagram webview asked to append a line its block does not offer: ${JSON.stringify(line).slice(0, 200)}`);
      return;
    }
    const document = await vscode.workspace.openTextDocument(this.resourceUri);
    if (document.version !== version) return; // the text moved on: the next model offers again
    const edit = new vscode.WorkspaceEdit();
    const at = new vscode.Position(playground.insertAt.line, playground.insertAt.character);
    edit.insert(document.uri, document.validatePosition(at), `${playground.prefix}${line}${playground.suffix}`);
    if (!(await vscode.workspace.applyEdit(edit))) this.log.warn(`appending "${line}" to ${basename(this.resourceUri)} was refused`);
  }

  /** Selects a source range in the document's editor (a click on a state, edge, step or arrow). */
  private async reveal(range: SourceRange): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.resourceUri);
    const open = vscode.window.visibleTextEditors.find((e) => sameUri(e.document.uri, this.resourceUri));
    const column = open?.viewColumn ?? this.sourceColumn ??
      (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
    // The focus stays in the preview: keyboard users go on tabbing through states and steps.
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: true });
    const target = document.validateRange(toRange(range));
    // The cursor goes to the start of the range (the status bar shows where the step begins).
    editor.selection = new vscode.Selection(target.end, target.start);
    editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private rememberSourceColumn(): void {
    const editor = vscode.window.visibleTextEditors.find((e) => sameUri(e.document.uri, this.resourceUri));
    if (editor?.viewColumn !== undefined) this.sourceColumn = editor.viewColumn;
  }

  private logError(what: string, error: unknown): void {
    this.log.error(`${what} (${basename(this.resourceUri)}): ${error instanceof Error ? error.message : String(error)}`);
  }
}
