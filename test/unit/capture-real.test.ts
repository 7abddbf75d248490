// The real Linux captures (test/fixtures/captures/scenario-N.pcap, from ../shared/captures and
// from the scenarios added for keep-alive, data on a FIN, RST on close and IPv6): read from the
// pcap, from `tcpdump -nn -r` text and from `tcpdump -nn -tt -S -r` text, each gives exactly the
// segments tshark lists in scenario-N.segments.txt (the oracle, parsed here), in any chunking.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { groupConnections } from '../../server/src/capture/connections';
import { readCaptureFile } from '../../server/src/capture/file';
import { ACK, type TcpPacket, timeOf } from '../../server/src/capture/packet';
import { readCapture } from '../../server/src/capture/reader';
import { CAPTURES, captureBytes, comparable, type OracleSegment, oracleSegments, scenarioNames } from '../support/captures';

/** What the oracle says about a packet, in the reader's terms. */
function expected(o: OracleSegment): Omit<TcpPacket, 'seconds' | 'nanoseconds' | 'seqInferred'> {
  return {
    frame: o.frame,
    ipVersion: o.src.includes(':') ? 6 : 4,
    src: o.src,
    srcPort: o.srcPort,
    dst: o.dst,
    dstPort: o.dstPort,
    flags: o.flags,
    seq: o.seq,
    ack: o.ack ?? 0,
    window: o.window,
    payloadLength: o.payloadLength,
  };
}

/** Keep-alive probes carry seq = the next sequence number - 1, which tcpdump text does not show
 *  (no `seq` on a segment without data): the text reader infers the next sequence number. */
const KEEPALIVE_PROBES: Readonly<Record<string, readonly number[]>> = { 'scenario-21': [8, 10] };

const names = scenarioNames();

describe('real captures: the pcap reader against tshark', () => {
  it('finds the nine scenarios', () => {
    assert.deepEqual(names, ['scenario-1', 'scenario-3', 'scenario-5', 'scenario-6', 'scenario-8',
      'scenario-21', 'scenario-22', 'scenario-23', 'scenario-24']);
  });

  for (const name of names) {
    it(`${name}.pcap: every segment as tshark lists it, with its time`, () => {
      const result = readCapture(captureBytes(`${name}.pcap`));
      assert.equal(result.error, undefined);
      assert.equal(result.format, 'pcap');
      assert.deepEqual(result.warnings, []);
      const oracle = oracleSegments(name);
      assert.ok(oracle.length >= 2);
      assert.deepEqual(result.packets.map(comparable), oracle.map(expected));
      result.packets.forEach((p, i) => {
        assert.ok(Math.abs(timeOf(p) - oracle[i].time) < 2e-6, `${name} #${p.frame}: time ${timeOf(p)} vs tshark ${oracle[i].time}`);
        assert.equal(p.nanoseconds % 1000, 0, 'a microsecond pcap');
      });
    });

    it(`${name}: the same packets whatever the chunk size (1, 7, 100 bytes, 1 MiB) and from the file`, () => {
      const bytes = captureBytes(`${name}.pcap`);
      const whole = readCapture(bytes).packets;
      for (const size of [1, 7, 100]) {
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
        assert.deepEqual(readCapture(chunks).packets, whole, `chunks of ${size}`);
      }
      assert.deepEqual(readCaptureFile(path.join(CAPTURES, `${name}.pcap`), { chunkSize: 13 }).packets, whole);
    });

    it(`${name}.tt-S.tcpdump.txt (-tt -S): the pcap's packets, times included; seq inferred only where tcpdump omits it`, () => {
      const fromPcap = readCapture(captureBytes(`${name}.pcap`)).packets;
      const text = readCapture(captureBytes(`${name}.tt-S.tcpdump.txt`));
      assert.equal(text.error, undefined);
      assert.equal(text.format, 'tcpdump-text');
      assert.deepEqual(text.warnings, []);
      assertSameAsPcap(name, text.packets, fromPcap);
      text.packets.forEach((p, i) => {
        assert.equal(p.seconds, fromPcap[i].seconds);
        assert.equal(p.nanoseconds, fromPcap[i].nanoseconds);
      });
    });

    it(`${name}.tcpdump.txt (default: relative numbers, time of day): the pcap's packets`, () => {
      const fromPcap = readCapture(captureBytes(`${name}.pcap`)).packets;
      const text = readCapture(captureBytes(`${name}.tcpdump.txt`));
      assert.equal(text.error, undefined);
      assert.deepEqual(text.warnings, []);
      assertSameAsPcap(name, text.packets, fromPcap);
      text.packets.forEach((p, i) => {
        assert.equal(p.seconds, fromPcap[i].seconds % 86_400, 'time of day (UTC) in seconds');
        assert.equal(p.nanoseconds, fromPcap[i].nanoseconds);
      });
    });

    it(`${name}: one connection, first endpoint the client (the SYN's sender), all packets in order`, () => {
      const packets = readCapture(captureBytes(`${name}.pcap`)).packets;
      const connections = groupConnections(packets);
      assert.equal(connections.length, 1);
      const [c] = connections;
      assert.deepEqual(c.packets, packets);
      const clientPort = oracleSegments(name)[0].srcPort;
      assert.equal(c.first.port, clientPort);
      assert.equal(c.second.port, oracleSegments(name)[0].dstPort);
    });
  }
});

/** The text packets equal the pcap's, except the inferred seq of keep-alive probes. */
function assertSameAsPcap(name: string, text: readonly TcpPacket[], pcap: readonly TcpPacket[]): void {
  const probes = KEEPALIVE_PROBES[name] ?? [];
  assert.equal(text.length, pcap.length);
  text.forEach((p, i) => {
    const want = comparable(pcap[i]);
    if (probes.includes(p.frame)) {
      assert.equal(p.seqInferred, true);
      assert.equal(p.seq, (want.seq + 1) >>> 0, `${name} #${p.frame}: a probe's seq is one less than the text reader infers`);
      assert.deepEqual({ ...comparable(p), seq: want.seq }, want);
      return;
    }
    assert.deepEqual(comparable(p), want, `${name} #${p.frame}`);
    // tcpdump prints seq on segments with data, SYN, FIN or RST; the reader infers the others.
    const printed = p.payloadLength > 0 || (p.flags & 0x07) !== 0;
    assert.equal(p.seqInferred === true, !printed, `${name} #${p.frame}: seq inferred exactly when not printed`);
    if (!(p.flags & ACK)) assert.equal(p.ack, 0);
  });
}

describe('real captures: the segments the scenarios were made to show', () => {
  const packetsOf = (name: string) => readCapture(captureBytes(`${name}.pcap`)).packets;

  it('scenario-21 (keep-alive): two probes one byte below the client\'s next sequence number, each answered by an ACK of it', () => {
    const p = packetsOf('scenario-21');
    const clientNext = p[6].seq; // #7, the client's ACK after the exchange
    for (const probe of [8, 10]) {
      const seg = p[probe - 1];
      assert.deepEqual([seg.srcPort, seg.flags, seg.payloadLength, seg.seq], [6212, ACK, 0, (clientNext - 1) >>> 0]);
      const answer = p[probe];
      assert.deepEqual([answer.srcPort, answer.flags, answer.payloadLength, answer.ack], [6211, ACK, 0, clientNext]);
    }
  });

  it('scenario-22 (data on FIN): frame 8 is [FP.] with 23 bytes, acknowledged by seq + 24', () => {
    const p = packetsOf('scenario-22');
    assert.equal(p[7].flags, 0x19);
    assert.equal(p[7].payloadLength, 23);
    assert.equal(p[8].ack, (p[7].seq + 24) >>> 0);
  });

  it('scenario-23 (close with unread data): the last segment is the client\'s [R.], acknowledging the 12 unread bytes', () => {
    const p = packetsOf('scenario-23');
    const last = p[p.length - 1];
    assert.equal(last.flags, 0x14);
    assert.equal(last.srcPort, 6232);
    assert.equal(p[7].payloadLength, 12);
    assert.equal(last.ack, (p[7].seq + 12) >>> 0);
  });

  it('scenario-24 (IPv6): addresses are ::1, IP version 6', () => {
    const p = packetsOf('scenario-24');
    assert.ok(p.every((x) => x.ipVersion === 6 && x.src === '::1' && x.dst === '::1'));
  });
});
