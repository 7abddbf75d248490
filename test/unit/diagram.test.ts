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
    if (s.crash) {
      // A crash is no edge of the table, and not an error: the peer's host is gone, so it is CLOSED.
      assert.deepEqual([s.edgeId, s.ok, s.problem, s.to], [undefined, true, undefined, 'CLOSED']);
    }
    const label = edge ? `[${edge.label}]` : s.crash ? '(crash)' : `!! ${s.problem}`;
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

  it('every edge of the table and every step that stays in its state, id = index, labelled trigger / action, most specific RFC section', () => {
    const model = diagramModelOfText('');
    assert.equal(model.edges.length, EDGES.length);
    model.edges.forEach((e, i) => {
      assert.equal(e.id, i);
      assert.deepEqual([e.from, e.to, e.kind], [EDGES[i].from, EDGES[i].to, EDGES[i].kind]);
      assert.equal(e.rfc, EDGES[i].rfc.at(-1));
      assert.equal(e.note, EDGES[i].note);
    });
    assert.equal(model.edges.filter((e) => e.kind === 'main').length, 20);
    // SPEC v2 section 4: the steps that stay in their state are entries of the table too.
    const staying = model.edges.filter((e) => e.kind === 'staying');
    assert.equal(staying.length, EDGES.filter((e) => e.kind === 'staying').length);
    assert.ok(staying.length >= 40, `${staying.length} staying steps`);
    assert.ok(staying.every((e) => e.from === e.to));
    const label = (from: string, to: string) => model.edges.filter((e) => e.from === from && e.to === to).map((e) => `${e.label} (${e.rfc})`);
    assert.deepEqual(label('CLOSED', 'SYN_SENT'), ['connect / send SYN (3.10.1)']);
    assert.deepEqual(label('SYN_SENT', 'ESTABLISHED'), ['recv SYN+ACK / send ACK (3.10.7.3)']);
    assert.deepEqual(label('SYN_RECEIVED', 'ESTABLISHED'), ['recv ACK of SYN (3.10.7.4)']);
    assert.deepEqual(label('FIN_WAIT_1', 'TIME_WAIT'), ['recv FIN+ACK / send ACK (3.10.7.4)', 'send RST (3.3.2 note 3)']);
    // SPEC v2: the user timeout's edges name their timer (`timeout user`).
    assert.deepEqual(label('LAST_ACK', 'CLOSED'), ['recv ACK of FIN (3.10.7.4)', 'recv RST (3.10.7.4)', 'abort (3.10.5)', 'timeout user (3.10.8)']);
    assert.deepEqual(label('TIME_WAIT', 'CLOSED'), ['timeout 2MSL (3.10.8)', 'recv RST (3.10.7.4)', 'abort (3.10.5)', 'timeout user (3.10.8)']);
    assert.deepEqual(label('ESTABLISHED', 'CLOSED'), ['recv RST (3.10.7.4)', 'abort / send RST (3.10.5)', 'timeout user (3.10.8)']);
    assert.deepEqual(label('TIME_WAIT', 'TIME_WAIT'), [
      'send RST (3.3.2 note 3)', 'recv FIN / send ACK (3.10.7.4)', 'recv SYN / send ACK (RFC 5961)', 'recv ACK / send ACK (RFC 1122 4.2.3.6)', 'send ACK (3.10.7.4)',
    ]);
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
    // Ids are indexes in the table (SPEC v2 inserted `SYN_RECEIVED -> LISTEN : recv SYN` before 22).
    assert.deepEqual(s.steps.map((x) => x.edgeId), [0, 3, 20, 2, 1, 6, 23, 0, 3, 31]);
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
    // A bare `timeout` matches any timer: here the user timeout's edge (SPEC v2 names it `timeout user`).
    assert.deepEqual(closes, ['timeout user (exceptional)', 'abort / send RST (exceptional)', 'recv RST (exceptional)', 'timeout 2MSL (main)']);
    // FIN_WAIT_1 -> TIME_WAIT unlabelled: the main edge (note 2), not note 3's send RST.
    assert.equal(DIAGRAM_EDGES[s.steps.find((x) => x.from === 'FIN_WAIT_1')!.edgeId!].label, 'recv FIN+ACK / send ACK');
  });

  it('a step that stays in its state is a hop over a staying entry of the table; the stack is the scenario\'s', () => {
    const text = [
      'scenario "TIME_WAIT answers" {',
      '  stack linux',
      '  FIN_WAIT_2 -> TIME_WAIT : recv FIN / send ACK',
      '  TIME_WAIT -> TIME_WAIT : recv FIN / send ACK',
      '  TIME_WAIT -> TIME_WAIT : recv SYN / send ACK',
      '  TIME_WAIT -> CLOSED : timeout 2MSL',
      '}',
    ].join('\n');
    const s = scenario(diagramModelOfText(text));
    assert.equal(s.stack, 'linux');
    assert.deepEqual(hops(s.steps), [
      '1 FIN_WAIT_2 -> TIME_WAIT [recv FIN / send ACK] @3',
      '2 TIME_WAIT -> TIME_WAIT [recv FIN / send ACK] @4',
      '3 TIME_WAIT -> TIME_WAIT [recv SYN / send ACK] @5',
      '4 TIME_WAIT -> CLOSED [timeout 2MSL] @6',
    ]);
    assert.deepEqual(s.steps.map((x) => DIAGRAM_EDGES[x.edgeId!].kind), ['main', 'staying', 'staying', 'main']);
    assert.equal(DIAGRAM_EDGES[s.steps[2].edgeId!].rfc, 'RFC 5961');
    // Without its label the step that stays is illegal: drawn as an error, with no edge.
    const bare = scenario(diagramModelOfText('scenario "x" {\n  TIME_WAIT -> TIME_WAIT\n}\n'));
    assert.deepEqual(bare.steps.map((x) => [x.from, x.to, x.ok, x.edgeId]), [['TIME_WAIT', 'TIME_WAIT', false, undefined]]);
    assert.equal(scenario(diagramModelOfText('scenario "y" {\n  CLOSED -> LISTEN\n}\n')).stack, 'rfc9293');
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

  it('the edge of each table step fits the event: abort, RST, timeout, refusal, the steps that stay', () => {
    const label = (steps: readonly PathStep[]) => steps.map((s) => `${s.from}->${s.to} ${DIAGRAM_EDGES[s.edgeId!].label} (${DIAGRAM_EDGES[s.edgeId!].kind})`);
    const abort = conversation(diagramModelOfText(example('conversations/abort.tcpfsm')));
    assert.deepEqual(label(abort.paths[0]), ['ESTABLISHED->CLOSED abort / send RST (exceptional)']);
    assert.deepEqual(label(abort.paths[1]), ['ESTABLISHED->CLOSED recv RST (exceptional)']);
    const refused = conversation(diagramModelOfText(example('conversations/connection-refused.tcpfsm')));
    assert.deepEqual(label(refused.paths[0]), ['CLOSED->SYN_SENT connect / send SYN (main)', 'SYN_SENT->CLOSED recv RST (exceptional)']);
    assert.equal(refused.paths[0][1].edgeId, 22);
    // The server stays CLOSED and answers with RST: a step that stays in its state (SPEC v2 section 4).
    assert.deepEqual(label(refused.paths[1]), ['CLOSED->CLOSED recv SYN / send RST (staying)']);
    assert.deepEqual(refused.segments.map((s) => `${s.text} ${s.from} ${s.acknowledges ?? '-'}`), ['SYN 0 -', 'RST+ACK 1 SYN']);
    const lastAck = conversation(diagramModelOfText(example('conversations/lost-last-ack.tcpfsm')));
    // The retransmitted FIN is acknowledged again in TIME_WAIT: a staying step on the path.
    assert.deepEqual(label(lastAck.paths[0]), [
      'FIN_WAIT_2->TIME_WAIT recv FIN / send ACK (main)', 'TIME_WAIT->TIME_WAIT recv FIN / send ACK (staying)', 'TIME_WAIT->CLOSED timeout 2MSL (main)',
    ]);
    // A retransmission keeps the state: a staying step on the path, a marked segment on the ladder.
    assert.deepEqual(label(lastAck.paths[1]), [
      'CLOSE_WAIT->LAST_ACK close / send FIN (main)', 'LAST_ACK->LAST_ACK timeout retransmit / send FIN (staying)', 'LAST_ACK->CLOSED recv ACK of FIN (main)',
    ]);
    const retransmit = lastAck.events.find((e) => e.kind === 'timeout' && e.peer === 1)!;
    assert.deepEqual([retransmit.before[1], retransmit.after[1], retransmit.sent.length, retransmit.timer], ['LAST_ACK', 'LAST_ACK', 1, 'retransmit']);
    assert.deepEqual(lastAck.segments.find((s) => s.id === retransmit.sent[0])?.mark, 'retransmission');
    assert.deepEqual(lastAck.paths[1][1].range, retransmit.range);
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
    // Sending data keeps ESTABLISHED: a staying step (SPEC v2 section 4), then the close.
    assert.deepEqual(hops(c.paths[1]), ['1 ESTABLISHED -> ESTABLISHED [send data / send DATA] @4', '2 ESTABLISHED -> FIN_WAIT_1 [close / send FIN] @5']);
  });

  it('a generated 2,000-event conversation: legal, and every row on the ladder', () => {
    const g = generateConversation(2000, 9293);
    assert.deepEqual(analyze(g.text).diagnostics, []);
    const c = conversation(diagramModelOfText(g.text));
    assert.equal(c.events.length, 2000);
    assert.ok(c.events.every((e) => e.ok));
    assert.deepEqual(c.segments.map((s) => s.id), c.segments.map((_, i) => i + 1));
    for (const s of c.segments) {
      // No old segment here: each was sent by an event of the conversation.
      assert.ok(s.sentAt !== undefined && s.mark !== 'old');
      assert.ok(s.arrivedAt === undefined || s.arrivedAt > s.sentAt);
      assert.ok(c.events[s.sentAt].sent.includes(s.id));
      if (s.arrivedAt !== undefined) assert.equal(c.events[s.arrivedAt].received, s.id);
    }
    // The SYN lost and sent again by its timer: marked retransmissions.
    assert.ok(c.segments.some((s) => s.mark === 'retransmission'));
    for (const p of c.paths) {
      hops(p);
      assert.ok(p.length > 100);
      assert.ok(p.every((s, i) => s.ok && s.number === i + 1 && s.edgeId !== undefined));
      // Data sent and received keeps ESTABLISHED: staying steps are on the paths.
      assert.ok(p.some((s) => DIAGRAM_EDGES[s.edgeId!].kind === 'staying' && s.from === 'ESTABLISHED'));
    }
  });
});

describe('diagram model: a timed conversation (test/fixtures/diagram/timed.tcpfsm)', () => {
  const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/diagram/timed.tcpfsm'), 'utf8');
  const c = conversation(diagramModelOfText(text));
  const at = (line: string) => {
    const i = c.events.findIndex((e) => e.text === line);
    assert.ok(i >= 0, `no event ${line}`);
    return i;
  };

  it('the stacks, and each event\'s time in seconds since the block\'s start', () => {
    assert.deepEqual([c.timed, c.stacks], [true, ['linux', 'linux']]);
    assert.deepEqual(c.events.map((e) => e.time), [
      0, 0.1, 0.2, 0.3, 0.4, 1, 1.1, 1.14, 1.24, 2, 2.1, 2.4, 2.5, 2.6, 3, 3.1, 7203, 7203.1, 7203.2, 7263.2, 7264, 7264.1, 7264.2,
      // The `expect` line has no time of its own: it is when the event before it happened.
      7264.2,
    ]);
    // The time is not part of the event's text (it is drawn in a column of its own).
    assert.equal(c.events[1].text, 'client: connect');
    assert.equal(c.events[1].range.start.character, 2);
  });

  it('each peer\'s states with when it entered and left them', () => {
    assert.deepEqual(c.durations, [
      [
        { state: 'CLOSED', from: 0, to: 0.1, leftAt: 1 },
        { state: 'SYN_SENT', from: 0.1, enteredAt: 1, to: 0.3, leftAt: 3 },
        { state: 'ESTABLISHED', from: 0.3, enteredAt: 3, to: 7264.2, leftAt: 22 },
        { state: 'CLOSED', from: 7264.2, enteredAt: 22 },
      ],
      [
        { state: 'CLOSED', from: 0, to: 0, leftAt: 0 },
        { state: 'LISTEN', from: 0, enteredAt: 0, to: 0.2, leftAt: 2 },
        { state: 'SYN_RECEIVED', from: 0.2, enteredAt: 2, to: 0.4, leftAt: 4 },
        { state: 'ESTABLISHED', from: 0.4, enteredAt: 4, to: 7263.2, leftAt: 19 },
        { state: 'CLOSED', from: 7263.2, enteredAt: 19 },
      ],
    ]);
  });

  it('segments marked: the retransmission, the old SYN from outside (no sender event), the challenge ACK, the probe', () => {
    const marked = c.segments.filter((s) => s.mark).map((s) => `${s.id} ${s.text} ${s.mark} from ${s.from} ${s.sentAt ?? '-'}→${s.arrivedAt ?? '-'}${s.lost ? ' lost' : ''}`);
    assert.deepEqual(marked, [
      '7 DATA+ACK retransmission from 1 11→12',
      '9 SYN old from 1 -→14',
      '10 ACK challenge from 0 14→15',
      '11 ACK probe from 0 16→17',
    ]);
    // The lost original and its retransmission are two segments of the same sender.
    assert.deepEqual(c.segments[5], { id: 6, text: 'DATA+ACK', from: 1, acknowledges: 'SYN', sentAt: at('server: send data'), arrivedAt: at('client: lose DATA'), lost: true });
    const old = c.events[at('client: recv old SYN')];
    assert.deepEqual([old.kind, old.peer, old.received, old.sent, old.check], ['recv', 0, 9, [10], 'first check: old, answered with ACK']);
    assert.equal(c.events.some((e) => e.sent.includes(9)), false, 'no event sent the old SYN');
    const retransmit = c.events[at('server: timeout retransmit')];
    assert.deepEqual([retransmit.kind, retransmit.timer, retransmit.sent], ['timeout', 'retransmit', [7]]);
    assert.equal(c.events[at('client: timeout keepalive')].timer, 'keepalive');
  });

  it('the crash: an event marked crash, the peer CLOSED, a crash step on its path, no segment', () => {
    const i = at('server: crash');
    const e = c.events[i];
    assert.deepEqual([e.kind, e.peer, e.crash, e.before, e.after, e.sent, e.time], ['call', 1, true, ['ESTABLISHED', 'ESTABLISHED'], ['ESTABLISHED', 'CLOSED'], [], 7263.2]);
    // Then the data arrives at a CLOSED host: the table's one entry for any segment but a RST in
    // CLOSED (its label names its first trigger).
    assert.deepEqual(hops(c.paths[1]).slice(-2), ['9 ESTABLISHED -> CLOSED (crash) @27', '10 CLOSED -> CLOSED [recv SYN / send RST] @29']);
    assert.deepEqual(c.paths[1][8].range, e.range);
    assert.equal(c.events.filter((x) => x.crash).length, 1);
    // The data that finds the crashed host is answered with RST: the client closes (half-open).
    assert.deepEqual(hops(c.paths[0]).slice(-1), ['8 ESTABLISHED -> CLOSED [recv RST] @30']);
  });

  it('the delayed ACK: owed from the receive written `/ delay ACK` to the segment that carries it', () => {
    assert.deepEqual(c.owedAcks, [{ peer: 1, owedAt: at('server: recv DATA / delay ACK'), paidAt: at('server: send ACK'), paidBy: 5 }]);
    assert.deepEqual(c.events.filter((e) => e.delaysAck).map((e) => e.text), ['server: recv DATA / delay ACK']);
    assert.deepEqual(c.events[at('server: recv DATA / delay ACK')].sent, []);
    assert.deepEqual(c.segments[4], { id: 5, text: 'ACK', from: 1, acknowledges: 'SYN', sentAt: at('server: send ACK'), arrivedAt: at('client: recv ACK'), lost: false });
  });

  it('both paths: every table step, the ones that stay in ESTABLISHED included', () => {
    assert.deepEqual(hops(c.paths[0]).map((h) => h.replace(/ @\d+$/, '')), [
      '1 CLOSED -> SYN_SENT [connect / send SYN]',
      '2 SYN_SENT -> ESTABLISHED [recv SYN+ACK / send ACK]',
      '3 ESTABLISHED -> ESTABLISHED [send data / send DATA]',
      '4 ESTABLISHED -> ESTABLISHED [recv DATA / send ACK]',
      '5 ESTABLISHED -> ESTABLISHED [recv SYN / send ACK]',
      '6 ESTABLISHED -> ESTABLISHED [timeout keepalive / send ACK]',
      '7 ESTABLISHED -> ESTABLISHED [send data / send DATA]',
      '8 ESTABLISHED -> CLOSED [recv RST]',
    ]);
    assert.deepEqual(hops(c.paths[1]).map((h) => h.replace(/ @\d+$/, '')).slice(3, 8), [
      // The delayed ACK's arrival is the table's `recv DATA / send ACK`: the ACK leaves later.
      '4 ESTABLISHED -> ESTABLISHED [recv DATA / send ACK]',
      '5 ESTABLISHED -> ESTABLISHED [send ACK]',
      '6 ESTABLISHED -> ESTABLISHED [send data / send DATA]',
      '7 ESTABLISHED -> ESTABLISHED [timeout retransmit / send DATA]',
      '8 ESTABLISHED -> ESTABLISHED [recv ACK / send ACK]',
    ]);
  });
});

describe('diagram model: owed ACKs', () => {
  const base = [
    'conversation "Linux close" {',
    '  stack linux',
    '  start client ESTABLISHED, server ESTABLISHED',
    '  client: close',
  ];

  it('paid by the FIN that carries it (the usual Linux close), then none owed', () => {
    const c = conversation(diagramModelOfText([...base, '  server: recv FIN / delay ACK', '  server: close', '  client: recv FIN', '}'].join('\n')));
    assert.equal(c.timed, false);
    assert.equal(c.durations, undefined);
    assert.ok(c.events.every((e) => e.time === undefined));
    assert.deepEqual(c.owedAcks, [{ peer: 1, owedAt: 1, paidAt: 2, paidBy: 2 }]);
    assert.deepEqual(c.segments.map((s) => `${s.id} ${s.text} ${s.from} of ${s.acknowledges}`), ['1 FIN+ACK 0 of SYN', '2 FIN+ACK 1 of FIN', '3 ACK 0 of FIN']);
    // The client's FIN_WAIT_1 sees a FIN that acknowledges its own: straight to TIME_WAIT.
    assert.deepEqual(c.events[3].after, ['TIME_WAIT', 'LAST_ACK']);
  });

  it('still owed at the end: no end; dropped by a crash: an end and no segment', () => {
    const owing = conversation(diagramModelOfText([...base, '  server: recv FIN / delay ACK', '}'].join('\n')));
    assert.deepEqual(owing.owedAcks, [{ peer: 1, owedAt: 1 }]);
    const crashed = conversation(diagramModelOfText([...base, '  server: recv FIN / delay ACK', '  server: crash', '}'].join('\n')));
    assert.deepEqual(crashed.owedAcks, [{ peer: 1, owedAt: 1, paidAt: 2 }]);
    assert.deepEqual(crashed.events[2].crash, true);
  });

  it('a `/ delay ACK` that is illegal owes nothing and marks nothing', () => {
    // A SYN in LISTEN is answered with SYN+ACK, not a pure ACK: illegal-call, skipped.
    const c = conversation(diagramModelOfText('conversation "x" {\n  server: listen\n  client: connect\n  server: recv SYN / delay ACK\n}\n'));
    assert.deepEqual(c.events.map((e) => e.ok), [true, true, false]);
    assert.deepEqual([c.owedAcks, c.events[2].delaysAck], [[], undefined]);
  });
});

describe('diagram model: random conversations (property)', () => {
  const CALLS = ['listen', 'connect', 'close', 'shutdown', 'abort', 'crash', 'send data', 'send data, close', 'send ACK'];
  const TIMERS = ['timeout', 'timeout retransmit', 'timeout 2MSL', 'timeout keepalive', 'timeout user', 'timeout fin-wait-2'];
  const OLD = ['SYN', 'ACK', 'FIN', 'DATA', 'RST'];
  const choice = fc.record({
    peer: fc.constantFrom(0, 1),
    kind: fc.constantFrom('call', 'recv', 'recv', 'recv', 'delay', 'lose', 'timeout', 'old'),
    pick: fc.nat(),
    wait: fc.option(fc.integer({ min: 0, max: 700 }), { nil: undefined }),
  });

  /**
   * A conversation built event by event from the choices: a `recv` or `lose` takes what is at the
   * head of the queue toward its peer (read off the model so far), so most events are legal.
   */
  function conversationOf(stack: string, choices: readonly { peer: number; kind: string; pick: number; wait?: number }[], timed: boolean): string {
    const names = ['client', 'server'];
    const lines: string[] = [];
    const text = () => `conversation "random" {\n${stack}${lines.join('\n')}\n}\n`;
    let time = 0;
    for (const c of choices) {
      let action: string | undefined;
      if (c.kind === 'call') action = CALLS[c.pick % CALLS.length];
      else if (c.kind === 'timeout') action = TIMERS[c.pick % TIMERS.length];
      else if (c.kind === 'old') action = `recv old ${OLD[c.pick % OLD.length]}`;
      else {
        const model = conversation(diagramModelOfText(text()));
        const head = model.segments.find((s) => s.sentAt !== undefined && s.arrivedAt === undefined && s.from !== c.peer);
        if (!head) continue;
        action = c.kind === 'lose' ? `lose ${head.text}` : `recv ${head.text}${c.kind === 'delay' ? ' / delay ACK' : ''}`;
      }
      let at = '';
      if (timed && c.wait !== undefined) {
        time += c.wait / 10;
        at = `${Number(time.toFixed(1))} `;
      }
      lines.push(`  ${at}${names[c.peer]}: ${action}`);
    }
    return text();
  }
  const textArb = fc.tuple(fc.constantFrom('', '  stack linux\n', '  stack client linux, server rfc9293\n', '  start client ESTABLISHED, server ESTABLISHED\n', '  stack linux\n  start client ESTABLISHED, server ESTABLISHED\n'), fc.array(choice, { minLength: 5, maxLength: 30 }), fc.boolean())
    .map(([stack, choices, timed]) => conversationOf(stack, choices, timed));

  it('segments, owed ACKs, durations and paths agree with the events, whatever the events', () => {
    fc.assert(fc.property(textArb, (text) => {
      const c = conversation(diagramModelOfText(text));
      const n = c.events.length;
      c.segments.forEach((s, k) => {
        assert.equal(s.id, k + 1);
        // Only an old segment has no sender event; it always arrived.
        assert.equal(s.sentAt === undefined, s.mark === 'old');
        if (s.sentAt === undefined) assert.ok(s.arrivedAt !== undefined && c.events[s.arrivedAt].kind === 'recv');
        else assert.ok(c.events[s.sentAt].sent.includes(s.id) && (s.arrivedAt === undefined || s.arrivedAt > s.sentAt));
        if (s.arrivedAt !== undefined) assert.equal(c.events[s.arrivedAt].received, s.id);
      });
      for (const debt of c.owedAcks) {
        assert.ok(c.events[debt.owedAt].delaysAck && c.events[debt.owedAt].peer === debt.peer);
        if (debt.paidAt !== undefined) assert.ok(debt.paidAt > debt.owedAt && debt.paidAt < n);
        if (debt.paidBy !== undefined) {
          const seg = c.segments[debt.paidBy - 1];
          assert.deepEqual([seg.sentAt, seg.from], [debt.paidAt, debt.peer]);
          assert.ok(seg.text.split('+').includes('ACK'));
        }
      }
      const final = n > 0 ? c.events[n - 1].after : c.start;
      for (const peer of [0, 1] as const) {
        // Each peer's path joins up: from its start state, each step where the one before ended, to its final state.
        let at = c.start[peer];
        for (const step of c.paths[peer]) {
          assert.equal(step.from, at);
          at = step.to!;
          assert.ok(step.ok && (step.edgeId !== undefined) !== (step.crash === true), JSON.stringify(step));
        }
        assert.equal(at, final[peer]);
        if (!c.timed) continue;
        const spans = c.durations![peer];
        assert.equal(spans[0].state, c.start[peer]);
        assert.equal(spans[spans.length - 1].state, final[peer]);
        assert.equal(spans[spans.length - 1].to, undefined);
        for (let k = 1; k < spans.length; k++) {
          assert.equal(spans[k - 1].to, spans[k].from);
          assert.ok(spans[k].from >= spans[k - 1].from);
          assert.equal(c.events[spans[k].enteredAt!].after[peer], spans[k].state);
        }
      }
      assert.equal(c.durations === undefined, !c.timed);
      assert.equal(c.events.some((e) => e.time !== undefined), c.timed);
    }), { numRuns: 200 });
  });
});

describe('diagram model: any text', () => {
  it('never throws; steps are numbered 1.., edges join the steps\' states, ranges are in order', () => {
    const words = ['scenario', 'conversation', '"x"', '{', '}', '\n', ' ', '->', ':', '/', ',', 'CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RCVD',
      'ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT', 'FOO', 'connect', 'close', 'recv', 'send', 'SYN', 'ACK', 'FIN', 'RST', 'DATA', '+',
      'client:', 'server:', 'lose', 'timeout', 'listen', 'expect', 'peers', 'start', '#', '"', '\\',
      // SPEC v2: times, stacks and the new events.
      '0.5', '+1', '63', 'stack', 'linux', 'crash', 'old', 'delay', 'shutdown', 'abort', 'retransmit', 'keepalive', '2MSL', 'data'];
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
  const sources = [
    ['active-open', 'examples/active-open.tcpfsm'],
    ['lost-ack', 'examples/conversations/lost-ack-fin-wait-1-to-time-wait.tcpfsm'],
    ['timed', 'test/fixtures/diagram/timed.tcpfsm'],
  ];
  for (const [name, file] of sources) {
    it(`${name}.model.json is the model of ${file}`, () => {
      const model = diagramModelOfText(fs.readFileSync(path.join(ROOT, file), 'utf8'), { uri: `file:///${file}`, version: 1 });
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
