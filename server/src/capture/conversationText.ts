// The capture import's run written out (SPEC section 9): the conversation block, one line per
// event with its capture time and a comment naming the packet, the comments in one column; and
// the same events as data (line, time, frame, peer, event).

import type { Stack, State } from '../tcp/machine';
import type { PeerIndex } from '../tcp/network';

export const PEER_NAMES = ['client', 'server'] as const;

/** One event of the run, as the importer noted it. */
export interface Line {
  readonly time: number;
  readonly peer: PeerIndex;
  readonly event: string;
  readonly comment: string;
  readonly frame?: number;
}

export interface ImportedEvent {
  /** 1-based line of the event in `text`. */
  readonly line: number;
  /** Seconds since the connection's first packet. */
  readonly time: number;
  /** The captured packet the line accounts for (sent by the event, or answered by the receive). */
  readonly frame?: number;
  readonly peer: 'client' | 'server';
  /** The event as written, e.g. `recv FIN / delay ACK`. */
  readonly event: string;
}

/** Seconds with microseconds, as captures give them. */
function formatTime(t: number): string {
  return t.toFixed(6);
}

/** The conversation block named `name` and its events. */
export function conversationText(name: string, stack: Stack, startStates: readonly [State, State], lines: readonly Line[]): { text: string; events: ImportedEvent[] } {
  const header = [`conversation ${JSON.stringify(name)} {`, `  stack ${stack}`];
  if (startStates[0] !== 'CLOSED' || startStates[1] !== 'CLOSED') {
    header.push(`  start client ${startStates[0]}, server ${startStates[1]}`);
  }
  // Neighbouring lines often share their time (a receive and its answer): formatted once.
  const times: string[] = new Array(lines.length);
  const values: number[] = new Array(lines.length);
  let timeWidth = 0;
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && lines[i].time === lines[i - 1].time) {
      times[i] = times[i - 1];
      values[i] = values[i - 1];
      continue;
    }
    times[i] = formatTime(lines[i].time);
    // The time as written (microseconds), as a number.
    values[i] = Number(times[i]);
    if (times[i].length > timeWidth) timeWidth = times[i].length;
  }
  const bodies: string[] = new Array(lines.length);
  let bodyWidth = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    bodies[i] = `  ${times[i].padEnd(timeWidth)} ${PEER_NAMES[l.peer]}: ${l.event}`;
    if (bodies[i].length > bodyWidth) bodyWidth = bodies[i].length;
  }
  const commentAt = bodyWidth + 2;
  const events: ImportedEvent[] = new Array(lines.length);
  let text = `${header.join('\n')}\n`;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const line = header.length + 1 + i;
    const time = values[i];
    const peer = PEER_NAMES[l.peer];
    events[i] = l.frame !== undefined ? { line, time, frame: l.frame, peer, event: l.event } : { line, time, peer, event: l.event };
    text += `${bodies[i].padEnd(commentAt)}# ${l.comment}\n`;
  }
  return { text: `${text}}\n`, events };
}
