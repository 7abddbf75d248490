// Which block the preview draws: the current one, or — while the block under the cursor has syntax
// errors — the last good drawing of that same block, marked stale. Pure: no vscode import.

import type { BlockDiagram, DiagramModel } from '../../../server/src/protocol/diagram';
import type { ShownDiagram } from '../webview/messages';

/** The same block of the file across edits: same kind, and the same position or the same name. */
export function isSameBlock(a: BlockDiagram, b: BlockDiagram): boolean {
  if (a.kind !== b.kind) return false;
  return a.index === b.index || (a.name !== undefined && a.name === b.name);
}

/**
 * What to show for a new model, given what is shown now. When the current block has syntax
 * errors and the block drawn before is a good drawing (no syntax errors) of the same block of the
 * same document, keep drawing it with `stale: true`; otherwise draw the current block.
 */
export function nextShown(previous: ShownDiagram | undefined, model: DiagramModel): ShownDiagram {
  const current = model.current;
  const last = previous?.block;
  if (
    current !== undefined && current.syntaxErrors > 0 &&
    previous !== undefined && previous.model.uri === model.uri &&
    last !== undefined && last.syntaxErrors === 0 && isSameBlock(last, current)
  ) {
    return { model, block: last, stale: true };
  }
  return { model, block: current, stale: false };
}
