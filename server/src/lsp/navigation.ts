// Navigation over LSP: outline, folding, selection ranges, highlights, and conversation peers
// (definition, references, rename). The work is done per item by service/navigate.ts.

import {
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
import { parseItem } from '../syntax/parser';
import type { Item, Span } from '../syntax/tree';
import {
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
import type { IncrementalAnalysis } from '../service/incremental';
import type { Feature } from './features';

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

/** The blocks' items, parsed one at a time (from the kept summaries: linear in the file). */
function* blockItems(analysis: IncrementalAnalysis): Generator<Item> {
  for (const block of analysis.blocks()) yield parseItem(analysis.source, block.itemStart);
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

    connection.onDocumentSymbol(guard('documentSymbol', [] as DocumentSymbol[], ({ textDocument }) => {
      const o = open(textDocument.uri);
      if (!o) return [];
      return documentSymbols(o.analysis.source, blockItems(o.analysis)).map((s) => toSymbol(o.doc, s));
    }));

    connection.onFoldingRanges(guard('foldingRange', [] as FoldingRange[], ({ textDocument }) => {
      const o = open(textDocument.uri);
      if (!o) return [];
      return foldingRanges(o.analysis.source, blockItems(o.analysis), o.doc).map((f) =>
        f.kind ? { startLine: f.startLine, endLine: f.endLine, kind: FoldingRangeKind.Comment } : { startLine: f.startLine, endLine: f.endLine });
    }));

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
