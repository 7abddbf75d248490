// tcpdump's sequence numbers, undone: tcpdump prints them relative by default (the first segment
// with ACK of a 4-tuple, or a SYN+ACK, is printed as is and later ones are counted from it) and
// absolute with -S; it prints no `seq` on a segment without data, SYN, FIN or RST. This replays
// its numbering per 4-tuple to give back the absolute numbers and infers the missing ones.

import { ACK, FIN, SYN } from './packet';
import type { CaptureSink } from './records';

export type SequenceNumbering = 'auto' | 'relative' | 'absolute';

/** Per 4-tuple: what tcpdump's relative numbering and the seq inference need. */
interface Conversation {
  /** tcpdump has a numbering entry (made by the first ACK-bearing segment, reset by a SYN+ACK). */
  numbered: boolean;
  /** Per sending endpoint: the absolute number tcpdump subtracts (undefined: never printed). */
  readonly base: Map<string, number | undefined>;
  /** Per sending endpoint: the sequence number after its latest segment. */
  readonly next: Map<string, number>;
  /** Per sending endpoint: the last acknowledgement number it sent. */
  readonly lastAck: Map<string, number>;
  warned: boolean;
}

export class TcpdumpNumbering {
  private numbering: 'relative' | 'absolute' | undefined;
  private readonly conversations = new Map<string, Conversation>();

  constructor(private readonly sink: CaptureSink, numbering: SequenceNumbering) {
    if (numbering !== 'auto') this.numbering = numbering;
  }

  /** Undoes tcpdump's relative numbering and fills in a sequence number it did not print. */
  absolute(
    sender: string, receiver: string, flags: number, printedSeq: number | undefined, printedAck: number,
    length: number, at: string, frame: number,
  ): { seq: number; ack: number; inferred: boolean } {
    const key = sender < receiver ? `${sender} ${receiver}` : `${receiver} ${sender}`;
    let c = this.conversations.get(key);
    if (c === undefined) {
      c = { numbered: false, base: new Map(), next: new Map(), lastAck: new Map(), warned: false };
      this.conversations.set(key, c);
    }
    if (flags & SYN) {
      c.next.delete(sender); // a new connection on the same 4-tuple
      c.lastAck.delete(sender);
    }
    let seq = printedSeq;
    let ack = printedAck;
    if (this.numbering !== 'absolute' && (flags & ACK)) {
      if (!c.numbered || (flags & SYN)) {
        // tcpdump prints this segment's numbers as they are and numbers later ones from them.
        c.numbered = true;
        c.base.set(sender, printedSeq ?? c.next.get(sender) ?? c.lastAck.get(receiver));
        c.base.set(receiver, (printedAck - 1) >>> 0);
      } else {
        const receiverBase = c.base.get(receiver) ?? 0;
        this.numbering ??= numberingOf(c, sender, receiver, printedSeq, printedAck);
        if (this.numbering === 'relative') {
          const senderBase = c.base.get(sender);
          if (senderBase === undefined && !c.warned) {
            c.warned = true;
            this.sink.warning({ kind: 'guessed', frame,
              message: `${at}: tcpdump numbered ${sender}'s sequence numbers from a segment that did not show one; they stay relative` });
          }
          if (seq !== undefined) seq = (seq + (senderBase ?? 0)) >>> 0;
          ack = (ack + receiverBase) >>> 0;
        }
      }
    }
    let inferred = false;
    if (seq === undefined) {
      inferred = true;
      seq = c.next.get(sender) ?? c.lastAck.get(receiver);
      if (seq === undefined) {
        // Also right for tcpdump's relative numbering from this very segment: it would be seq 0.
        if (!c.warned) {
          c.warned = true;
          this.sink.warning({ kind: 'guessed', frame,
            message: `${at}: the sequence number is not printed and no earlier segment of ${sender} shows it; taken as 0` });
        }
        if (flags & ACK) c.lastAck.set(sender, ack);
        return { seq: 0, ack: flags & ACK ? ack : 0, inferred };
      }
    }
    const next = (seq + length + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0)) >>> 0;
    const known = c.next.get(sender);
    if (known === undefined || ((next - known) | 0) > 0) c.next.set(sender, next);
    if (flags & ACK) c.lastAck.set(sender, ack);
    return { seq, ack: flags & ACK ? ack : 0, inferred };
  }
}

/**
 * Relative (tcpdump's default) or absolute (-S) numbers, decided at the first segment tcpdump
 * would print relative: whichever reading puts its numbers nearer to where that connection is —
 * the next sequence numbers of both sides when known, else the numbers tcpdump counts from.
 */
function numberingOf(c: Conversation, sender: string, receiver: string, printedSeq: number | undefined, printedAck: number): 'relative' | 'absolute' {
  const distance = (a: number, b: number) => Math.abs((a - b) | 0);
  const terms: [printed: number, base: number | undefined, next: number | undefined][] = [
    [printedAck, c.base.get(receiver), c.next.get(receiver)],
  ];
  if (printedSeq !== undefined) terms.push([printedSeq, c.base.get(sender), c.next.get(sender)]);
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
