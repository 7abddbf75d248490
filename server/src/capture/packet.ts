// The one packet record every capture reader produces, the errors and warnings they report, and
// small helpers on them (tcpdump-style flag text, time). Plain data: no Node, no DOM.

/** TCP header flag bits, as in the header's flags byte (AE is the bit before CWR, RFC 9768). */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
export const URG = 0x20;
export const ECE = 0x40;
export const CWR = 0x80;
export const AE = 0x100;

/** One TCP segment as captured. Every reader (pcap, pcapng, tcpdump text) fills it the same way. */
export interface TcpPacket {
  /** 1-based position of the packet in the capture, counting every packet (TCP or not) as
   *  Wireshark's frame numbers do; in tcpdump text, the packet's line number among packet lines. */
  readonly frame: number;
  /** Capture time as whole seconds and nanoseconds (0..999,999,999); exact at any resolution.
   *  Seconds since the epoch for pcap, pcapng, `-tt` and `-tttt` text; see docs/capture.md for the
   *  other tcpdump timestamp styles. */
  readonly seconds: number;
  readonly nanoseconds: number;
  readonly ipVersion: 4 | 6;
  /** Dotted IPv4 or compressed IPv6 text, as tcpdump prints addresses. */
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  /** The flag bits (FIN, SYN, ... above). */
  readonly flags: number;
  /** Sequence number (unsigned 32-bit). */
  readonly seq: number;
  /** Acknowledgement number (unsigned 32-bit); 0 when the ACK flag is not set. */
  readonly ack: number;
  /** The window field as sent (unscaled). */
  readonly window: number;
  /** Bytes of TCP payload, from the IP length fields (not from how much was captured). */
  readonly payloadLength: number;
  /** tcpdump text only: `seq` was not printed (tcpdump omits it on segments without data, SYN,
   *  FIN or RST) and was inferred from the sender's earlier segments. */
  readonly seqInferred?: true;
}

export type CaptureFormat = 'pcap' | 'pcapng' | 'tcpdump-text';

export type CaptureErrorKind =
  /** Neither pcap, pcapng nor tcpdump text (bad magic, binary junk, no packet lines). */
  | 'not-a-capture'
  /** The input ends inside a header, record or block. */
  | 'truncated'
  /** The link type of the file (pcap) or of a packet's interface (pcapng) is not one we decode. */
  | 'unknown-link-type'
  /** A packet was captured with a snap length that cuts it before the end of the TCP header. */
  | 'short-snaplen'
  /** A record or block whose own framing is impossible (length, version, interface). */
  | 'bad-record'
  /** A bug: an exception that is not one of the above (reported, never thrown). */
  | 'internal';

/** Why a capture cannot be read any further. Carries where: byte offset and/or frame number. */
export class CaptureError extends Error {
  constructor(
    readonly kind: CaptureErrorKind,
    message: string,
    /** Byte offset in the input of the record or header at fault. */
    readonly offset?: number,
    /** Frame number of the packet at fault (when it is a packet). */
    readonly frame?: number,
  ) {
    super(message);
    this.name = 'CaptureError';
  }
}

export type CaptureWarningKind =
  /** An IPv4 or IPv6 fragment: not reassembled, skipped. */
  | 'fragment'
  /** A packet whose headers contradict themselves (lengths), skipped. */
  | 'malformed'
  /** tcpdump text: a value could not be known and was taken as 0 (see the message). */
  | 'guessed'
  /** tcpdump text: a line that looks like a TCP packet but cannot be read (e.g. port names). */
  | 'unreadable-line';

/** Something skipped or guessed while reading on; the packet list stays usable. */
export interface CaptureWarning {
  readonly kind: CaptureWarningKind;
  readonly message: string;
  readonly frame?: number;
  readonly offset?: number;
}

/** The flags the way tcpdump prints them between brackets: `S`, `S.`, `P.`, `FP.`, `SEW`, `none`. */
export function flagsText(flags: number): string {
  let text = '';
  if (flags & FIN) text += 'F';
  if (flags & SYN) text += 'S';
  if (flags & RST) text += 'R';
  if (flags & PSH) text += 'P';
  if (flags & ACK) text += '.';
  if (flags & URG) text += 'U';
  if (flags & ECE) text += 'E';
  if (flags & CWR) text += 'W';
  if (flags & AE) text += 'e';
  return text === '' ? 'none' : text;
}

const FLAG_LETTERS: Readonly<Record<string, number>> = {
  F: FIN, S: SYN, R: RST, P: PSH, '.': ACK, U: URG, E: ECE, W: CWR, e: AE,
};

/** The inverse of flagsText; undefined when a letter is not one tcpdump prints. */
export function parseFlagsText(text: string): number | undefined {
  if (text === 'none') return 0;
  let flags = 0;
  for (const letter of text) {
    const bit = FLAG_LETTERS[letter];
    if (bit === undefined) return undefined;
    flags |= bit;
  }
  return flags;
}

/** The packet's time in seconds as one number (microsecond-exact for epoch times). */
export function timeOf(p: Pick<TcpPacket, 'seconds' | 'nanoseconds'>): number {
  return p.seconds + p.nanoseconds / 1e9;
}

/** `#8 [F.] seq 19 ack 20 len 0`: the packet in a comment, with the given (e.g. relative) numbers. */
export function packetSummary(p: TcpPacket, seq = p.seq, ack = p.ack): string {
  const ackText = p.flags & ACK ? ` ack ${ack}` : '';
  return `#${p.frame} [${cachedFlagsText(p.flags)}] seq ${seq}${ackText} len ${p.payloadLength}`;
}

/** flagsText's answers for the nine flag bits. */
const FLAGS_TEXT: (string | undefined)[] = [];
function cachedFlagsText(flags: number): string {
  return (flags & 0x1ff) === flags ? (FLAGS_TEXT[flags] ??= flagsText(flags)) : flagsText(flags);
}
