// A real LSP client over stdio (vscode-languageserver-protocol) driving the bundled server,
// for the LSP tests and the benchmark.

import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';
import { DIAGRAM_REQUEST, type DiagramModel, type DiagramParams, type SourcePosition } from '../../server/src/protocol/diagram';
import {
  type CodeAction,
  CodeActionRequest,
  type CodeLens,
  CodeLensRequest,
  createProtocolConnection,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  type Hover,
  HoverRequest,
  type ClientCapabilities,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  type InlayHint,
  InlayHintRefreshRequest,
  InlayHintRequest,
  RegistrationRequest,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';

export const SERVER_BUNDLE = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

type Waiter = { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void };

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly stderr: string[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];
  private readonly listeners = new Set<(p: PublishDiagnosticsParams) => void>();
  capabilities: InitializeResult['capabilities'] | undefined;

  private constructor(nodeArgs: readonly string[], bundle: string) {
    // Started the way the VS Code client starts it (`nodeArgs` add Node options, e.g. a heap limit).
    this.process = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...nodeArgs, bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params);
      for (const listener of this.listeners) listener(params);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== params.uri || (w.version !== undefined && params.version !== w.version)) return true;
        w.resolve(params);
        return false;
      });
    });
    this.connection.listen();
  }

  /** Answers the server's workspace/configuration requests for section `tcpfsm`. */
  settings: unknown = {};
  /** Counts the server's workspace/inlayHint/refresh requests. */
  hintRefreshes = 0;
  /** Sections the server registered didChangeConfiguration for. */
  readonly registrations: string[] = [];

  /**
   * Starts the server; `capabilities` are what this client says it supports (none by default);
   * `nodeArgs` add Node options; `bundle`: another build of the server (the benchmarks compare
   * builds side by side).
   */
  static async start(
    capabilities: ClientCapabilities = {},
    options: { nodeArgs?: readonly string[]; initializationOptions?: unknown; bundle?: string } = {},
  ): Promise<LspClient> {
    const client = new LspClient(options.nodeArgs ?? [], options.bundle ?? SERVER_BUNDLE);
    const initializationOptions = options.initializationOptions;
    client.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === 'tcpfsm' ? client.settings : null)));
    client.connection.onRequest(InlayHintRefreshRequest.type, () => {
      client.hintRefreshes++;
    });
    client.connection.onRequest(RegistrationRequest.type, (params) => {
      for (const r of params.registrations) client.registrations.push(r.method);
    });
    const result = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities,
      ...(initializationOptions !== undefined ? { initializationOptions } : {}),
    });
    client.capabilities = result.capabilities;
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Calls `listener` on every publication until the returned function is called. */
  onPublish(listener: (p: PublishDiagnosticsParams) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the next diagnostics published for `uri` (for `version`, when given). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'tcpfsm', version, text },
    });
    return (await published).diagnostics;
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return (await published).diagnostics;
  }

  async close(uri: string): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return (await published).diagnostics;
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  }

  async inlayHints(uri: string, range: Range): Promise<InlayHint[]> {
    return (await this.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) ?? [];
  }

  /** Tells the server the settings changed (pushing `settings` for clients that cannot be asked). */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { tcpfsm: settings } });
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
    return (result ?? []) as CodeAction[];
  }

  /** The diagram model (tcpfsm/diagram) of `uri` with the cursor at `position`; null when not open. */
  diagram(uri: string, position?: SourcePosition): Promise<DiagramModel | null> {
    const params: DiagramParams = position ? { textDocument: { uri }, position } : { textDocument: { uri } };
    return this.connection.sendRequest<DiagramModel | null>(DIAGRAM_REQUEST, params);
  }

  async codeLenses(uri: string): Promise<CodeLens[]> {
    return (await this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  }

  /** Resident set size of the server process in bytes (Linux /proc). */
  rss(): number {
    const fs = require('node:fs') as typeof import('node:fs');
    const status = fs.readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : NaN;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.process.kill('SIGKILL');
          resolve();
        }, 2000);
        this.process.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** Diagnostics as `code@line:col` (1-based), the form the tests compare. */
export function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`);
}

/** `text` with an LSP server's text edits applied. */
export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edited.tcpfsm', 'tcpfsm', 1, text), [...edits]);
}
