// Semantic tokens (full document and range): the core's tokens of each block, encoded for LSP.
// The blocks are tokenized in slices (slices.ts), and at most MAX_SEMANTIC_TOKENS are sent: past
// them a huge document is coloured by the TextMate grammar only (the server logs it once).

import type { CancellationToken, SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { Span } from '../syntax/tree';
import { encodeTokens, type SemanticToken, TOKEN_MODIFIERS, TOKEN_TYPES, tokensOf } from '../service/tokens';
import type { Feature, FeatureContext } from './features';
import { forEachBlockItem, type Stopped } from './slices';

export const TOKEN_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** The most tokens one answer holds (five numbers each). */
export const MAX_SEMANTIC_TOKENS = 100_000;

async function tokens(context: FeatureContext, uri: string, token: CancellationToken | undefined, range?: Span): Promise<SemanticTokens | Stopped> {
  const open = context.document(uri);
  if (!open) return { data: [] };
  const text = open.current().source;
  const list: SemanticToken[] = [];
  let capped = false;
  const stopped = await forEachBlockItem(open, () => context.document(uri), token, range, (items) => {
    for (const t of tokensOf(text, items, range)) {
      if (list.length >= MAX_SEMANTIC_TOKENS) {
        capped = true;
        return false;
      }
      list.push(t);
    }
    return true;
  });
  if (stopped) return stopped;
  if (capped && !warned.has(uri)) {
    warned.add(uri);
    const line = open.doc.positionAt(list[list.length - 1].start).line + 1;
    context.connection.console.info(`tcpfsm: ${uri}: semantic tokens stop at ${MAX_SEMANTIC_TOKENS.toLocaleString('en-US')} tokens (line ${line}); the rest is coloured by the grammar only`);
  }
  return { data: encodeTokens(list, (offset) => open.doc.positionAt(offset)) };
}

/** Documents whose tokens were capped, told once. */
const warned = new Set<string>();

export const semanticTokensFeature: Feature = {
  capabilities: { semanticTokensProvider: { legend: TOKEN_LEGEND, full: true, range: true } },
  register(context) {
    const { connection, guard } = context;
    connection.languages.semanticTokens.on(guard('semanticTokens', { data: [] } as SemanticTokens | Stopped, ({ textDocument }, token) =>
      tokens(context, textDocument.uri, token)));
    connection.languages.semanticTokens.onRange(guard('semanticTokensRange', { data: [] } as SemanticTokens | Stopped, ({ textDocument, range }, token) => {
      const open = context.document(textDocument.uri);
      return open ? tokens(context, textDocument.uri, token, open.spanOf(range)) : { data: [] };
    }));
  },
};
