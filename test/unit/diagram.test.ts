// The diagram model (server/src/service/diagram.ts): the table, the blocks, the block at the
// cursor, scenario paths with the edges the checker accepted, conversations' ladders and both
// peers' paths. The JSON models of two examples are kept in test/fixtures/diagram/ for the webview
// (UPDATE_EXPECT=1 rewrites them).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateConversation } from '../../bench/generate';
import type { ConversationDiagram, DiagramModel, PathStep, ScenarioDiagram } from '../../server/src/protocol/diagram';
import { analyze } from '../../server/src/service/analyze';
import { currentBlockIndex, DIAGRAM_EDGES, DIAGRAM_STATES, diagramModelOfText } from '../../server/src/service/diagram';
import { STATE_DOCS } from '../../server/src/tcp/docs';
import { EDGES, STATES } from '../../server/src/tcp/machine';
import { ROOT } from '../support/fixtures';

const update = process.env.UPDATE_EXPECT === '1';

function example(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
}

/** The model with the cursor at the first occurrence of `marker` in `text` (or nowhere). */
function modelAt(text: string, marker?: string): DiagramModel {
  if (marker === undefined) return diagramModelOfText(text);
  const offset = text.indexOf(marker);
  assert.ok(offset >= 0, `marker ${JSON.stringify(marker)} not in the text`);
  return diagramModelOfText(text, { offset });
}

function scenario(model: DiagramModel): ScenarioDiagram {
  assert.equal(model.current?.kind, 'scenario');
  return model.current as ScenarioDiagram;
}

function conversation(model: DiagramModel): ConversationDiagram {
  assert.equal(model.current?.kind, 'conversation');
  return model.current as ConversationDiagram;
}

/** `1 CLOSED -> SYN_SENT [connect / send SYN] @6`: number, states, edge label, 1-based line. */
function hops(steps: readonly PathStep[]): string[] {
  return steps.map((s) => {
    const edge = s.edgeId === undefined ? undefined : DIAGRAM_EDGES[s.edgeId];
    if (edge) {
      // The edge is the one between the step's states.
      assert.deepEqual([edge.from, edge.to], [s.from, s.to]);
      assert.equal(s.ok, true);
      assert.equal(s.problem, undefined);
    }
    const label = edge ? `[${edge.label}]` : `!! ${s.problem}`;
    return `${s.number} ${s.from ?? '?'} -> ${s.to ?? '?'} ${label} @${s.range.start.line + 1}`;
  });
}

describe('diagram model: the table', () => {
  it('all 11 states in order, with their aliases and one-line summaries', () => {
    const model = diagramModelOfText('');
    assert.deepEqual(model.states.map((s) => s.name), [...STATES]);
    assert.deepEqual(model.states.find((s) => s.name === 'SYN_RECEIVED')?.aliases, ['SYN_RCVD', 'SYN_RECV']);
    assert.deepEqual(model.states.find((s) => s.name === 'CLOSED')?.aliases, ['CLOSE', 'UNCONN']);
    assert.deepEqual(model.states.find((s) => s.name === 'LISTEN')?.aliases, []);
    for (const s of model.states) {
      assert.equal(s.summary, STATE_DOCS[s.name].summary);
      assert.ok(!s.summary.includes('\n'));
    }
    assert.equal(model.states, DIAGRAM_STATES);
  });

  it('every edge of the table, id = index, labelled trigger / action, most specific RFC section', () => {
    const model = diagramModelOfText('');
    assert.equal(model.edges.length, EDGES.length);
    model.edges.forEach((e, i) => {
      assert.equal(e.id, i);
      assert.deepEqual([e.from, e.to, e.kind], [EDGES[i].from, EDGES[i].to, EDGES[i].kind]);
      assert.equal(e.rfc, EDGES[i].rfc.at(-1));
      assert.equal(e.note, EDGES[i].note);
    });
    assert.equal(model.edges.filter((e) => e.kind === 'main').length, 20);
    const label = (from: string, to: string) => model.edges.filter((e) => e.from === from && e.to === to).map((e) => `${e.label} (${e.rfc})`);
    assert.deepEqual(label('CLOSED', 'SYN_SENT'), ['connect / send SYN (3.10.1)']);
    assert.deepEqual(label('SYN_SENT', 'ESTABLISHED'), ['recv SYN+ACK / send ACK (3.10.7.3)']);
    assert.deepEqual(label('SYN_RECEIVED', 'ESTABLISHED'), ['recv ACK of SYN (3.10.7.4)']);
    assert.deepEqual(label('FIN_WAIT_1', 'TIME_WAIT'), ['recv FIN+ACK / send ACK (3.10.7.4)', 'send RST (3.3.2 note 3)']);
    assert.deepEqual(label('LAST_ACK', 'CLOSED'), ['recv ACK of FIN (3.10.7.4)', 'recv RST (3.10.7.4)', 'abort (3.10.5)', 'timeout (3.10.8)']);
    assert.deepEqual(label('TIME_WAIT', 'CLOSED'), ['timeout 2MSL (3.10.8)', 'recv RST (3.10.7.4)', 'abort (3.10.5)', 'timeout (3.10.8)']);
    assert.deepEqual(label('ESTABLISHED', 'CLOSED'), ['recv RST (3.10.7.4)', 'abort / send RST (3.10.5)', 'timeout (3.10.8)']);
    assert.equal(model.edges.find((e) => e.from === 'SYN_RECEIVED' && e.to === 'LISTEN')?.note, 'only when SYN_RECEIVED was reached from LISTEN');
  });
});

describe('diagram model: scenarios', () => {
  it('active open: the blocks, and the first block\'s path with its edges, step by step', () => {
    const text = example('active-open.tcpfsm');
    const model = diagramModelOfText(text, { uri: 'file:///active-open.tcpfsm', version: 7 });
    assert.equal(model.uri, 'file:///active-open.tcpfsm');
    assert.equal(model.version, 7);
    assert.deepEqual(model.blocks, [
      { index: 0, kind: 'scenario', name: 'Active open, client side', range: { start: { line: 4, character: 0 }, end: { line: 7, character: 1 } } },
      { index: 1, kind: 'scenario', name: 'Active open, RFC figure spelling', range: { start: { line: 10, character: 0 }, end: { line: 13, character: 1 } } },
    ]);
    const s = scenario(model);
    assert.deepEqual([s.index, s.name, s.syntaxErrors], [0, 'Active open, client side', 0]);
    assert.deepEqual(s.range, model.blocks[0].range);
    assert.deepEqual(hops(s.steps), [
      '1 CLOSED -> SYN_SENT [connect / send SYN] @6',
      '2 SYN_SENT -> ESTABLISHED [recv SYN+ACK / send ACK] @7',
    ]);
    assert.deepEqual(s.steps.map((x) => x.edgeId), [1, 7]);
    assert.deepEqual(s.steps[0].range, { start: { line: 5, character: 2 }, end: { line: 5, character: 46 } });
  });

  it('the RFC figure\'s spelling takes the same edges', () => {
    const text = example('active-open.tcpfsm');
    const s = scenario(modelAt(text, 'rcv SYN,ACK'));
    assert.equal(s.index, 1);
    assert.deepEqual(s.steps.map((x) => x.edgeId), [1, 7]);
  });

  it('every diagnostic example: the illegal hop, the wrong event and the unknown state are drawn as errors', () => {
    const text = example('diagnostics.tcpfsm');
    const misspelled = scenario(modelAt(text, 'CLOSED -> SYN_SEND'));
    assert.deepEqual(misspelled.steps, [{
      number: 1, from: 'CLOSED', ok: false, problem: 'unknown state `SYN_SEND`; did you mean SYN_SENT?',
      range: { start: { line: 4, character: 2 }, end: { line: 4, character: 41 } },
    }]);
    const illegal = scenario(modelAt(text, 'LISTEN -> ESTABLISHED'));
    assert.equal(illegal.steps.length, 1);
    assert.deepEqual(
      { ...illegal.steps[0], problem: undefined },
      { number: 1, from: 'LISTEN', to: 'ESTABLISHED', ok: false, problem: undefined, range: { start: { line: 9, character: 2 }, end: { line: 9, character: 23 } } },
    );
    assert.equal(illegal.steps[0].edgeId, undefined);
    assert.equal(illegal.steps[0].problem, 'LISTEN cannot go to ESTABLISHED. LISTEN goes to: CLOSED, SYN_RECEIVED, SYN_SENT, and on abort/timeout to CLOSED.');
    // The edge exists, but not on close: still an error, with no edge.
    const wrong = scenario(modelAt(text, 'ESTABLISHED -> CLOSED : close'));
    assert.deepEqual(hops(wrong.steps), [
      '1 ESTABLISHED -> CLOSED !! ESTABLISHED cannot go to CLOSED on close; close from ESTABLISHED leads to FIN_WAIT_1 (send FIN). '
        + 'ESTABLISHED goes to: FIN_WAIT_1, CLOSE_WAIT, and on RST/abort/timeout to CLOSED, and on send RST to TIME_WAIT. @15',
    ]);
    assert.equal(wrong.steps[0].ok, false);
    // A discontinuity is about the step, not the hop: each hop is an edge.
    const apart = scenario(modelAt(text, 'LISTEN   -> SYN_RECEIVED'));
    assert.deepEqual(hops(apart.steps), [
      '1 CLOSED -> SYN_SENT [connect / send SYN] @20',
      '2 LISTEN -> SYN_RECEIVED [recv SYN / send SYN+ACK] @21',
    ]);
    // A syntax error: the step is not there, and the block says so.
    const broken = scenario(modelAt(text, 'CLOSED => LISTEN'));
    assert.deepEqual([broken.steps.length, broken.syntaxErrors], [0, 1]);
  });

  it('an unknown state on either side of a hop leaves that side undefined', () => {
    const text = 'scenario "u" {\n  CLOSED -> SYN_SENT -> STABLISHED -> FIN_WAIT_1\n}\n';
    const s = scenario(diagramModelOfText(text));
    assert.deepEqual(hops(s.steps), [
      '1 CLOSED -> SYN_SENT [connect / send SYN] @2',
      '2 SYN_SENT -> ? !! unknown state `STABLISHED`; did you mean ESTABLISHED? @2',
      '3 ? -> FIN_WAIT_1 !! unknown state `STABLISHED`; did you mean ESTABLISHED? @2',
    ]);
    assert.deepEqual(s.steps.map((x) => [x.from, x.to, x.ok]), [['CLOSED', 'SYN_SENT', true], ['SYN_SENT', undefined, false], [undefined, 'FIN_WAIT_1', false]]);
  });

  it('a chain gives one step per arrow, numbered on from the steps before, each over the chain\'s line', () => {
    const text = [
      'scenario "Chains" {',
      '  CLOSED -> LISTEN : listen',
      '  LISTEN -> SYN_RCVD -> LISTEN',
      '  LISTEN -> CLOSED',
      '  CLOSED -> SYN_SENT -> SYN_RECEIVED -> CLOSED',
      '  CLOSED -> LISTEN -> SYN_RECEIVED -> CLOSED',
      '}',
    ].join('\n');
    const s = scenario(diagramModelOfText(text));
    assert.deepEqual(hops(s.steps), [
      '1 CLOSED -> LISTEN [listen] @2',
      '2 LISTEN -> SYN_RECEIVED [recv SYN / send SYN+ACK] @3',
      // Note 1: reached from LISTEN, a RST goes back to LISTEN.
      '3 SYN_RECEIVED -> LISTEN [recv RST] @3',
      // With no label, the first applicable main edge, else the first exceptional one.
      '4 LISTEN -> CLOSED [close] @4',
      '5 CLOSED -> SYN_SENT [connect / send SYN] @5',
      '6 SYN_SENT -> SYN_RECEIVED [recv SYN / send SYN+ACK] @5',
      // Not reached from LISTEN: the RST closes it (the conditional edge applies).
      '7 SYN_RECEIVED -> CLOSED [recv RST] @5',
      '8 CLOSED -> LISTEN [listen] @6',
      '9 LISTEN -> SYN_RECEIVED [recv SYN / send SYN+ACK] @6',
      // Reached from LISTEN: the RST edge does not apply, the first that does is abort.
      '10 SYN_RECEIVED -> CLOSED [abort / send RST] @6',
    ]);
    assert.deepEqual(s.steps.map((x) => x.edgeId), [0, 3, 20, 2, 1, 6, 22, 0, 3, 30]);
    assert.deepEqual(s.steps[1].range, s.steps[2].range);
    assert.deepEqual(s.steps[1].range, { start: { line: 2, character: 2 }, end: { line: 2, character: 30 } });
  });

  it('a label picks the edge it describes among those between the two states', () => {
    const text = [
      'scenario "Ways to CLOSED" {',
      '  ESTABLISHED -> CLOSED : timeout',
      '  CLOSED -> SYN_SENT -> ESTABLISHED',
      '  ESTABLISHED -> CLOSED : abort',
      '  CLOSED -> SYN_SENT -> ESTABLISHED',
      '  ESTABLISHED -> CLOSED : recv RST',
      '  CLOSED -> SYN_SENT -> ESTABLISHED -> FIN_WAIT_1 -> TIME_WAIT',
      '  TIME_WAIT -> CLOSED : timeout',
      '}',
    ].join('\n');
    const s = scenario(diagramModelOfText(text));
    const closes = s.steps.filter((x) => x.to === 'CLOSED').map((x) => `${DIAGRAM_EDGES[x.edgeId!].label} (${DIAGRAM_EDGES[x.edgeId!].kind})`);
    assert.deepEqual(closes, ['timeout (exceptional)', 'abort / send RST (exceptional)', 'recv RST (exceptional)', 'timeout 2MSL (main)']);
    // FIN_WAIT_1 -> TIME_WAIT unlabelled: the main edge (note 2), not note 3's send RST.
    assert.equal(DIAGRAM_EDGES[s.steps.find((x) => x.from === 'FIN_WAIT_1')!.edgeId!].label, 'recv FIN+ACK / send ACK');
  });

  it('syntax errors are counted, and the steps that parsed are still drawn', () => {
    const text = 'scenario "Half typed" {\n  CLOSED -> SYN_SENT : connect\n  SYN_SENT -> \n  SYN_SENT -> ESTABLISHED : recv SYN+\n';
    const s = scenario(diagramModelOfText(text, { offset: text.length }));
    assert.ok(s.syntaxErrors >= 2, `${s.syntaxErrors} syntax errors`);
    assert.equal(s.steps[0].edgeId, 1);
    assert.equal(s.range.end.line, 3);
  });
});

describe('diagram model: the block at the cursor', () => {
  const text = [
    '# a comment before the first block', // 0
    '',
    'scenario "A" {',                      // 2
    '  CLOSED -> LISTEN',
    '}',
    '# between the blocks',                // 5
    '',
    'conversation "B" {',                  // 7
    '  server: listen',
    '}',
    'stray text',                           // 10
    'scenario "C" {',                       // 11
    '  CLOSED -> SYN_SENT',
    '}',
    '',
  ].join('\n');
  const at = (line: number, character = 0) => diagramModelOfText(text, { position: { line, character } }).current?.index;

  it('lists every block, stray lines left out', () => {
    const model = diagramModelOfText(text);
    assert.deepEqual(model.blocks.map((b) => `${b.index} ${b.kind} ${b.name} ${b.range.start.line}:${b.range.start.character}-${b.range.end.line}:${b.range.end.character}`), [
      '0 scenario A 2:0-4:1',
      '1 conversation B 7:0-9:1',
      '2 scenario C 11:0-13:1',
    ]);
  });

  it('before the first block: the first', () => {
    assert.equal(at(0), 0);
    assert.equal(at(1), 0);
    assert.equal(diagramModelOfText(text).current?.index, 0);
  });

  it('inside a block: that block, from its keyword to its closing brace', () => {
    assert.equal(at(2), 0);
    assert.equal(at(3, 5), 0);
    assert.equal(at(4, 1), 0);
    assert.equal(at(7), 1);
    assert.equal(at(8, 3), 1);
    assert.equal(at(12), 2);
    assert.equal(at(13, 1), 2);
  });

  it('between blocks and after the last: the last block starting before the cursor', () => {
    assert.equal(at(5), 0);
    assert.equal(at(6), 0);
    assert.equal(at(10, 4), 1);
    assert.equal(at(14), 2);
    assert.equal(at(99, 99), 2);
  });

  it('only the current block is detailed', () => {
    const model = diagramModelOfText(text, { position: { line: 8, character: 0 } });
    const c = conversation(model);
    assert.deepEqual([c.index, c.name, c.events.length], [1, 'B', 1]);
    assert.deepEqual(hops(c.paths[1]), ['1 CLOSED -> LISTEN [listen] @9']);
  });

  it('a file without blocks has no current block', () => {
    for (const t of ['', '\n\n# only a comment\n', 'stray words\n}\n']) {
      const model = diagramModelOfText(t, { offset: 3 });
      assert.deepEqual(model.blocks, []);
      assert.equal(model.current, undefined);
      assert.equal(model.states.length, 11);
    }
  });

  it('currentBlockIndex on its own', () => {
    const blocks = [{ start: 10 }, { start: 20 }, { start: 30 }];
    assert.deepEqual([0, 9, 10, 19, 20, 29, 30, 1e9].map((o) => currentBlockIndex(blocks, o)), [0, 0, 0, 0, 1, 1, 2, 2]);
    assert.equal(currentBlockIndex(blocks, undefined), 0);
    assert.equal(currentBlockIndex([], 5), undefined);
  });
});

describe('diagram model: conversations', () => {
  it('lost ACK: the events, the segments from send to receive, the lost one, both paths', () => {
    const text = example('conversations/lost-ack-fin-wait-1-to-time-wait.tcpfsm');
    const c = conversation(diagramModelOfText(text));
    assert.deepEqual([c.index, c.name, c.peers, c.start, c.syntaxErrors], [0, 'Lost ACK: FIN_WAIT_1 straight to TIME_WAIT', ['client', 'server'], ['ESTABLISHED', 'ESTABLISHED'], 0]);
    assert.deepEqual(c.events.map((e) => `${e.kind} ${e.peer ?? '-'} ${e.text} | sent ${e.sent.join(',')} | got ${e.received ?? '-'} | ${e.after.join(' ')} | @${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.character + 1}`), [
      'call 0 client: close | sent 1 | got - | FIN_WAIT_1 ESTABLISHED | @5:3-16',
      'recv 1 server: recv FIN | sent 2 | got 1 | FIN_WAIT_1 CLOSE_WAIT | @6:3-19',
      'lose 0 client: lose ACK | sent  | got 2 | FIN_WAIT_1 CLOSE_WAIT | @7:3-19',
      'call 1 server: close | sent 3 | got - | FIN_WAIT_1 LAST_ACK | @8:3-16',
      'recv 0 client: recv FIN | sent 4 | got 3 | TIME_WAIT LAST_ACK | @9:3-19',
      'expect - expect client TIME_WAIT, server LAST_ACK | sent  | got - | TIME_WAIT LAST_ACK | @10:3-43',
      'recv 1 server: recv ACK | sent  | got 4 | TIME_WAIT CLOSED | @11:3-19',
      'expect - expect server CLOSED | sent  | got - | TIME_WAIT CLOSED | @12:3-23',
    ]);
    assert.ok(c.events.every((e) => e.ok));
    assert.deepEqual(c.events[0].before, ['ESTABLISHED', 'ESTABLISHED']);
    assert.deepEqual([c.events[0].rfc, c.events[0].note, c.events[2].note], ['3.10.4', 'active close', 'ACK is lost']);
    assert.deepEqual(c.segments, [
      { id: 1, text: 'FIN+ACK', from: 0, acknowledges: 'SYN', sentAt: 0, arrivedAt: 1, lost: false },
      { id: 2, text: 'ACK', from: 1, acknowledges: 'FIN', sentAt: 1, arrivedAt: 2, lost: true },
      { id: 3, text: 'FIN+ACK', from: 1, acknowledges: 'FIN', sentAt: 3, arrivedAt: 4, lost: false },
      { id: 4, text: 'ACK', from: 0, acknowledges: 'FIN', sentAt: 4, arrivedAt: 6, lost: false },
    ]);
    assert.deepEqual(hops(c.paths[0]), [
      '1 ESTABLISHED -> FIN_WAIT_1 [close / send FIN] @5',
      '2 FIN_WAIT_1 -> TIME_WAIT [recv FIN+ACK / send ACK] @9',
    ]);
    assert.deepEqual(hops(c.paths[1]), [
      '1 ESTABLISHED -> CLOSE_WAIT [recv FIN / send ACK] @6',
      '2 CLOSE_WAIT -> LAST_ACK [close / send FIN] @8',
      '3 LAST_ACK -> CLOSED [recv ACK of FIN] @11',
    ]);
    assert.deepEqual(c.paths[0][1].range, c.events[4].range);
  });

  it('simultaneous close: both peers through CLOSING, with the edges\' labels', () => {
    const c = conversation(diagramModelOfText(example('conversations/simultaneous-close.tcpfsm')));
    const expected = ['ESTABLISHED -> FIN_WAIT_1 [close / send FIN]', 'FIN_WAIT_1 -> CLOSING [recv FIN / send ACK]', 'CLOSING -> TIME_WAIT [recv ACK of FIN]'];
    assert.deepEqual(hops(c.paths[0]).map((h) => h.replace(/^\d+ | @\d+$/g, '')), expected);
    assert.deepEqual(hops(c.paths[1]).map((h) => h.replace(/^\d+ | @\d+$/g, '')), expected);
    assert.deepEqual(c.paths[0].map((s) => [s.number, s.range.start.line + 1]), [[1, 4], [2, 6], [3, 9]]);
    assert.deepEqual(c.paths[1].map((s) => [s.number, s.range.start.line + 1]), [[1, 5], [2, 7], [3, 10]]);
    // The FINs crossed: each acknowledges the SYN only; each peer's ACK arrives after the other's FIN.
    assert.deepEqual(c.segments.map((s) => `${s.id} ${s.text} of ${s.acknowledges} ${s.from}→ ${s.sentAt}→${s.arrivedAt}`), [
      '1 FIN+ACK of SYN 0→ 0→3', '2 FIN+ACK of SYN 1→ 1→2', '3 ACK of FIN 0→ 2→6', '4 ACK of FIN 1→ 3→5',
    ]);
  });

  it('the edge of a state change fits the event: abort, RST, timeout, refusal', () => {
    const label = (steps: readonly PathStep[]) => steps.map((s) => `${s.from}->${s.to} ${DIAGRAM_EDGES[s.edgeId!].label} (${DIAGRAM_EDGES[s.edgeId!].kind})`);
    const abort = conversation(diagramModelOfText(example('conversations/abort.tcpfsm')));
    assert.deepEqual(label(abort.paths[0]), ['ESTABLISHED->CLOSED abort / send RST (exceptional)']);
    assert.deepEqual(label(abort.paths[1]), ['ESTABLISHED->CLOSED recv RST (exceptional)']);
    const refused = conversation(diagramModelOfText(example('conversations/connection-refused.tcpfsm')));
    assert.deepEqual(label(refused.paths[0]), ['CLOSED->SYN_SENT connect / send SYN (main)', 'SYN_SENT->CLOSED recv RST (exceptional)']);
    assert.equal(refused.paths[0][1].edgeId, 21);
    // The server stays CLOSED (its RST is an answer, not a transition): no step.
    assert.deepEqual(refused.paths[1], []);
    assert.deepEqual(refused.segments.map((s) => `${s.text} ${s.from} ${s.acknowledges ?? '-'}`), ['SYN 0 -', 'RST+ACK 1 SYN']);
    const lastAck = conversation(diagramModelOfText(example('conversations/lost-last-ack.tcpfsm')));
    assert.deepEqual(label(lastAck.paths[0]), ['FIN_WAIT_2->TIME_WAIT recv FIN / send ACK (main)', 'TIME_WAIT->CLOSED timeout 2MSL (main)']);
    // A retransmission keeps the state: the event is on the ladder, not on the path.
    const retransmit = lastAck.events.find((e) => e.kind === 'timeout' && e.peer === 1)!;
    assert.deepEqual([retransmit.before[1], retransmit.after[1], retransmit.sent.length], ['LAST_ACK', 'LAST_ACK', 1]);
  });

  it('a FIN in SYN_RECEIVED that acknowledges our SYN goes through ESTABLISHED: two steps', () => {
    const text = [
      'conversation "FIN before the last ACK" {',
      '  server: listen',
      '  client: connect',
      '  server: recv SYN',
      '  client: recv SYN+ACK',
      '  client: close',
      '  server: lose ACK',
      '  server: recv FIN',
      '  expect server CLOSE_WAIT',
      '}',
    ].join('\n');
    const c = conversation(diagramModelOfText(text));
    assert.deepEqual(hops(c.paths[1]), [
      '1 CLOSED -> LISTEN [listen] @2',
      '2 LISTEN -> SYN_RECEIVED [recv SYN / send SYN+ACK] @4',
      '3 SYN_RECEIVED -> ESTABLISHED [recv ACK of SYN] @8',
      '4 ESTABLISHED -> CLOSE_WAIT [recv FIN / send ACK] @8',
    ]);
    assert.ok(c.events.every((e) => e.ok));
  });

  it('errors: an illegal call, a segment not in flight and an unknown peer are events with ok=false and no step', () => {
    const text = 'conversation "bad" {\n  client: close\n  server: recv FIN\n  mallory: connect\n  client: connect\n}\n';
    const c = conversation(diagramModelOfText(text));
    assert.deepEqual(c.events.map((e) => `${e.kind} ${e.peer ?? '-'} ${e.ok}`), ['call 0 false', 'recv 1 false', 'call - false', 'call 0 true']);
    assert.deepEqual(hops(c.paths[0]), ['1 CLOSED -> SYN_SENT [connect / send SYN] @5']);
    assert.deepEqual(c.paths[1], []);
    assert.deepEqual(c.segments.map((s) => [s.id, s.sentAt, s.arrivedAt, s.lost]), [[1, 3, undefined, false]]);
  });

  it('named peers, a start line, and segments still in flight at the end', () => {
    const text = 'conversation "named" {\n  peers a, b\n  start a ESTABLISHED, b ESTABLISHED\n  b: send data\n  b: close\n}\n';
    const c = conversation(diagramModelOfText(text));
    assert.deepEqual([c.peers, c.start], [['a', 'b'], ['ESTABLISHED', 'ESTABLISHED']]);
    assert.deepEqual(c.segments, [
      { id: 1, text: 'DATA+ACK', from: 1, acknowledges: 'SYN', sentAt: 0, lost: false },
      { id: 2, text: 'FIN+ACK', from: 1, acknowledges: 'SYN', sentAt: 1, lost: false },
    ]);
    assert.deepEqual(hops(c.paths[1]), ['1 ESTABLISHED -> FIN_WAIT_1 [close / send FIN] @5']);
  });

  it('a generated 2,000-event conversation: legal, and every row on the ladder', () => {
    const g = generateConversation(2000, 9293);
    assert.deepEqual(analyze(g.text).diagnostics, []);
    const c = conversation(diagramModelOfText(g.text));
    assert.equal(c.events.length, 2000);
    assert.ok(c.events.every((e) => e.ok));
    assert.deepEqual(c.segments.map((s) => s.id), c.segments.map((_, i) => i + 1));
    for (const s of c.segments) {
      assert.ok(s.arrivedAt === undefined || s.arrivedAt > s.sentAt);
      assert.ok(c.events[s.sentAt].sent.includes(s.id));
      if (s.arrivedAt !== undefined) assert.equal(c.events[s.arrivedAt].received, s.id);
    }
    for (const p of c.paths) {
      hops(p);
      assert.ok(p.length > 100);
      assert.ok(p.every((s, i) => s.ok && s.number === i + 1 && s.edgeId !== undefined));
    }
  });
});

describe('diagram model: any text', () => {
  it('never throws; steps are numbered 1.., edges join the steps\' states, ranges are in order', () => {
    const words = ['scenario', 'conversation', '"x"', '{', '}', '\n', ' ', '->', ':', '/', ',', 'CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RCVD',
      'ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT', 'FOO', 'connect', 'close', 'recv', 'send', 'SYN', 'ACK', 'FIN', 'RST', 'DATA', '+',
      'client:', 'server:', 'lose', 'timeout', 'listen', 'expect', 'peers', 'start', '#', '"', '\\'];
    const textArb = fc.oneof(fc.string(), fc.array(fc.constantFrom(...words), { maxLength: 60 }).map((ws) => ws.join(' ')));
    fc.assert(fc.property(textArb, fc.nat(), (text, cursor) => {
      const model = diagramModelOfText(text, { offset: cursor % (text.length + 1) });
      assert.equal(model.blocks.length > 0, model.current !== undefined);
      const paths = model.current?.kind === 'scenario' ? [model.current.steps] : model.current ? model.current.paths : [];
      for (const steps of paths) {
        steps.forEach((s, i) => assert.equal(s.number, i + 1));
        hops(steps);
      }
      JSON.stringify(model);
    }), { numRuns: 300 });
  });
});

describe('diagram model: fixtures for the webview (test/fixtures/diagram)', () => {
  for (const [name, file] of [['active-open', 'active-open.tcpfsm'], ['lost-ack', 'conversations/lost-ack-fin-wait-1-to-time-wait.tcpfsm']]) {
    it(`${name}.model.json is the model of examples/${file}`, () => {
      const model = diagramModelOfText(example(file), { uri: `file:///examples/${file}`, version: 1 });
      const json = `${JSON.stringify(model, null, 2)}\n`;
      const fixture = path.join(ROOT, 'test/fixtures/diagram', `${name}.model.json`);
      if (update) {
        fs.mkdirSync(path.dirname(fixture), { recursive: true });
        fs.writeFileSync(fixture, json);
      } else {
        const expected = fs.existsSync(fixture) ? fs.readFileSync(fixture, 'utf8') : '';
        assert.equal(json, expected, `${path.relative(ROOT, fixture)} is out of date (UPDATE_EXPECT=1 rewrites it)`);
      }
    });
  }
});
