// Synthetic TCP traffic for the capture benchmark: many interleaved connections, each a handshake,
// a few data segments each way with their ACKs, and a FIN exchange; 10% IPv6; fixed seed.

import { ACK, FIN, PSH, SYN } from '../server/src/capture/packet';
import type { Segment } from '../test/support/captureWriter';
import { prng } from './generate';

/** Connections open at the same time, their segments interleaved. */
const CONCURRENT = 200;

interface Connection {
  readonly client: string;
  readonly clientPort: number;
  readonly server: string;
  readonly serverPort: number;
  clientSeq: number;
  serverSeq: number;
  readonly script: ((c: Connection, time: Time) => Segment)[];
}

interface Time {
  seconds: number;
  nanoseconds: number;
}

function segment(c: Connection, time: Time, fromClient: boolean, flags: number, payloadLength: number): Segment {
  const seq = fromClient ? c.clientSeq : c.serverSeq;
  const ack = flags & ACK ? (fromClient ? c.serverSeq : c.clientSeq) : 0;
  const advance = payloadLength + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0);
  if (fromClient) c.clientSeq = (c.clientSeq + advance) >>> 0;
  else c.serverSeq = (c.serverSeq + advance) >>> 0;
  return {
    seconds: time.seconds, nanoseconds: time.nanoseconds,
    src: fromClient ? c.client : c.server, srcPort: fromClient ? c.clientPort : c.serverPort,
    dst: fromClient ? c.server : c.client, dstPort: fromClient ? c.serverPort : c.clientPort,
    flags, seq, ack, window: 502, payloadLength,
  };
}

/** `count` segments of interleaved connections. */
export function* traffic(count: number, seed: number): Generator<Segment> {
  const random = prng(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const time: Time = { seconds: 1_700_000_000, nanoseconds: 0 };
  let opened = 0;
  const open = (): Connection => {
    opened++;
    const v6 = pick(10) === 0;
    const c: Connection = {
      client: v6 ? `2001:db8::${(opened % 65535).toString(16)}` : `10.${pick(256)}.${pick(256)}.${1 + pick(254)}`,
      clientPort: 1024 + pick(64000),
      server: v6 ? '2001:db8::1' : '192.168.0.1',
      serverPort: [80, 443, 8080][pick(3)],
      clientSeq: pick(0x100000000),
      serverSeq: pick(0x100000000),
      script: [],
    };
    const steps: ((c: Connection, t: Time) => Segment)[] = [
      (x, t) => segment(x, t, true, SYN, 0),
      (x, t) => segment(x, t, false, SYN | ACK, 0),
      (x, t) => segment(x, t, true, ACK, 0),
    ];
    for (let i = 1 + pick(6); i > 0; i--) {
      const request = 20 + pick(200);
      const answer = pick(10) === 0 ? 1400 : 20 + pick(300);
      steps.push((x, t) => segment(x, t, true, PSH | ACK, request));
      steps.push((x, t) => segment(x, t, false, ACK, 0));
      steps.push((x, t) => segment(x, t, false, PSH | ACK, answer));
      steps.push((x, t) => segment(x, t, true, ACK, 0));
    }
    steps.push((x, t) => segment(x, t, true, FIN | ACK, 0));
    steps.push((x, t) => segment(x, t, false, FIN | ACK, 0));
    steps.push((x, t) => segment(x, t, true, ACK, 0));
    c.script.push(...steps.reverse());
    return c;
  };
  const active: Connection[] = [];
  for (let n = 0; n < count; n++) {
    while (active.length < CONCURRENT) active.push(open());
    const i = pick(active.length);
    const c = active[i];
    time.nanoseconds += 1000 + pick(100_000);
    if (time.nanoseconds >= 1e9) { time.seconds++; time.nanoseconds -= 1e9; }
    yield c.script.pop()!(c, time);
    if (c.script.length === 0) active.splice(i, 1);
  }
}
