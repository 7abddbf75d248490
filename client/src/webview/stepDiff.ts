// What the step at the slider changed, as the TLA+ trace view shows a state's changed variables:
// which peer's state moved (from → to), which segments the step added to a queue (sent) and which
// it took from one (received or lost). Pure: the status line spells it out, and both views
// highlight the same things (the ladder's row, pills and segments; the state view's hops and the
// state entered).

import type { BlockDiagram, LadderSegment } from '../../../server/src/protocol/diagram';
import type { State } from '../../../server/src/tcp/machine';

export interface StateChange {
  readonly peer: 0 | 1;
  readonly from: State;
  readonly to: State;
}

export interface QueueChange {
  /** The segment's id (`LadderSegment.id`). */
  readonly id: number;
  readonly text: string;
  /** The queue: the segment's sender and receiver. */
  readonly from: 0 | 1;
  readonly to: 0 | 1;
  /** Taken from its queue by a `lose`, not received. */
  readonly lost?: true;
}

export interface StepDiff {
  /** The slider position whose step this is (1-based: the step just taken). */
  readonly position: number;
  /** A conversation's event index (position - 1); undefined for a scenario. */
  readonly event?: number;
  readonly states: readonly StateChange[];
  /** Segments the step put in a queue. */
  readonly added: readonly QueueChange[];
  /** Segments the step took out of a queue. */
  readonly taken: readonly QueueChange[];
}

/** What the step that slider position `position` shows last changed; undefined at the start (position 0) or past the end. */
export function stepDiff(block: BlockDiagram | undefined, position: number): StepDiff | undefined {
  if (!block || position < 1) return undefined;
  if (block.kind === 'scenario') {
    const step = block.steps[position - 1];
    if (!step) return undefined;
    const states = step.from && step.to && step.from !== step.to ? [{ peer: 0 as const, from: step.from, to: step.to }] : [];
    return { position, states, added: [], taken: [] };
  }
  const index = position - 1;
  const e = block.events[index];
  if (!e) return undefined;
  const byId = new Map<number, LadderSegment>(block.segments.map((s) => [s.id, s]));
  const change = (id: number): QueueChange | undefined => {
    const s = byId.get(id);
    if (!s) return undefined;
    const to: 0 | 1 = s.from === 0 ? 1 : 0;
    return { id, text: s.text, from: s.from, to, ...(s.lost && s.arrivedAt === index ? { lost: true as const } : {}) };
  };
  const states = ([0, 1] as const).filter((p) => e.before[p] !== e.after[p]).map((p) => ({ peer: p, from: e.before[p], to: e.after[p] }));
  const added = e.sent.map(change).filter((c): c is QueueChange => c !== undefined);
  const taken = e.received !== undefined ? [change(e.received)].filter((c): c is QueueChange => c !== undefined) : [];
  return { position, event: index, states, added, taken };
}

/** The diff in words, one part each: `server LISTEN → SYN_RECEIVED`, `+ SYN+ACK server → client`, `− SYN client → server`. */
export function diffParts(block: BlockDiagram, diff: StepDiff): { text: string; cls: 'diff-state' | 'diff-added' | 'diff-taken' }[] {
  const name = (peer: 0 | 1) => (block.kind === 'conversation' ? block.peers[peer] : '');
  const queue = (c: QueueChange) => `${name(c.from)} → ${name(c.to)}`;
  return [
    ...diff.states.map((s) => ({ text: `${block.kind === 'conversation' ? `${name(s.peer)} ` : ''}${s.from} → ${s.to}`, cls: 'diff-state' as const })),
    ...diff.added.map((c) => ({ text: `+ ${c.text} ${queue(c)}`, cls: 'diff-added' as const })),
    ...diff.taken.map((c) => ({ text: `${c.lost ? '✗' : '−'} ${c.text} ${queue(c)}${c.lost ? ' (lost)' : ''}`, cls: 'diff-taken' as const })),
  ];
}
