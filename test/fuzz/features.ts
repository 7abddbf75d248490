// Every editor feature of the core, called through its public entry points the way the language
// server's handlers call them (server/src/lsp/*.ts), on a kept IncrementalAnalysis. The fuzzer
// runs each at random offsets with its oracles; `npm run bench` times each by document size.
// A new feature of the server gets a line here.

import { buildDiagramModel } from '../../server/src/service/diagram';
import { formatEdits } from '../../server/src/service/format';
import { hoverAt } from '../../server/src/service/hover';
import type { IncrementalAnalysis } from '../../server/src/service/incremental';
import { conversationHints } from '../../server/src/service/inlay';
import {
  documentHighlights,
  documentSymbols,
  foldingRanges,
  peerDefinition,
  peerReferences,
  prepareRename,
  renamePeer,
  selectionChain,
} from '../../server/src/service/navigate';
import { canonicalNamesFix, quickFixes, touchesAlias } from '../../server/src/service/quickfix';
import { completeInItem } from '../../server/src/service/complete';
import { encodeTokens, tokensOf } from '../../server/src/service/tokens';
import { traceConversations, traceItemAt } from '../../server/src/service/trace';
import { parseItem } from '../../server/src/syntax/parser';
import type { LineIndex } from '../../server/src/syntax/lines';
import type { Item, Span } from '../../server/src/syntax/tree';

/** A document as the features see it: its kept analysis and its line index. */
export interface FeatureDocument {
  readonly analysis: IncrementalAnalysis;
  readonly lines: LineIndex;
}

export interface Feature {
  readonly name: string;
  /** `document`: once per document (it has no position); `offset`: at each random offset. */
  readonly scope: 'document' | 'offset';
  /** `range` is [offset, offset + a few lines] for range features, the whole text otherwise. */
  run(doc: FeatureDocument, offset: number, range: Span): unknown;
}

/** The blocks' items, parsed one at a time from the kept summaries (as the server does). */
function* blockItems(analysis: IncrementalAnalysis, range?: Span): Generator<Item> {
  for (const block of analysis.blocks()) {
    if (range && (block.start + block.length < range.start || block.start > range.end)) continue;
    yield parseItem(analysis.source, block.itemStart);
  }
}

const PEER_NAMES = ['a', 'peer_2', 'client', 'x y', ''];

export const FEATURES: readonly Feature[] = [
  { name: 'diagnostics', scope: 'document', run: ({ analysis }) => analysis.diagnostics() },
  { name: 'codeLens', scope: 'document', run: ({ analysis }) => analysis.blocks() },
  {
    name: 'documentSymbol', scope: 'document',
    run: ({ analysis }) => documentSymbols(analysis.source, blockItems(analysis)),
  },
  {
    name: 'foldingRange', scope: 'document',
    run: ({ analysis, lines }) => foldingRanges(analysis.source, blockItems(analysis), lines),
  },
  {
    name: 'semanticTokens', scope: 'document',
    run: ({ analysis, lines }) => encodeTokens(tokensOf(analysis.source, blockItems(analysis)), (o) => lines.positionAt(o)),
  },
  { name: 'formatting', scope: 'document', run: ({ analysis }) => formatEdits(analysis.source, blockItems(analysis)) },
  { name: 'canonicalNames', scope: 'document', run: ({ analysis }) => canonicalNamesFix(analysis.file) },
  { name: 'trace', scope: 'document', run: ({ analysis }) => traceConversations(analysis.source) },
  {
    name: 'hover', scope: 'offset',
    run: ({ analysis }, offset) => {
      const item = analysis.itemAt(offset);
      return item && hoverAt({ items: [item] }, analysis.source, offset);
    },
  },
  {
    name: 'completion', scope: 'offset',
    run: ({ analysis }, offset) => completeInItem(analysis.source, offset, analysis.itemAt(offset), { snippets: true }),
  },
  {
    name: 'codeAction', scope: 'offset',
    run: ({ analysis }, _offset, range) => {
      const fixes = quickFixes(analysis.diagnostics(), range, analysis);
      if (touchesAlias(analysis.itemAt(range.start), range)) fixes.push(...[canonicalNamesFix(analysis.file, 'quickfix')].filter((f) => f !== undefined));
      return fixes;
    },
  },
  {
    name: 'inlayHint', scope: 'offset',
    run: ({ analysis }, _offset, range) => analysis.conversationsIn(range.start, range.end).flatMap((start) => {
      const table = traceItemAt(analysis.source, start);
      return table ? conversationHints(analysis.source, table, range) : [];
    }),
  },
  {
    name: 'diagram', scope: 'offset',
    run: ({ analysis, lines }, offset) => buildDiagramModel({
      uri: 'file:///fuzz.tcpfsm', version: 1, text: analysis.source, blocks: analysis.blocks(), offset, positionAt: (o) => lines.positionAt(o),
    }),
  },
  { name: 'selectionRange', scope: 'offset', run: ({ analysis }, offset) => selectionChain(analysis.source, analysis.itemAt(offset), offset) },
  { name: 'documentHighlight', scope: 'offset', run: ({ analysis }, offset) => documentHighlights(analysis.itemAt(offset), offset) },
  { name: 'definition', scope: 'offset', run: ({ analysis }, offset) => peerDefinition(analysis.itemAt(offset), offset) },
  { name: 'references', scope: 'offset', run: ({ analysis }, offset) => peerReferences(analysis.itemAt(offset), offset) },
  { name: 'prepareRename', scope: 'offset', run: ({ analysis }, offset) => prepareRename(analysis.itemAt(offset), offset) },
  {
    name: 'rename', scope: 'offset',
    run: ({ analysis }, offset) => renamePeer(analysis.source, analysis.itemAt(offset), offset, PEER_NAMES[offset % PEER_NAMES.length]),
  },
  {
    name: 'semanticTokensRange', scope: 'offset',
    run: ({ analysis, lines }, _offset, range) =>
      encodeTokens(tokensOf(analysis.source, blockItems(analysis, range), range), (o) => lines.positionAt(o)),
  },
  { name: 'rangeFormatting', scope: 'offset', run: ({ analysis }, _offset, range) => formatEdits(analysis.source, blockItems(analysis, range), range) },
];
