// The diagram previews: the commands (open, open to the side, export SVG/PNG), the one preview that
// follows the active .tcpfsm editor (like Markdown's), panels revived after a reload, and the editor
// events (edits, cursor moves) routed to the panel drawing that document.

import * as vscode from 'vscode';
import type { SourcePosition } from '../../../server/src/protocol/diagram';
import { EXPORT_COLORS, type ExportColors, type PreviewOptions, type WebviewPersistedState } from '../webview/messages';
import { saveExport } from './export';
import type { ExportFormat } from './exportName';
import { DIAGRAM_VIEW_TYPE, DiagramPanel, type DiagramSource, PANEL_OPTIONS, type PanelRequest, panelTitle, webviewOptions } from './panel';
import { REVIVABLE_SCHEMES, reviveRefusal } from './revive';

export const COMMANDS = {
  open: 'tcpfsm.openDiagram',
  openToSide: 'tcpfsm.openDiagramToSide',
  exportSvg: 'tcpfsm.exportDiagramSvg',
  exportPng: 'tcpfsm.exportDiagramPng',
  copySvg: 'tcpfsm.copyDiagramSvg',
  copyPng: 'tcpfsm.copyDiagramPng',
} as const;

/** The `tcpfsm.export.colors` setting: the editor theme's colours unless it says otherwise. */
function previewOptions(): PreviewOptions {
  const colors = vscode.workspace.getConfiguration('tcpfsm').get<string>('export.colors');
  return { exportColors: (EXPORT_COLORS as readonly string[]).includes(colors ?? '') ? (colors as ExportColors) : 'theme' };
}

function isTcpfsm(document: vscode.TextDocument | undefined): document is vscode.TextDocument {
  return document?.languageId === 'tcpfsm';
}

/** A command's resource argument: a Uri (editor title, explorer) or a string (a code lens's JSON arguments). */
function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value.length > 0) {
    try {
      return vscode.Uri.parse(value, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A command's position argument: `{line, character}` (a code lens's JSON) or a vscode.Position. */
function asPosition(value: unknown): vscode.Position | undefined {
  if (value instanceof vscode.Position) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const { line, character } = value as Partial<SourcePosition>;
  if (typeof line !== 'number' || typeof character !== 'number' || line < 0 || character < 0) return undefined;
  return new vscode.Position(line, character);
}

function isPersistedState(value: unknown): value is Pick<WebviewPersistedState, 'uri'> {
  return typeof value === 'object' && value !== null && typeof (value as { uri?: unknown }).uri === 'string';
}

export class DiagramPreviews implements vscode.Disposable {
  private readonly panels = new Set<DiagramPanel>();
  /** The preview that follows the active .tcpfsm editor (the one the open commands reuse). */
  private preview: DiagramPanel | undefined;
  /** The panel focused last (the export commands' target when no panel is focused). */
  private lastActive: DiagramPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: DiagramSource,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand(COMMANDS.open, (resource?: unknown, position?: unknown) =>
        this.open(resource, position, false)),
      vscode.commands.registerCommand(COMMANDS.openToSide, (resource?: unknown, position?: unknown) =>
        this.open(resource, position, true)),
      vscode.commands.registerCommand(COMMANDS.exportSvg, () => this.exportDiagram('svg')),
      vscode.commands.registerCommand(COMMANDS.exportPng, () => this.exportDiagram('png')),
      vscode.commands.registerCommand(COMMANDS.copySvg, () => this.copyDiagram('svg')),
      vscode.commands.registerCommand(COMMANDS.copyPng, () => this.copyDiagram('png')),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('tcpfsm.export.colors')) return;
        const options = previewOptions();
        for (const panel of this.panels) panel.setOptions(options);
      }),
      vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.revive(panel, state),
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      vscode.window.onDidChangeTextEditorSelection(({ textEditor }) => {
        for (const panel of this.panelsOf(textEditor.document.uri)) panel.cursorMoved(textEditor);
      }),
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (contentChanges.length === 0) return; // dirty-state changes only
        for (const panel of this.panelsOf(document.uri)) panel.refresh();
      }),
    );
  }

  dispose(): void {
    for (const panel of [...this.panels]) panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Opens (or reuses) the preview for a document: the command's resource, else the active .tcpfsm editor's. */
  private async open(resourceArg: unknown, positionArg: unknown, toSide: boolean): Promise<void> {
    const active = vscode.window.activeTextEditor;
    const resource = asUri(resourceArg) ?? (isTcpfsm(active?.document) ? active.document.uri : undefined) ??
      this.lastActive?.resource;
    if (!resource) {
      void vscode.window.showInformationMessage('Open a .tcpfsm file to see its diagram.');
      return;
    }
    const position = asPosition(positionArg);
    // "To the side" moves a preview that is a tab of the editor's own group beside it.
    const columnFor = (panel: vscode.WebviewPanel) =>
      toSide && active?.viewColumn !== undefined && panel.viewColumn === active.viewColumn ? vscode.ViewColumn.Beside : panel.viewColumn;
    const existing = this.panelsOf(resource)[0];
    if (existing) {
      if (position) existing.setAnchor(position);
      existing.panel.reveal(columnFor(existing.panel), toSide);
      return;
    }
    if (this.preview) {
      this.preview.retarget(resource, position);
      this.preview.panel.reveal(columnFor(this.preview.panel), toSide);
      return;
    }
    const column = toSide ? vscode.ViewColumn.Beside : (active?.viewColumn ?? vscode.ViewColumn.Active);
    const webviewPanel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, panelTitle(resource),
      { viewColumn: column, preserveFocus: toSide }, { ...PANEL_OPTIONS, ...webviewOptions(this.extensionUri) });
    this.preview = this.add(new DiagramPanel(webviewPanel, resource, this.extensionUri, this.source, this.log, previewOptions(), position));
  }

  /**
   * A panel VS Code restores after a reload; the webview's saved state names its document, which
   * is loaded only when it is a .tcpfsm document the user can open (revive.ts).
   */
  private async revive(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const resource = isPersistedState(state) ? await this.revivable(state.uri) : undefined;
    if (!resource) {
      if (!isPersistedState(state)) this.log.warn('a diagram preview could not be restored: it saved no document');
      webviewPanel.dispose();
      return;
    }
    const panel = this.add(new DiagramPanel(webviewPanel, resource, this.extensionUri, this.source, this.log, previewOptions()));
    this.preview ??= panel;
  }

  /** The saved document as a Uri when a revived preview may load it; else undefined, after logging why not. */
  private async revivable(saved: string): Promise<vscode.Uri | undefined> {
    const refuse = (why: string) => {
      this.log.warn(`a diagram preview was not restored: its saved document ${JSON.stringify(saved.slice(0, 200))} ${why}`);
      return undefined;
    };
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(saved, true);
    } catch {
      return refuse('is not a URI');
    }
    const schemes = [...REVIVABLE_SCHEMES, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)];
    const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && isTcpfsm(d));
    const why = reviveRefusal(uri, schemes, open);
    if (why) return refuse(why);
    if (open || uri.scheme === 'untitled') return uri;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if ((stat.type & vscode.FileType.File) === 0) return refuse('is not a file');
    } catch {
      return refuse('does not exist or cannot be read');
    }
    return uri;
  }

  private add(panel: DiagramPanel): DiagramPanel {
    this.panels.add(panel);
    panel.onDidChangeActive((active) => {
      if (active) this.lastActive = panel;
    });
    panel.onDidRequest((request) => this.onRequest(panel, request));
    panel.onDidDispose(() => {
      this.panels.delete(panel);
      if (this.preview === panel) this.preview = undefined;
      if (this.lastActive === panel) this.lastActive = undefined;
    });
    if (panel.panel.active) this.lastActive = panel;
    return panel;
  }

  /** The preview shows the newly active .tcpfsm document unless a panel already shows it. */
  private follow(editor: vscode.TextEditor | undefined): void {
    if (!editor || !isTcpfsm(editor.document) || editor.document.uri.scheme === 'output') return;
    const shown = this.panelsOf(editor.document.uri);
    if (shown.length > 0) {
      for (const panel of shown) panel.cursorMoved(editor);
      return;
    }
    this.preview?.retarget(editor.document.uri, editor.selection.active);
  }

  private panelsOf(resource: vscode.Uri): DiagramPanel[] {
    const key = resource.toString();
    return [...this.panels].filter((p) => p.resource.toString() === key);
  }

  /** The panel to export: the focused one, else the one drawing the active editor's document, else the last focused. */
  private exportTarget(): DiagramPanel | undefined {
    const focused = [...this.panels].find((p) => p.panel.active);
    if (focused) return focused;
    const active = vscode.window.activeTextEditor;
    if (active) {
      const forEditor = this.panelsOf(active.document.uri)[0];
      if (forEditor) return forEditor;
    }
    return this.lastActive ?? this.preview;
  }

  /** What the preview's toolbar asks for: save or copy the drawing, the export colours. */
  private onRequest(panel: DiagramPanel, request: PanelRequest): void {
    switch (request.type) {
      case 'exportRequest':
        if (request.action === 'save') void this.exportDiagram(request.format, panel);
        else void this.copyDiagram(request.format, panel);
        return;
      case 'copied':
        // The toolbar's Copy as PNG, done by the webview itself.
        if (request.ok) vscode.window.setStatusBarMessage('Diagram copied as PNG', 4000);
        else void vscode.window.showErrorMessage(`TCP State Explorer: copying the diagram as PNG failed (${request.message ?? 'the clipboard refused it'}).`);
        return;
      case 'setExportColors':
        void vscode.workspace.getConfiguration('tcpfsm').update('export.colors', request.colors, vscode.ConfigurationTarget.Global)
          .then(undefined, (error) => this.log.error(`storing tcpfsm.export.colors failed: ${String(error)}`));
        return;
    }
  }

  /** The panel a command works on, opening one beside the active .tcpfsm editor when there is none. */
  private async commandTarget(what: string): Promise<DiagramPanel | undefined> {
    const panel = this.exportTarget();
    if (panel) return panel;
    if (!isTcpfsm(vscode.window.activeTextEditor?.document)) {
      void vscode.window.showInformationMessage(`Open a .tcpfsm file to ${what} its diagram.`);
      return undefined;
    }
    await this.open(undefined, undefined, true);
    return this.exportTarget();
  }

  /** Puts what `target` (else the export target) draws on the clipboard: SVG text, or a PNG picture. */
  private async copyDiagram(format: ExportFormat, target?: DiagramPanel): Promise<void> {
    const panel = target ?? (await this.commandTarget('copy'));
    if (!panel) return;
    try {
      if (format === 'svg') await vscode.env.clipboard.writeText(await panel.exportDrawing('svg'));
      else await panel.copyPng();
      vscode.window.setStatusBarMessage(`Diagram copied as ${format.toUpperCase()}`, 4000);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.error(`copying ${panel.resource.toString()} as ${format.toUpperCase()} failed: ${reason}`);
      const hint = format === 'png' ? ' The browser lets a page write pictures to the clipboard only right after a click in it: use Copy as PNG in the preview\'s Export menu.' : '';
      void vscode.window.showErrorMessage(`TCP State Explorer: copying the diagram as ${format.toUpperCase()} failed (${reason}).${hint}`);
    }
  }

  /** Saves what `target` (else the export target) draws as `format`. */
  private async exportDiagram(format: ExportFormat, target?: DiagramPanel): Promise<void> {
    let panel = target ?? this.exportTarget();
    if (!panel) {
      // No preview yet: open one beside the active .tcpfsm editor, then export what it draws.
      if (!isTcpfsm(vscode.window.activeTextEditor?.document)) {
        void vscode.window.showInformationMessage('Open a .tcpfsm file to export its diagram.');
        return;
      }
      await this.open(undefined, undefined, true);
      panel = this.exportTarget();
      if (!panel) return;
    }
    const source = panel;
    try {
      const data = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Exporting the diagram as ${format.toUpperCase()}` },
        () => source.exportDrawing(format));
      await saveExport(panel.resource, format, data, this.log);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.error(`exporting ${panel.resource.toString()} as ${format.toUpperCase()} failed: ${reason}`);
      void vscode.window.showErrorMessage(`TCP State Explorer: exporting the diagram as ${format.toUpperCase()} failed (${reason}).`);
    }
  }
}
