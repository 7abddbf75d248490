// The "TCP Capture" custom editor: .pcap, .pcapng and .cap files (and any capture opened with
// "TCP: Import Capture…") open read-only in a webview with a table of their TCP connections. The
// document reads the capture once (CaptureSession, in the extension host) and every editor of it
// shows the same rows; rows are posted while the read goes on, with its progress.

import * as vscode from 'vscode';
import { randomNonce } from '../nonce';
import { captureHtml } from '../webview/captureHtml';
import { type FromCaptureWebview, parseFromCaptureWebview, type ToCaptureWebview } from './protocol';
import { CaptureSession } from './session';
import { captureSource, type FileChunks } from './source';

export const CAPTURE_VIEW_TYPE = 'tcpfsm.capture';

export function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** A capture file being read (or read): one per URI, shared by its editors. */
export class CaptureDocument implements vscode.CustomDocument {
  readonly session = new CaptureSession();
  /** Settles when the read has ended (never rejects: problems are in `session.problem`). */
  readonly reading: Promise<void>;

  constructor(readonly uri: vscode.Uri, fileChunks: FileChunks | undefined) {
    this.reading = captureSource(uri, fileChunks).then((source) => this.session.read(source.chunks, source.total));
  }

  dispose(): void {
    this.session.cancel();
  }
}

/** The webview may load only the extension's stylesheets and webview bundles. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

export class CaptureEditorProvider implements vscode.CustomReadonlyEditorProvider<CaptureDocument> {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly fileChunks: FileChunks | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  static register(extensionUri: vscode.Uri, fileChunks: FileChunks | undefined, log: vscode.LogOutputChannel): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(CAPTURE_VIEW_TYPE, new CaptureEditorProvider(extensionUri, fileChunks, log), {
      // A hidden viewer is unloaded; it asks for everything again (`ready`) when shown.
      webviewOptions: { retainContextWhenHidden: false, enableFindWidget: false },
      supportsMultipleEditorsPerDocument: true,
    });
  }

  openCustomDocument(uri: vscode.Uri): CaptureDocument {
    const document = new CaptureDocument(uri, this.fileChunks);
    void document.reading.then(() => {
      const problem = document.session.problem;
      if (problem) this.log.warn(`${uri.toString(true)}: ${problem.message}`);
    });
    return document;
  }

  resolveCustomEditor(document: CaptureDocument, panel: vscode.WebviewPanel): void {
    new CaptureEditor(document, panel, this.extensionUri, this.log);
  }
}

/** One viewer of a capture: the webview page and its messages. */
class CaptureEditor {
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly document: CaptureDocument,
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(extensionUri);
    const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
    webview.html = captureHtml({
      scriptUri: asset('dist', 'webview', 'capture.js'),
      styleUris: [asset('media', 'diagram.css'), asset('media', 'capture.css')],
      cspSource: webview.cspSource,
      // A fresh nonce for every page: only the script tag carrying it may run.
      nonce: randomNonce(),
      title: `TCP Capture: ${basename(document.uri)}`,
    });
    const stopUpdates = document.session.onUpdate((update) => {
      if (this.ready) void this.post({ type: 'rows', ...update });
    });
    this.disposables.push(
      { dispose: stopUpdates },
      webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        for (const d of this.disposables) d.dispose();
      }),
    );
  }

  private onMessage(raw: unknown): void {
    const message: FromCaptureWebview | undefined = parseFromCaptureWebview(raw);
    if (!message) {
      this.log.warn(`ignored a message from the capture viewer: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const session = this.document.session;
        const problem = session.problem;
        void this.post({ type: 'reset', title: basename(this.document.uri), rows: session.rows(), progress: session.progress, ...(problem ? { problem } : {}) });
        return;
      }
      case 'select':
        this.select(message.id);
        return;
      case 'openText':
        this.openText(message.id).catch((error) => this.logError(`opening connection ${message.id} as .tcpfsm failed`, error));
        return;
      case 'error':
        this.log.error(`capture viewer (${basename(this.document.uri)}): ${message.message}`);
        return;
    }
  }

  private select(id: number): void {
    try {
      void this.post({ type: 'detail', detail: this.document.session.detail(id) });
    } catch (error) {
      this.logError(`connection ${id}`, error);
      void this.post({ type: 'detailFailed', id, message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The connection's conversation as an untitled .tcpfsm document beside the viewer: every editor feature works on it. */
  private async openText(id: number): Promise<void> {
    const conversation = this.document.session.conversation(id);
    const content = `# ${basename(this.document.uri)}, connection ${id}: imported from the capture (tcpfsm import)\n\n${conversation.text}`;
    const doc = await vscode.workspace.openTextDocument({ language: 'tcpfsm', content });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
  }

  private async post(message: ToCaptureWebview): Promise<void> {
    try {
      await this.panel.webview.postMessage(message);
    } catch (error) {
      this.logError(`posting ${message.type} to the capture viewer failed`, error);
    }
  }

  private logError(what: string, error: unknown): void {
    this.log.error(`${what} (${basename(this.document.uri)}): ${error instanceof Error ? error.message : String(error)}`);
  }
}
