// Damaged input: each kind of damage gives one precise CaptureError (kind, message, byte offset
// and/or frame number), the packets before it are kept, and reading never throws; packets that
// contradict themselves are skipped with a warning and reading goes on.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACK, CaptureError, PSH, SYN } from '../../server/src/capture/packet';
import { capturePackets, readCapture } from '../../server/src/capture/reader';
import { concat, type Segment, writePcap, writePcapng } from '../support/captureWriter';

const seg = (i: number, flags = ACK, len = 0): Segment => ({
  seconds: 1_700_000_000 + i, nanoseconds: 0, src: '10.0.0.1', srcPort: 40000, dst: '10.0.0.2', dstPort: 80,
  flags, seq: 1000 + i, ack: 2000, window: 100, payloadLength: len,
});
const SEGMENTS = [seg(0, SYN), seg(1), seg(2, PSH | ACK, 10), seg(3)];
/** Ethernet + IPv4 + TCP, no options: 54 bytes; with the 10 bytes of payload 64. */
const FRAME = 54;

const pcap = () => writePcap(SEGMENTS, {});
/** Offsets of the pcap records: file header 24, then 16 + frame each. */
const recordOffset = (n: number) => 24 + [0, 1, 2, 3].slice(0, n - 1).reduce((sum, i) => sum + 16 + FRAME + SEGMENTS[i].payloadLength, 0);

function damaged(bytes: Uint8Array, at: number, write: (view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  write(new DataView(copy.buffer, copy.byteOffset + at));
  return copy;
}

function failsWith(bytes: Uint8Array, kind: string, message: string | RegExp, where: { offset?: number; frame?: number }, packetsBefore: number) {
  const r = readCapture(bytes);
  assert.ok(r.error instanceof CaptureError);
  assert.equal(r.error.kind, kind);
  if (typeof message === 'string') assert.equal(r.error.message, message);
  else assert.match(r.error.message, message);
  assert.equal(r.error.offset, where.offset);
  assert.equal(r.error.frame, where.frame);
  assert.equal(r.packets.length, packetsBefore, 'the packets before the damage are kept');
  return r;
}

describe('not a capture', () => {
  it('an empty file', () => {
    failsWith(new Uint8Array(0), 'not-a-capture', 'the file is empty: not a pcap, pcapng or tcpdump text file', {}, 0);
  });

  it('a binary file (an ELF header): bad magic, with its first bytes', () => {
    failsWith(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0), 'not-a-capture',
      'not a pcap, pcapng or tcpdump text file: it starts with the bytes 7f 45 4c 46 (bad magic number)', { offset: 0 }, 0);
  });

  it('three bytes of binary', () => {
    failsWith(Uint8Array.of(0xd4, 0xc3, 0xb2), 'not-a-capture', /it starts with the bytes d4 c3 b2 \(bad magic number\)/, { offset: 0 }, 0);
  });

  it('a pcap magic with a bad version', () => {
    failsWith(damaged(pcap(), 4, (v) => v.setUint16(0, 3, true)), 'bad-record',
      'pcap version 3.4 is not 2.x: the file header is damaged', { offset: 4 }, 0);
  });
});

describe('truncated', () => {
  it('inside the pcap file header', () => {
    failsWith(pcap().subarray(0, 10), 'truncated', 'the file ends inside the pcap file header (10 of 24 bytes)', { offset: 0 }, 0);
  });

  it('inside the header of record 3', () => {
    const at = recordOffset(3);
    failsWith(pcap().subarray(0, at + 5), 'truncated',
      `the file ends inside the header of record 3 (5 of 16 bytes), at offset ${at}: it was cut short`, { offset: at, frame: 3 }, 2);
  });

  it('inside the data of record 3', () => {
    const at = recordOffset(3);
    failsWith(pcap().subarray(0, at + 30), 'truncated',
      `the file ends inside record 3 (30 of its 80 bytes), at offset ${at}: it was cut short`, { offset: at, frame: 3 }, 2);
  });

  it('inside a pcapng block', () => {
    const bytes = writePcapng(SEGMENTS, { interfaces: [{ linkType: 1 }] });
    const r = readCapture(bytes.subarray(0, bytes.length - 10));
    assert.equal(r.error?.kind, 'truncated');
    assert.match(r.error!.message, /^the file ends inside a block \(\d+ of its \d+ bytes\), at offset \d+: it was cut short$/);
    assert.equal(r.packets.length, 3);
  });
});

describe('unknown link type', () => {
  it('pcap: the file header names it, with the list of those read', () => {
    failsWith(writePcap(SEGMENTS, { linkType: 147 }), 'unknown-link-type',
      'pcap file header: link type 147 (user-defined (147)) is not one this reader decodes (0, 1, 12, 14, 101, 108, 113, 228, 229, 276)', { offset: 20 }, 0);
  });

  it('pcapng: the first packet on an interface of an unknown link type', () => {
    const bytes = writePcapng(SEGMENTS, { interfaces: [{ linkType: 1 }, { linkType: 127 }], interfaceOf: (_, i) => (i === 2 ? 1 : 0) });
    // Section header 28 + two interfaces of 20 + two enhanced packet blocks of 12 + 20 + 56.
    failsWith(bytes, 'unknown-link-type', /^frame 3 \(offset 244\) is on interface 1, whose link type 127 \(IEEE 802\.11 radiotap\) is not one this reader decodes/, { offset: 244, frame: 3 }, 2);
  });
});

describe('snap length shorter than the TCP header', () => {
  it('cut inside the TCP header: an error at the first such frame, saying how to capture again', () => {
    failsWith(writePcap(SEGMENTS, { snaplen: 40 }), 'short-snaplen',
      'frame 1 (offset 24): only 40 of its 54 bytes were captured, which ends inside the TCP header (54 bytes needed): ' +
      'the snap length is too short; capture again with a larger one (tcpdump -s 0)', { offset: 24, frame: 1 }, 0);
  });

  it('cut inside the IPv4 header', () => {
    failsWith(writePcap(SEGMENTS, { snaplen: 20 }), 'short-snaplen', /^frame 1 \(offset 24\): only 20 of its 54 bytes were captured, which ends inside the IPv4 header \(34 bytes needed\)/, { offset: 24, frame: 1 }, 0);
  });
});

describe('impossible framing', () => {
  it('pcap: a record longer than the snap length allows', () => {
    const at = recordOffset(2);
    failsWith(damaged(pcap(), at + 8, (v) => v.setUint32(0, 0x7fffffff, true)), 'bad-record',
      `record 2 at offset ${at} says it holds 2147483647 bytes, more than the snap length allows (262144): the file is damaged`, { offset: at, frame: 2 }, 1);
  });

  const ng = () => writePcapng(SEGMENTS, { interfaces: [{ linkType: 1 }] });
  /** The pcapng layout: section header (28) + interface (20) + enhanced packet blocks. */
  const firstPacketBlock = 28 + 20;

  it('pcapng: a block length that is not a multiple of 4', () => {
    failsWith(damaged(ng(), firstPacketBlock + 4, (v) => v.setUint32(0, 87, true)), 'bad-record',
      `block at offset ${firstPacketBlock}: block of type 0x6 says it is 87 bytes long (a block is a multiple of 4 bytes, at least 12): the file is damaged`,
      { offset: firstPacketBlock }, 0);
  });

  it('pcapng: the lengths at the start and the end of a block differ', () => {
    const bytes = ng();
    const length = new DataView(bytes.buffer).getUint32(firstPacketBlock + 4, true);
    failsWith(damaged(bytes, firstPacketBlock + length - 4, (v) => v.setUint32(0, 12, true)), 'bad-record',
      `block at offset ${firstPacketBlock}: the length at its end (12) differs from the one at its start (${length}): the file is damaged`,
      { offset: firstPacketBlock }, 0);
  });

  it('pcapng: a packet on an interface the section does not describe', () => {
    failsWith(damaged(ng(), firstPacketBlock + 8, (v) => v.setUint32(0, 5, true)), 'bad-record',
      `block at offset ${firstPacketBlock}: packet block for interface 5, but the section describes 1 interface(s): the file is damaged`,
      { offset: firstPacketBlock }, 0);
  });

  it('pcapng: a section header with a bad byte-order magic', () => {
    failsWith(damaged(ng(), 8, (v) => v.setUint32(0, 0x12345678, true)), 'bad-record',
      'block at offset 0: section header block with a bad byte-order magic 0x12345678: the file is damaged', { offset: 0 }, 0);
  });

  it('pcapng: version 2', () => {
    failsWith(damaged(ng(), 12, (v) => v.setUint16(0, 2, true)), 'bad-record', /^block at offset 0: pcapng version 2\.0 is not 1\.x/, { offset: 0 }, 0);
  });
});

describe('malformed packets: skipped with a warning, reading goes on', () => {
  const frameStart = (n: number) => recordOffset(n) + 16;

  it('an IPv4 header length below 20, a TCP data offset below 5, a total length below the header', () => {
    let bytes = damaged(pcap(), frameStart(1) + 14, (v) => v.setUint8(0, 0x44));
    bytes = damaged(bytes, frameStart(2) + 34 + 12, (v) => v.setUint8(0, 0x30));
    bytes = damaged(bytes, frameStart(3) + 14 + 2, (v) => v.setUint16(0, 12));
    const r = readCapture(bytes);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.packets.map((p) => p.frame), [4]);
    assert.deepEqual(r.warnings.map((w) => [w.kind, w.frame, w.message]), [
      ['malformed', 1, 'frame 1: IPv4 header length 16 is less than 20; skipped'],
      ['malformed', 2, 'frame 2: TCP header length 12 is less than 20; skipped'],
      ['malformed', 3, 'frame 3: IPv4 total length 12 is less than its header length 20; skipped'],
    ]);
  });

  it('a link layer that says IPv6 over an IPv4 header', () => {
    const bytes = damaged(pcap(), frameStart(1) + 12, (v) => v.setUint16(0, 0x86dd));
    const r = readCapture(bytes);
    assert.deepEqual(r.warnings.map((w) => w.message), ['frame 1: the link layer says IPv6 but the IP header says version 4; skipped']);
    assert.deepEqual(r.packets.map((p) => p.frame), [2, 3, 4]);
  });

  it('a frame shorter than its headers, though fully captured', () => {
    // Record 1 claims (and holds) only 30 bytes: nothing was cut by the snap length.
    const bytes = pcap();
    const shortened = concat([bytes.subarray(0, 24 + 16 + 30), bytes.subarray(recordOffset(2))]);
    const view = new DataView(shortened.buffer);
    view.setUint32(24 + 8, 30, true);
    view.setUint32(24 + 12, 30, true);
    const r = readCapture(shortened);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.warnings.map((w) => w.message), ['frame 1: the packet (30 bytes) ends inside its IPv4 header (34 bytes needed); skipped']);
    assert.deepEqual(r.packets.map((p) => p.frame), [2, 3, 4]);
  });
});

describe('the iterator interface', () => {
  it('yields the packets before the damage, then throws the CaptureError', () => {
    const bytes = pcap().subarray(0, recordOffset(3) + 5);
    const seen: number[] = [];
    assert.throws(() => {
      for (const p of capturePackets([bytes.subarray(0, 50), bytes.subarray(50)])) seen.push(p.frame);
    }, (err: unknown) => err instanceof CaptureError && err.kind === 'truncated' && err.frame === 3);
    assert.deepEqual(seen, [1, 2]);
  });
});
