// Semantic tokens (full document and range): the core's tokens of each block, encoded for LSP.

import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import { parseItem } from '../syntax/parser';
import type { Item } from '../syntax/tree';
import { encodeTokens, TOKEN_MODIFIERS, TOKEN_TYPES, tokensOf } from '../service/tokens';
import type { Feature } from './features';
import type { OpenDocument } from './documents';

export const TOKEN_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** The parsed items holding the blocks that overlap [start, end] (all blocks without a range). */
export function* blockItems(open: OpenDocument, range?: { start: number; end: number }): Generator<Item> {
  const analysis = open.current();
  for (const block of analysis.blocks()) {
    if (range && (block.start + block.length < range.start || block.start > range.end)) continue;
    yield parseItem(analysis.source, block.itemStart);
  }
}

function tokens(open: OpenDocument, range?: { start: number; end: number }): SemanticTokens {
  const text = open.current().source;
  const list = tokensOf(text, blockItems(open, range), range);
  return { data: encodeTokens(list, (offset) => open.doc.positionAt(offset)) };
}

export const semanticTokensFeature: Feature = {
  capabilities: { semanticTokensProvider: { legend: TOKEN_LEGEND, full: true, range: true } },
  register({ connection, document, guard }) {
    connection.languages.semanticTokens.on(guard('semanticTokens', { data: [] } as SemanticTokens, ({ textDocument }) => {
      const open = document(textDocument.uri);
      return open ? tokens(open) : { data: [] };
    }));
    connection.languages.semanticTokens.onRange(guard('semanticTokensRange', { data: [] } as SemanticTokens, ({ textDocument, range }) => {
      const open = document(textDocument.uri);
      if (!open) return { data: [] };
      return tokens(open, open.spanOf(range));
    }));
  },
};
