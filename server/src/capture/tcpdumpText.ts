// The text `tcpdump -nn` prints, read back into the same packet records as the binary readers:
// any timestamp style (default time of day, -t none, -tt epoch, -ttt delta, -tttt date and time,
// -ttttt since the first packet), relative or absolute (-S) sequence numbers, IPv4 and IPv6, and
// -v continuation lines. tcpdumpNumbers.ts turns relative numbers back into absolute ones by
// replaying tcpdump's numbering rule and infers the sequence number tcpdump leaves out of
// segments without data, SYN, FIN or RST from the sender's earlier segments.

import { ACK, CaptureError, parseFlagsText, type TcpPacket } from './packet';
import type { CaptureSink } from './records';
import { type SequenceNumbering, TcpdumpNumbering } from './tcpdumpNumbers';

export type { SequenceNumbering } from './tcpdumpNumbers';
export type DeltaTimestamps = 'auto' | 'delta' | 'since-first';

export interface TextOptions {
  /** Whether the text has relative (tcpdump's default) or absolute (-S) sequence numbers. `auto`
   *  decides at the first segment whose numbers tcpdump would print relative. */
  readonly sequenceNumbers?: SequenceNumbering;
  /** What ` 00:00:00.100000` style times are: -ttt (since the previous packet) or -ttttt (since the
   *  first). `auto`: -ttt as soon as one decreases, -ttttt if none does in the first 1,000 packets. */
  readonly deltaTimestamps?: DeltaTimestamps;
}

type Style = 'date' | 'clock' | 'epoch' | 'delta' | 'none';

const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? /;
const CLOCK = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? /;
const DELTA = /^ ?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,9}))? /;
const EPOCH = /^(\d+)\.(\d{1,9}) /;
/** The TCP part of a packet: `SRC.PORT > DST.PORT: Flags [..]`. */
const TCP_PART = /(\S+)\.(\d+) > (\S+)\.(\d+): Flags \[([^\]]*)\]/;
/** IPv6 with extension headers: `A > B: HBH frag (0|28) SPORT > DPORT: Flags [..]`. */
const EXTENSION_TCP_PART = /([0-9a-fA-F:.]*:[0-9a-fA-F:.]*) > ([0-9a-fA-F:.]*:[0-9a-fA-F:.]*): .*?\b(\d+) > (\d+): Flags \[([^\]]*)\]/;
/** A TCP packet cut inside its header: `A.P > B.Q:  [|tcp]`. */
const CUT_TCP = /\.\d+ > \S+\.\d+: +\[\|tcp\]/;
/** -v: the IPv4 fragment fields. */
const IPV4_FRAGMENT = /\bid (\d+), offset (\d+), flags \[([^\]]*)\]/;
/** The same with port names (tcpdump without -nn). */
const NAMED_TCP_PART = /(\S+)\.([A-Za-z][\w-]*|\d+) > (\S+)\.([A-Za-z][\w-]*|\d+): Flags \[/;
const IPV4_TEXT = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const IPV6_TEXT = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/;
const MAX_LINE = 65_536;
const DELTA_DECISION_PACKETS = 1_000;
const DAY = 86_400;


interface PendingPacket {
  readonly firstLine: number;
  readonly frame: number;
  text: string;
  readonly seconds: number;
  readonly nanoseconds: number;
}

interface HeldPacket {
  readonly packet: TcpPacket;
  readonly seconds: number;
  readonly nanoseconds: number;
}

export class TcpdumpTextDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';
  private lineNumber = 0;
  private style: Style | undefined;
  private frame = 0;
  private pending: PendingPacket | undefined;
  private lastClock = -1;
  private dayOffset = 0;
  private readonly numbers: TcpdumpNumbering;
  private deltaMode: 'delta' | 'since-first' | undefined;
  private held: HeldPacket[] = [];
  private previousDelta: number | undefined;
  private elapsed = [0, 0];

  constructor(private readonly sink: CaptureSink, options: TextOptions = {}) {
    this.numbers = new TcpdumpNumbering(sink, options.sequenceNumbers ?? 'auto');
    if (options.deltaTimestamps === 'delta' || options.deltaTimestamps === 'since-first') this.deltaMode = options.deltaTimestamps;
  }

  /** Packet lines seen so far (TCP or not). */
  get packetLines(): number {
    return this.frame;
  }

  push(chunk: Uint8Array): void {
    this.text(this.decoder.decode(chunk, { stream: true }));
  }

  end(): void {
    this.text(this.decoder.decode());
    if (this.partial !== '') {
      const last = this.partial;
      this.partial = '';
      this.line(last);
    }
    this.flush();
    if (this.frame === 0) {
      throw new CaptureError('not-a-capture',
        `not a pcap, pcapng or tcpdump text file: none of its ${this.lineNumber} line(s) is a packet line of \`tcpdump -nn\``);
    }
    this.releaseHeld(this.deltaMode ?? 'since-first');
  }

  private text(text: string): void {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      const line = this.partial + text.slice(start, newline);
      this.partial = '';
      this.line(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = newline + 1;
    }
    this.partial += text.slice(start);
    if (this.partial.length > MAX_LINE) {
      throw new CaptureError('not-a-capture',
        `not tcpdump text: line ${this.lineNumber + 1} is longer than ${MAX_LINE} characters`);
    }
  }

  private line(line: string): void {
    this.lineNumber++;
    if (line.trim() === '') return;
    const time = this.packetTime(line);
    if (time !== undefined) {
      this.flush();
      this.frame++;
      this.pending = { firstLine: this.lineNumber, frame: this.frame, text: line, seconds: time[0], nanoseconds: time[1] };
    } else if (this.pending && /^\s/.test(line)) {
      this.pending.text += ` ${line.trim()}`; // a -v continuation line
    } else {
      this.flush(); // not a packet line: tcpdump's own messages, or text around the capture
    }
  }

  /** The time of a packet's first line (for the delta styles the raw value), else undefined. */
  private packetTime(line: string): [number, number] | undefined {
    if (this.style === undefined) {
      this.style = detectStyle(line);
      if (this.style === undefined) return undefined;
    }
    let m: RegExpExecArray | null;
    switch (this.style) {
      case 'date':
        if (!(m = DATE.exec(line))) return undefined;
        return [Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000, fraction(m[7])];
      case 'epoch':
        if (!(m = EPOCH.exec(line))) return undefined;
        return [+m[1], fraction(m[2])];
      case 'delta':
        if (!(m = DELTA.exec(line))) return undefined;
        return [+m[1] * 3600 + +m[2] * 60 + +m[3], fraction(m[4])];
      case 'clock': {
        if (!(m = CLOCK.exec(line))) return undefined;
        const clock = +m[1] * 3600 + +m[2] * 60 + +m[3];
        if (this.lastClock >= 0 && clock < this.lastClock - DAY / 2) this.dayOffset += DAY; // past midnight
        this.lastClock = clock;
        return [clock + this.dayOffset, fraction(m[4])];
      }
      case 'none':
        return /^\S/.test(line) ? [0, 0] : undefined;
    }
  }

  private flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const packet = this.parsePacket(pending);
    if (packet === undefined) return;
    if (this.style !== 'delta') {
      this.sink.packet(packet);
      return;
    }
    this.held.push({ packet, seconds: pending.seconds, nanoseconds: pending.nanoseconds });
    if (this.deltaMode === undefined) {
      const value = pending.seconds + pending.nanoseconds / 1e9;
      if (this.previousDelta !== undefined && value < this.previousDelta) this.deltaMode = 'delta';
      else if (this.held.length >= DELTA_DECISION_PACKETS) this.deltaMode = 'since-first';
      this.previousDelta = value;
    }
    if (this.deltaMode !== undefined) this.releaseHeld(this.deltaMode);
  }

  /** Emits the packets held while -ttt and -ttttt could not be told apart. */
  private releaseHeld(mode: 'delta' | 'since-first'): void {
    for (const { packet, seconds, nanoseconds } of this.held) {
      if (mode === 'since-first') {
        this.sink.packet({ ...packet, seconds, nanoseconds });
        continue;
      }
      let [s, ns] = this.elapsed;
      s += seconds;
      ns += nanoseconds;
      if (ns >= 1e9) { s++; ns -= 1e9; }
      this.elapsed = [s, ns];
      this.sink.packet({ ...packet, seconds: s, nanoseconds: ns });
    }
    this.held = [];
  }

  private parsePacket(pending: PendingPacket): TcpPacket | undefined {
    const { text, frame } = pending;
    const at = `line ${pending.firstLine} (frame ${frame})`;
    if (text.includes('[|tcp]') && CUT_TCP.test(text)) {
      throw new CaptureError('short-snaplen',
        `${at}: tcpdump printed [|tcp]: the snap length cut the packet inside its TCP header; capture again with a larger one (tcpdump -s 0)`,
        undefined, frame);
    }
    const fragment = text.includes(', offset ') ? IPV4_FRAGMENT.exec(text) : null;
    if (fragment && (fragment[2] !== '0' || fragment[3].includes('+'))) {
      this.sink.warning({ kind: 'fragment', frame,
        message: `${at}: IPv4 fragment (id ${fragment[1]}, offset ${fragment[2]}) skipped: fragments are not reassembled` });
      return undefined;
    }
    const plain = TCP_PART.exec(text);
    const extended = plain ? null : EXTENSION_TCP_PART.exec(text);
    if (!plain && !extended) {
      if (NAMED_TCP_PART.test(text)) {
        this.sink.warning({ kind: 'unreadable-line', frame,
          message: `${at}: port names instead of numbers; skipped (use tcpdump -nn)` });
      }
      return undefined; // not TCP
    }
    const [src, srcPort, dst, dstPort, flagText] = plain
      ? [plain[1], plain[2], plain[3], plain[4], plain[5]]
      : [extended![1], extended![3], extended![2], extended![4], extended![5]];
    const matched = (plain ?? extended)!;
    const ipVersion = IPV4_TEXT.test(src) && IPV4_TEXT.test(dst) ? 4 : IPV6_TEXT.test(src) && IPV6_TEXT.test(dst) ? 6 : 0;
    if (ipVersion === 0) {
      this.sink.warning({ kind: 'unreadable-line', frame,
        message: `${at}: host names instead of addresses (${src}, ${dst}); skipped (use tcpdump -nn)` });
      return undefined;
    }
    const flags = parseFlagsText(flagText);
    if (flags === undefined) {
      this.sink.warning({ kind: 'unreadable-line', frame, message: `${at}: unknown TCP flags [${flagText}]; skipped` });
      return undefined;
    }
    const fields = tcpFields(text.slice(matched.index + matched[0].length));
    if (fields.length === undefined) {
      this.sink.warning({ kind: 'malformed', frame, message: `${at}: no \`length\` after the TCP flags; skipped` });
      return undefined;
    }
    if ((flags & ACK) && fields.ack === undefined) {
      this.sink.warning({ kind: 'malformed', frame, message: `${at}: flags [${flagText}] without an \`ack\` number; skipped` });
      return undefined;
    }
    const numbers = this.numbers.absolute(`${src}.${srcPort}`, `${dst}.${dstPort}`, flags, fields.seq, fields.ack ?? 0, fields.length, at, frame);
    const packet: TcpPacket = {
      frame,
      seconds: pending.seconds,
      nanoseconds: pending.nanoseconds,
      ipVersion,
      src,
      srcPort: +srcPort,
      dst,
      dstPort: +dstPort,
      flags,
      seq: numbers.seq,
      ack: numbers.ack,
      window: fields.window ?? 0,
      payloadLength: fields.length,
    };
    if (numbers.inferred) (packet as { seqInferred?: true }).seqInferred = true;
    return packet;
  }

}

function detectStyle(line: string): Style | undefined {
  if (DATE.test(line)) return 'date';
  if (line.startsWith(' ') && DELTA.test(line)) return 'delta';
  const clock = CLOCK.exec(line);
  if (clock) return /^00:00:00(\.0*)? $/.test(clock[0]) ? 'delta' : 'clock';
  if (EPOCH.test(line)) return 'epoch';
  // -t: no time at all; a packet line then starts with the protocol or interface
  if (/^(IP6? |ARP|[\w.-]+\s+(In|Out|M|B|P)\s+IP)/.test(line) && TCP_PART.test(line)) return 'none';
  return undefined;
}

/** `123456` → nanoseconds (the digits are a fraction of a second). */
function fraction(digits: string | undefined): number {
  return digits === undefined ? 0 : +digits.padEnd(9, '0');
}

interface TcpFields {
  seq?: number;
  ack?: number;
  window?: number;
  length?: number;
}

/** The `, seq 1:19, ack 1, win 64, options [...], length 18` items after the flags. tcpdump
 *  separates its items by ", " and the options inside brackets by "," alone, so ", seq " and the
 *  like only occur as items; what follows the length is the application protocol's text. */
function tcpFields(rest: string): TcpFields {
  const fields: TcpFields = {};
  const lengthAt = rest.indexOf(', length ');
  const head = lengthAt < 0 ? rest : rest.slice(0, lengthAt);
  if (lengthAt >= 0) {
    const m = /^\d+/.exec(rest.slice(lengthAt + 9, lengthAt + 20));
    if (m) fields.length = +m[0];
  }
  let m: RegExpExecArray | null;
  if ((m = /, seq (\d+)/.exec(head))) fields.seq = +m[1] >>> 0;
  if ((m = /, ack (\d+)/.exec(head))) fields.ack = +m[1] >>> 0;
  if ((m = /, win (\d+)/.exec(head))) fields.window = +m[1];
  return fields;
}
