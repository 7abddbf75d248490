// The tcpdump text reader on tcpdump's own output (test/fixtures/captures/text, made by make.sh
// from synthetic and real captures): each text gives the packets its pcap gives, with the time
// its timestamp style allows, the exact warnings, and only the differences the text forces
// (named per case). Then the text rules one by one on small inline texts.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ACK, CWR, type TcpPacket } from '../../server/src/capture/packet';
import { readCapture, type ReadOptions } from '../../server/src/capture/reader';
import { CAPTURES, comparable, TEXT_FIXTURES } from '../support/captures';

type TimeStyle = 'epoch' | 'clock' | 'since-first' | 'none';

interface Case {
  readonly text: string;
  readonly pcap: string;
  readonly time: TimeStyle;
  /** Per frame, the fields where the text reader must differ from the pcap (and why, in a comment). */
  readonly differences?: Readonly<Record<number, Partial<TcpPacket>>>;
  /** The warnings as `kind@frame`. */
  readonly warnings?: readonly string[];
  /** -vv prints seq on every segment: nothing is inferred. */
  readonly noInference?: boolean;
}

const real = (name: string) => path.join(CAPTURES, name);

// The connection in midstream.pcap starts with the client's pure ACK: in relative text tcpdump
// numbers the client's sequence numbers from it without printing it, so they stay relative.
const MIDSTREAM_RELATIVE = { 1: { seq: 0 }, 2: { ack: 0 }, 3: { seq: 0 }, 4: { seq: 0 }, 5: { ack: 20 } };
// tcpdump 4.99 prints no letter for the AE flag.
const AE_NOT_PRINTED = { 7: { flags: ACK | CWR } };

const CASES: readonly Case[] = [
  { text: 'wrapping-vlan.txt', pcap: 'wrapping-vlan.pcap', time: 'clock' },
  { text: 'wrapping-vlan.v-tt.txt', pcap: 'wrapping-vlan.pcap', time: 'epoch' },
  { text: 'midstream.txt', pcap: 'midstream.pcap', time: 'clock', differences: MIDSTREAM_RELATIVE, warnings: ['guessed@1'] },
  { text: 'midstream.v-tt.txt', pcap: 'midstream.pcap', time: 'epoch', differences: MIDSTREAM_RELATIVE, warnings: ['guessed@1'] },
  // With -S only the first segment's seq is unknown (no earlier segment of the client).
  { text: 'midstream.S.txt', pcap: 'midstream.pcap', time: 'clock', differences: { 1: { seq: 0 } }, warnings: ['guessed@1'] },
  { text: 'reuse-flags.txt', pcap: 'reuse-flags.pcap', time: 'clock', differences: AE_NOT_PRINTED },
  { text: 'reuse-flags.v-tt.txt', pcap: 'reuse-flags.pcap', time: 'epoch', differences: AE_NOT_PRINTED },
  { text: 'reuse-flags.S-ttt.txt', pcap: 'reuse-flags.pcap', time: 'since-first', differences: AE_NOT_PRINTED },
  { text: 'midnight.txt', pcap: 'midnight.pcap', time: 'clock' },
  { text: 'midnight.v-tt.txt', pcap: 'midnight.pcap', time: 'epoch' },
  { text: 'ipv6-sll2.txt', pcap: 'ipv6-sll2.pcap', time: 'clock' },
  { text: 'ipv6-sll2.v-tt.txt', pcap: 'ipv6-sll2.pcap', time: 'epoch' },
  { text: 'ipv6-plain.txt', pcap: 'ipv6-plain.pcap', time: 'clock' },
  { text: 'ipv6-plain.v-tt.txt', pcap: 'ipv6-plain.pcap', time: 'epoch' },
  { text: 'fragments.v-tt.txt', pcap: 'fragments.pcap', time: 'epoch', warnings: ['fragment@2', 'fragment@3'] },
  { text: 'scenario-5-t.txt', pcap: real('scenario-5.pcap'), time: 'none' },
  { text: 'scenario-5-ttt.txt', pcap: real('scenario-5.pcap'), time: 'since-first' },
  { text: 'scenario-5-tttt.txt', pcap: real('scenario-5.pcap'), time: 'epoch' },
  { text: 'scenario-5-ttttt.txt', pcap: real('scenario-5.pcap'), time: 'since-first' },
  { text: 'scenario-5-vv.txt', pcap: real('scenario-5.pcap'), time: 'clock', noInference: true },
  { text: 'scenario-8-ttt-S.txt', pcap: real('scenario-8.pcap'), time: 'since-first' },
  { text: 'scenario-24-tttt.txt', pcap: real('scenario-24.pcap'), time: 'epoch' },
  { text: 'scenario-24-v-ttttt.txt', pcap: real('scenario-24.pcap'), time: 'since-first' },
];

const read = (file: string, options?: ReadOptions) =>
  readCapture(fs.readFileSync(path.isAbsolute(file) ? file : path.join(TEXT_FIXTURES, file)), options);

const nanos = (p: Pick<TcpPacket, 'seconds' | 'nanoseconds'>) => BigInt(p.seconds) * 1_000_000_000n + BigInt(p.nanoseconds);

function expectedTime(style: TimeStyle, p: TcpPacket, first: TcpPacket): [number, number] {
  switch (style) {
    case 'epoch': return [p.seconds, p.nanoseconds];
    case 'clock': return [p.seconds - Math.floor(first.seconds / 86_400) * 86_400, p.nanoseconds];
    case 'none': return [0, 0];
    case 'since-first': {
      const d = nanos(p) - nanos(first);
      return [Number(d / 1_000_000_000n), Number(d % 1_000_000_000n)];
    }
  }
}

describe('tcpdump text of the fixtures: the same packets as their pcap', () => {
  it('covers every text fixture but the two with their own tests below', () => {
    const covered = new Set([...CASES.map((c) => c.text), 'fragments.txt', 'short-snaplen.txt', 'short-snaplen.v-tt.txt']);
    const all = fs.readdirSync(TEXT_FIXTURES).filter((f) => f.endsWith('.txt'));
    assert.deepEqual(all.filter((f) => !covered.has(f)), []);
  });

  for (const c of CASES) {
    it(`${c.text}: ${c.time} times${c.differences ? `, differs in frames ${Object.keys(c.differences).join(', ')}` : ''}`, () => {
      const pcap = readCapture(fs.readFileSync(path.isAbsolute(c.pcap) ? c.pcap : path.join(TEXT_FIXTURES, c.pcap)));
      assert.equal(pcap.error, undefined);
      const text = read(c.text);
      assert.equal(text.error, undefined);
      assert.equal(text.format, 'tcpdump-text');
      assert.deepEqual(text.warnings.map((w) => `${w.kind}@${w.frame}`), c.warnings ?? []);
      assert.deepEqual(text.packets.map((p) => p.frame), pcap.packets.map((p) => p.frame));
      text.packets.forEach((p, i) => {
        const want = { ...comparable(pcap.packets[i]), ...c.differences?.[p.frame] };
        assert.deepEqual(comparable(p), want, `frame ${p.frame}`);
        assert.deepEqual([p.seconds, p.nanoseconds], expectedTime(c.time, pcap.packets[i], pcap.packets[0]), `frame ${p.frame} time`);
        if (c.noInference) assert.equal(p.seqInferred, undefined);
      });
    });
  }

  it('fragments.txt (no -v): a first fragment cannot be told from a segment and is read as one; later fragments are skipped', () => {
    const text = read('fragments.txt');
    assert.deepEqual(text.warnings, []);
    assert.deepEqual(text.packets.map((p) => [p.frame, p.seq, p.payloadLength]), [[1, 1, 100], [2, 101, 1400], [4, 1, 0]]);
  });

  for (const file of ['short-snaplen.txt', 'short-snaplen.v-tt.txt']) {
    it(`${file}: [|tcp] is a short snap length, an error at frame 1, as in the pcap`, () => {
      const text = read(file);
      assert.equal(text.error?.kind, 'short-snaplen');
      assert.equal(text.error?.frame, 1);
      assert.match(text.error!.message, /^line 1 \(frame 1\): tcpdump printed \[\|tcp\]: the snap length cut the packet inside its TCP header/);
      assert.deepEqual(text.packets, []);
      const pcap = read('short-snaplen.pcap');
      assert.equal(pcap.error?.kind, 'short-snaplen');
      assert.equal(pcap.error?.frame, 1);
    });
  }
});

const bytes = (text: string) => new TextEncoder().encode(text);
const readText = (text: string, options?: ReadOptions) => readCapture(bytes(text), options);

describe('tcpdump text: rules', () => {
  const SYN_LINE = '10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 1, length 0\n';

  it('counts every packet line as a frame, TCP or not, and reads -i any lines (interface and direction)', () => {
    const r = readText(
      '10:00:00.000000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n' +
      '10:00:00.000001 lo    In  IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 1, length 0\n' +
      '10:00:00.000002 IP 10.0.0.1.53 > 10.0.0.2.53: 1+ A? x. (17)\n' +
      '10:00:00.000003 eth0  Out IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 7, ack 101, win 1, length 0\n');
    assert.deepEqual(r.packets.map((p) => [p.frame, p.flags, p.seq, p.ack]), [[2, 2, 100, 0], [4, 0x12, 7, 101]]);
  });

  it('reads CRLF line ends and a last line without a newline', () => {
    const r = readText(SYN_LINE.replace('\n', '\r\n') + SYN_LINE.trimEnd());
    assert.deepEqual(r.packets.map((p) => [p.frame, p.seq, p.window]), [[1, 100, 1], [2, 100, 1]]);
  });

  it('reads the text the same in chunks of one byte', () => {
    const text = fs.readFileSync(path.join(TEXT_FIXTURES, 'reuse-flags.txt'));
    const chunks = [...text].map((b) => Uint8Array.of(b));
    assert.deepEqual(readCapture(chunks).packets, readCapture(text).packets);
  });

  it('forced -S: relative-looking numbers are kept as printed', () => {
    const text = SYN_LINE + '10:00:00.1 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 7, ack 101, win 1, length 0\n' +
      '10:00:00.2 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:3, ack 1, win 1, length 2\n';
    assert.deepEqual(readText(text, { sequenceNumbers: 'absolute' }).packets.map((p) => [p.seq, p.ack]), [[100, 0], [7, 101], [1, 1]]);
    assert.deepEqual(readText(text).packets.map((p) => [p.seq, p.ack]), [[100, 0], [7, 101], [101, 8]]);
  });

  it('the delta styles: a decreasing value means -ttt (sum the deltas); forced -ttt sums even a rising series', () => {
    const line = (t: string) => ` ${t} IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 1, length 0\n`;
    const rising = line('00:00:00.000000') + line('00:00:00.100000') + line('00:00:00.200000');
    const seconds = (r: ReturnType<typeof readText>) => r.packets.map((p) => p.seconds + p.nanoseconds / 1e9);
    assert.deepEqual(seconds(readText(rising)), [0, 0.1, 0.2]);
    assert.deepEqual(seconds(readText(rising, { deltaTimestamps: 'delta' })), [0, 0.1, 0.3]);
    assert.deepEqual(seconds(readText(rising + line('00:00:00.050000'))), [0, 0.1, 0.3, 0.35]);
    assert.deepEqual(seconds(readText(line('00:00:00.000000') + line('01:00:00.000000'), { deltaTimestamps: 'since-first' })), [0, 3600]);
  });

  it('nanosecond timestamps (--nano) keep nine digits', () => {
    const r = readText('1700000000.123456789 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 1, length 0\n');
    assert.deepEqual([r.packets[0].seconds, r.packets[0].nanoseconds], [1_700_000_000, 123_456_789]);
  });

  it('an application decode after the length (`length 10: HTTP: GET / ...`) is ignored', () => {
    const r = readText('10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:11, ack 1, win 1, length 10: HTTP: GET /a, b [x] HTTP/1.1\n', { sequenceNumbers: 'absolute' });
    assert.deepEqual(r.packets.map((p) => [p.seq, p.ack, p.payloadLength]), [[1, 1, 10]]);
  });

  it('port names (tcpdump -n) and host names (no -n) are skipped with a warning naming the line', () => {
    const r = readText(
      '10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.http: Flags [S], seq 100, win 1, length 0\n' +
      '10:00:00.000001 IP client.example.40000 > server.80: Flags [S], seq 100, win 1, length 0\n');
    assert.equal(r.error, undefined);
    assert.deepEqual(r.packets, []);
    assert.deepEqual(r.warnings.map((w) => [w.kind, w.frame, w.message]), [
      ['unreadable-line', 1, 'line 1 (frame 1): port names instead of numbers; skipped (use tcpdump -nn)'],
      ['unreadable-line', 2, 'line 2 (frame 2): host names instead of addresses (client.example, server); skipped (use tcpdump -nn)'],
    ]);
  });

  it('text that is not tcpdump output is not a capture, naming how many lines were looked at', () => {
    const r = readText('hello\nthis is a README\n\n');
    assert.equal(r.error?.kind, 'not-a-capture');
    assert.equal(r.error?.message, 'not a pcap, pcapng or tcpdump text file: none of its 3 line(s) is a packet line of `tcpdump -nn`');
  });

  it('a line longer than 64 KiB is not tcpdump text', () => {
    const r = readText('x'.repeat(70_000));
    assert.equal(r.error?.kind, 'not-a-capture');
    assert.match(r.error!.message, /line 1 is longer than 65536 characters/);
  });
});
