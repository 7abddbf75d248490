// The language server: LSP requests in, core services called, results converted out. Every
// handler is guarded so that one failure logs a line and returns nothing instead of killing it.

import {
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type CodeLens,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  type InitializeResult,
  type InlayHint,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGRAM_REQUEST, type DiagramModel, type DiagramParams } from '../protocol/diagram';
import { buildDiagramModel, currentBlockIndex } from '../service/diagram';
import { hoverAt, type HoverOptions } from '../service/hover';
import { conversationHints } from '../service/inlay';
import { CANONICAL_NAMES_KIND, CANONICAL_NAMES_TITLE, canonicalNamesFix, type FixKind, type QuickFix, quickFixes, touchesAlias } from '../service/quickfix';
import type { TextEdit } from '../service/edits';
import { spellingCheck } from '../service/spelling';
import { traceItemAt } from '../service/trace';
import { toCodeAction, toCodeLens, toDiagnostic, toHover, toInlayHint } from './convert';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { OpenDocument } from './documents';
import { FEATURES, type FeatureContext } from './features';
import { forEachBlockItem, MAX_EDITS, SLICE_MS, type Stopped } from './slices';
import { nextTurn } from './turn';

export function startServer(connection: Connection): void {
  const documents = new Map<string, OpenDocument>();
  // The last diagram model of each document: the preview asks again as the cursor moves, and
  // gets it again while the version and the block at the cursor are the same.
  const diagrams = new Map<string, DiagramModel>();
  const scheduled = new Set<string>();

  function guard<P, R>(name: string, fallback: R, handler: (params: P, token?: CancellationToken) => R | Promise<R>): (params: P, token?: CancellationToken) => R | Promise<R> {
    const failed = (err: unknown) => {
      connection.console.error(`tcpfsm: ${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return fallback;
    };
    return (params: P, token?: CancellationToken) => {
      try {
        const result = handler(params, token);
        // A handler that works in slices answers later: its failure is caught there.
        return result instanceof Promise ? result.catch(failed) : result;
      } catch (err) {
        return failed(err);
      }
    };
  }

  // Requests: guarded, and answered once the document's analysis is done. A document whose
  // analysis takes longer than a slice (a huge one just opened, a whole-text replacement, new
  // settings) is analysed in slices (`analyse`); a request on it waits for the last slice (other
  // documents are served meanwhile) and answers ContentModified if the document changed while it
  // waited, RequestCancelled as soon as the client cancels.
  function request<P extends { textDocument?: { uri?: unknown } } | undefined, R>(
    name: string,
    fallback: R,
    handler: (params: P, token?: CancellationToken) => R | Promise<R>,
  ): (params: P, token?: CancellationToken) => R | Promise<R | Stopped> {
    const guarded = guard(name, fallback, handler);
    return (params: P, token?: CancellationToken) => {
      const uri = params?.textDocument?.uri;
      const open = typeof uri === 'string' ? documents.get(uri) : undefined;
      if (!open || open.analysed || guard('analysis', true, () => open.analyzeSome(SLICE_MS))(undefined)) return guarded(params, token);
      const version = open.doc.version;
      const same = () => documents.get(uri as string) === open && open.doc.version === version;
      return (async () => {
        let onCancel: (() => void) | undefined;
        const cancelled = new Promise<void>((resolve) => {
          onCancel = resolve;
        });
        const listening = token?.onCancellationRequested(() => onCancel?.());
        try {
          while (same() && !open.analysed && !token?.isCancellationRequested) await Promise.race([analysed(uri as string), cancelled]);
        } finally {
          listening?.dispose();
        }
        if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        if (!same()) return new ResponseError(LSPErrorCodes.ContentModified, 'the document changed while its analysis was under way');
        return guarded(params, token);
      })();
    };
  }

  // Documents being analysed in slices, with what waits for the end of their analysis.
  const analysing = new Map<string, (() => void)[]>();

  /** Analyses `uri` in slices of SLICE_MS, one a turn; publishes its diagnostics when done. */
  function analyse(uri: string): void {
    if (analysing.has(uri)) return;
    analysing.set(uri, []);
    const slice = () => nextTurn(() => {
      const open = documents.get(uri);
      const done = !open || guard('analysis', true, () => open.analyzeSome(SLICE_MS))(undefined);
      if (!done) {
        slice();
        return;
      }
      const waiting = analysing.get(uri) ?? [];
      analysing.delete(uri);
      for (const resolve of waiting) resolve();
      // A check scheduled meanwhile publishes itself; a change waiting for the diagnostics delay
      // is published when the wait ends.
      if (open && !scheduled.has(uri) && !delayed.has(uri)) guard('diagnostics', undefined, publish)(uri);
    });
    slice();
  }

  /** Resolves when the analysis of `uri` in slices ends (or the document closes). */
  function analysed(uri: string): Promise<void> {
    return new Promise((resolve) => {
      analyse(uri);
      analysing.get(uri)?.push(resolve);
    });
  }

  function publish(uri: string): void {
    const open = documents.get(uri);
    if (!open) return;
    // A small document is analysed here and now; a big one in slices, published at the end.
    if (!open.analyzeSome(SLICE_MS)) {
      analyse(uri);
      return;
    }
    const doc = open.doc;
    const diagnostics = open.current().diagnostics().map((d) => toDiagnostic(doc, d));
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  }

  // A burst of changes is checked once, for the latest text, with no fixed delay: the check
  // waits only until the messages already received are handled. A double nextTurn (turn.ts)
  // lands after the next queued message; while changes keep arriving from the queue, wait
  // another round (at most MAX_ROUNDS).
  let changesSeen = 0;
  const MAX_ROUNDS = 50;
  function schedule(uri: string): void {
    changesSeen++;
    if (scheduled.has(uri)) return;
    scheduled.add(uri);
    const round = (seen: number, left: number) =>
      nextTurn(() =>
        nextTurn(() => {
          if (!scheduled.has(uri)) return;
          if (changesSeen !== seen && left > 0) {
            round(changesSeen, left - 1);
            return;
          }
          scheduled.delete(uri);
          guard('diagnostics', undefined, publish)(uri);
        }),
      );
    round(changesSeen, MAX_ROUNDS);
  }

  // `tcpfsm.diagnostics.delay`: after a change, wait that long since the last change of the
  // document (a change restarts the wait), then schedule as above. The wait is measured, not
  // trusted to the timer, so publication never comes sooner.
  const delayed = new Map<string, ReturnType<typeof setTimeout>>();
  function scheduleChange(uri: string): void {
    const delay = settings.diagnosticsDelay;
    clearTimeout(delayed.get(uri));
    delayed.delete(uri);
    if (delay <= 0) {
      schedule(uri);
      return;
    }
    // A check already scheduled (after didOpen, say) would publish this change too early.
    scheduled.delete(uri);
    const due = performance.now() + delay;
    const wait = () => {
      const left = due - performance.now();
      if (left > 0) {
        delayed.set(uri, setTimeout(wait, Math.ceil(left)));
        return;
      }
      delayed.delete(uri);
      schedule(uri);
    };
    delayed.set(uri, setTimeout(wait, delay));
  }

  // Settings: pulled with workspace/configuration when the client can answer, else taken from
  // what it pushes with didChangeConfiguration (or from initializationOptions).
  let settings: Settings = DEFAULT_SETTINGS;
  let canPull = false;
  let canRegister = false;
  let canRefreshHints = false;
  let clientCapabilities: ClientCapabilities | undefined;
  let hoverOptions: HoverOptions = {};

  async function settingsChanged(pushed: unknown): Promise<void> {
    const before = settings;
    if (canPull) {
      settings = readSettings(await connection.workspace.getConfiguration('tcpfsm'));
    } else if (pushed && typeof pushed === 'object' && 'tcpfsm' in pushed) {
      settings = readSettings((pushed as { tcpfsm: unknown }).tcpfsm);
    }
    if (settings.inlayHints !== before.inlayHints && canRefreshHints) void connection.languages.inlayHint.refresh();
    if (settings.stateNames !== before.stateNames) {
      // Re-check every open document with the new spellings and publish it again (a document
      // waiting for its diagnostics delay is published when the wait ends).
      const check = spellingCheck(settings.stateNames);
      for (const [uri, open] of documents) {
        guard('settings', undefined, () => open.setExtraCheck(check))(undefined);
        if (!delayed.has(uri)) guard('diagnostics', undefined, publish)(uri);
      }
    }
  }

  connection.onInitialize(({ capabilities, initializationOptions }): InitializeResult => {
    clientCapabilities = capabilities;
    canPull = capabilities.workspace?.configuration === true;
    canRegister = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    canRefreshHints = capabilities.workspace?.inlayHint?.refreshSupport === true;
    // A client that runs `command:` links from hovers (the VS Code extension) says so: state hovers
    // then link to the full page instead of carrying it.
    hoverOptions = { commandLinks: (initializationOptions as { commandLinks?: unknown } | undefined)?.commandLinks === true };
    if (initializationOptions && typeof initializationOptions === 'object' && 'tcpfsm' in initializationOptions) {
      settings = readSettings((initializationOptions as { tcpfsm: unknown }).tcpfsm);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CANONICAL_NAMES_KIND] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        ...Object.assign({}, ...FEATURES.map((f) => f.capabilities)),
      },
      serverInfo: { name: 'tcpfsm-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canRegister) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'tcpfsm' });
    if (canPull) void settingsChanged(undefined).catch((err) => connection.console.error(`tcpfsm: settings: ${String(err)}`));
  });

  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    settingsChanged(pushed).catch((err) => connection.console.error(`tcpfsm: settings: ${String(err)}`));
  });

  connection.onDidOpenTextDocument(guard('didOpen', undefined, ({ textDocument: t }) => {
    const doc = TextDocument.create(t.uri, t.languageId, t.version, t.text);
    documents.set(t.uri, new OpenDocument(doc, spellingCheck(settings.stateNames)));
    diagrams.delete(t.uri);
    schedule(t.uri);
  }));

  connection.onDidChangeTextDocument(guard('didChange', undefined, ({ textDocument: t, contentChanges }) => {
    const open = documents.get(t.uri);
    if (!open) return;
    open.applyChanges(contentChanges, t.version);
    // The model is for one version only, and it holds names of that version's text.
    diagrams.delete(t.uri);
    scheduleChange(t.uri);
  }));

  connection.onDidCloseTextDocument(guard('didClose', undefined, ({ textDocument: t }) => {
    documents.delete(t.uri);
    diagrams.delete(t.uri);
    scheduled.delete(t.uri);
    clearTimeout(delayed.get(t.uri));
    delayed.delete(t.uri);
    void connection.sendDiagnostics({ uri: t.uri, diagnostics: [] });
  }));

  connection.onHover(request('hover', null, ({ textDocument, position }) => {
    const open = documents.get(textDocument.uri);
    if (!open) return null;
    const analysis = open.current();
    const offset = open.offsetAt(position);
    const item = analysis.itemAt(offset);
    const result = item && hoverAt({ items: [item] }, analysis.source, offset, hoverOptions);
    return result ? toHover(open.doc, result) : null;
  }));

  connection.onCodeAction(request('codeAction', [] as CodeAction[] | Stopped, async ({ textDocument, range, context }, token) => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const analysis = open.current();
    const span = open.spanOf(range);
    // A kind is wanted when no filter is given, or when a filter names it or a parent of it.
    const wants = (kind: string) => !context?.only || context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const fixes: QuickFix[] = [];
    // On an alias, the file-wide rename is offered next to the fixes (the whole file is parsed
    // only then, or when the source action is asked for by its kind, in slices).
    const canonicalKinds: FixKind[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      fixes.push(...quickFixes(analysis.diagnostics(), span, analysis));
      if (touchesAlias(analysis.itemAt(span.start), span)) canonicalKinds.push('quickfix');
    }
    if (context?.only && wants(CANONICAL_NAMES_KIND)) canonicalKinds.push(CANONICAL_NAMES_KIND);
    if (canonicalKinds.length > 0) {
      const edits: TextEdit[] = [];
      const stopped = await forEachBlockItem(open, () => documents.get(textDocument.uri), token, undefined, (items) => {
        edits.push(...(canonicalNamesFix({ items })?.edits ?? []));
        return edits.length <= MAX_EDITS;
      });
      if (stopped) return stopped;
      if (edits.length > MAX_EDITS) {
        connection.console.info(`tcpfsm: ${CANONICAL_NAMES_TITLE} is not offered for ${textDocument.uri}: it would change more than ${MAX_EDITS} names`);
      } else if (edits.length > 0) {
        for (const kind of canonicalKinds) fixes.push({ title: CANONICAL_NAMES_TITLE, edits, preferred: false, kind });
      }
    }
    return fixes.map((fix) => toCodeAction(open.doc, fix));
  }));

  connection.languages.inlayHint.on(request('inlayHint', [] as InlayHint[], ({ textDocument, range }) => {
    const open = documents.get(textDocument.uri);
    if (!open || !settings.inlayHints) return [];
    const analysis = open.current();
    const span = open.spanOf(range);
    const hints: InlayHint[] = [];
    for (const start of analysis.conversationsIn(span.start, span.end)) {
      const table = traceItemAt(analysis.source, start);
      if (!table) continue;
      for (const hint of conversationHints(analysis.source, table, span)) hints.push(toInlayHint(open.doc, hint));
    }
    return hints;
  }));

  connection.onCodeLens(request('codeLens', [] as CodeLens[], ({ textDocument }) => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    return open.current().blocks().map((block) => toCodeLens(open.doc, block));
  }));

  // The diagram preview's model: the table, the blocks, and the block at the cursor in detail.
  connection.onRequest(DIAGRAM_REQUEST, request('diagram', null, (params: DiagramParams): DiagramModel | null => {
    const open = params?.textDocument ? documents.get(params.textDocument.uri) : undefined;
    if (!open) return null;
    const analysis = open.current();
    const doc = open.doc;
    const blocks = analysis.blocks();
    const offset = params.position ? open.offsetAt(params.position) : undefined;
    const last = diagrams.get(doc.uri);
    if (last && last.version === doc.version && last.current?.index === currentBlockIndex(blocks, offset)) return last;
    const model = buildDiagramModel({
      uri: doc.uri,
      version: doc.version,
      text: analysis.source,
      blocks,
      offset,
      positionAt: (at) => doc.positionAt(at),
    });
    diagrams.set(doc.uri, model);
    return model;
  }));

  const context: FeatureContext = {
    connection,
    document: (uri) => documents.get(uri),
    clientCapabilities: () => clientCapabilities,
    settings: () => settings,
    guard: request,
  };
  for (const feature of FEATURES) feature.register(context);

  connection.listen();
}
