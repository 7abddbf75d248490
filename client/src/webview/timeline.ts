// The block as a timeline the step slider walks: a scenario's steps in order, or a conversation's
// events (each peer's state changes pinned to the event that caused them).

import type { BlockDiagram, PathStep, SourceRange } from '../../../server/src/protocol/diagram';

export interface Hop {
  /** 0 for a scenario; the peer whose path this is for a conversation. */
  readonly peer: 0 | 1;
  readonly step: PathStep;
  /** The slider position after which the hop is shown: the step's index, or its event's index. */
  readonly order: number;
}

export interface Timeline {
  /** All hops, in the order they happen (then by peer). */
  readonly hops: readonly Hop[];
  /** The slider's maximum: the number of steps, or of events. */
  readonly length: number;
  /** What one slider stop is called. */
  readonly unit: 'Step' | 'Event';
}

export const EMPTY_TIMELINE: Timeline = { hops: [], length: 0, unit: 'Step' };

export function rangeHasLine(range: SourceRange, line: number): boolean {
  return range.start.line <= line && line <= range.end.line;
}

export function timelineOf(block: BlockDiagram | undefined): Timeline {
  if (!block) return EMPTY_TIMELINE;
  if (block.kind === 'scenario') {
    return { hops: block.steps.map((step, i) => ({ peer: 0, step, order: i })), length: block.steps.length, unit: 'Step' };
  }
  // A peer's state change happens at the event written at the same place.
  const byStart = new Map<string, number>();
  block.events.forEach((e, i) => {
    const key = `${e.range.start.line}:${e.range.start.character}`;
    if (!byStart.has(key)) byStart.set(key, i);
  });
  const eventAt = (range: SourceRange): number => {
    const exact = byStart.get(`${range.start.line}:${range.start.character}`);
    if (exact !== undefined) return exact;
    let best = 0;
    block.events.forEach((e, i) => {
      if (e.range.start.line <= range.start.line) best = i;
    });
    return best;
  };
  const hops: Hop[] = [];
  for (const peer of [0, 1] as const) for (const step of block.paths[peer]) hops.push({ peer, step, order: eventAt(step.range) });
  hops.sort((a, b) => a.order - b.order || a.peer - b.peer || a.step.number - b.step.number);
  return { hops, length: block.events.length, unit: 'Event' };
}
