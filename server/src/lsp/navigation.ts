// Navigation over LSP: outline, folding, selection ranges, highlights, and conversation peers
// (definition, references, rename). The work is done per item by service/navigate.ts. The outline
// and folding go through the blocks in slices (slices.ts) and are capped: an outline of a million
// lines helps nobody and takes hundreds of megabytes to send, so it stops at MAX_OUTLINE_SYMBOLS
// with a last entry that says so; folding stops at the client's range limit.

import {
  type CancellationToken,
  type DocumentHighlight,
  DocumentHighlightKind,
  type DocumentSymbol,
  ErrorCodes,
  type FoldingRange,
  FoldingRangeKind,
  type Location,
  type Position,
  type Range,
  ResponseError,
  type SelectionRange,
  SymbolKind,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../syntax/tree';
import {
  commentFolds,
  documentHighlights,
  documentSymbols,
  foldingRanges,
  type OutlineKind,
  type OutlineSymbol,
  peerDefinition,
  peerReferences,
  prepareRename,
  renamePeer,
  selectionChain,
} from '../service/navigate';
import type { Feature, FeatureContext } from './features';
import { forEachBlockItem, type Stopped } from './slices';

/** The most symbols (blocks, steps and events) an outline holds. */
export const MAX_OUTLINE_SYMBOLS = 10_000;
/** The most folding ranges sent when the client gives no limit. */
export const MAX_FOLDING_RANGES = 5_000;

const SYMBOL_KIND: Record<OutlineKind, SymbolKind> = {
  scenario: SymbolKind.Class,
  conversation: SymbolKind.Namespace,
  step: SymbolKind.Function,
  event: SymbolKind.Event,
};

function range(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

function toSymbol(doc: TextDocument, s: OutlineSymbol): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name,
    kind: SYMBOL_KIND[s.kind],
    range: range(doc, s.span),
    selectionRange: range(doc, s.selection),
  };
  if (s.detail !== undefined) out.detail = s.detail;
  if (s.children) out.children = s.children.map((c) => toSymbol(doc, c));
  return out;
}

const symbolCount = (s: OutlineSymbol): number => 1 + (s.children?.length ?? 0);

/** The outline, at most MAX_OUTLINE_SYMBOLS symbols; then one entry saying how many blocks are left out. */
async function outline(context: FeatureContext, uri: string, token: CancellationToken | undefined) {
  const open = context.document(uri);
  if (!open) return [];
  const text = open.current().source;
  const blocks = open.current().blocks();
  const symbols: DocumentSymbol[] = [];
  let count = 0;
  const stopped = await forEachBlockItem(open, () => context.document(uri), token, undefined, (items) => {
    for (const s of documentSymbols(text, items)) {
      if (count + symbolCount(s) > MAX_OUTLINE_SYMBOLS) return false;
      count += symbolCount(s);
      symbols.push(toSymbol(open.doc, s));
    }
    return true;
  });
  if (stopped) return stopped;
  const left = blocks.length - symbols.length;
  if (left > 0) {
    const first = blocks[symbols.length];
    const where = range(open.doc, { start: first.start, end: text.length });
    symbols.push({
      name: `… ${left.toLocaleString('en-US')} more blocks not shown (the outline stops at ${MAX_OUTLINE_SYMBOLS.toLocaleString('en-US')} symbols)`,
      kind: SymbolKind.Null,
      range: where,
      selectionRange: { start: where.start, end: where.start },
    });
  }
  return symbols;
}

/** Folding ranges of the blocks and comment runs, at most the client's limit (MAX_FOLDING_RANGES without one). */
async function folds(context: FeatureContext, uri: string, token: CancellationToken | undefined) {
  const open = context.document(uri);
  if (!open) return [];
  const limit = context.clientCapabilities()?.textDocument?.foldingRange?.rangeLimit ?? MAX_FOLDING_RANGES;
  const text = open.current().source;
  const found: FoldingRange[] = [];
  let blockFolds = 0;
  let reach = text.length;
  const stopped = await forEachBlockItem(open, () => context.document(uri), token, undefined, (items) => {
    for (const f of foldingRanges(text, items, open.doc, false)) {
      if (blockFolds >= limit) {
        // The rest of the file is not folded: nor are its comments.
        reach = open.doc.offsetAt({ line: f.startLine, character: 0 });
        return false;
      }
      blockFolds++;
      found.push({ startLine: f.startLine, endLine: f.endLine });
    }
    return true;
  });
  if (stopped) return stopped;
  for (const f of commentFolds(text, reach)) found.push({ startLine: f.startLine, endLine: f.endLine, kind: FoldingRangeKind.Comment });
  found.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return found.slice(0, limit);
}

export const navigationFeature: Feature = {
  capabilities: {
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    documentHighlightProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
  },

  register(context) {
    const { connection, guard } = context;
    const open = (uri: string) => {
      const document = context.document(uri);
      return document ? { doc: document.doc, analysis: document.current(), offsetAt: (p: Position) => document.offsetAt(p) } : undefined;
    };

    connection.onDocumentSymbol(guard('documentSymbol', [] as DocumentSymbol[] | Stopped, ({ textDocument }, token) => outline(context, textDocument.uri, token)));

    connection.onFoldingRanges(guard('foldingRange', [] as FoldingRange[] | Stopped, ({ textDocument }, token) => folds(context, textDocument.uri, token)));

    connection.onSelectionRanges(guard('selectionRange', [] as SelectionRange[], ({ textDocument, positions }) => {
      const o = open(textDocument.uri);
      if (!o) return [];
      return positions.map((position) => {
        const offset = o.offsetAt(position);
        const chain = selectionChain(o.analysis.source, o.analysis.itemAt(offset), offset);
        let parent: SelectionRange | undefined;
        for (let i = chain.length - 1; i >= 0; i--) parent = parent ? { range: range(o.doc, chain[i]), parent } : { range: range(o.doc, chain[i]) };
        return parent ?? { range: { start: position, end: position } };
      });
    }));

    connection.onDocumentHighlight(guard('documentHighlight', [] as DocumentHighlight[], ({ textDocument, position }) => {
      const o = open(textDocument.uri);
      if (!o) return [];
      const offset = o.offsetAt(position);
      return documentHighlights(o.analysis.itemAt(offset), offset).map((h) => ({
        range: range(o.doc, h.span),
        kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
    }));

    connection.onDefinition(guard('definition', [] as Location[], ({ textDocument, position }) => {
      const o = open(textDocument.uri);
      if (!o) return [];
      const offset = o.offsetAt(position);
      return peerDefinition(o.analysis.itemAt(offset), offset).map((span) => ({ uri: textDocument.uri, range: range(o.doc, span) }));
    }));

    connection.onReferences(guard('references', [] as Location[], ({ textDocument, position, context: ref }) => {
      const o = open(textDocument.uri);
      if (!o) return [];
      const offset = o.offsetAt(position);
      return peerReferences(o.analysis.itemAt(offset), offset, ref?.includeDeclaration !== false)
        .map((span) => ({ uri: textDocument.uri, range: range(o.doc, span) }));
    }));

    connection.onPrepareRename(guard('prepareRename', null, ({ textDocument, position }) => {
      const o = open(textDocument.uri);
      if (!o) return null;
      const offset = o.offsetAt(position);
      const result = prepareRename(o.analysis.itemAt(offset), offset);
      if ('error' in result) return new ResponseError<void>(ErrorCodes.InvalidRequest, result.error);
      return { range: range(o.doc, result.span), placeholder: result.placeholder };
    }));

    connection.onRenameRequest(guard('rename', null, ({ textDocument, position, newName }) => {
      const o = open(textDocument.uri);
      if (!o) return null;
      const offset = o.offsetAt(position);
      const result = renamePeer(o.analysis.source, o.analysis.itemAt(offset), offset, newName);
      if ('error' in result) return new ResponseError<void>(ErrorCodes.InvalidRequest, result.error);
      const edit: WorkspaceEdit = {
        changes: { [textDocument.uri]: result.edits.map((e) => ({ range: range(o.doc, e.span), newText: e.newText })) },
      };
      return edit;
    }));
  },
};
