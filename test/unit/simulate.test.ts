// The conversation simulator: exact derived states step by step, and properties over random
// event sequences.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from '../../server/src/syntax/parser';
import type { ConversationBlock } from '../../server/src/syntax/tree';
import type { Diagnostic } from '../../server/src/service/diagnostics';
import { segmentText, simulate, type ConversationTrace } from '../../server/src/service/simulate';
import { edgesBetween, STATES } from '../../server/src/tcp/machine';
import { ROOT } from '../support/fixtures';

function run(text: string): { trace: ConversationTrace; diagnostics: Diagnostic[] } {
  const block = parse(text).items.find((i) => i.block?.kind === 'conversation')!.block as ConversationBlock;
  const diagnostics: Diagnostic[] = [];
  return { trace: simulate(block, diagnostics), diagnostics };
}

/** One line per event: `event | client state | server state | in flight →server | →client`. */
function table(text: string): string[] {
  const { trace } = run(text);
  return trace.steps.map((s) => {
    const event = text.slice(s.event.span.start, s.event.span.end).replace(/\s+/g, ' ');
    return `${event} | ${s.after[0]} ${s.after[1]} | ${s.inFlight[1].map(segmentText).join(',')} | ${s.inFlight[0].map(segmentText).join(',')}`;
  });
}

describe('simulator', () => {
  it('simultaneous close: both peers in CLOSING, then TIME_WAIT', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples/conversations/simultaneous-close.tcpfsm'), 'utf8');
    assert.deepEqual(table(text), [
      'client: close | FIN_WAIT_1 ESTABLISHED | FIN+ACK | ',
      'server: close | FIN_WAIT_1 FIN_WAIT_1 | FIN+ACK | FIN+ACK',
      'client: recv FIN | CLOSING FIN_WAIT_1 | FIN+ACK,ACK | ',
      'server: recv FIN | CLOSING CLOSING | ACK | ACK',
      'expect client CLOSING, server CLOSING | CLOSING CLOSING | ACK | ACK',
      'client: recv ACK | TIME_WAIT CLOSING | ACK | ',
      'server: recv ACK | TIME_WAIT TIME_WAIT |  | ',
      'expect client TIME_WAIT, server TIME_WAIT | TIME_WAIT TIME_WAIT |  | ',
    ]);
  });

  it('the handshake, with what each segment acknowledges', () => {
    const { trace, diagnostics } = run(fs.readFileSync(path.join(ROOT, 'examples/conversations/handshake.tcpfsm'), 'utf8'));
    assert.deepEqual(diagnostics, []);
    const sent = trace.steps.flatMap((s) => s.sent.map((g) => `${segmentText(g)}${g.ackOf ? ` of ${g.ackOf}` : ''}`));
    assert.deepEqual(sent, ['SYN', 'SYN+ACK of SYN', 'ACK of SYN']);
  });

  it('connection refused: the SYN to a CLOSED peer is answered with RST+ACK, closing the client', () => {
    const { trace } = run('conversation "r" {\n  client: connect\n  server: recv SYN\n  client: recv RST\n}\n');
    assert.deepEqual(trace.steps.map((s) => s.after), [['SYN_SENT', 'CLOSED'], ['SYN_SENT', 'CLOSED'], ['CLOSED', 'CLOSED']]);
    assert.deepEqual(trace.steps[1].sent.map(segmentText), ['RST+ACK']);
  });

  it('after an error the simulation goes on from the last consistent state', () => {
    const { trace, diagnostics } = run('conversation "e" {\n  client: close\n  client: connect\n  server: recv SYN+ACK\n  server: recv SYN\n}\n');
    assert.deepEqual(diagnostics.map((d) => d.code), ['illegal-call', 'not-in-flight']);
    assert.deepEqual(trace.steps.map((s) => s.ok), [false, true, false, true]);
    assert.deepEqual(trace.steps[3].after, ['SYN_SENT', 'CLOSED']);
  });

  const EVENTS = ['listen', 'connect', 'close', 'abort', 'send data', 'timeout', 'recv SYN', 'recv SYN+ACK', 'recv ACK', 'recv FIN', 'recv RST', 'recv DATA', 'lose SYN', 'lose ACK', 'lose FIN'];
  const conversation = fc.array(fc.tuple(fc.constantFrom('client', 'server'), fc.constantFrom(...EVENTS)), { maxLength: 40 })
    .map((events) => `conversation "p" {\n${events.map(([p, e]) => `  ${p}: ${e}\n`).join('')}}\n`);

  it('never throws, and every derived state is one of the 11', () => {
    fc.assert(fc.property(conversation, (text) => {
      const { trace } = run(text);
      for (const s of trace.steps) for (const st of s.after) assert.ok(STATES.includes(st));
    }), { numRuns: 500 });
  });

  it('every state change it accepts is an edge of the table', () => {
    fc.assert(fc.property(conversation, (text) => {
      const { trace } = run(text);
      for (const s of trace.steps) {
        for (const i of [0, 1] as const) {
          const [a, b] = [s.before[i], s.after[i]];
          if (a !== b) assert.ok(edgesBetween(a, b).length > 0, `${a} -> ${b} after ${text.slice(s.event.span.start, s.event.span.end)}`);
        }
      }
    }), { numRuns: 500 });
  });

  it('a conversation with no diagnostics replays to the same states when its states are expected', () => {
    fc.assert(fc.property(conversation, (text) => {
      const { trace, diagnostics } = run(text);
      if (diagnostics.length > 0) return;
      const last = trace.steps[trace.steps.length - 1];
      const final = last ? last.after : trace.start;
      const replay = run(text.replace(/}\n$/, `  expect client ${final[0]}, server ${final[1]}\n}\n`));
      assert.deepEqual(replay.diagnostics, []);
    }), { numRuns: 300 });
  });
});
