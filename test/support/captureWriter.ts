// A small synthetic capture writer for tests and benchmarks: TCP segments (and a few non-TCP or
// fragmented frames) → pcap (either byte order, micro- or nanoseconds) or pcapng (several
// interfaces, each with its own link type and timestamp resolution; enhanced, simple or obsolete
// packet blocks; unknown blocks between them), for every link type the readers decode.

/** A TCP segment to write; the same fields the readers give back (minus the frame number). */
export interface Segment {
  readonly seconds: number;
  readonly nanoseconds: number;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly flags: number;
  readonly seq: number;
  readonly ack: number;
  readonly window: number;
  readonly payloadLength: number;
  /** This frame's own options, over the file's. */
  readonly frameOptions?: FrameOptions;
}

/** How one frame is built around a segment. */
export interface FrameOptions {
  readonly linkType?: number;
  /** Ethernet: 802.1Q tags before the IP ethertype (an 802.1ad outer tag when `qinq`). */
  readonly vlanTags?: number;
  readonly qinq?: boolean;
  /** IPv4 options, in bytes (a multiple of 4, at most 40). */
  readonly ipv4Options?: number;
  /** IPv6 extension headers before TCP (`fragment` is an atomic fragment: offset 0, no more). */
  readonly ipv6Extensions?: readonly ('hop-by-hop' | 'routing' | 'destination' | 'fragment')[];
  /** TCP options, in bytes (a multiple of 4). */
  readonly tcpOptions?: number;
  /** Make the segment an IP fragment: the first (offset 0, more fragments) or a later one. */
  readonly fragment?: 'first' | 'later';
  /** BSD loopback (link type 0): write the address family big-endian (a big-endian host). */
  readonly nullBigEndian?: boolean;
}

/** A frame given as bytes (e.g. ARP or UDP): the readers must skip it. */
export interface RawFrame {
  readonly raw: Uint8Array;
  readonly seconds: number;
  readonly nanoseconds: number;
}

export type Item = Segment | RawFrame;

const isRaw = (item: Item): item is RawFrame => 'raw' in item;

const parsedAddresses = new Map<string, number[]>();

/** An address's bytes, parsed once. */
function addressBytes(text: string): number[] {
  let bytes = parsedAddresses.get(text);
  if (bytes === undefined) {
    bytes = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
    parsedAddresses.set(text, bytes);
  }
  return bytes;
}

/** The payload bytes: a-z repeated. */
const PAYLOAD = Uint8Array.from({ length: 65536 }, (_, i) => 0x61 + (i % 26));

export function parseIpv4(text: string): number[] {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 address ${text}`);
  return parts;
}

/** IPv6 text (with `::` and an optional dotted IPv4 tail) → 16 bytes. */
export function parseIpv6(text: string): number[] {
  let tail: number[] = [];
  let rest = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]);
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    rest = text.slice(0, -dotted[1].length);
    if (rest.endsWith(':') && !rest.endsWith('::')) rest = rest.slice(0, -1);
  }
  const [head, after] = rest.split('::');
  const words = (s: string) => (s === '' ? [] : s.split(':').map((w) => parseInt(w, 16)));
  const left = words(head);
  const right = [...(after === undefined ? [] : words(after)), ...tail];
  const all = after === undefined && !rest.includes('::') ? [...left, ...tail] : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  if (all.length !== 8) throw new Error(`bad IPv6 address ${text}`);
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

function checksum(b: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i += 2) sum += (b[i] << 8) | b[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The IP packet (header, TCP header, zero-filled payload) of a segment. */
export function ipPacket(s: Segment, o: FrameOptions = {}): Uint8Array {
  const v6 = s.src.includes(':');
  const tcpLength = 20 + (o.tcpOptions ?? 0);
  const extensions = v6 ? (o.ipv6Extensions ?? []) : [];
  const fragmentExt = v6 && o.fragment ? 8 : 0;
  const extLength = extensions.length * 8 + fragmentExt;
  const ipHeader = v6 ? 40 + extLength : 20 + (o.ipv4Options ?? 0);
  const b = new Uint8Array(ipHeader + tcpLength + s.payloadLength);
  if (v6) {
    b[0] = 0x60;
    const payload = extLength + tcpLength + s.payloadLength;
    b[4] = payload >> 8; b[5] = payload & 0xff;
    b[7] = 64;
    b.set(addressBytes(s.src), 8);
    b.set(addressBytes(s.dst), 24);
    const chain: number[] = extensions.map((e) => ({ 'hop-by-hop': 0, routing: 43, destination: 60, fragment: 44 })[e]);
    if (fragmentExt) chain.push(44);
    chain.push(6);
    b[6] = chain[0];
    let at = 40;
    for (let i = 0; i < chain.length - 1; i++) {
      b[at] = chain[i + 1];
      if (chain[i] === 44) {
        const isTheFragment = fragmentExt && i === chain.length - 2;
        const offset = isTheFragment && o.fragment === 'later' ? 1480 : 0;
        const more = isTheFragment && o.fragment === 'first' ? 1 : 0;
        const field = offset | more;
        b[at + 2] = field >> 8; b[at + 3] = field & 0xff;
        b[at + 7] = 7; // identification
      } else {
        b[at + 1] = 0; // (0 + 1) * 8 bytes
        if (chain[i] === 43) b[at + 2] = 0; // routing type 0, segments left 0
      }
      at += 8;
    }
  } else {
    b[0] = 0x40 | (ipHeader / 4);
    const total = ipHeader + tcpLength + s.payloadLength;
    b[2] = total >> 8; b[3] = total & 0xff;
    b[4] = 0x12; b[5] = 0x34;
    const fragment = o.fragment === 'first' ? 0x2000 : o.fragment === 'later' ? 185 : 0x4000; // MF / offset 1480 / DF
    b[6] = fragment >> 8; b[7] = fragment & 0xff;
    b[8] = 64;
    b[9] = 6;
    b.set(addressBytes(s.src), 12);
    b.set(addressBytes(s.dst), 16);
    for (let i = 20; i < ipHeader; i++) b[i] = 1; // NOP options
    const sum = checksum(b, 0, ipHeader);
    b[10] = sum >> 8; b[11] = sum & 0xff;
  }
  const t = ipHeader;
  b[t] = s.srcPort >> 8; b[t + 1] = s.srcPort & 0xff;
  b[t + 2] = s.dstPort >> 8; b[t + 3] = s.dstPort & 0xff;
  writeU32be(b, t + 4, s.seq);
  writeU32be(b, t + 8, s.ack);
  b[t + 12] = ((tcpLength / 4) << 4) | ((s.flags >> 8) & 1);
  b[t + 13] = s.flags & 0xff;
  b[t + 14] = s.window >> 8; b[t + 15] = s.window & 0xff;
  for (let i = t + 20; i < t + tcpLength; i++) b[i] = 1; // NOP options
  b.set(PAYLOAD.subarray(0, s.payloadLength), t + tcpLength);
  return b;
}

/** The whole frame of a segment for a link type (default Ethernet). */
export function frameOf(s: Segment, o: FrameOptions = {}): Uint8Array {
  const ip = ipPacket(s, o);
  const v6 = s.src.includes(':');
  const ethertype = v6 ? 0x86dd : 0x0800;
  const linkType = o.linkType ?? 1;
  let header: number[];
  switch (linkType) {
    case 1: {
      header = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1];
      for (let i = 0; i < (o.vlanTags ?? 0); i++) {
        const tpid = o.qinq && i === 0 ? 0x88a8 : 0x8100;
        header.push(tpid >> 8, tpid & 0xff, 0, 10 + i);
      }
      header.push(ethertype >> 8, ethertype & 0xff);
      break;
    }
    case 113: header = [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, ethertype >> 8, ethertype & 0xff]; break;
    case 276: header = [ethertype >> 8, ethertype & 0xff, 0, 0, 0, 0, 0, 1, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0]; break;
    case 0: {
      const family = v6 ? 24 : 2;
      header = o.nullBigEndian ? [0, 0, 0, family] : [family, 0, 0, 0];
      break;
    }
    case 108: header = [0, 0, 0, v6 ? 24 : 2]; break;
    case 12: case 14: case 101: case 228: case 229: header = []; break;
    default: header = [0, 0, 0, 0]; // any other link type: only for "unknown link type" tests
  }
  const frame = new Uint8Array(header.length + ip.length);
  frame.set(header);
  frame.set(ip, header.length);
  return frame;
}

/** A UDP datagram in an Ethernet frame (a packet the readers skip). */
export function udpFrame(seconds: number, nanoseconds: number): RawFrame {
  const raw = new Uint8Array(14 + 28);
  raw.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45, 0, 0, 28, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 53, 0, 53, 0, 8, 0, 0]);
  return { raw, seconds, nanoseconds };
}

/** An ARP request in an Ethernet frame. */
export function arpFrame(seconds: number, nanoseconds: number): RawFrame {
  const raw = new Uint8Array(42);
  raw.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1]);
  return { raw, seconds, nanoseconds };
}

function writeU32be(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24; b[at + 1] = (v >>> 16) & 0xff; b[at + 2] = (v >>> 8) & 0xff; b[at + 3] = v & 0xff;
}

/** Little- or big-endian field writer into a growing buffer. */
class Out {
  private buffer: Uint8Array;
  private view: DataView;
  private length = 0;
  constructor(private readonly littleEndian: boolean, initialSize = 1 << 16) {
    this.buffer = new Uint8Array(initialSize);
    this.view = new DataView(this.buffer.buffer);
  }
  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
  u16(v: number): void {
    this.room(2);
    this.view.setUint16(this.length, v, this.littleEndian);
    this.length += 2;
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.length, v >>> 0, this.littleEndian);
    this.length += 4;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buffer.set(b, this.length);
    this.length += b.length;
  }
  take(): Uint8Array {
    const out = this.buffer.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface PcapOptions extends FrameOptions {
  readonly littleEndian?: boolean;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  readonly nano?: boolean;
  readonly snaplen?: number;
  /** Link type written in the file header when it differs from the frames' (for damage tests). */
  readonly headerLinkType?: number;
}

/** pcap, as chunks: the file header, then one part per `batch` records. */
export function* pcapChunks(items: Iterable<Item>, o: PcapOptions = {}, batch = 4096): Generator<Uint8Array> {
  const out = new Out(o.littleEndian ?? true);
  const snaplen = o.snaplen ?? 262_144;
  out.u32(o.nano ? 0xa1b23c4d : 0xa1b2c3d4);
  out.u16(2); out.u16(4);
  out.u32(0); out.u32(0);
  out.u32(snaplen);
  out.u32(o.headerLinkType ?? o.linkType ?? 1);
  yield out.take();
  let n = 0;
  for (const item of items) {
    const frame = isRaw(item) ? item.raw : frameOf(item, item.frameOptions ? { ...o, ...item.frameOptions } : o);
    const captured = Math.min(frame.length, snaplen);
    out.u32(item.seconds);
    out.u32(o.nano ? item.nanoseconds : Math.floor(item.nanoseconds / 1000));
    out.u32(captured);
    out.u32(frame.length);
    out.bytes(captured === frame.length ? frame : frame.subarray(0, captured));
    if (++n % batch === 0) yield out.take();
  }
  const rest = out.take();
  if (rest.length > 0) yield rest;
}

export function writePcap(items: Iterable<Item>, o: PcapOptions = {}): Uint8Array {
  return concat([...pcapChunks(items, o)]);
}

export interface PcapngInterface extends FrameOptions {
  /** The if_tsresol byte: 6 (µs, the default, written as no option), 9 (ns), 0x80 | n for 2^-n. */
  readonly tsresol?: number;
  /** if_tsoffset in seconds. */
  readonly tsoffset?: number;
  readonly snaplen?: number;
}

export interface PcapngOptions {
  readonly littleEndian?: boolean;
  readonly interfaces: readonly PcapngInterface[];
  /** Which interface each item is on (default: all on 0). */
  readonly interfaceOf?: (item: Item, index: number) => number;
  /** Packet block type: enhanced (default), simple (interface 0 only, no time) or obsolete. */
  readonly block?: 'enhanced' | 'simple' | 'obsolete';
  /** Insert a name resolution, a statistics and an unknown custom block around the packets. */
  readonly otherBlocks?: boolean;
  /** Start a new section (section header + interfaces again) before these item indexes. */
  readonly newSectionAt?: readonly number[];
}

function unitsPerSecond(tsresol: number): bigint {
  return tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
}

export function* pcapngChunks(items: Iterable<Item>, o: PcapngOptions, batch = 4096): Generator<Uint8Array> {
  const le = o.littleEndian ?? true;
  const out = new Out(le);
  const block = (type: number, body: Uint8Array) => {
    const padded = (body.length + 3) & ~3;
    out.u32(type);
    out.u32(12 + padded);
    out.bytes(body);
    if (padded > body.length) out.bytes(new Uint8Array(padded - body.length));
    out.u32(12 + padded);
  };
  const body = (build: (w: Out) => void) => {
    const w = new Out(le, 256);
    build(w);
    return w.take();
  };
  const option = (w: Out, code: number, value: Uint8Array) => {
    w.u16(code);
    w.u16(value.length);
    w.bytes(value);
    const pad = ((value.length + 3) & ~3) - value.length;
    if (pad) w.bytes(new Uint8Array(pad));
  };
  const section = () => {
    block(0x0a0d0d0a, body((w) => {
      w.u32(0x1a2b3c4d);
      w.u16(1); w.u16(0);
      w.u32(0xffffffff); w.u32(0xffffffff); // section length unknown
    }));
    for (const iface of o.interfaces) {
      block(1, body((w) => {
        w.u16(iface.linkType ?? 1);
        w.u16(0);
        w.u32(iface.snaplen ?? 0);
        if (iface.tsresol !== undefined && iface.tsresol !== 6) option(w, 9, Uint8Array.of(iface.tsresol));
        if (iface.tsoffset !== undefined) {
          const v = new Uint8Array(8);
          new DataView(v.buffer).setBigInt64(0, BigInt(iface.tsoffset), le);
          option(w, 14, v);
        }
        if (iface.tsresol !== undefined || iface.tsoffset !== undefined) { w.u16(0); w.u16(0); }
      }));
    }
  };
  const resolutions = o.interfaces.map((iface) => unitsPerSecond(iface.tsresol ?? 6));
  section();
  if (o.otherBlocks) {
    block(4, body((w) => { w.u16(1); w.u16(8); w.bytes(Uint8Array.of(127, 0, 0, 1, 0x6c, 0x6f, 0, 0)); w.u16(0); w.u16(0); })); // name resolution
    block(0x40000bad, body((w) => { w.u32(32473); w.bytes(Uint8Array.of(1, 2, 3, 4, 5)); })); // custom, unknown
  }
  let n = 0;
  let index = 0;
  for (const item of items) {
    if (o.newSectionAt?.includes(index)) section();
    const id = o.interfaceOf ? o.interfaceOf(item, index) : 0;
    const iface = o.interfaces[id];
    const frame = isRaw(item) ? item.raw : frameOf(item, item.frameOptions ? { ...iface, ...item.frameOptions } : iface);
    const captured = iface.snaplen ? Math.min(frame.length, iface.snaplen) : frame.length;
    const data = frame.subarray(0, captured);
    const perSecond = resolutions[id];
    const units = BigInt(item.seconds - (iface.tsoffset ?? 0)) * perSecond + (BigInt(item.nanoseconds) * perSecond) / 1_000_000_000n;
    const high = Number(units >> 32n);
    const low = Number(units & 0xffffffffn);
    const kind = o.block ?? 'enhanced';
    if (kind === 'simple') {
      block(3, body((w) => { w.u32(frame.length); w.bytes(data); }));
    } else if (kind === 'obsolete') {
      block(2, body((w) => { w.u16(id); w.u16(0); w.u32(high); w.u32(low); w.u32(captured); w.u32(frame.length); w.bytes(data); }));
    } else {
      block(6, body((w) => { w.u32(id); w.u32(high); w.u32(low); w.u32(captured); w.u32(frame.length); w.bytes(data); }));
    }
    if (o.otherBlocks && index === 0) {
      block(5, body((w) => { w.u32(0); w.u32(high); w.u32(low); w.u16(0); w.u16(0); })); // interface statistics
    }
    index++;
    if (++n % batch === 0) yield out.take();
  }
  const rest = out.take();
  if (rest.length > 0) yield rest;
}

export function writePcapng(items: Iterable<Item>, o: PcapngOptions): Uint8Array {
  return concat([...pcapngChunks(items, o)]);
}
