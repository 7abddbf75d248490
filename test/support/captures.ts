// Helpers for the capture reader tests: the real captures under test/fixtures/captures, and
// tshark's segment list of each (`scenario-N.segments.txt`) parsed as the oracle.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACK, AE, CWR, ECE, FIN, PSH, RST, SYN, type TcpPacket, URG } from '../../server/src/capture/packet';
import { ROOT } from './fixtures';

export const CAPTURES = path.join(ROOT, 'test/fixtures/captures');
export const TEXT_FIXTURES = path.join(CAPTURES, 'text');

/** The real captures: `scenario-N` names that have a pcap and a segment list. */
export function scenarioNames(): string[] {
  return fs.readdirSync(CAPTURES)
    .filter((f) => /^scenario-\d+\.pcap$/.test(f))
    .map((f) => f.slice(0, -'.pcap'.length))
    .filter((name) => fs.existsSync(path.join(CAPTURES, `${name}.segments.txt`)))
    .sort((a, b) => +a.split('-')[1] - +b.split('-')[1]);
}

export function captureBytes(file: string): Uint8Array {
  return fs.readFileSync(path.isAbsolute(file) ? file : path.join(CAPTURES, file));
}

/** One line of tshark's segment list. */
export interface OracleSegment {
  readonly frame: number;
  /** Epoch seconds, to the microsecond tshark printed (t0 + relative time). */
  readonly time: number;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly flags: number;
  readonly seq: number;
  /** null when tshark printed `ack=-` (no ACK flag). */
  readonly ack: number | null;
  readonly payloadLength: number;
  readonly window: number;
}

const TSHARK_FLAGS: Readonly<Record<string, number>> = {
  FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE,
};

const SEGMENT_LINE =
  /^\s*([\d.]+)\s+#(\d+)\s+(\S+):(\d+) -> (\S+):(\d+)\s+\[([A-Z,]*)\]\s+seq=\d+\s+ack=\S+\s+len=(\d+)\s+win=(\d+)\s+\(.*raw seq=(\d+) ack=([\d-]+);/;

export function oracleSegments(name: string): OracleSegment[] {
  const text = fs.readFileSync(path.join(CAPTURES, `${name}.segments.txt`), 'utf8');
  const t0Match = /t0 = (\d+\.\d+)/.exec(text);
  if (!t0Match) throw new Error(`${name}.segments.txt: no t0 in the header`);
  const t0 = Number(t0Match[1]);
  const unbracket = (a: string) => a.replace(/^\[(.*)\]$/, '$1');
  const segments: OracleSegment[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = SEGMENT_LINE.exec(line);
    if (!m) throw new Error(`${name}.segments.txt: cannot read the line ${JSON.stringify(line)}`);
    segments.push({
      frame: +m[2],
      time: t0 + Number(m[1]),
      src: unbracket(m[3]),
      srcPort: +m[4],
      dst: unbracket(m[5]),
      dstPort: +m[6],
      flags: m[7].split(',').reduce((bits, name) => {
        const bit = TSHARK_FLAGS[name];
        if (bit === undefined) throw new Error(`unknown tshark flag ${name}`);
        return bits | bit;
      }, 0),
      seq: +m[10],
      ack: m[11] === '-' ? null : +m[11],
      payloadLength: +m[8],
      window: +m[9],
    });
  }
  return segments;
}

/** The fields both readers must agree on, without time and the text reader's inference mark. */
export function comparable(p: TcpPacket): Omit<TcpPacket, 'seconds' | 'nanoseconds' | 'seqInferred'> {
  const { seconds: _s, nanoseconds: _n, seqInferred: _i, ...rest } = p;
  return rest;
}
