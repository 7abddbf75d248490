// Whole-document requests (outline, folding, semantic tokens, formatting, the canonical-names
// action) go through a document's blocks in slices of about SLICE_MS, giving the event loop back
// between slices: on a huge document they take seconds, and meanwhile the server goes on reading
// edits and publishing the diagnostics of other documents. A request whose document changes or
// closes in the meantime, or that the client cancels, stops and answers with the LSP error for it.

import { type CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { parseItem } from '../syntax/parser';
import type { Item, Span } from '../syntax/tree';
import type { OpenDocument } from './documents';
import { nextTurn as onNextTurn } from './turn';

/**
 * About how long one slice of work (parsing a block and answering for it, block after block) runs
 * before the server turns to other messages. A message waits a few turns behind every request in
 * progress, so a slice is short.
 */
export const SLICE_MS = 10;

/**
 * The most text edits one answer carries (formatting, the canonical-names action): sending and
 * applying hundreds of thousands of edits would hold up the server and the editor for seconds.
 */
export const MAX_EDITS = 20_000;

/** Why a sliced request stopped early: the LSP error it answers with. */
export type Stopped = ResponseError<void>;

/** The next turn of the event loop (turn.ts: setImmediate in Node, a timer task in a web worker). */
const nextTurn = () => new Promise<void>((resolve) => onNextTurn(resolve));

/**
 * Calls `each` with the parsed items of the blocks of `open` that overlap `range` (all blocks
 * without one), in text order, a few at a time: parsing and `each` together take about SLICE_MS
 * before the next turn. `each` returns false to stop early (a cap was reached). Resolves with
 * undefined when done, or with the error to answer when `current()` no longer gives this document
 * at this version, or the client cancelled.
 */
export async function forEachBlockItem(
  open: OpenDocument,
  current: () => OpenDocument | undefined,
  token: CancellationToken | undefined,
  range: Span | undefined,
  each: (items: Item[]) => boolean | void,
): Promise<Stopped | undefined> {
  const version = open.doc.version;
  const analysis = open.current();
  const text = analysis.source;
  const blocks = analysis.blocks();
  let i = 0;
  for (;;) {
    const until = performance.now() + SLICE_MS;
    while (i < blocks.length && performance.now() < until) {
      // A few blocks at a time: the clock is read between them, `each` is called for each batch.
      const batch: Item[] = [];
      for (const stop = Math.min(blocks.length, i + 8); i < stop; i++) {
        const block = blocks[i];
        if (range && (block.start + block.length < range.start || block.start > range.end)) continue;
        batch.push(parseItem(text, block.itemStart));
      }
      if (batch.length > 0 && each(batch) === false) return undefined;
    }
    if (i >= blocks.length) return undefined;
    await nextTurn();
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (current() !== open || open.doc.version !== version) {
      return new ResponseError(LSPErrorCodes.ContentModified, 'the document changed while the request was answered');
    }
  }
}
