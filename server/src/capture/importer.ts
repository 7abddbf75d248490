// A captured TCP connection → a conversation (SPEC section 9), by driving the endpoint engine
// (tcp/network.ts) with the captured segments: each segment becomes the event that made its
// sender send it, or the answer of the receive just before it; each receive is placed before the
// first segment of the receiver that acknowledges it (so crossing segments are told apart by
// their ACK numbers); a retransmission tells what was lost. The engine's run is written out as
// `.tcpfsm` text, which checks exactly as the engine derived it.

import { type CallEvent, flagMask, type Segment } from '../tcp/endpoint';
import { formatTimer, type Stack, type State, type Timer } from '../tcp/machine';
import { Network, type NetworkResult, type PeerIndex, segmentText } from '../tcp/network';
import { type Endpoint, endpointText, type TcpConnection } from './connections';
import { conversationText, type ImportedEvent, type Line, PEER_NAMES } from './conversationText';
import { ACK, FIN, packetSummary, RST, SYN, type TcpPacket, timeOf } from './packet';

export type { ImportedEvent } from './conversationText';

export interface ImportOptions {
  /** The stack both endpoints run (SPEC section 9: `linux` unless told otherwise). */
  readonly stack?: Stack;
}

export interface ImportedConversation {
  /** `"CLIENT:port → SERVER:port"` without the quotes. */
  readonly name: string;
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly stack: Stack;
  /** The conversation block. */
  readonly text: string;
  readonly events: readonly ImportedEvent[];
  readonly packets: number;
  /** Capture time of the first packet (seconds since the epoch, or as the capture gives it). */
  readonly start: number;
  /** Seconds from the first packet to the last. */
  readonly duration: number;
  /** Each side's state after the last event. */
  readonly finalStates: readonly [State, State];
  readonly startStates: readonly [State, State];
}

const NAMES = PEER_NAMES;

/** written's answers, by flag mask. */
const WRITTEN: (string | undefined)[] = [];

/** A segment as the import writes it: the ACK goes without saying next to data or a FIN. */
function written(seg: Segment): string {
  return (WRITTEN[flagMask(seg.flags)] ??= writtenText(seg));
}
function writtenText(seg: Segment): string {
  const text = segmentText(seg);
  return seg.flags.includes('DATA') || seg.flags.includes('FIN') ? text.replace(/\+ACK$/, '') : text;
}
const u32 = (n: number) => n >>> 0;
const has = (p: TcpPacket, bit: number) => (p.flags & bit) !== 0;

/** What a captured packet was: its sequence space relative to the first SYN of its direction. */
interface Captured {
  readonly packet: TcpPacket;
  /** Its position in the connection's packets. */
  readonly index: number;
  readonly from: PeerIndex;
  readonly time: number;
  readonly relSeq: number;
  readonly relAck: number;
  /** Sequence space it takes: payload, SYN and FIN. */
  readonly space: number;
  readonly relEnd: number;
  /** The packet as its comments give it (packetSummary with the relative numbers), once asked. */
  summary: string | undefined;
}

/** Which side is the client: the sender of the first SYN; without one, the higher port. */
function sides(conn: TcpConnection): [Endpoint, Endpoint] {
  const syn = conn.packets.find((p) => has(p, SYN) && !has(p, ACK));
  if (syn) {
    const client = { address: syn.src, port: syn.srcPort };
    const server = { address: syn.dst, port: syn.dstPort };
    return [client, server];
  }
  return conn.first.port >= conn.second.port ? [conn.first, conn.second] : [conn.second, conn.first];
}

export function importConnection(conn: TcpConnection, options: ImportOptions = {}): ImportedConversation {
  return new Importer(conn, options.stack ?? 'linux').run();
}

export function importConnections(conns: readonly TcpConnection[], options: ImportOptions = {}): ImportedConversation[] {
  return conns.map((c) => importConnection(c, options));
}

class Importer {
  private readonly net: Network;
  private readonly client: Endpoint;
  private readonly server: Endpoint;
  private readonly lines: Line[] = [];
  /** The captured packet behind each engine segment (indexed by segment id). */
  private readonly capturedOf: (Captured | undefined)[] = [];
  /** Each packet's sender (indexed like the connection's packets). */
  private readonly direction: PeerIndex[] = [];
  /** Per direction: the sequence base (ISN) and the highest sequence end sent so far. */
  private readonly base: [number | undefined, number | undefined] = [undefined, undefined];
  private readonly sentEnd: [number, number] = [0, 0];
  /** Per direction: the highest ACK the other side sent for it (relative). */
  private readonly ackedEnd: [number, number] = [0, 0];
  private readonly t0: number;
  private now = 0;
  /** Captured packets already accounted for as the answer of an earlier receive. */
  private readonly answered = new Set<TcpPacket>();
  /** The one-way delay the handshake shows (half the time from SYN to the ACK of the SYN+ACK). */
  private readonly oneWay: number;
  /** Capture time (relative) each engine segment was sent at (indexed by segment id). */
  private readonly sentAt: number[] = [];
  private readonly startStates: [State, State];

  constructor(private readonly conn: TcpConnection, private readonly stack: Stack) {
    [this.client, this.server] = sides(conn);
    this.net = new Network(NAMES, [stack, stack]);
    const packets = conn.packets;
    for (let i = 0; i < packets.length; i++) this.direction.push(this.directionOf(packets[i]));
    const first = conn.packets[0];
    // Times count from the connection's earliest packet, which is its first unless the capture's
    // timestamps go backwards (interfaces with their own clocks, damage): then every time is still
    // written as a number the language reads, and the line out of order gets `time-order`.
    let t0 = first ? timeOf(first) : 0;
    for (let i = 1; i < packets.length; i++) t0 = Math.min(t0, timeOf(packets[i]));
    this.t0 = t0;
    const opensHere = first !== undefined && has(first, SYN) && !has(first, ACK);
    this.startStates = opensHere ? ['CLOSED', 'CLOSED'] : ['ESTABLISHED', 'ESTABLISHED'];
    this.oneWay = opensHere ? handshakeOneWay(conn.packets) : 0;
    this.net.start(this.startStates);
    if (!opensHere) {
      // Captured after the handshake: each direction's numbers count from its first packet.
      for (let i = 0; i < packets.length; i++) this.base[this.direction[i]] ??= u32(packets[i].seq - 1);
    }
  }

  private directionOf(p: TcpPacket): PeerIndex {
    return p.src === this.client.address && p.srcPort === this.client.port ? 0 : 1;
  }

  private capture(index: number): Captured {
    const p = this.conn.packets[index];
    const from = this.direction[index];
    // A SYN with another sequence number than the last starts a new sequence space.
    if (has(p, SYN) && this.base[from] !== p.seq) {
      this.base[from] = p.seq;
      this.sentEnd[from] = 0;
      this.ackedEnd[from] = 0;
    }
    this.base[from] ??= u32(p.seq - 1);
    const other = (1 - from) as PeerIndex;
    const relSeq = u32(p.seq - this.base[from]!);
    const relAck = has(p, ACK) && this.base[other] !== undefined ? u32(p.ack - this.base[other]!) : 0;
    const space = p.payloadLength + (has(p, SYN) ? 1 : 0) + (has(p, FIN) ? 1 : 0);
    return { packet: p, index, from, time: timeOf(p) - this.t0, relSeq, relAck, space, relEnd: relSeq + space, summary: undefined };
  }

  /** A packet's relative numbers without updating the sequence bases (for looking ahead). */
  private peek(index: number): Captured {
    const p = this.conn.packets[index];
    const from = this.direction[index];
    const other = (1 - from) as PeerIndex;
    const base = has(p, SYN) ? p.seq : this.base[from] ?? u32(p.seq - 1);
    const relSeq = u32(p.seq - base);
    const relAck = has(p, ACK) && this.base[other] !== undefined ? u32(p.ack - this.base[other]!) : 0;
    const space = p.payloadLength + (has(p, SYN) ? 1 : 0) + (has(p, FIN) ? 1 : 0);
    return { packet: p, index, from, time: timeOf(p) - this.t0, relSeq, relAck, space, relEnd: relSeq + space, summary: undefined };
  }

  run(): ImportedConversation {
    const packets = this.conn.packets;
    const serverListens = packets.some((p) => has(p, SYN) && has(p, ACK));
    for (let i = 0; i < packets.length; i++) this.segment(this.capture(i), serverListens);
    this.drain();
    return this.result();
  }

  /** The next captured segment of a peer after the packet at `index` (its relative numbers once it is reached). */
  private next(index: number, peer: PeerIndex): Captured | undefined {
    for (let j = index + 1; j < this.direction.length; j++) {
      if (this.direction[j] === peer) return this.peek(j);
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------

  private write(peer: PeerIndex, event: string, comment: string, frame?: number): void {
    this.lines.push(frame !== undefined ? { time: this.now, peer, event, comment, frame } : { time: this.now, peer, event, comment });
  }

  private summary(c: Captured): string {
    // Asked when the packet is sent and again when it is received.
    return (c.summary ??= packetSummary(c.packet, c.relSeq, c.relAck));
  }

  /** Ties the segments an event sent to the captured packet they are. */
  private tie(result: NetworkResult, c: Captured | undefined): void {
    for (const seg of result.sent) this.sentAt[seg.id] = this.now;
    if (c && result.sent.length > 0) this.capturedOf[result.sent[0].id] = c;
  }

  /** Whether the engine's segment is the captured one: the same SYN, FIN, RST and data. */
  private static same(seg: Segment, c: Captured): boolean {
    const p = c.packet;
    const f = seg.flags;
    return f.includes('SYN') === has(p, SYN) && f.includes('FIN') === has(p, FIN) &&
      f.includes('RST') === has(p, RST) && f.includes('DATA') === p.payloadLength > 0 &&
      (f.includes('ACK') === has(p, ACK) || has(p, RST));
  }

  /** How many segments at the head of the queue toward `to` the captured ACK acknowledges. */
  private covered(to: PeerIndex, c: Captured): number {
    if (!has(c.packet, ACK)) return 0;
    const queue = this.net.queues[to];
    let n = 0;
    for (let i = 0; i < queue.length; i++) {
      const cap = this.capturedOf[queue[i].id];
      if (cap && cap.space > 0 && cap.relEnd <= c.relAck) n = i + 1;
    }
    return n;
  }

  /**
   * `recv` of the head of the queue toward `to`. With `next` (the receiver's next captured
   * segment): when the answer is `next` itself it is tied to it; when it is a pure ACK that the
   * capture does not show on its own, it is owed instead (`/ delay ACK`). Returns whether the
   * answer was `next`.
   */
  private receive(to: PeerIndex, next: Captured | undefined, mayBeAnswer: boolean): boolean {
    const head = this.net.queues[to][0];
    const result = this.net.receive(to, head);
    for (const seg of result.sent) this.sentAt[seg.id] = this.now;
    const got = this.capturedOf[head.id];
    const received = got ? this.summary(got) : `${segmentText(head)} (not captured)`;
    const answer = result.sent[0];
    if (mayBeAnswer && next && answer && Importer.same(answer, next)) {
      this.tie(result, next);
      this.answered.add(next.packet);
      this.write(to, `recv ${written(head)}`, `${received} → ${this.summary(next)}`, next.packet.frame);
      return true;
    }
    const delayed = next !== undefined && result.sent.length === 1 && this.net.oweAnswer(to, answer);
    this.write(to, `recv ${written(head)}${delayed ? ' / delay ACK' : ''}`, received, got?.packet.frame);
    return false;
  }

  /**
   * Delivers the first `n` segments toward `to` before `next`, the receiver's next captured
   * segment. An arrival whose pure ACK is not what the capture shows next is written
   * `/ delay ACK` (the next segment carries it); the last arrival's answer may be `next` itself.
   */
  private deliver(to: PeerIndex, n: number, next: Captured | undefined): boolean {
    let answered = false;
    for (let i = 0; i < n; i++) answered = this.receive(to, next, i === n - 1);
    return answered;
  }

  /** One captured segment, from its sender's point of view. */
  private segment(c: Captured, serverListens: boolean): void {
    this.now = Math.max(this.now, c.time);
    this.net.now = this.now;
    const p = c.packet;
    const from = c.from;
    const to = (1 - from) as PeerIndex;
    const sender = this.net.peers[from];
    // Segments that take no sequence space (pure ACKs, probes) cannot be placed by ACK numbers:
    // they arrive one one-way delay after they were sent, as the handshake measured it.
    this.deliverArrived(to, c.index, c.time);
    if (this.answered.has(p)) {
      this.noteSent(c);
      return;
    }

    // A SYN toward a CLOSED server that answers it with SYN+ACK: the server listened first.
    if (from === 1 && has(p, SYN) && has(p, ACK) && this.net.peers[1].state === 'CLOSED' && serverListens) {
      this.write(1, 'listen', 'the server listens before the capture shows it');
      this.net.call(1, 'listen');
    }

    const retransmission = c.space > 0 && c.relEnd <= this.sentEnd[from] && !(has(p, SYN) && !has(p, ACK) && sender.state === 'CLOSED');
    // Before a retransmission, what was lost: the original, or the ACK of it.
    if (retransmission) this.lossBefore(c);
    // What the sender acknowledges arrived before it sent this segment; the last arrival's
    // answer may be this very segment.
    this.deliverArrived(from, c, c.time);
    const n = this.covered(from, c);
    if (n > 0 && this.deliver(from, n, retransmission ? undefined : c)) {
      this.noteSent(c);
      return;
    }
    if (has(p, RST) && !has(p, ACK) && this.answersWithRst(c)) {
      this.noteSent(c);
      return;
    }
    this.cause(c, retransmission);
    this.noteSent(c);
  }

  /**
   * Delivers, at their arrival times, the segments toward `to` that take no sequence space and
   * have arrived by `until`. `next` is the receiver's next captured segment, or the index of a
   * packet: then it is the receiver's next one after it (looked up only when something arrives).
   */
  private deliverArrived(to: PeerIndex, next: Captured | number, until: number): void {
    const n = this.arrived(to);
    for (let i = 0; i < n; i++) {
      const head = this.net.queues[to][0];
      const at = (this.sentAt[head.id] ?? 0) + this.oneWay;
      this.now = Math.min(until, Math.max(this.lastTime(), at));
      this.net.now = this.now;
      const last = i === n - 1 ? (typeof next === 'number' ? this.next(next, to) : next) : undefined;
      this.deliver(to, 1, last);
    }
    this.now = until;
    this.net.now = until;
  }

  private lastTime(): number {
    return this.lines.length > 0 ? this.lines[this.lines.length - 1].time : 0;
  }

  /** How many segments at the head of the queue toward `to` take no sequence space and have arrived by now. */
  private arrived(to: PeerIndex): number {
    const queue = this.net.queues[to];
    let n = 0;
    while (n < queue.length) {
      const seg = queue[n];
      const cap = this.capturedOf[seg.id];
      const space = cap ? cap.space : seg.flags.some((f) => f === 'SYN' || f === 'FIN' || f === 'DATA') ? 1 : 0;
      // The delay varies a little from segment to segment: a quarter of it is allowed.
      if (space > 0 || (this.sentAt[seg.id] ?? 0) + this.oneWay * 0.75 > this.now + 1e-6) break;
      n++;
    }
    return n;
  }

  private noteSent(c: Captured): void {
    if (c.relEnd > this.sentEnd[c.from]) this.sentEnd[c.from] = c.relEnd;
    const to = (1 - c.from) as PeerIndex;
    if (has(c.packet, ACK) && c.relAck > this.ackedEnd[to]) this.ackedEnd[to] = c.relAck;
  }

  /** A RST without ACK answering a segment (from CLOSED, LISTEN, or Linux after close): find it. */
  private answersWithRst(c: Captured): boolean {
    const from = c.from;
    const queue = this.net.queues[from];
    const saved = this.net.snapshot();
    for (let i = 0; i < queue.length && i < 8; i++) {
      const head = this.net.queues[from][0];
      const trial = this.net.receive(from, head);
      if (trial.sent.some((s) => s.flags.includes('RST'))) {
        this.net.restore(saved);
        this.deliver(from, i + 1, c);
        return true;
      }
    }
    this.net.restore(saved);
    return false;
  }

  /**
   * Before a retransmission: if the other side had acknowledged the original, its ACK was lost;
   * otherwise the original was lost on the way.
   */
  private lossBefore(c: Captured): void {
    const from = c.from;
    const to = (1 - from) as PeerIndex;
    if (this.ackedEnd[from] >= c.relEnd) {
      // The ACK toward the sender was lost: deliver what came before it, lose it.
      const queue = this.net.queues[from];
      const k = queue.findIndex((s) => {
        const cap = this.capturedOf[s.id];
        return cap !== undefined && has(cap.packet, ACK) && cap.relAck >= c.relEnd;
      });
      if (k < 0) return;
      this.deliver(from, k, undefined);
      const lost = this.net.loseHead(from);
      if (!lost.problem) this.write(from, `lose ${written(lost.received!)}`, `${this.describe(lost.received!)} is lost: ${NAMES[from]} retransmits`);
      return;
    }
    const queue = this.net.queues[to];
    const k = queue.findIndex((s) => {
      const cap = this.capturedOf[s.id];
      return cap !== undefined && cap.relSeq === c.relSeq && cap.space > 0;
    });
    if (k < 0) return;
    this.deliver(to, k, undefined);
    const lost = this.net.loseHead(to);
    if (!lost.problem) this.write(to, `lose ${written(lost.received!)}`, `${this.describe(lost.received!)} is lost: ${NAMES[from]} retransmits`);
  }

  private describe(seg: Segment): string {
    const cap = this.capturedOf[seg.id];
    return cap ? `#${cap.packet.frame}` : segmentText(seg);
  }

  /** The event that made the sender send a segment that answers nothing. */
  private cause(c: Captured, retransmission: boolean): void {
    const p = c.packet;
    const from = c.from;
    const sender = this.net.peers[from];

    if (retransmission) {
      this.timer(c, 'retransmit');
      return;
    }
    if (has(p, RST)) {
      this.call(c, 'abort', 'abort');
      return;
    }
    if (has(p, SYN)) {
      if (has(p, ACK)) this.timer(c, 'retransmit');
      else this.call(c, 'connect', 'connect');
      return;
    }
    if (has(p, FIN)) {
      if (p.payloadLength > 0) this.call(c, 'send data, close', 'send-data-close');
      else if (this.keepsReceiving(c)) this.call(c, 'shutdown', 'shutdown');
      else this.call(c, 'close', 'close');
      return;
    }
    if (p.payloadLength > 0) {
      // Linux's keep-alive probe may carry one old byte; it is below what was sent.
      if (p.payloadLength === 1 && c.relSeq + 1 === this.sentEnd[from]) {
        this.timer(c, 'keepalive');
        return;
      }
      this.call(c, 'send data', 'send-data');
      return;
    }
    if (c.relSeq + 1 === this.sentEnd[from] && !sender.owesAck) {
      this.timer(c, 'keepalive');
      return;
    }
    this.call(c, 'send ACK', 'send-ack');
  }

  /** The sender of `c` makes a call, written `event`, that sends it. */
  private call(c: Captured, event: string, which: CallEvent): void {
    this.say(c, event, this.net.call(c.from, which));
  }

  /** A timer of the sender of `c` fires and sends it. */
  private timer(c: Captured, t: Timer): void {
    this.say(c, `timeout ${formatTimer(t)}`, this.net.timeout(c.from, t));
  }

  private say(c: Captured, event: string, result: NetworkResult): void {
    this.tie(result, c);
    this.write(c.from, event, this.summary(c), c.packet.frame);
  }

  /** After its FIN, does the sender go on acknowledging new data (shutdown) rather than reset it (close)? */
  private keepsReceiving(fin: Captured): boolean {
    const packets = this.conn.packets;
    // The first place of the packet (the same record may be given twice).
    const at = packets.indexOf(fin.packet);
    let otherDataEnd: number | undefined;
    for (let i = at + 1; i < packets.length; i++) {
      const p = packets[i];
      const mine = this.direction[i] === fin.from;
      if (!mine && p.payloadLength > 0) otherDataEnd = u32(p.seq - (this.base[1 - fin.from] ?? 0)) + p.payloadLength;
      if (mine && has(p, RST)) return false;
      if (mine && otherDataEnd !== undefined && has(p, ACK) && u32(p.ack - (this.base[1 - fin.from] ?? 0)) >= otherDataEnd) return true;
    }
    return false;
  }

  /** After the capture: what is still in flight arrives, oldest first (answers included). */
  private drain(): void {
    for (let round = 0; round < 4 * (this.conn.packets.length + 4); round++) {
      const [a, b] = this.net.queues;
      if (a.length === 0 && b.length === 0) return;
      const to: PeerIndex = a.length === 0 ? 1 : b.length === 0 ? 0 : a[0].id < b[0].id ? 0 : 1;
      this.now = Math.max(this.lastTime(), (this.sentAt[this.net.queues[to][0].id] ?? this.now) + this.oneWay);
      this.net.now = this.now;
      this.receive(to, undefined, false);
    }
  }

  // -------------------------------------------------------------------------------------------

  private result(): ImportedConversation {
    const name = `${endpointText(this.client)} → ${endpointText(this.server)}`;
    const { text, events } = conversationText(name, this.stack, this.startStates, this.lines);
    const last = this.conn.packets[this.conn.packets.length - 1];
    return {
      name, client: this.client, server: this.server, stack: this.stack, text, events,
      packets: this.conn.packets.length, start: this.t0, duration: last ? timeOf(last) - this.t0 : 0,
      finalStates: this.net.states(), startStates: this.startStates,
    };
  }
}

/** Half the time from the first SYN to the ACK of its SYN+ACK: the one-way delay the capture shows. */
function handshakeOneWay(packets: readonly TcpPacket[]): number {
  const syn = packets.find((p) => has(p, SYN) && !has(p, ACK));
  if (!syn) return 0;
  const synAck = packets.find((p) => has(p, SYN) && has(p, ACK) && p.dst === syn.src && p.dstPort === syn.srcPort);
  if (!synAck) return 0;
  const ack = packets.find((p) => !has(p, SYN) && has(p, ACK) && p.src === syn.src && p.srcPort === syn.srcPort && timeOf(p) >= timeOf(synAck));
  return ack ? (timeOf(ack) - timeOf(syn)) / 2 : (timeOf(synAck) - timeOf(syn)) / 2;
}

