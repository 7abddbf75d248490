// Properties of the capture readers (fast-check): any list of segments written by the synthetic
// writer in any format, link type and chunking reads back as itself; any byte damage to a real or
// synthetic capture ends in packets plus at most one structured error, never an exception, an
// internal error or a hang.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ACK, type TcpPacket } from '../../server/src/capture/packet';
import { readCapture } from '../../server/src/capture/reader';
import { type PcapngInterface, type Segment, writePcap, writePcapng } from '../support/captureWriter';
import { CAPTURES, TEXT_FIXTURES } from '../support/captures';

const ADDRESSES_V4 = ['10.0.0.1', '192.168.255.254', '127.0.0.1', '0.0.0.0'];
const ADDRESSES_V6 = ['::1', '2001:db8::7', 'fe80::1:2:3:4', '::ffff:10.1.2.3', '1:2:3:4:5:6:7:8'];
const BOTH_FAMILIES = [0, 1, 12, 14, 101, 108, 113, 276];

const segment = (v6: boolean) => fc.record({
  seconds: fc.integer({ min: 0, max: 0xffffffff }),
  nanoseconds: fc.integer({ min: 0, max: 999_999_999 }),
  src: fc.constantFrom(...(v6 ? ADDRESSES_V6 : ADDRESSES_V4)),
  srcPort: fc.integer({ min: 0, max: 65535 }),
  dst: fc.constantFrom(...(v6 ? ADDRESSES_V6 : ADDRESSES_V4)),
  dstPort: fc.integer({ min: 0, max: 65535 }),
  flags: fc.integer({ min: 0, max: 0x1ff }),
  seq: fc.integer({ min: 0, max: 0xffffffff }),
  ack: fc.integer({ min: 0, max: 0xffffffff }),
  window: fc.integer({ min: 0, max: 65535 }),
  payloadLength: fc.integer({ min: 0, max: 3000 }),
}).map((s): Segment => ({ ...s, ack: s.flags & ACK ? s.ack : 0 }));

const segments = fc.array(fc.oneof(segment(false), segment(true)), { maxLength: 30 });

/** Splits bytes at the given cut points (a random chunking). */
function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.slice(from, p));
    from = p;
  }
  chunks.push(bytes.slice(from));
  return chunks;
}

function expected(list: readonly Segment[], step: (index: number) => number): TcpPacket[] {
  return list.map((s, i) => ({
    ...s,
    frame: i + 1,
    nanoseconds: s.nanoseconds - (s.nanoseconds % step(i)),
    ipVersion: s.src.includes(':') ? 6 : 4,
  }));
}

describe('writer → reader round trip', () => {
  it('pcap: any segments, byte order, precision, link type, VLAN tags and chunking', () => {
    fc.assert(fc.property(
      segments, fc.boolean(), fc.boolean(), fc.constantFrom(...BOTH_FAMILIES), fc.integer({ min: 0, max: 3 }),
      fc.array(fc.nat(), { maxLength: 8 }),
      (list, littleEndian, nano, linkType, vlanTags, cuts) => {
        const bytes = writePcap(list, { littleEndian, nano, linkType, vlanTags });
        const r = readCapture(chunked(bytes, cuts));
        assert.equal(r.error, undefined);
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(r.packets, expected(list, () => (nano ? 1 : 1000)));
      }), { numRuns: 150 });
  });

  it('pcapng: any segments over up to three interfaces with their own link types and resolutions', () => {
    const iface = fc.record({ linkType: fc.constantFrom(...BOTH_FAMILIES), tsresol: fc.constantFrom(3, 6, 9) });
    fc.assert(fc.property(
      segments, fc.boolean(), fc.array(iface, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 8 }),
      (list, littleEndian, interfaces: PcapngInterface[], cuts) => {
        const on = (i: number) => i % interfaces.length;
        const bytes = writePcapng(list, { littleEndian, interfaces, interfaceOf: (_, i) => on(i), otherBlocks: true });
        const r = readCapture(chunked(bytes, cuts));
        assert.equal(r.error, undefined);
        assert.deepEqual(r.packets, expected(list, (i) => 10 ** (9 - (interfaces[on(i)].tsresol ?? 6))));
      }), { numRuns: 150 });
  });
});

/** Every real and synthetic capture, and some tcpdump text. */
function samples(): Uint8Array[] {
  const files = [
    ...fs.readdirSync(CAPTURES).filter((f) => /\.(pcap|tcpdump\.txt)$/.test(f)).map((f) => path.join(CAPTURES, f)),
    ...fs.readdirSync(TEXT_FIXTURES).filter((f) => /\.(pcap|txt)$/.test(f)).map((f) => path.join(TEXT_FIXTURES, f)),
  ];
  const list: Uint8Array[] = files.map((f) => new Uint8Array(fs.readFileSync(f)));
  list.push(writePcapng([], { interfaces: [{ linkType: 1 }] }));
  return list;
}

describe('damage never breaks the reader', () => {
  const all = samples();
  const damage = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  );

  type Damage = { kind: 'set'; at: number; value: number } | { kind: 'cut'; at: number }
    | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; count: number };

  function apply(bytes: Uint8Array, steps: readonly Damage[]): Uint8Array {
    let out = bytes;
    for (const step of steps) {
      const at = out.length === 0 ? 0 : step.at % out.length;
      if (step.kind === 'set') {
        if (out.length === 0) continue;
        out = out.slice();
        out[at] = step.value;
      } else if (step.kind === 'cut') {
        out = out.slice(0, at);
      } else if (step.kind === 'insert') {
        out = new Uint8Array([...out.subarray(0, at), ...step.bytes, ...out.subarray(at)]);
      } else {
        out = new Uint8Array([...out.subarray(0, at), ...out.subarray(at + step.count)]);
      }
    }
    return out;
  }

  it('random byte changes, cuts, insertions and deletions in every fixture: packets and at most a structured error', { timeout: 120_000 }, () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: all.length - 1 }), fc.array(damage, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 5 }),
      (index, steps, cuts) => {
        const bytes = apply(all[index], steps);
        const r = readCapture(chunked(bytes, cuts));
        if (r.error) {
          assert.notEqual(r.error.kind, 'internal', r.error.message);
          assert.ok(r.error.message.length > 0);
          if (r.error.offset !== undefined) assert.ok(r.error.offset >= 0 && r.error.offset <= bytes.length, `offset ${r.error.offset} of ${bytes.length}`);
        }
        for (const p of r.packets) {
          assert.ok(Number.isInteger(p.frame) && p.frame >= 1);
          assert.ok(p.seq >= 0 && p.seq <= 0xffffffff && p.ack >= 0 && p.ack <= 0xffffffff);
          assert.ok(p.payloadLength >= 0 && p.nanoseconds >= 0 && p.nanoseconds < 1e9);
        }
      }), { numRuns: 600 });
  });
});
