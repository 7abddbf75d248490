// The endpoint engine (tcp/endpoint.ts, tcp/network.ts) against the table, over random event
// sequences on both stacks, with and without times: it never throws or loops, every state is
// one of the 11, every state change and every answer is an edge or staying step of the table,
// and the text of what it accepted checks clean and replays to the same states.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/service/analyze';
import { traceConversations } from '../../server/src/service/trace';
import { type Flag, segmentMatches, STATES, type State } from '../../server/src/tcp/machine';
import { Network, type NetworkResult } from '../../server/src/tcp/network';
import { applyOp, generate, NAMES, type Op, opArb, stacksArb, startArb } from '../support/conversationGen';

const RUNS = Number(process.env.ENGINE_RUNS ?? 300);

/** Why a result strays from the table, or undefined when every step and answer is in it. */
function strayFromTable(before: State, after: State, op: Op, result: NetworkResult): string | undefined {
  const steps = result.steps;
  if (op.kind === 'call' && op.call === 'crash') {
    // A crash is not a TCP event: the one change that is no edge (docs/language.md, Choices).
    return steps.length === 0 && after === 'CLOSED' ? undefined : 'a crash must go to CLOSED with no table step';
  }
  let at = before;
  for (const s of steps) {
    if (!s.edge) return `no table entry for ${s.from} -> ${s.to} on ${JSON.stringify(s.trigger)}`;
    if (s.edge.from !== s.from || s.edge.to !== s.to) return `entry ${s.edge.from} -> ${s.edge.to} recorded as ${s.from} -> ${s.to}`;
    if (s.from !== at) return `step from ${s.from} but the peer was in ${at}`;
    at = s.to;
  }
  if (at !== after) return `steps end in ${at} but the peer is in ${after}`;
  // Every segment the peer sent is the action of one of its steps (flags beyond ACK).
  const sender = result.sent.filter((seg) => seg.from === op.peer);
  for (const seg of sender) {
    const flags = seg.flags.filter((f) => f !== 'ACK');
    const actions = steps.map((s) => s.edge!.action).filter((a) => a !== undefined);
    const covered = flags.every((f: Flag) => actions.some((a) => a.flags.has(f))) &&
      (flags.length > 0 || actions.some((a) => segmentMatches({ flags: ['ACK'] }, a)));
    if (!covered) return `sent ${seg.flags.join('+')} is no action of ${steps.map((s) => `${s.from}->${s.to}`).join(', ') || 'any step'}`;
  }
  if (result.sent.some((seg) => seg.from !== op.peer)) return 'a peer sent a segment for the other';
  return undefined;
}

describe('endpoint engine: properties', () => {
  it('never throws; every state is one of the 11; every change and answer is in the table (both stacks, times on and off)', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), startArb, stacksArb, fc.boolean(), (ops, start, stacks, timed) => {
      const net = new Network(NAMES, stacks);
      net.start(start);
      let now = 0;
      for (const op of ops) {
        if (timed) now += op.dt;
        net.now = now;
        const before = net.states();
        const result = applyOp(net, op);
        const after = net.states();
        for (const s of after) assert.ok(STATES.includes(s), `unknown state ${s}`);
        if (result.problem) {
          assert.deepEqual(after, before, 'a refused event changes nothing');
          assert.ok(result.problem.message.length > 0);
          continue;
        }
        const other = 1 - op.peer;
        assert.equal(after[other], before[other], 'an event changes only its own peer');
        const stray = strayFromTable(before[op.peer], after[op.peer], op, result);
        assert.equal(stray, undefined, stray);
      }
    }), { numRuns: RUNS });
  });

  it('the text of what the engine accepted checks clean and replays to the same states', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 40 }), startArb, stacksArb, fc.boolean(), (ops, start, stacks, timed) => {
      const g = generate(ops, start, stacks, timed);
      const diagnostics = analyze(g.text).diagnostics;
      assert.deepEqual(diagnostics.map((d) => `${d.code}: ${d.message}`), [], g.text);
      const [table] = traceConversations(g.text);
      assert.deepEqual(table.rows.map((r) => r.after), g.states, g.text);
    }), { numRuns: RUNS });
  });

  it('delaying an ACK and paying it with `send ACK` right after leaves every state as without the delay', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 40 }), startArb, stacksArb, (ops, start, stacks) => {
      const plain = generate(ops.map((o) => (o.kind === 'recv' ? { ...o, delayAck: false } : o)), start, stacks, false);
      // Delay every ACK that could be delayed, and pay it at once.
      const delayed: Op[] = [];
      for (const { op, result } of plain.accepted) {
        const pureAck = result.sent.length === 1 && result.sent[0].flags.join('+') === 'ACK';
        if (op.kind === 'recv' && pureAck) {
          delayed.push({ ...op, delayAck: true }, { kind: 'call', peer: op.peer, call: 'send-ack', dt: 0 });
        } else {
          delayed.push(op);
        }
      }
      const withDelays = generate(delayed, start, stacks, false);
      assert.equal(analyze(withDelays.text).diagnostics.length, 0, withDelays.text);
      // Removing every `/ delay ACK` and the `send ACK` that paid it gives the plain conversation back.
      const removed = withDelays.text
        .replace(/ \/ delay ACK\n {2}(client|server): send ACK\n/g, '\n');
      assert.equal(removed, plain.text);
      const finalOf = (text: string) => traceConversations(text)[0].rows.at(-1)?.after;
      assert.deepEqual(finalOf(removed), finalOf(withDelays.text));
    }), { numRuns: RUNS });
  });
});
