// tcpdump's sequence numbers, undone: tcpdump prints them relative by default (the first segment
// with ACK of a 4-tuple, or a SYN+ACK, is printed as is and later ones are counted from it) and
// absolute with -S; it prints no `seq` on a segment without data, SYN, FIN or RST. This replays
// its numbering per 4-tuple to give back the absolute numbers and infers the missing ones.

import { ACK, FIN, SYN } from './packet';
import type { CaptureSink } from './records';

export type SequenceNumbering = 'auto' | 'relative' | 'absolute';

/** Per 4-tuple: what tcpdump's relative numbering and the seq inference need, per side (0: the
 *  endpoint whose `address.port` text sorts first, 1: the other). */
interface Conversation {
  /** tcpdump has a numbering entry (made by the first ACK-bearing segment, reset by a SYN+ACK). */
  numbered: boolean;
  /** The absolute number tcpdump subtracts from each side's numbers (undefined: never printed). */
  readonly base: [number | undefined, number | undefined];
  /** Each side's sequence number after its latest segment. */
  readonly next: [number | undefined, number | undefined];
  /** The last acknowledgement number each side sent. */
  readonly lastAck: [number | undefined, number | undefined];
  warned: boolean;
}

/** Where a segment is, for warnings. */
export interface Location {
  readonly firstLine: number;
  readonly frame: number;
}

const where = (at: Location) => `line ${at.firstLine} (frame ${at.frame})`;

export class TcpdumpNumbering {
  private numbering: 'relative' | 'absolute' | undefined;
  private readonly conversations = new Map<string, Conversation>();

  constructor(private readonly sink: CaptureSink, numbering: SequenceNumbering) {
    if (numbering !== 'auto') this.numbering = numbering;
  }

  /** Undoes tcpdump's relative numbering and fills in a sequence number it did not print. */
  absolute(
    sender: string, receiver: string, flags: number, printedSeq: number | undefined, printedAck: number,
    length: number, at: Location,
  ): { seq: number; ack: number; inferred: boolean } {
    const s = sender < receiver ? 0 : 1; // the sender's side
    const r = 1 - s;
    const key = s === 0 ? `${sender} ${receiver}` : `${receiver} ${sender}`;
    let c = this.conversations.get(key);
    if (c === undefined) {
      c = { numbered: false, base: [undefined, undefined], next: [undefined, undefined], lastAck: [undefined, undefined], warned: false };
      this.conversations.set(key, c);
    }
    if (flags & SYN) {
      c.next[s] = undefined; // a new connection on the same 4-tuple
      c.lastAck[s] = undefined;
    }
    let seq = printedSeq;
    let ack = printedAck;
    if (this.numbering !== 'absolute' && (flags & ACK)) {
      if (!c.numbered || (flags & SYN)) {
        // tcpdump prints this segment's numbers as they are and numbers later ones from them.
        c.numbered = true;
        c.base[s] = printedSeq ?? c.next[s] ?? c.lastAck[r];
        c.base[r] = (printedAck - 1) >>> 0;
      } else {
        this.numbering ??= numberingOf(c, s, printedSeq, printedAck);
        if (this.numbering === 'relative') {
          const senderBase = c.base[s];
          if (senderBase === undefined && !c.warned) {
            c.warned = true;
            this.sink.warning({ kind: 'guessed', frame: at.frame,
              message: `${where(at)}: tcpdump numbered ${sender}'s sequence numbers from a segment that did not show one; they stay relative` });
          }
          if (seq !== undefined) seq = (seq + (senderBase ?? 0)) >>> 0;
          ack = (ack + (c.base[r] ?? 0)) >>> 0;
        }
      }
    }
    let inferred = false;
    if (seq === undefined) {
      inferred = true;
      seq = c.next[s] ?? c.lastAck[r];
      if (seq === undefined) {
        // Also right for tcpdump's relative numbering from this very segment: it would be seq 0.
        if (!c.warned) {
          c.warned = true;
          this.sink.warning({ kind: 'guessed', frame: at.frame,
            message: `${where(at)}: the sequence number is not printed and no earlier segment of ${sender} shows it; taken as 0` });
        }
        if (flags & ACK) c.lastAck[s] = ack;
        return { seq: 0, ack: flags & ACK ? ack : 0, inferred };
      }
    }
    const next = (seq + length + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0)) >>> 0;
    const known = c.next[s];
    if (known === undefined || ((next - known) | 0) > 0) c.next[s] = next;
    if (flags & ACK) c.lastAck[s] = ack;
    return { seq, ack: flags & ACK ? ack : 0, inferred };
  }
}

/**
 * Relative (tcpdump's default) or absolute (-S) numbers, decided at the first segment tcpdump
 * would print relative: whichever reading puts its numbers nearer to where that connection is —
 * the next sequence numbers of both sides when known, else the numbers tcpdump counts from.
 */
function numberingOf(c: Conversation, s: number, printedSeq: number | undefined, printedAck: number): 'relative' | 'absolute' {
  const r = 1 - s;
  const distance = (a: number, b: number) => Math.abs((a - b) | 0);
  const terms: [printed: number, base: number | undefined, next: number | undefined][] = [[printedAck, c.base[r], c.next[r]]];
  if (printedSeq !== undefined) terms.push([printedSeq, c.base[s], c.next[s]]);
  let absolute = 0;
  let relative = 0;
  let compared = false;
  for (const [printed, base, next] of terms) {
    if (base === undefined || next === undefined) continue;
    compared = true;
    absolute += distance(printed, next);
    relative += distance((printed + base) >>> 0, next);
  }
  if (!compared) {
    // A relative number is a distance from the base; an absolute one lies near the base.
    for (const [printed, base] of terms) {
      if (base === undefined) continue;
      absolute += distance(printed, base);
      relative += printed;
    }
  }
  return absolute < relative ? 'absolute' : 'relative';
}
