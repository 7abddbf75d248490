// The binary readers on captures written by test/support/captureWriter.ts: every pcap variant
// (byte order, micro/nanoseconds), every link type, pcapng with several interfaces (own link type,
// timestamp resolution and offset), every packet block type, unknown blocks, several sections;
// IPv4 options, IPv6 extension headers, VLAN tags; what is skipped (non-TCP, fragments) and how.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIpv6 } from '../../server/src/capture/frame';
import { ACK, AE, CWR, ECE, FIN, flagsText, parseFlagsText, PSH, RST, SYN, type TcpPacket, URG } from '../../server/src/capture/packet';
import { splitTimestamp } from '../../server/src/capture/pcapng';
import { readCapture } from '../../server/src/capture/reader';
import { arpFrame, concat, type Item, type PcapngInterface, type Segment, udpFrame, writePcap, writePcapng } from '../support/captureWriter';

const v4 = (i: number, flags: number, seq: number, ack: number, len: number, reverse = false): Segment => ({
  seconds: 1_700_000_000 + i, nanoseconds: 123_456_789 + i,
  src: reverse ? '10.1.2.3' : '192.168.0.1', srcPort: reverse ? 443 : 50000,
  dst: reverse ? '192.168.0.1' : '10.1.2.3', dstPort: reverse ? 50000 : 443,
  flags, seq, ack, window: 1000 + i, payloadLength: len,
});
const v6 = (i: number, flags: number, seq: number, ack: number, len: number): Segment => ({
  ...v4(i, flags, seq, ack, len), src: '2001:db8::1', dst: 'fe80::a:b:c:d',
});

/** A small conversation over IPv4 with every flag, numbers across the 2^32 wrap. */
const IPV4: readonly Segment[] = [
  v4(0, SYN | ECE | CWR, 0xffffff00, 0, 0),
  v4(1, SYN | ACK | ECE, 77, 0xffffff01, 0, true),
  v4(2, ACK, 0xffffff01, 78, 0),
  v4(3, PSH | ACK, 0xffffff01, 78, 1400),
  v4(4, ACK | URG | AE, 78, 0x00000079, 0, true),
  v4(5, FIN | PSH | ACK, 0x00000079, 78, 3),
  v4(6, RST, 78, 0, 0, true),
];
const IPV6: readonly Segment[] = [v6(7, SYN, 5, 0, 0), v6(8, PSH | ACK, 6, 9, 64), v6(9, RST | ACK, 70, 9, 0)];

/** The packets the readers must give for these segments: frame numbers 1.., times truncated to the resolution. */
function expected(segments: readonly Item[], nanosecondStep = 1, firstFrame = 1): TcpPacket[] {
  const out: TcpPacket[] = [];
  segments.forEach((s, i) => {
    if ('raw' in s) return;
    const { frameOptions: _o, ...rest } = s;
    out.push({
      ...rest,
      frame: firstFrame + i,
      nanoseconds: s.nanoseconds - (s.nanoseconds % nanosecondStep),
      ipVersion: s.src.includes(':') ? 6 : 4,
      ack: s.flags & ACK ? s.ack : 0,
    });
  });
  return out;
}

function readOk(bytes: Uint8Array): TcpPacket[] {
  const r = readCapture(bytes);
  assert.equal(r.error, undefined, r.error?.message);
  assert.deepEqual(r.warnings, []);
  return r.packets;
}

describe('pcap: byte orders and timestamp precisions', () => {
  for (const littleEndian of [true, false]) {
    for (const nano of [false, true]) {
      it(`${littleEndian ? 'little' : 'big'}-endian, ${nano ? 'nano' : 'micro'}seconds: every field back`, () => {
        const items = [...IPV4, ...IPV6];
        const bytes = writePcap(items, { littleEndian, nano });
        assert.equal(readCapture(bytes).format, 'pcap');
        assert.deepEqual(readOk(bytes), expected(items, nano ? 1 : 1000));
      });
    }
  }

  it('the Kuznetsov variant (magic a1b2cd34, 24-byte record headers)', () => {
    const normal = writePcap(IPV4, {});
    // Rewrite as the modified format: new magic, 8 more bytes after each record header.
    const parts: Uint8Array[] = [Uint8Array.of(0x34, 0xcd, 0xb2, 0xa1), normal.subarray(4, 24)];
    let at = 24;
    while (at < normal.length) {
      const captured = new DataView(normal.buffer, normal.byteOffset + at + 8, 4).getUint32(0, true);
      parts.push(normal.subarray(at, at + 16), new Uint8Array(8), normal.subarray(at + 16, at + 16 + captured));
      at += 16 + captured;
    }
    assert.deepEqual(readOk(concat(parts)), expected(IPV4, 1000));
  });
});

describe('link types', () => {
  const both = [...IPV4, ...IPV6];
  const cases: [string, number, readonly Segment[], object?][] = [
    ['BSD loopback (0), little-endian family', 0, both],
    ['BSD loopback (0), big-endian family', 0, both, { nullBigEndian: true }],
    ['Ethernet (1)', 1, both],
    ['Ethernet with an 802.1Q tag', 1, both, { vlanTags: 1 }],
    ['Ethernet with 802.1ad + 802.1Q tags (QinQ)', 1, both, { vlanTags: 2, qinq: true }],
    ['raw IP (DLT_RAW 12)', 12, both],
    ['raw IP (DLT_RAW 14)', 14, both],
    ['raw IP (101)', 101, both],
    ['OpenBSD loopback (108)', 108, both],
    ['Linux cooked SLL (113)', 113, both],
    ['raw IPv4 (228)', 228, IPV4],
    ['raw IPv6 (229)', 229, IPV6],
    ['Linux cooked SLL2 (276)', 276, both],
  ];
  for (const [name, linkType, items, options] of cases) {
    it(name, () => {
      assert.deepEqual(readOk(writePcap(items, { linkType, nano: true, ...options })), expected(items));
    });
  }
});

describe('IP and TCP headers', () => {
  it('IPv4 options and TCP options do not change the payload length (from the IP total length)', () => {
    assert.deepEqual(readOk(writePcap(IPV4, { nano: true, ipv4Options: 40, tcpOptions: 40 })), expected(IPV4));
  });

  it('IPv6 hop-by-hop, routing, destination options and an atomic fragment header before TCP', () => {
    const options = { ipv6Extensions: ['hop-by-hop', 'routing', 'destination', 'fragment'] as const };
    assert.deepEqual(readOk(writePcap(IPV6, { nano: true, ...options })), expected(IPV6));
  });

  it('Ethernet padding is not payload: a 40-byte packet padded to 60 bytes has length 0', () => {
    const bytes = writePcap([IPV4[2]], { nano: true });
    // Append 6 bytes of padding to the frame and fix the record's lengths.
    const padded = concat([bytes, new Uint8Array(6)]);
    const view = new DataView(padded.buffer);
    view.setUint32(24 + 8, view.getUint32(24 + 8, true) + 6, true);
    view.setUint32(24 + 12, view.getUint32(24 + 12, true) + 6, true);
    assert.deepEqual(readOk(padded), expected([IPV4[2]]));
  });

  it('skips UDP and ARP but counts them as frames', () => {
    const items: Item[] = [IPV4[0], udpFrame(1_700_000_000, 5000), IPV4[1], arpFrame(1_700_000_001, 0), IPV4[2]];
    assert.deepEqual(readOk(writePcap(items, { nano: true })).map((p) => p.frame), [1, 3, 5]);
  });

  it('skips IPv4 and IPv6 fragments with a warning naming the frame, id and offset', () => {
    const items: Item[] = [
      IPV4[0],
      { ...IPV4[3], frameOptions: { fragment: 'first' } },
      { ...IPV4[3], frameOptions: { fragment: 'later' } },
      { ...IPV6[1], frameOptions: { fragment: 'first' } },
      { ...IPV6[1], frameOptions: { fragment: 'later' } },
      IPV4[1],
    ];
    const r = readCapture(writePcap(items, { nano: true }));
    assert.equal(r.error, undefined);
    assert.deepEqual(r.packets.map((p) => p.frame), [1, 6]);
    assert.deepEqual(r.warnings.map((w) => [w.kind, w.frame, w.message]), [
      ['fragment', 2, 'frame 2: IPv4 fragment (id 4660, offset 0, more fragments) skipped: fragments are not reassembled'],
      ['fragment', 3, 'frame 3: IPv4 fragment (id 4660, offset 1480) skipped: fragments are not reassembled'],
      ['fragment', 4, 'frame 4: IPv6 fragment (id 7, offset 0, more fragments) skipped: fragments are not reassembled'],
      ['fragment', 5, 'frame 5: IPv6 fragment (id 7, offset 1480) skipped: fragments are not reassembled'],
    ]);
  });

  it('a snap length that keeps the TCP header but not the options or payload is fine (tcpdump -s 54)', () => {
    assert.deepEqual(readOk(writePcap(IPV4, { nano: true, tcpOptions: 12, snaplen: 54 })), expected(IPV4));
  });
});

describe('pcapng', () => {
  const interfaces: PcapngInterface[] = [
    { linkType: 1 }, // microseconds (no if_tsresol)
    { linkType: 113, tsresol: 9 }, // nanoseconds
    { linkType: 276, tsresol: 0x80 | 30 }, // 2^-30 s
    { linkType: 101, tsresol: 3, tsoffset: 1_000_000_000 }, // milliseconds, offset
    { linkType: 0, tsresol: 7, vlanTags: 0 },
  ];
  // Times each interface's resolution represents exactly (2^-30 s: half a second).
  const items = [...IPV4, ...IPV6].map((s, i) => ({ ...s, nanoseconds: [500_000, 123_456_789, 500_000_000, 7_000_000, 300][i % 5] }));
  const step = [1000, 1, 1, 1_000_000, 100];

  for (const littleEndian of [true, false]) {
    it(`${littleEndian ? 'little' : 'big'}-endian, five interfaces with their own link types and resolutions, unknown blocks skipped`, () => {
      const bytes = writePcapng(items, { littleEndian, interfaces, interfaceOf: (_, i) => i % 5, otherBlocks: true });
      const r = readCapture(bytes);
      assert.equal(r.format, 'pcapng');
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(r.packets, items.map((s, i) => expected([s], step[i % 5], i + 1)[0]));
    });
  }

  it('obsolete packet blocks (type 2)', () => {
    assert.deepEqual(readOk(writePcapng(IPV4, { interfaces: [{ linkType: 1, tsresol: 9 }], block: 'obsolete' })), expected(IPV4));
  });

  it('simple packet blocks (type 3): interface 0, no time of their own', () => {
    const got = readOk(writePcapng(IPV4, { interfaces: [{ linkType: 1 }], block: 'simple' }));
    assert.deepEqual(got, expected(IPV4).map((p) => ({ ...p, seconds: 0, nanoseconds: 0 })));
  });

  it('a new section (its own interfaces, here the other byte order) continues the frame numbers', () => {
    const first = writePcapng(IPV4, { interfaces: [{ linkType: 1, tsresol: 9 }] });
    const second = writePcapng(IPV6, { littleEndian: false, interfaces: [{ linkType: 113, tsresol: 9 }] });
    assert.deepEqual(readOk(concat([first, second])), [...expected(IPV4), ...expected(IPV6, 1, IPV4.length + 1)]);
  });

  it('several sections in one writer call, each repeating its interfaces', () => {
    const all = [...IPV4, ...IPV6];
    const bytes = writePcapng(all, { interfaces: [{ linkType: 1, tsresol: 9 }, { linkType: 12, tsresol: 9 }], interfaceOf: (_, i) => i % 2, newSectionAt: [3, 6] });
    assert.deepEqual(readOk(bytes), expected(all));
  });

  it('an interface with an unknown link type and no packets is harmless', () => {
    assert.deepEqual(readOk(writePcapng(IPV4, { interfaces: [{ linkType: 1, tsresol: 9 }, { linkType: 147 }] })), expected(IPV4));
  });
});

describe('small pieces', () => {
  it('flagsText prints tcpdump\'s letters in its order; parseFlagsText reads them back', () => {
    const cases: [number, string][] = [
      [SYN, 'S'], [SYN | ACK, 'S.'], [ACK, '.'], [PSH | ACK, 'P.'], [FIN | ACK, 'F.'], [RST, 'R'], [RST | ACK, 'R.'],
      [FIN | PSH | ACK, 'FP.'], [SYN | ECE | CWR, 'SEW'], [SYN | ACK | ECE, 'S.E'], [PSH | ACK | URG, 'P.U'], [0, 'none'], [ACK | AE, '.e'],
    ];
    for (const [flags, text] of cases) {
      assert.equal(flagsText(flags), text);
      assert.equal(parseFlagsText(text), flags);
    }
    assert.equal(parseFlagsText('SX'), undefined);
  });

  it('formatIpv6 compresses as tcpdump does', () => {
    const w = (...words: number[]) => formatIpv6(words);
    assert.equal(w(0, 0, 0, 0, 0, 0, 0, 1), '::1');
    assert.equal(w(0, 0, 0, 0, 0, 0, 0, 0), '::');
    assert.equal(w(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1), '2001:db8::1:0:0:1');
    assert.equal(w(0x2001, 0xdb8, 0, 1, 0, 1, 0, 1), '2001:db8:0:1:0:1:0:1');
    assert.equal(w(0xfe80, 0, 0, 0, 0, 0, 0, 0), 'fe80::');
    assert.equal(w(0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001), '::ffff:10.0.0.1');
    assert.equal(w(0, 0, 0, 0, 0, 0, 0x0a00, 0x0001), '::10.0.0.1');
  });

  it('splitTimestamp is exact at every resolution, also beyond 2^53 units', () => {
    const ns = 1_700_000_000_123_456_789n;
    const high = Number(ns >> 32n);
    const low = Number(ns & 0xffffffffn);
    assert.deepEqual(splitTimestamp(high, low, 1e9), [1_700_000_000, 123_456_789]);
    assert.deepEqual(splitTimestamp(0, 1_500_000, 1e6), [1, 500_000_000]);
    assert.deepEqual(splitTimestamp(1, 0, 2 ** 32), [1, 0]);
    assert.deepEqual(splitTimestamp(0, 3, 2 ** 2), [0, 750_000_000]);
    const ps = 10_000_000_123_456_789_001n; // picoseconds: below a nanosecond is cut
    assert.deepEqual(splitTimestamp(Number(ps >> 32n), Number(ps & 0xffffffffn), 1e12), [10_000_000, 123_456_789]);
  });
});
