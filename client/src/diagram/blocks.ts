// Which block of a file a line belongs to, by the server's rule for DiagramParams.position: the
// block holding the line, else the last block before it, else the first. Pure: no vscode import.

import type { BlockSummary } from '../../../server/src/protocol/diagram';

/** The index of the block the diagram details for a cursor on `line` (0-based); undefined when there is no block. */
export function blockIndexAt(blocks: readonly BlockSummary[], line: number): number | undefined {
  let before: BlockSummary | undefined;
  for (const block of blocks) {
    if (block.range.start.line <= line && line <= block.range.end.line) return block.index;
    if (block.range.end.line < line) before = block;
  }
  return (before ?? blocks[0])?.index;
}
