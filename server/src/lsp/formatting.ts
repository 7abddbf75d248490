// Document and range formatting: the core's edits for each block, as LSP TextEdits.

import type { TextEdit } from 'vscode-languageserver';
import { formatEdits } from '../service/format';
import type { Feature } from './features';
import type { OpenDocument } from './documents';
import { blockItems } from './tokens';

function edits(open: OpenDocument, range?: { start: number; end: number }): TextEdit[] {
  const text = open.current().source;
  return formatEdits(text, blockItems(open, range), range).map((e) => ({
    range: { start: open.doc.positionAt(e.span.start), end: open.doc.positionAt(e.span.end) },
    newText: e.newText,
  }));
}

export const formattingFeature: Feature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register({ connection, document, guard }) {
    connection.onDocumentFormatting(guard('formatting', [] as TextEdit[], ({ textDocument }) => {
      const open = document(textDocument.uri);
      return open ? edits(open) : [];
    }));
    connection.onDocumentRangeFormatting(guard('rangeFormatting', [] as TextEdit[], ({ textDocument, range }) => {
      const open = document(textDocument.uri);
      return open ? edits(open, open.spanOf(range)) : [];
    }));
  },
};
