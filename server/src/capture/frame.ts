// One captured frame → a TcpPacket: the link layer (Ethernet with VLAN tags, Linux cooked SLL and
// SLL2, raw IP, BSD loopback), IPv4 (options; fragments skipped) or IPv6 (extension headers), and
// the fixed TCP header. Shared by the pcap and pcapng readers. Plain bytes in, no Node.

import { CaptureError, type CaptureWarning, type TcpPacket } from './packet';

/** The link types we decode (LINKTYPE_* numbers of the pcap/pcapng link-type registry). */
export const LINK_TYPES: ReadonlyMap<number, string> = new Map([
  [0, 'BSD loopback (NULL)'],
  [1, 'Ethernet'],
  [12, 'raw IP (DLT_RAW, 12)'],
  [14, 'raw IP (DLT_RAW, 14)'],
  [101, 'raw IP'],
  [108, 'OpenBSD loopback (LOOP)'],
  [113, 'Linux cooked (SLL)'],
  [228, 'raw IPv4'],
  [229, 'raw IPv6'],
  [276, 'Linux cooked v2 (SLL2)'],
]);

/** Names of some link types we do not decode, so that the error message can say what the file is. */
const OTHER_LINK_TYPES: ReadonlyMap<number, string> = new Map([
  [6, 'Token Ring'], [9, 'PPP'], [10, 'FDDI'], [50, 'PPP in HDLC framing'], [104, 'Cisco HDLC'],
  [105, 'IEEE 802.11'], [119, 'Prism 802.11'], [127, 'IEEE 802.11 radiotap'], [147, 'user-defined (147)'],
  [189, 'Linux USB'], [195, 'IEEE 802.15.4'], [220, 'Linux USB (mmapped)'], [231, 'D-Bus'],
  [249, 'netlink'], [253, 'Linux netlink'], [263, 'Bluetooth LE'],
]);

export function linkTypeName(linkType: number): string {
  return LINK_TYPES.get(linkType) ?? OTHER_LINK_TYPES.get(linkType) ?? 'not a known link type';
}

export function unknownLinkTypeMessage(linkType: number): string {
  const known = [...LINK_TYPES.keys()].join(', ');
  return `link type ${linkType} (${linkTypeName(linkType)}) is not one this reader decodes (${known})`;
}

/** Where a frame came from; one object per reader, refilled for each frame. */
export interface FrameContext {
  frame: number;
  /** Byte offset of the frame's record or block in the input. */
  offset: number;
  seconds: number;
  nanoseconds: number;
  warn(warning: CaptureWarning): void;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100; // 802.1Q
const ETHERTYPE_QINQ = 0x88a8; // 802.1ad
const ETHERTYPE_QINQ_OLD = 0x9100;
const IPPROTO_TCP = 6;
const TCP_FIXED_HEADER = 20;

const u16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

/**
 * Decodes the frame `bytes[start, start + captured)` of the given link type.
 * Returns the packet, or undefined when it is not a TCP packet we can read (non-IP, non-TCP,
 * fragments and malformed packets: the last two with a warning). Throws a CaptureError
 * ('short-snaplen') when the snap length cut the packet before the end of its TCP header.
 */
export function decodeFrame(
  linkType: number, bytes: Uint8Array, start: number, captured: number, original: number, ctx: FrameContext,
): TcpPacket | undefined {
  const end = start + captured;
  const cut: Cut = { ctx, captured, original, start };
  let ip = start;
  let version: 4 | 6 | 0 = 0; // 0: take it from the IP header
  switch (linkType) {
    case 1: { // Ethernet, with any number of 802.1Q / 802.1ad tags
      let typeAt = start + 12;
      if (end < typeAt + 2) return short(cut, 'Ethernet header', typeAt + 2);
      let type = u16(bytes, typeAt);
      while (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
        typeAt += 4;
        if (end < typeAt + 2) return short(cut, 'VLAN tag', typeAt + 2);
        type = u16(bytes, typeAt);
      }
      ip = typeAt + 2;
      version = etherVersion(type);
      if (version === 0) return undefined;
      break;
    }
    case 113: // Linux cooked v1: 16 bytes, protocol last
      if (end < start + 16) return short(cut, 'Linux cooked header', start + 16);
      version = etherVersion(u16(bytes, start + 14));
      if (version === 0) return undefined;
      ip = start + 16;
      break;
    case 276: // Linux cooked v2: 20 bytes, protocol first
      if (end < start + 20) return short(cut, 'Linux cooked v2 header', start + 20);
      version = etherVersion(u16(bytes, start));
      if (version === 0) return undefined;
      ip = start + 20;
      break;
    case 0: // BSD loopback: address family in the capturing host's byte order
    case 108: { // OpenBSD loopback: address family in network byte order
      if (end < start + 4) return short(cut, 'loopback header', start + 4);
      const big = u32(bytes, start);
      const little = ((bytes[start + 3] << 24) | (bytes[start + 2] << 16) | (bytes[start + 1] << 8) | bytes[start]) >>> 0;
      const family = linkType === 108 ? big : little <= 0xffff ? little : big;
      if (family === 2) version = 4;
      else if (family === 10 || family === 24 || family === 28 || family === 30) version = 6; // Linux, NetBSD/OpenBSD, FreeBSD, macOS
      else return undefined;
      ip = start + 4;
      break;
    }
    case 12: case 14: case 101: break; // raw IP: version from the header
    case 228: version = 4; break;
    case 229: version = 6; break;
    default:
      throw new CaptureError('unknown-link-type', `frame ${ctx.frame}: ${unknownLinkTypeMessage(linkType)}`, ctx.offset, ctx.frame);
  }

  if (end < ip + 1) return short(cut, 'IP header', ip + 1);
  const nibble = bytes[ip] >> 4;
  if (version === 0) {
    if (nibble === 4) version = 4;
    else if (nibble === 6) version = 6;
    else return undefined;
  } else if (nibble !== version) {
    ctx.warn({ kind: 'malformed', frame: ctx.frame, offset: ctx.offset,
      message: `frame ${ctx.frame}: the link layer says IPv${version} but the IP header says version ${nibble}; skipped` });
    return undefined;
  }
  return version === 4 ? decodeIpv4(bytes, ip, end, original - (ip - start), cut)
    : decodeIpv6(bytes, ip, end, original - (ip - start), cut);
}

/** What a "the packet ends inside its ..." message needs to know about the frame. */
interface Cut {
  readonly ctx: FrameContext;
  readonly captured: number;
  readonly original: number;
  readonly start: number;
}

/** A frame that ends before the header it needs: an error when the snap length cut it, else a
 *  malformed packet (skipped with a warning). */
function short(cut: Cut, where: string, needed: number): undefined {
  const { ctx, captured, original, start } = cut;
  if (captured < original) {
    throw new CaptureError('short-snaplen',
      `frame ${ctx.frame} (offset ${ctx.offset}): only ${captured} of its ${original} bytes were captured, ` +
      `which ends inside the ${where} (${needed - start} bytes needed): the snap length is too short; ` +
      'capture again with a larger one (tcpdump -s 0)', ctx.offset, ctx.frame);
  }
  ctx.warn({ kind: 'malformed', frame: ctx.frame, offset: ctx.offset,
    message: `frame ${ctx.frame}: the packet (${captured} bytes) ends inside its ${where} (${needed - start} bytes needed); skipped` });
  return undefined;
}

function etherVersion(type: number): 4 | 6 | 0 {
  return type === ETHERTYPE_IPV4 ? 4 : type === ETHERTYPE_IPV6 ? 6 : 0;
}

function decodeIpv4(b: Uint8Array, ip: number, end: number, wireLength: number, cut: Cut): TcpPacket | undefined {
  const ctx = cut.ctx;
  if (end < ip + 20) return short(cut, 'IPv4 header', ip + 20);
  const headerLength = (b[ip] & 0x0f) * 4;
  if (headerLength < 20) return malformed(ctx, `IPv4 header length ${headerLength} is less than 20`);
  if (b[ip + 9] !== IPPROTO_TCP) return undefined;
  const fragment = u16(b, ip + 6);
  const moreFragments = (fragment & 0x2000) !== 0;
  const fragmentOffset = (fragment & 0x1fff) * 8;
  if (moreFragments || fragmentOffset !== 0) {
    ctx.warn({ kind: 'fragment', frame: ctx.frame, offset: ctx.offset,
      message: `frame ${ctx.frame}: IPv4 fragment (id ${u16(b, ip + 4)}, offset ${fragmentOffset}${moreFragments ? ', more fragments' : ''}) skipped: fragments are not reassembled` });
    return undefined;
  }
  let totalLength = u16(b, ip + 2);
  // 0 is what a capture of TCP segmentation offload shows: the length is then the frame's.
  if (totalLength === 0) totalLength = wireLength;
  if (totalLength < headerLength) return malformed(ctx, `IPv4 total length ${totalLength} is less than its header length ${headerLength}`);
  const tcp = ip + headerLength;
  if (end < tcp + TCP_FIXED_HEADER) return short(cut, end < tcp ? 'IPv4 options' : 'TCP header', tcp + TCP_FIXED_HEADER);
  return decodeTcp(b, tcp, totalLength - headerLength, 4, ipv4Text(u32(b, ip + 12)), ipv4Text(u32(b, ip + 16)), ctx);
}

const IPV6_HOP_BY_HOP = 0;
const IPV6_ROUTING = 43;
const IPV6_FRAGMENT = 44;
const IPV6_AUTH = 51;
const IPV6_DEST_OPTIONS = 60;

function decodeIpv6(b: Uint8Array, ip: number, end: number, wireLength: number, cut: Cut): TcpPacket | undefined {
  const ctx = cut.ctx;
  if (end < ip + 40) return short(cut, 'IPv6 header', ip + 40);
  let payloadLength = u16(b, ip + 4);
  if (payloadLength === 0) payloadLength = wireLength - 40; // a jumbogram (hop-by-hop option)
  let next = b[ip + 6];
  let at = ip + 40;
  for (;;) {
    if (next === IPPROTO_TCP) break;
    if (next === IPV6_HOP_BY_HOP || next === IPV6_ROUTING || next === IPV6_DEST_OPTIONS) {
      if (end < at + 2) return short(cut, 'IPv6 extension headers', at + 2);
      const length = (b[at + 1] + 1) * 8;
      next = b[at];
      at += length;
    } else if (next === IPV6_FRAGMENT) {
      if (end < at + 8) return short(cut, 'IPv6 fragment header', at + 8);
      const field = u16(b, at + 2);
      const offset = field & 0xfff8;
      const more = (field & 1) !== 0;
      if (offset !== 0 || more) {
        ctx.warn({ kind: 'fragment', frame: ctx.frame, offset: ctx.offset,
          message: `frame ${ctx.frame}: IPv6 fragment (id ${u32(b, at + 4)}, offset ${offset}${more ? ', more fragments' : ''}) skipped: fragments are not reassembled` });
        return undefined;
      }
      next = b[at]; // an atomic fragment: the whole packet is here
      at += 8;
    } else if (next === IPV6_AUTH) {
      if (end < at + 2) return short(cut, 'IPv6 authentication header', at + 2);
      const length = (b[at + 1] + 2) * 4;
      next = b[at];
      at += length;
    } else {
      return undefined; // no next header (59), ESP, UDP, ICMPv6, ...
    }
  }
  const extensions = at - (ip + 40);
  if (extensions > payloadLength) return malformed(ctx, `IPv6 extension headers (${extensions} bytes) are longer than the payload length ${payloadLength}`);
  if (end < at + TCP_FIXED_HEADER) return short(cut, 'TCP header', at + TCP_FIXED_HEADER);
  return decodeTcp(b, at, payloadLength - extensions, 6, ipv6Text(b, ip + 8), ipv6Text(b, ip + 24), ctx);
}

function decodeTcp(b: Uint8Array, tcp: number, segmentLength: number, ipVersion: 4 | 6, src: string, dst: string, ctx: FrameContext): TcpPacket | undefined {
  const headerLength = (b[tcp + 12] >> 4) * 4;
  if (headerLength < TCP_FIXED_HEADER) return malformed(ctx, `TCP header length ${headerLength} is less than 20`);
  const payloadLength = segmentLength - headerLength;
  if (payloadLength < 0) return malformed(ctx, `the IP length leaves ${segmentLength} bytes for TCP, less than its header length ${headerLength}`);
  const flags = b[tcp + 13] | ((b[tcp + 12] & 1) << 8);
  return {
    frame: ctx.frame,
    seconds: ctx.seconds,
    nanoseconds: ctx.nanoseconds,
    ipVersion,
    src,
    srcPort: u16(b, tcp),
    dst,
    dstPort: u16(b, tcp + 2),
    flags,
    seq: u32(b, tcp + 4),
    ack: flags & 0x10 ? u32(b, tcp + 8) : 0,
    window: u16(b, tcp + 14),
    payloadLength,
  };
}

function malformed(ctx: FrameContext, why: string): undefined {
  ctx.warn({ kind: 'malformed', frame: ctx.frame, offset: ctx.offset, message: `frame ${ctx.frame}: ${why}; skipped` });
  return undefined;
}

// Address text, interned: a capture holds few addresses and many packets.
const ipv4Names = new Map<number, string>();
const ipv6Names = new Map<string, string>();
const NAME_CACHE_LIMIT = 65_536;

function ipv4Text(address: number): string {
  let text = ipv4Names.get(address);
  if (text === undefined) {
    text = `${address >>> 24}.${(address >>> 16) & 0xff}.${(address >>> 8) & 0xff}.${address & 0xff}`;
    if (ipv4Names.size >= NAME_CACHE_LIMIT) ipv4Names.clear();
    ipv4Names.set(address, text);
  }
  return text;
}

function ipv6Text(b: Uint8Array, at: number): string {
  const key = `${u32(b, at)},${u32(b, at + 4)},${u32(b, at + 8)},${u32(b, at + 12)}`;
  let text = ipv6Names.get(key);
  if (text === undefined) {
    const words: number[] = [];
    for (let i = 0; i < 8; i++) words.push(u16(b, at + 2 * i));
    text = formatIpv6(words);
    if (ipv6Names.size >= NAME_CACHE_LIMIT) ipv6Names.clear();
    ipv6Names.set(key, text);
  }
  return text;
}

/** IPv6 text as tcpdump (and inet_ntop) print it: the longest run of two or more zero words
 *  (the first if tied) as `::`, lowercase hex, and the IPv4 forms `::a.b.c.d` / `::ffff:a.b.c.d`. */
export function formatIpv6(words: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  if (bestLength < 2) bestStart = -1;
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (bestStart !== -1 && i >= bestStart && i < bestStart + bestLength) {
      if (i === bestStart) text += ':';
      continue;
    }
    if (i !== 0) text += ':';
    if (i === 6 && bestStart === 0 && (bestLength === 6 || (bestLength === 5 && words[5] === 0xffff))) {
      text += `${words[6] >> 8}.${words[6] & 0xff}.${words[7] >> 8}.${words[7] & 0xff}`;
      return text;
    }
    text += words[i].toString(16);
  }
  if (bestStart !== -1 && bestStart + bestLength === 8) text += ':';
  return text;
}
