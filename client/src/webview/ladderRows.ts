// Where the ladder's rows go down the page. Without times, one row after another. With times
// (SPEC section 8), to scale: the space between two events' lines is proportional to the time
// between them, but never less than a row (an event needs its line and its state badges), and an
// idle gap much longer than the usual ones is shortened to a fixed height and marked with a break
// that says how long it really was. A row that receives an old segment gets a band above it for
// the arrow that comes from outside the lifelines.

import type { ConversationDiagram } from '../../../server/src/protocol/diagram';

/** A row: its event's line, then the state badges under it. */
export const ROW = 44;
/** From a row's top: the event line, and the centre of the badges under it. */
const EVENT_AT = 14;
const BADGE_AT = 33;
/** Above the first row. */
export const PAD = 14;
/** The band above a row where an old segment's arrow comes in from the diagram's edge. */
export const OLD_BAND = 24;
/** The height a shortened gap takes between two rows (room for its break mark). */
export const BREAK_H = 48;
/**
 * The time that one row's height stands for is the lower quartile of the gaps between events; a gap
 * longer than this many rows' worth is shortened.
 */
const SCALE_QUANTILE = 0.25;
const BREAK_ROWS = 10;

/** An idle gap drawn shorter than its real length. */
export interface GapBreak {
  /** The event before the gap (the one after is `after + 1`). */
  readonly after: number;
  readonly seconds: number;
  /** The middle of the shortened space, where the break mark goes. */
  readonly y: number;
}

export class RowLayout {
  /** Top of each row; one more entry: the end of the last row. */
  private readonly tops: Float64Array;
  readonly breaks: readonly GapBreak[];
  /** Pixels per second where the drawing is to scale (0 without times). */
  readonly pxPerSecond: number;

  constructor(block: ConversationDiagram) {
    const n = block.events.length;
    const oldAt = new Set<number>();
    for (const s of block.segments) if (s.mark === 'old' && s.arrivedAt !== undefined) oldAt.add(s.arrivedAt);
    const band = (i: number): number => (oldAt.has(i) ? OLD_BAND : 0);
    // Every event of a timed block has a time (an `expect` when the event before it happened); were
    // one missing, it would be taken to happen with the event before it.
    let last = 0;
    const times = block.timed ? block.events.map((e) => (last = e.time ?? last)) : undefined;
    const scale = times ? secondsPerRow(times) : undefined;
    this.pxPerSecond = scale ? ROW / scale : 0;
    const breaks: GapBreak[] = [];
    const tops = new Float64Array(n + 1);
    let y = PAD + band(0);
    for (let i = 0; i < n; i++) {
      // Whole hundredths of a pixel: times like 7263.2 would otherwise leave float noise in the SVG.
      y = Math.round(y * 100) / 100;
      tops[i] = y;
      let step = ROW + band(i + 1);
      if (times && scale && i + 1 < n) {
        const gap = Math.max(0, times[i + 1] - times[i]);
        if (gap > scale * BREAK_ROWS) {
          step = ROW + BREAK_H + band(i + 1);
          breaks.push({ after: i, seconds: gap, y: y + ROW + BREAK_H / 2 });
        } else {
          step = Math.max(step, gap * this.pxPerSecond);
        }
      }
      y += step;
    }
    tops[n] = y;
    this.tops = tops;
    this.breaks = breaks;
  }

  get rows(): number {
    return this.tops.length - 1;
  }

  /** Where the rows end. */
  get bottom(): number {
    return this.tops[this.rows];
  }

  top(i: number): number {
    return this.tops[i];
  }

  /** The event line of row `i`: its text is centred on it, its arrows start and end on it. */
  line(i: number): number {
    return this.tops[i] + EVENT_AT;
  }

  /** The centre of the state badges under row `i`'s line. */
  badge(i: number): number {
    return this.tops[i] + BADGE_AT;
  }

  /** The row at height `y` (the last row starting at or above it; clamped to the rows). */
  rowAt(y: number): number {
    let lo = 0;
    let hi = this.rows - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.tops[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** The seconds one row's height stands for: a low quantile of the non-zero gaps (undefined: no time passes). */
function secondsPerRow(times: readonly number[]): number | undefined {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) gaps.push(times[i] - times[i - 1]);
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) * SCALE_QUANTILE)];
}

/** A time as the block writes it: seconds, up to microseconds (`0.300722 s`, `63.378 s`). */
export function formatTime(seconds: number): string {
  return `${Number(seconds.toFixed(6))} s`;
}

/** A duration for people: `0.044 s`, `60 s`, `4 min`, `2 h`, `1 h 5 min`. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Number(seconds.toFixed(seconds < 10 ? 3 : 1))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
