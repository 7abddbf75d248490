// Properties of the import: a conversation run on the engine, written as captured segments by the
// synthetic capture writer and imported back, gives the same state sequences; and import never
// throws on damaged captures (random byte damage to the real ones).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { groupConnections } from '../../server/src/capture/connections';
import { importConnections } from '../../server/src/capture/importer';
import { ACK, FIN, PSH, RST, SYN } from '../../server/src/capture/packet';
import { readCapture } from '../../server/src/capture/reader';
import { analyze } from '../../server/src/service/analyze';
import { traceConversations } from '../../server/src/service/trace';
import type { CallEvent, Segment } from '../../server/src/tcp/endpoint';
import type { State } from '../../server/src/tcp/machine';
import { Network, type PeerIndex } from '../../server/src/tcp/network';
import { type Segment as Written, writePcap } from '../support/captureWriter';
import { ROOT } from '../support/fixtures';

const RUNS = Number(process.env.IMPORT_RUNS ?? 150);
const DATA_BYTES = 10;
const ADDRESS = ['10.0.0.1', '10.0.0.2'] as const;
const PORT = [40000, 80] as const;
const ISN = [1000, 900000] as const;

interface Plan {
  /** Data segments each side sends, at these times. */
  readonly clientData: readonly number[];
  readonly serverData: readonly number[];
  /** Who closes first, how, and when the other follows. */
  readonly first: PeerIndex;
  readonly firstCall: 'close' | 'shutdown';
  readonly closeAt: number;
  readonly otherAfter: number;
  readonly oneWay: number;
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  clientData: fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { maxLength: 4 }),
  serverData: fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { maxLength: 4 }),
  first: fc.constantFrom<PeerIndex>(0, 1),
  firstCall: fc.constantFrom<'close' | 'shutdown'>('close', 'shutdown'),
  closeAt: fc.double({ min: 3.5, max: 4, noNaN: true }),
  // 0: both close at once, so the FINs cross.
  otherAfter: fc.oneof(fc.constant(0), fc.double({ min: 0.3, max: 2, noNaN: true })),
  oneWay: fc.double({ min: 0.01, max: 0.2, noNaN: true }),
});

interface Sent {
  readonly time: number;
  readonly seg: Segment;
}

/**
 * Runs the plan on the engine: calls at their times, each segment arriving one one-way delay
 * after it was sent (answers leave at once). Returns the segments as sent and each peer's states.
 */
export function run(plan: Plan): { sent: Sent[]; states: [State[], State[]] } {
  const net = new Network(['client', 'server'], ['linux', 'linux']);
  net.start(['CLOSED', 'CLOSED']);
  const states: [State[], State[]] = [['CLOSED'], ['CLOSED']];
  const sent: Sent[] = [];
  type Job = { time: number; order: number; act: () => void };
  const jobs: Job[] = [];
  let order = 0;
  const at = (time: number, act: () => void) => jobs.push({ time, order: order++, act });
  const record = (time: number, segs: readonly Segment[]) => {
    for (const seg of segs) {
      sent.push({ time, seg });
      const to = (1 - seg.from) as PeerIndex;
      at(time + plan.oneWay, () => {
        net.now = time + plan.oneWay;
        const r = net.receiveHead(to);
        assert.equal(r.problem, undefined, r.problem?.message);
        record(time + plan.oneWay, r.sent);
      });
    }
  };
  const call = (time: number, peer: PeerIndex, c: CallEvent) => at(time, () => {
    net.now = time;
    const r = net.call(peer, c);
    if (!r.problem) record(time, r.sent);
  });
  call(0, 1, 'listen');
  call(0.001, 0, 'connect');
  for (const t of plan.clientData) call(t, 0, 'send-data');
  for (const t of plan.serverData) call(t, 1, 'send-data');
  const other = (1 - plan.first) as PeerIndex;
  call(plan.closeAt, plan.first, plan.firstCall);
  call(plan.closeAt + plan.otherAfter, other, 'close');
  for (let guard = 0; jobs.length > 0 && guard < 1000; guard++) {
    jobs.sort((a, b) => a.time - b.time || a.order - b.order);
    jobs.shift()!.act();
    const now = net.states();
    for (const i of [0, 1] as const) if (states[i].at(-1) !== now[i]) states[i].push(now[i]);
  }
  return { sent, states };
}

/** The engine's segments as a capture taken at the senders: bytes for units, real flags. */
export function written(sent: readonly Sent[]): Written[] {
  // Byte offset of each unit in each sender's sequence space.
  const sizes: [number[], number[]] = [[], []];
  const position = (peer: PeerIndex, unit: number) => {
    let p = ISN[peer];
    for (let u = 0; u < unit; u++) p += sizes[peer][u] ?? 1;
    return p >>> 0;
  };
  return sent.map(({ time, seg }) => {
    const from = seg.from;
    const to = (1 - from) as PeerIndex;
    let unit = seg.seq;
    if (seg.flags.includes('SYN')) sizes[from][unit++] = 1;
    if (seg.flags.includes('DATA')) sizes[from][unit++] = DATA_BYTES;
    if (seg.flags.includes('FIN')) sizes[from][unit++] = 1;
    let flags = 0;
    for (const f of seg.flags) flags |= f === 'SYN' ? SYN : f === 'FIN' ? FIN : f === 'RST' ? RST : f === 'ACK' ? ACK : PSH;
    const seconds = Math.floor(1700000000 + time);
    return {
      seconds, nanoseconds: Math.round((1700000000 + time - seconds) * 1e9) % 1e9,
      src: ADDRESS[from], srcPort: PORT[from], dst: ADDRESS[to], dstPort: PORT[to],
      flags, seq: position(from, seg.seq), ack: seg.ack ? position(to, seg.ack.next) : 0,
      window: 1000, payloadLength: seg.flags.includes('DATA') ? DATA_BYTES : 0,
    };
  });
}

const dedupe = (states: readonly State[]) => states.filter((s, i) => i === 0 || s !== states[i - 1]);

describe('import: properties', () => {
  it('a conversation written as a capture and imported back goes through the same states', () => {
    fc.assert(fc.property(planArb, (plan) => {
      const { sent, states } = run(plan);
      const capture = writePcap(written(sent));
      const read = readCapture(capture);
      assert.equal(read.error, undefined);
      const [imported] = importConnections(groupConnections(read.packets));
      assert.deepEqual(analyze(imported.text).diagnostics.map((d) => d.message), [], imported.text);
      const [table] = traceConversations(imported.text);
      for (const i of [0, 1] as const) {
        const derived = dedupe([table.start[i], ...table.rows.map((r) => r.after[i])]);
        assert.deepEqual(derived, states[i], `${i === 0 ? 'client' : 'server'}\n${imported.text}`);
      }
    }), { numRuns: RUNS });
  });

  it('never throws on damaged captures: random bytes changed, cut or inserted in the real ones', () => {
    const dir = path.join(ROOT, 'test/fixtures/captures');
    const captures = fs.readdirSync(dir).filter((f) => /\.(pcap|pcapng|txt)$/.test(f) && !f.includes('segments') && !f.includes('states'))
      .map((f) => new Uint8Array(fs.readFileSync(path.join(dir, f))));
    assert.ok(captures.length > 0);
    const damage = fc.record({
      which: fc.nat(),
      edits: fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom('set', 'cut', 'insert') }), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(fc.property(damage, ({ which, edits }) => {
      let bytes = Array.from(captures[which % captures.length]);
      for (const e of edits) {
        const at = e.at % Math.max(1, bytes.length);
        if (e.kind === 'set') bytes[at] = e.byte;
        else if (e.kind === 'cut') bytes = bytes.slice(0, at);
        else bytes.splice(at, 0, e.byte);
      }
      const read = readCapture(new Uint8Array(bytes));
      for (const c of importConnections(groupConnections(read.packets))) {
        analyze(c.text);
        traceConversations(c.text);
      }
    }), { numRuns: RUNS });
  });
});
